"""Caches for the conformance suite: one factory per backend, each isolated per test.

Each fixture value is a zero-argument factory, so a test builds its cache inside the
event loop ``asyncio.run`` starts (connection pools belong to one loop).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from services import database_url, drop_database, redis_url, unique_namespace
from specmock.cache import Cache, open_cache
from specmock.cache.memory import MemoryCache

Factory = Callable[[], Cache]


def _memory(tmp_path: Path) -> Iterator[Factory]:
    yield lambda: MemoryCache(max_items=1000)


def _redis(tmp_path: Path) -> Iterator[Factory]:
    from specmock.cache.redis import RedisCache

    url, namespace = redis_url(), unique_namespace()
    yield lambda: RedisCache(url, namespace=namespace)


def _sqlite(tmp_path: Path) -> Iterator[Factory]:
    from specmock.cache.sql import SqlCache

    url = f"sqlite:///{tmp_path / 'cache.db'}"
    yield lambda: SqlCache(url)


def _postgresql(tmp_path: Path) -> Iterator[Factory]:
    from specmock.cache.sql import SqlCache

    url = database_url()
    try:
        yield lambda: SqlCache(url)
    finally:
        drop_database(url)


def _tiered(tmp_path: Path) -> Iterator[Factory]:
    url, namespace = redis_url(), unique_namespace()
    database = f"sqlite:///{tmp_path / 'tiers.db'}"
    yield lambda: open_cache(
        "hybrid", redis_url=url, database_url=database, namespace=namespace, max_items=1000
    )


MAKERS: dict[str, Callable[[Path], Iterator[Factory]]] = {
    "memory": _memory,
    "redis": _redis,
    "sqlite": _sqlite,
    "postgresql": _postgresql,
    "tiered": _tiered,
}


@pytest.fixture(params=list(MAKERS), ids=list(MAKERS))
def make_cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """A factory of fresh, empty caches of every backend in turn."""
    yield from MAKERS[request.param](tmp_path)


@pytest.fixture(params=["redis", "sqlite", "postgresql"])
def make_shared_cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Factory]:
    """A factory of the backends several processes can share."""
    yield from MAKERS[request.param](tmp_path)
