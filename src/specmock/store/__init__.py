"""The SQL store: patterns, responses, cache entries, settings, analytics, audit log.

``tables`` holds the models, ``database`` the URLs, engines and migrations, and
``patterns`` the plain async functions over an ``AsyncSession`` for the pattern tables
and the audit log. Importing this package imports SQLAlchemy, so nothing in
``import specmock`` imports it (drivers load only when an engine uses them).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import sys
from collections.abc import Awaitable
from typing import TypeVar

__all__ = ["imported", "uninterrupted"]

T = TypeVar("T")


async def imported(*names: str) -> None:
    """Import the modules ``names`` in a thread when they are not loaded yet.

    SQLAlchemy, Alembic and a driver take about half a second to import: a server's
    event loop should go on answering meanwhile, not wait.

    Example:
        >>> asyncio.run(imported("specmock.store.database"))
    """
    missing = [name for name in names if name not in sys.modules]
    if missing:
        await asyncio.to_thread(lambda: [importlib.import_module(name) for name in missing])


async def uninterrupted(work: Awaitable[T]) -> T:
    """Await ``work``; cancelled meanwhile, let it finish first, then stop.

    A flush takes what was counted and then writes it: cut off in between, the counts
    would be lost. The caller is still cancelled, once ``work`` is done.

    Example:
        >>> asyncio.run(uninterrupted(asyncio.sleep(0, "written")))
        'written'
    """
    task = asyncio.ensure_future(work)
    try:
        return await asyncio.shield(task)
    except asyncio.CancelledError:
        with contextlib.suppress(Exception):
            await task
        raise
