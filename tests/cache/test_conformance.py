"""Every backend keeps the ``Cache`` contract: the same scenario, run on each."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import pytest

from specmock.cache import Cache, CacheKey

T = TypeVar("T")

PETS = CacheKey("spec1", "GET /pets", "v1")
PET = CacheKey("spec1", "GET /pets/{petId}", "v2")
OTHER_SPEC = CacheKey("spec2", "GET /pets", "v3")
ODD_OPERATION = CacheKey("spec1", "POST /a:b*[x]", "v4")


def run(make: Callable[[], Cache], scenario: Callable[[Cache], Awaitable[T]]) -> T:
    """Build a cache inside a fresh loop, run the scenario, close the cache."""

    async def main() -> T:
        cache = make()
        try:
            return await scenario(cache)
        finally:
            await cache.aclose()

    return asyncio.run(main())


def test_get_of_unknown_key_is_a_miss(make_cache: Callable[[], Cache]) -> None:
    assert run(make_cache, lambda cache: cache.get(PETS)) is None


def test_set_then_get_returns_the_bytes(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> tuple[bytes | None, bytes | None]:
        await cache.set(PETS, b'[{"id": 1}]')
        await cache.set(PET, b"\x00\xff binary")
        return await cache.get(PETS), await cache.get(PET)

    assert run(make_cache, scenario) == (b'[{"id": 1}]', b"\x00\xff binary")


def test_set_replaces_the_value(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> bytes | None:
        await cache.set(PETS, b"old")
        await cache.set(PETS, b"new")
        return await cache.get(PETS)

    assert run(make_cache, scenario) == b"new"


def test_delete_forgets_one_key(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> tuple[bytes | None, bytes | None]:
        await cache.set(PETS, b"a")
        await cache.set(PET, b"b")
        await cache.delete(PETS)
        await cache.delete(CacheKey("spec1", "GET /none", "v9"))  # absent: no error
        return await cache.get(PETS), await cache.get(PET)

    assert run(make_cache, scenario) == (None, b"b")


async def _fill(cache: Cache) -> None:
    for key in (PETS, PET, OTHER_SPEC, ODD_OPERATION):
        await cache.set(key, key.text.encode())


async def _present(cache: Cache) -> set[CacheKey]:
    return {key for key in (PETS, PET, OTHER_SPEC, ODD_OPERATION) if await cache.get(key)}


def test_clear_by_spec_leaves_other_specs(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> tuple[int, set[CacheKey]]:
        await _fill(cache)
        return await cache.clear(spec="spec1"), await _present(cache)

    assert run(make_cache, scenario) == (3, {OTHER_SPEC})


def test_clear_by_operation_reaches_every_spec(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> tuple[int, set[CacheKey]]:
        await _fill(cache)
        return await cache.clear(operation="GET /pets"), await _present(cache)

    assert run(make_cache, scenario) == (2, {PET, ODD_OPERATION})


def test_clear_by_an_operation_with_glob_characters(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> tuple[int, set[CacheKey]]:
        await _fill(cache)
        return await cache.clear(spec="spec1", operation="POST /a:b*[x]"), await _present(cache)

    assert run(make_cache, scenario) == (1, {PETS, PET, OTHER_SPEC})


def test_clear_everything(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> tuple[int, set[CacheKey]]:
        await _fill(cache)
        return await cache.clear(), await _present(cache)

    assert run(make_cache, scenario) == (4, set())


def test_entry_expires_after_its_ttl(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> tuple[bytes | None, bytes | None, bytes | None]:
        await cache.set(PETS, b"short", ttl=0.2)
        await cache.set(PET, b"long", ttl=60)
        before = await cache.get(PETS)
        await asyncio.sleep(0.35)
        return before, await cache.get(PETS), await cache.get(PET)

    assert run(make_cache, scenario) == (b"short", None, b"long")


def test_sensitive_entry_is_refused_and_counted(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> tuple[bytes | None, int, int]:
        await cache.set(PETS, b"token=secret", sensitive=True)
        value = await cache.get(PETS)
        stats = await cache.stats()
        return value, stats.refused, stats.size

    assert run(make_cache, scenario) == (None, 1, 0)


def test_sensitive_refusal_reaches_every_tier(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> list[int]:
        await cache.set(PETS, b"secret", sensitive=True)
        return [tier.refused for tier in (await cache.stats()).tiers]

    refused = run(make_cache, scenario)
    assert refused and all(count == 1 for count in refused)


def test_stats_add_up(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> dict[str, object]:
        await cache.set(PETS, b"12345")
        await cache.set(PET, b"678")
        for key in (PETS, PETS, PET, OTHER_SPEC):
            await cache.get(key)
        return (await cache.stats()).as_dict()

    stats = run(make_cache, scenario)
    assert (stats["hits"], stats["misses"], stats["total_requests"]) == (3, 1, 4)
    assert stats["hit_rate"] == 0.75
    assert stats["size"] == 2
    assert stats["errors"] == 0
    assert stats["bytes"] in (0, 8)  # Redis does not report value bytes
    assert set(stats) >= {
        "hit_rate",
        "hits",
        "misses",
        "total_requests",
        "memory_cache_size",
        "redis_cache_size",
        "database_cache_size",
        "evictions",
        "errors",
        "tiers",
    }


def test_stats_report_latency_of_every_tier(make_cache: Callable[[], Cache]) -> None:
    async def scenario(cache: Cache) -> list[tuple[float, float]]:
        await cache.set(PETS, b"x")
        for _ in range(20):
            await cache.get(PETS)
        return [(tier.p50_us, tier.p99_us) for tier in (await cache.stats()).tiers]

    latencies = run(make_cache, scenario)
    # Every tier asked at least once has figures; the top tier always is.
    assert 0 < latencies[0][0] <= latencies[0][1]


@pytest.mark.parametrize("writers", [50])
def test_concurrent_writers_leave_one_whole_value(
    make_shared_cache: Callable[[], Cache], writers: int
) -> None:
    values = [f"writer-{i:02d}:".encode() * 200 for i in range(writers)]

    async def scenario(cache: Cache) -> tuple[bytes | None, int]:
        await cache.set(PETS, b"first")  # schema ready before the rush
        await asyncio.gather(*(cache.set(PETS, value) for value in values))
        return await cache.get(PETS), (await cache.stats()).size

    value, size = run(make_shared_cache, scenario)
    assert value in values
    assert size == 1
