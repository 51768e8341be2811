"""The store suite runs on both databases: a SQLite file and a fresh PostgreSQL database.

``store_url`` is an empty database (SQLite: a file under ``tmp_path``; PostgreSQL: a
new ``specmock_test_<hex>`` database, dropped afterwards, skipped when the server does
not answer). ``run_store(url, body)`` migrates it, opens an engine, runs
``await body(make_session)`` and always disposes of the engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from services import database_url, drop_database
from specmock.store.database import open_engine, sessions, upgrade

T = TypeVar("T")

Make = async_sessionmaker[AsyncSession]
RunStore = Callable[[str, Callable[[Make], Awaitable[T]]], T]


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    url = database_url()
    try:
        yield url
    finally:
        drop_database(url)


def run_store(url: str, body: Callable[[Make], Awaitable[T]]) -> T:
    """Migrate ``url``, run ``body`` with a session factory, dispose of the engine."""
    upgrade(url)

    async def main() -> T:
        engine = open_engine(url)
        try:
            return await body(sessions(engine))
        finally:
            await engine.dispose()

    return asyncio.run(main())


@pytest.fixture(name="run_store")
def run_store_fixture() -> Callable[..., object]:
    """:func:`run_store` as a fixture."""
    return run_store
