"""``--watch``: reload the description when one of its files changes.

Rules:

- The files watched are every local document of the description (``Spec.documents``
  keys are file URIs, so a ``$ref`` to another file is watched too) and the source.
- Polling of modification times and sizes every ``interval`` seconds: no dependency,
  and it works on every file system, including mounted ones.
- A change loads the description again in a worker thread (the event loop keeps
  serving) and hands the new engine to ``apply``, which swaps it in one assignment.
- A broken edit keeps the last good description and logs one line: the
  ``SpecmockError`` text. The same broken state is reported once, not every poll.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from specmock.errors import SpecmockError

if TYPE_CHECKING:
    from specmock.engine import Engine

__all__ = ["Watcher", "watched_files"]

#: Seconds between two looks at the files.
INTERVAL = 0.5

Stamp = tuple[tuple[str, int, int] | tuple[str], ...]

_log = logging.getLogger("specmock.http")


def watched_files(engine: Engine) -> tuple[Path, ...]:
    """The local files an engine's description was read from, sorted.

    Example:
        >>> from specmock.engine import Engine  # doctest: +SKIP
        >>> watched_files(Engine.from_source("examples/petstore.yaml"))  # doctest: +SKIP
        (PosixPath('/.../examples/petstore.yaml'),)
    """
    found: set[Path] = set()
    for uri in (engine.spec.source, *engine.spec.documents):
        parsed = urlparse(uri)
        if parsed.scheme == "file":
            found.add(Path(unquote(parsed.path)))
        elif parsed.scheme == "" or len(parsed.scheme) == 1:  # a plain or Windows path
            path = Path(uri)
            if path.is_file():
                found.add(path.resolve())
    return tuple(sorted(found))


def _stamp(files: Iterable[Path]) -> Stamp:
    stamps: list[tuple[str, int, int] | tuple[str]] = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            stamps.append((str(path),))  # gone: a change too
            continue
        stamps.append((str(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def reloaded(engine: Engine) -> Engine:
    """A new engine for the same source, with the same options.

    Raises:
        SpecmockError: the description cannot be loaded now.
    """
    from specmock.engine import Engine

    return Engine.from_source(
        engine.spec.source, quality=engine.quality, seed=engine.seed, verify=engine.verify
    )


class Watcher:
    """Polls a description's files and applies a reloaded engine when they change.

    Example:
        >>> watcher = Watcher(engine, apply=app.use)  # doctest: +SKIP
        >>> task = asyncio.create_task(watcher.run())  # doctest: +SKIP
    """

    def __init__(
        self,
        engine: Engine,
        apply: Callable[[Engine], None],
        *,
        interval: float = INTERVAL,
        load: Callable[[Engine], Engine] = reloaded,
    ) -> None:
        self.engine = engine
        self.apply = apply
        self.interval = interval
        self.load = load
        self.files = watched_files(engine)
        self._seen = _stamp(self.files)

    async def run(self) -> None:
        """Watch until cancelled."""
        if not self.files:
            _log.warning("--watch: %s is not a local file; not watching", self.engine.spec.source)
            return
        while True:
            await asyncio.sleep(self.interval)
            await self.check()

    async def check(self) -> bool:
        """Look once; reload if anything changed. True when a new engine was applied."""
        now = _stamp(self.files)
        if now == self._seen:
            return False
        self._seen = now
        try:
            engine = await asyncio.to_thread(self.load, self.engine)
        except SpecmockError as error:
            _log.warning("reload failed, still serving the last good description: %s", error)
            return False
        except Exception as error:  # never let a reload take the server down
            _log.warning("reload failed, still serving the last good description: %r", error)
            return False
        self.engine = engine
        self.files = watched_files(engine)
        self._seen = _stamp(self.files)
        self.apply(engine)
        _log.info("reloaded %s: %d operations", engine.spec.source, len(engine.spec.operations))
        return True
