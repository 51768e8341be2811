"""Tiers as one cache: promotion, write-through, invalidation, and ``open_cache``."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from services import redis_url, unique_namespace
from specmock.cache import CacheError, CacheKey, open_cache
from specmock.cache.guard import Guarded
from specmock.cache.keys import cache_key
from specmock.cache.memory import MemoryCache
from specmock.cache.tiered import TieredCache
from specmock.models import Inputs

KEY = CacheKey("spec1", "GET /pets/{petId}", "v1")


def test_value_only_in_sql_is_found_and_promoted_to_every_tier(tmp_path: Path) -> None:
    from specmock.cache.redis import RedisCache
    from specmock.cache.sql import SqlCache

    url, namespace = redis_url(), unique_namespace()

    async def scenario() -> None:
        memory = MemoryCache()
        redis = RedisCache(url, namespace=namespace)
        sql = SqlCache(f"sqlite:///{tmp_path / 'c.db'}")
        cache = TieredCache(memory, redis, sql)
        try:
            await sql.set(KEY, b"from sql", ttl=100)
            assert await memory.get(KEY) is None
            assert await redis.get(KEY) is None
            assert await cache.get(KEY) == b"from sql"
            assert await memory.get(KEY) == b"from sql"
            promoted = await redis.get_entry(KEY)
            assert promoted is not None and promoted.value == b"from sql"
            assert promoted.ttl is not None and 90 < promoted.ttl <= 100
            in_memory = await memory.get_entry(KEY)
            assert in_memory is not None and in_memory.ttl is not None and in_memory.ttl <= 100
            stats = await cache.stats()
            assert [tier.name for tier in stats.tiers] == ["memory", "redis", "database"]
            assert [(t.hits, t.misses) for t in stats.tiers] == [(2, 2), (1, 2), (1, 0)]
            assert (stats.hits, stats.misses) == (1, 0)
        finally:
            await cache.aclose()

    asyncio.run(scenario())


def test_set_writes_through_and_delete_reaches_every_tier() -> None:
    async def scenario() -> None:
        top, bottom = MemoryCache(), MemoryCache()
        cache = TieredCache(top, bottom)
        await cache.set(KEY, b"x", ttl=60)
        assert (await top.get(KEY), await bottom.get(KEY)) == (b"x", b"x")
        await cache.delete(KEY)
        assert (await top.get(KEY), await bottom.get(KEY)) == (None, None)

    asyncio.run(scenario())


def test_nothing_from_an_old_description_is_served() -> None:
    async def scenario() -> None:
        cache = TieredCache(MemoryCache(), MemoryCache())
        inputs = Inputs(path={"petId": 1})
        old = cache_key("a" * 64, "GET /pets/{petId}", inputs, quality="standard", seed=1)
        new = cache_key("b" * 64, "GET /pets/{petId}", inputs, quality="standard", seed=1)
        await cache.set(old, b"old answer")
        assert await cache.get(new) is None
        assert await cache.clear(spec="a" * 64) == 1
        assert await cache.get(old) is None

    asyncio.run(scenario())


def test_get_statistics_has_the_brief_shape() -> None:
    async def scenario() -> dict[str, object]:
        cache = TieredCache(MemoryCache(), MemoryCache())
        await cache.set(KEY, b"x")
        await cache.get(KEY)
        await cache.get(CacheKey("spec1", "GET /pets", "v2"))
        return await cache.get_statistics()

    stats = asyncio.run(scenario())
    assert stats["hit_rate"] == 0.5
    assert stats["total_requests"] == 2
    assert stats["memory_cache_size"] == 2  # both tiers are memory tiers here
    assert (stats["redis_cache_size"], stats["database_cache_size"]) == (0, 0)


def test_open_cache_strategies(tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'c.db'}"
    redis = "redis://127.0.0.1:1/0"  # never contacted: opening is lazy
    memory = open_cache("memory", max_items=5)
    assert isinstance(memory, MemoryCache) and memory.max_items == 5
    only_redis = open_cache("redis", redis_url=redis)
    assert isinstance(only_redis, Guarded) and only_redis.name == "redis"
    only_sql = open_cache("DATABASE", database_url=database)
    assert isinstance(only_sql, Guarded) and only_sql.name == "database"
    hybrid = open_cache("hybrid", redis_url=redis, database_url=database)
    assert isinstance(hybrid, TieredCache)
    assert [getattr(t, "name", "") for t in hybrid.tiers] == ["memory", "redis", "database"]
    partial = open_cache("hybrid", database_url=database)
    assert isinstance(partial, TieredCache)
    assert [getattr(t, "name", "") for t in partial.tiers] == ["memory", "database"]
    by_url = open_cache("memory://?max_items=3")
    assert isinstance(by_url, MemoryCache) and by_url.max_items == 3
    for cache in (only_redis, only_sql, hybrid, partial):
        asyncio.run(cache.aclose())


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("disk", "allowed: memory, redis, database, hybrid"),
        ("ftp://x", "unknown cache URL scheme"),
        ("redis", "needs REDIS_URL"),
        ("database", "needs DATABASE_URL"),
    ],
)
def test_open_cache_rejects_what_it_cannot_open(value: str, message: str) -> None:
    with pytest.raises(CacheError, match=message) as caught:
        open_cache(value)
    assert isinstance(caught.value, ValueError)
    assert "\n" not in str(caught.value)


def test_importing_the_cache_package_loads_no_driver() -> None:
    code = (
        "import sys, specmock.cache, specmock.cache.memory, specmock.cache.tiered, "
        "specmock.cache.guard, specmock.cache.keys; "
        "print(','.join(m for m in ('redis', 'sqlalchemy', 'psycopg') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
