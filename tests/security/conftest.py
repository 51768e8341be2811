"""A temporary SQLite store for the security tests: ``run(body)`` runs ``body(make)``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from specmock.store.database import open_engine, sessions

Make = async_sessionmaker[AsyncSession]
Run = Callable[[Callable[[Make], Awaitable[Any]]], Any]


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 's.db'}"


@pytest.fixture
def run(store_url: str) -> Run:
    """Run ``await body(make_session)`` against the migrated store, then dispose of it."""

    def runner(body: Callable[[Make], Awaitable[Any]]) -> Any:
        async def main() -> Any:
            engine = open_engine(store_url)
            try:
                return await body(sessions(engine))
            finally:
                await engine.dispose()

        return asyncio.run(main())

    return runner
