"""Pattern usage: which operations the server answered, added up in the SQL store.

Rules:

- Counting is one dict increment per answered request (the hot path); the counts go to
  the store's ``mock_patterns.usage_count`` every ``interval`` seconds and at shutdown,
  one atomic ``usage_count + n`` per (description, operation, pattern), so several
  processes add up.
- The description's recognised patterns are synced into the store once, in the
  background after start-up (a large description never delays the first request).
- The store is optional: when it fails (read-only folder, unreachable server) one
  warning is logged and recording stops; serving never fails because of it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from sqlalchemy.ext.asyncio import AsyncEngine

    from specmock.engine import Engine
    from specmock.spec.model import Operation

__all__ = ["Usage"]

_log = logging.getLogger("specmock.http")


class Usage:
    """Counts answered operations and adds them to the store's pattern usage.

    Example:
        >>> usage = Usage(engine, "sqlite:///.specmock/specmock.db")  # doctest: +SKIP
        >>> usage.count(engine.operation("GET /pets"))  # doctest: +SKIP
    """

    def __init__(self, engine: Engine, url: str, *, interval: float = 10.0) -> None:
        self.engine = engine
        self.url = url
        self.interval = interval
        self.counts: Counter[str] = Counter()
        self.enabled = True
        self._synced = False
        self._engine: AsyncEngine | None = None

    def use(self, engine: Engine) -> None:
        """Count for ``engine``'s description from now on (``--watch`` reloads call this)."""
        self.engine, self._synced = engine, False

    def count(self, op: Operation) -> None:
        """One more answer of ``op``."""
        if self.enabled:
            self.counts[op.key] += 1

    async def run(self, *, after: Awaitable[object] | None = None) -> None:
        """Sync the patterns, then flush the counts every ``interval`` seconds (a task);
        first wait for ``after`` (the server's recognition of every operation), if given.

        Cancelling the task flushes what is left and closes the store. A flush under way
        when the task is cancelled finishes first: cut off between taking the counts and
        writing them, it would lose them.
        """
        from specmock.store import uninterrupted

        try:
            if after is not None:
                with contextlib.suppress(Exception):
                    await asyncio.shield(after)
            while self.enabled:
                await uninterrupted(self.flush())
                await asyncio.sleep(self.interval)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._close())

    async def _close(self) -> None:
        await self.flush()
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    async def flush(self) -> None:
        """Write what was counted since the last flush (the patterns first, once)."""
        if not self.enabled or (self._synced and not self.counts):
            return
        from specmock.errors import SpecmockError
        from specmock.store import imported

        await imported("specmock.store.database", "specmock.store.patterns")
        from specmock.store.database import open_engine, sessions, upgrade
        from specmock.store.patterns import (
            add_usage,
            recognised_rows,
            seed_pattern_library,
            spec_key,
            sync_patterns,
        )

        counts, self.counts = self.counts, Counter()
        spec = self.engine.spec
        key = spec_key(spec)
        try:
            if self._engine is None:
                await asyncio.to_thread(upgrade, self.url)  # migrations are synchronous
                self._engine = open_engine(self.url, auto_upgrade=False)
            async with sessions(self._engine)() as session:
                if not self._synced:
                    await seed_pattern_library(session)
                    # in a thread: recognising a large description blocks for a second
                    rows = await asyncio.to_thread(
                        recognised_rows, spec, patterns=self.engine.patterns
                    )
                    await sync_patterns(session, key, rows)
                    self._synced = True
                usage = {
                    (key, op_key, match.name): n
                    for op_key, n in counts.items()
                    for match in self.engine.patterns(op_key)
                    if match.recognised
                }
                await add_usage(session, usage)
                await session.commit()
        except (SpecmockError, OSError) as error:
            self.enabled = False
            _log.warning("pattern usage is not recorded: %s", error)
