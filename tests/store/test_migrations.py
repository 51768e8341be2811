"""The migrations build the whole schema, agree with the models, and are idempotent."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from specmock.store.database import (
    StoreError,
    current,
    head,
    migrate,
    normalise_url,
    open_engine,
    sessions,
    upgrade,
)
from specmock.store.patterns import popular_patterns
from specmock.store.tables import Base

TABLES = {
    "mock_patterns",
    "mock_responses",
    "mock_generation_rules",
    "mock_cache_entries",
    "mock_environment_configs",
    "mock_analytics",
    "mock_pattern_library",
    "mock_audit_log",
    "mock_state_entities",
    "mock_state_counters",
}


def test_upgrade_from_empty_creates_every_table(store_url: str) -> None:
    assert current(store_url) is None
    upgrade(store_url)
    engine = create_engine(normalise_url(store_url))
    try:
        with engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) >= TABLES
    finally:
        engine.dispose()
    assert current(store_url) == head() == "0003"


def test_migrations_match_the_models(store_url: str) -> None:
    upgrade(store_url)
    engine = create_engine(normalise_url(store_url))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op(store_url: str) -> None:
    upgrade(store_url)
    upgrade(store_url)
    assert current(store_url) == head()


def test_a_store_that_is_not_migrated_says_what_to_run(store_url: str) -> None:
    async def main() -> None:
        engine = open_engine(store_url, auto_upgrade=False)
        try:
            async with sessions(engine)() as session:
                await popular_patterns(session)
        finally:
            await engine.dispose()

    with pytest.raises(StoreError, match="run `specmock db upgrade`") as caught:
        asyncio.run(main())
    assert "\n" not in str(caught.value)


def test_open_engine_upgrades_the_embedded_sqlite_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'specmock.db'}"

    async def main() -> str:
        engine = open_engine(url)
        try:
            async with engine.connect() as connection:
                mode = await connection.scalar(text("PRAGMA journal_mode"))
                keys = await connection.scalar(text("PRAGMA foreign_keys"))
                assert keys == 1
                return str(mode)
        finally:
            await engine.dispose()

    assert asyncio.run(main()) == "wal"
    assert current(url) == head()


def test_memory_sqlite_migrates_through_the_async_engine() -> None:
    async def main() -> tuple[object, ...]:
        engine = open_engine("sqlite://")
        try:
            await migrate(engine)
            async with sessions(engine)() as session:
                return await popular_patterns(session)
        finally:
            await engine.dispose()

    assert asyncio.run(main()) == ()


def test_current_of_a_missing_sqlite_file_is_none_and_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    assert current(f"sqlite:///{path}") is None
    assert not path.exists()
