"""Writing a collector's counts to the store every few seconds, so processes add up.

Rules:

- Same shape as :class:`specmock.http.usage.Usage`: :meth:`AnalyticsFlusher.run` is a
  task that flushes every ``interval`` seconds and once more when cancelled; each flush
  drains the collector's current period and adds its rows
  (:func:`specmock.analytics.store.write_period`).
- The store is optional: the first failure logs one warning and stops flushing; the
  collector keeps counting, so the admin API and the metrics stay right. Serving never
  fails because of the store.
- SQLAlchemy is imported only when a flush runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from specmock.analytics.collector import Collector

__all__ = ["AnalyticsFlusher"]

_log = logging.getLogger("specmock.analytics")


class AnalyticsFlusher:
    """Adds a collector's periods to the store's ``mock_analytics`` table.

    Args:
        collector: the process's collector.
        url: the store's database URL.
        interval: seconds between two flushes.

    Example:
        >>> url = "sqlite:///.specmock/specmock.db"
        >>> flusher = AnalyticsFlusher(collector, url)  # doctest: +SKIP
        >>> task = asyncio.create_task(flusher.run())  # doctest: +SKIP
    """

    def __init__(self, collector: Collector, url: str, *, interval: float = 10.0) -> None:
        self.collector = collector
        self.url = url
        self.interval = interval
        self.enabled = True
        #: How many rows the flushes have written.
        self.written = 0
        self._engine: AsyncEngine | None = None

    async def run(self) -> None:
        """Flush every ``interval`` seconds (a task); cancelling it flushes what is left
        (a flush under way finishes first: cut off after draining, it would lose that
        period)."""
        from specmock.store import uninterrupted

        try:
            while self.enabled:
                await asyncio.sleep(self.interval)
                await uninterrupted(self.flush())
        finally:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._close())

    async def _close(self) -> None:
        await self.flush()
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None

    async def flush(self) -> int:
        """Write the period since the last flush; returns how many rows were added.

        Never raises for a store failure: it logs one warning and disables flushing.
        """
        if not self.enabled:
            return 0
        period = self.collector.drain()
        if not period.overall.requests:
            return 0
        from specmock.store import imported

        await imported("specmock.analytics.store", "specmock.store.database")
        from specmock.analytics.store import write_period
        from specmock.store.database import open_engine, sessions, upgrade

        try:
            if self._engine is None:
                await asyncio.to_thread(upgrade, self.url)  # migrations are synchronous
                self._engine = open_engine(self.url, auto_upgrade=False)
            async with sessions(self._engine)() as session, session.begin():
                rows = await write_period(session, period)
            self.written += rows
            return rows
        except Exception as error:  # the store must never break serving
            self.enabled = False
            _log.warning("analytics are not stored: %s", error)
            return 0
