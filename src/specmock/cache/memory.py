"""One process's cache: an LRU bounded by entries and by bytes, with per-entry TTL.

Rules:

- An ``OrderedDict`` from key text to entry, least recently used first: ``get`` moves
  a hit to the end, ``set`` inserts at the end and evicts from the front until both
  bounds hold; both are O(1) (``clear`` by spec or operation is a scan).
- Lifetimes use ``time.monotonic`` (an injectable clock). An expired entry is a miss
  and is removed when it is met; it counts as an expiration, not an eviction.
- ``bytes`` counts stored values; a value larger than ``max_bytes`` is not stored.
- Nothing here awaits, so one event loop never sees a half-made change.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from specmock.cache import CacheError, CacheKey, CacheStats, Entry, Latency, TierStats

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_ITEMS", "MemoryCache"]

DEFAULT_MAX_ITEMS = 1000
DEFAULT_MAX_BYTES = 64 * 1024 * 1024


@dataclass(slots=True)
class _Item:
    key: CacheKey
    value: bytes
    expires_at: float | None


class MemoryCache:
    """An in-process LRU cache with a TTL per entry.

    Example:
        >>> import asyncio
        >>> cache = MemoryCache(max_items=2)
        >>> key = CacheKey("spec1", "GET /pets", "v1")
        >>> asyncio.run(cache.set(key, b"[]"))
        >>> asyncio.run(cache.get(key))
        b'[]'
    """

    name = "memory"

    def __init__(
        self,
        *,
        max_items: int = DEFAULT_MAX_ITEMS,
        max_bytes: int = DEFAULT_MAX_BYTES,
        default_ttl: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_items < 1 or max_bytes < 1:
            raise CacheError(f"max_items and max_bytes must be >= 1: {max_items}, {max_bytes}")
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.default_ttl = default_ttl
        self._clock = clock
        self._items: OrderedDict[str, _Item] = OrderedDict()
        self._bytes = 0
        self._hits = self._misses = self._evictions = self._expirations = self._refused = 0
        self._latency = Latency()

    @classmethod
    def from_url(
        cls,
        url: str,
        *,
        max_items: int = DEFAULT_MAX_ITEMS,
        default_ttl: float | None = None,
    ) -> MemoryCache:
        """Build from ``memory://?max_items=1000&max_bytes=67108864&ttl=60``.

        The URL's values win over the keyword defaults.

        Example:
            >>> MemoryCache.from_url("memory://?max_items=5").max_items
            5
        """
        query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
        unknown = set(query) - {"max_items", "max_bytes", "ttl"}
        if unknown:
            raise CacheError(
                f"unknown memory:// option(s) {', '.join(sorted(unknown))} "
                "(known: max_items, max_bytes, ttl)"
            )
        try:
            return cls(
                max_items=int(query.get("max_items", max_items)),
                max_bytes=int(query.get("max_bytes", DEFAULT_MAX_BYTES)),
                default_ttl=float(query["ttl"]) if "ttl" in query else default_ttl,
            )
        except ValueError as error:
            raise CacheError(f"bad memory:// option in {url!r}: {error}") from None

    def __len__(self) -> int:
        return len(self._items)

    def _lookup(self, key: CacheKey) -> _Item | None:
        start = time.perf_counter_ns()
        text = key.text
        item = self._items.get(text)
        if item is not None and item.expires_at is not None and item.expires_at <= self._clock():
            self._drop(text, item)
            self._expirations += 1
            item = None
        if item is None:
            self._misses += 1
        else:
            self._items.move_to_end(text)
            self._hits += 1
        self._latency.add((time.perf_counter_ns() - start) / 1000)
        return item

    async def get(self, key: CacheKey) -> bytes | None:
        """See :meth:`specmock.cache.Cache.get`."""
        item = self._lookup(key)
        return None if item is None else item.value

    async def get_entry(self, key: CacheKey) -> Entry | None:
        """The value with its remaining lifetime in seconds."""
        item = self._lookup(key)
        if item is None:
            return None
        ttl = None if item.expires_at is None else max(0.0, item.expires_at - self._clock())
        return Entry(item.value, ttl)

    async def set(
        self, key: CacheKey, value: bytes, *, ttl: float | None = None, sensitive: bool = False
    ) -> None:
        """See :meth:`specmock.cache.Cache.set`; ``ttl <= 0`` removes the key instead."""
        if sensitive:
            self._refused += 1
            return
        text = key.text
        old = self._items.get(text)
        if old is not None:
            self._drop(text, old)
        ttl = self.default_ttl if ttl is None else ttl
        if (ttl is not None and ttl <= 0) or len(value) > self.max_bytes:
            return
        expires_at = None if ttl is None else self._clock() + ttl
        self._items[text] = _Item(key, bytes(value), expires_at)
        self._bytes += len(value)
        while len(self._items) > self.max_items or self._bytes > self.max_bytes:
            oldest, item = next(iter(self._items.items()))
            self._drop(oldest, item)
            self._evictions += 1

    def _drop(self, text: str, item: _Item) -> None:
        del self._items[text]
        self._bytes -= len(item.value)

    async def delete(self, key: CacheKey) -> None:
        """See :meth:`specmock.cache.Cache.delete`."""
        text = key.text
        item = self._items.get(text)
        if item is not None:
            self._drop(text, item)

    async def clear(self, *, spec: str | None = None, operation: str | None = None) -> int:
        """See :meth:`specmock.cache.Cache.clear`."""
        if spec is None and operation is None:
            removed = len(self._items)
            self._items.clear()
            self._bytes = 0
            return removed
        doomed = [
            (text, item)
            for text, item in self._items.items()
            if (spec is None or item.key.spec == spec)
            and (operation is None or item.key.operation == operation)
        ]
        for text, item in doomed:
            self._drop(text, item)
        return len(doomed)

    async def stats(self) -> CacheStats:
        """See :meth:`specmock.cache.Cache.stats`."""
        tier = TierStats(
            name=self.name,
            hits=self._hits,
            misses=self._misses,
            size=len(self._items),
            bytes=self._bytes,
            evictions=self._evictions,
            expirations=self._expirations,
            refused=self._refused,
            p50_us=self._latency.percentile(50),
            p99_us=self._latency.percentile(99),
        )
        return CacheStats.of(tier)

    async def aclose(self) -> None:
        """Forget every entry (the figures are kept)."""
        self._items.clear()
        self._bytes = 0
