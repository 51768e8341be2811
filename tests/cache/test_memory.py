"""The in-process LRU: eviction order, byte bound, lifetimes, and a dict model's agreement."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from specmock.cache import CacheError, CacheKey
from specmock.cache.memory import MemoryCache


class Clock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def key(n: int, spec: str = "s") -> CacheKey:
    return CacheKey(spec, f"GET /items/{n}", f"v{n}")


def test_least_recently_used_is_evicted_first() -> None:
    async def scenario() -> list[int]:
        cache = MemoryCache(max_items=3)
        for n in (1, 2, 3):
            await cache.set(key(n), b"x")
        await cache.get(key(1))  # 2 is now the least recently used
        await cache.set(key(4), b"x")
        await cache.set(key(5), b"x")  # then 3
        present = [n for n in range(1, 6) if await cache.get(key(n)) is not None]
        assert (await cache.stats()).evictions == 2
        return present

    assert asyncio.run(scenario()) == [1, 4, 5]


def test_bytes_bound_evicts_until_it_holds() -> None:
    async def scenario() -> tuple[list[int], int, int]:
        cache = MemoryCache(max_items=100, max_bytes=10)
        for n in range(1, 5):
            await cache.set(key(n), b"abcd")  # 4 bytes each: only two fit
        present = [n for n in range(1, 5) if await cache.get(key(n)) is not None]
        stats = await cache.stats()
        return present, stats.bytes, stats.evictions

    assert asyncio.run(scenario()) == ([3, 4], 8, 2)


def test_value_larger_than_the_bound_is_not_stored() -> None:
    async def scenario() -> tuple[bytes | None, bytes | None]:
        cache = MemoryCache(max_bytes=4)
        await cache.set(key(1), b"ok")
        await cache.set(key(2), b"too large")
        return await cache.get(key(1)), await cache.get(key(2))

    assert asyncio.run(scenario()) == (b"ok", None)


def test_expired_entry_is_a_miss_and_is_removed() -> None:
    clock = Clock()

    async def scenario() -> tuple[bytes | None, int, int, int]:
        cache = MemoryCache(default_ttl=10, clock=clock)
        await cache.set(key(1), b"x")
        clock.now += 10
        value = await cache.get(key(1))
        stats = await cache.stats()
        return value, stats.size, stats.expirations, stats.evictions

    assert asyncio.run(scenario()) == (None, 0, 1, 0)


def test_remaining_ttl_is_reported() -> None:
    clock = Clock()

    async def scenario() -> float | None:
        cache = MemoryCache(clock=clock)
        await cache.set(key(1), b"x", ttl=30)
        clock.now += 12
        entry = await cache.get_entry(key(1))
        assert entry is not None
        return entry.ttl

    assert asyncio.run(scenario()) == pytest.approx(18)


def test_from_url_reads_its_options() -> None:
    cache = MemoryCache.from_url("memory://?max_items=7&max_bytes=2048&ttl=5")
    assert (cache.max_items, cache.max_bytes, cache.default_ttl) == (7, 2048, 5.0)


@pytest.mark.parametrize(
    "url", ["memory://?max_item=3", "memory://?max_items=lots", "memory://?max_items=0"]
)
def test_from_url_rejects_bad_options(url: str) -> None:
    with pytest.raises(CacheError):
        MemoryCache.from_url(url)


class Model:
    """The simplest LRU with lifetimes: a dict in recency order."""

    def __init__(self, max_items: int, clock: Clock) -> None:
        self.items: dict[CacheKey, tuple[bytes, float | None]] = {}
        self.max_items = max_items
        self.clock = clock

    def get(self, k: CacheKey) -> bytes | None:
        found = self.items.pop(k, None)
        if found is None or (found[1] is not None and found[1] <= self.clock.now):
            return None
        self.items[k] = found
        return found[0]

    def set(self, k: CacheKey, value: bytes, ttl: float | None) -> None:
        self.items.pop(k, None)
        self.items[k] = (value, None if ttl is None else self.clock.now + ttl)
        while len(self.items) > self.max_items:
            del self.items[next(iter(self.items))]

    def clear(self, spec: str | None) -> None:
        self.items = {k: v for k, v in self.items.items() if spec is not None and k.spec != spec}


KEYS = st.builds(key, st.integers(0, 6), st.sampled_from(["s", "t"]))
OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("get"), KEYS),
        st.tuples(st.just("set"), KEYS, st.binary(max_size=4), st.sampled_from([None, 1.0, 5.0])),
        st.tuples(st.just("delete"), KEYS),
        st.tuples(st.just("clear"), st.sampled_from([None, "s"])),
        st.tuples(st.just("tick"), st.sampled_from([0.5, 1.0, 3.0])),
    ),
    max_size=60,
)


@settings(max_examples=200, database=None, deadline=None)
@given(OPERATIONS)
def test_memory_cache_agrees_with_a_dict_model(operations: list[tuple[object, ...]]) -> None:
    clock = Clock()
    model = Model(max_items=4, clock=clock)

    async def scenario() -> None:
        cache = MemoryCache(max_items=4, clock=clock)
        for operation in operations:
            match operation:
                case ("get", CacheKey() as k):
                    assert await cache.get(k) == model.get(k), operation
                case ("set", CacheKey() as k, bytes() as value, ttl):
                    assert ttl is None or isinstance(ttl, float)
                    await cache.set(k, value, ttl=ttl)
                    model.set(k, value, ttl)
                case ("delete", CacheKey() as k):
                    await cache.delete(k)
                    model.items.pop(k, None)
                case ("clear", spec):
                    assert spec is None or isinstance(spec, str)
                    await cache.clear(spec=spec)
                    model.clear(spec)
                case ("tick", float() as seconds):
                    clock.now += seconds
        assert len(cache) == len(model.items)  # both drop expired entries when met
        for k in list(model.items):
            assert await cache.get(k) == model.get(k)

    asyncio.run(scenario())
