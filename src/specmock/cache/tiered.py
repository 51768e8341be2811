"""Tiers as one cache: memory first, then Redis, then SQL. A tiered cache is a cache.

Rules:

- ``get`` asks each tier in order; a hit in a lower tier is written back to every
  tier above it, with the remaining lifetime when the tier can tell it
  (:class:`~specmock.cache.ExpiringCache`), so the next ``get`` is served higher up.
- ``set`` writes through to every tier (a sensitive entry is refused by each, and
  counted once here); ``delete`` and ``clear`` reach every tier.
- Tiers are expected not to raise (shared ones come wrapped in
  :class:`~specmock.cache.guard.Guarded`); this module adds no error handling of its own.
- ``stats`` counts a hit when any tier answered and lists each tier's own figures.
"""

from __future__ import annotations

from typing import Any

from specmock.cache import Cache, CacheError, CacheKey, CacheStats, Entry, ExpiringCache

__all__ = ["TieredCache"]


class TieredCache:
    """Several caches, fastest first, behaving as one.

    Example:
        >>> import asyncio
        >>> from specmock.cache.memory import MemoryCache
        >>> top, bottom = MemoryCache(), MemoryCache()
        >>> cache = TieredCache(top, bottom)
        >>> key = CacheKey("d1", "GET /pets", "v1")
        >>> asyncio.run(bottom.set(key, b"[]"))
        >>> asyncio.run(cache.get(key)), asyncio.run(top.get(key))
        (b'[]', b'[]')
    """

    name = "tiered"

    def __init__(self, *tiers: Cache) -> None:
        if not tiers:
            raise CacheError("a tiered cache needs at least one tier")
        self.tiers = tiers
        # Whether each tier can tell remaining lifetimes, decided once, not per request.
        self._expiring = tuple(isinstance(tier, ExpiringCache) for tier in tiers)
        self._hits = self._misses = self._refused = 0

    async def get_entry(self, key: CacheKey) -> Entry | None:
        """The value and its remaining lifetime, promoting a lower tier's hit upwards."""
        for depth, tier in enumerate(self.tiers):
            entry: Entry | None
            if self._expiring[depth]:
                entry = await tier.get_entry(key)  # type: ignore[attr-defined]
            else:
                value = await tier.get(key)
                entry = None if value is None else Entry(value)
            if entry is None:
                continue
            self._hits += 1
            for upper in self.tiers[:depth]:
                await upper.set(key, entry.value, ttl=entry.ttl)
            return entry
        self._misses += 1
        return None

    async def get(self, key: CacheKey) -> bytes | None:
        """See :meth:`specmock.cache.Cache.get`."""
        entry = await self.get_entry(key)
        return None if entry is None else entry.value

    async def set(
        self, key: CacheKey, value: bytes, *, ttl: float | None = None, sensitive: bool = False
    ) -> None:
        """See :meth:`specmock.cache.Cache.set`: written through to every tier."""
        if sensitive:
            self._refused += 1
        for tier in self.tiers:
            await tier.set(key, value, ttl=ttl, sensitive=sensitive)

    async def delete(self, key: CacheKey) -> None:
        """See :meth:`specmock.cache.Cache.delete`: removed from every tier."""
        for tier in self.tiers:
            await tier.delete(key)

    async def clear(self, *, spec: str | None = None, operation: str | None = None) -> int:
        """See :meth:`specmock.cache.Cache.clear`; the most any one tier removed."""
        removed = 0
        for tier in self.tiers:
            removed = max(removed, await tier.clear(spec=spec, operation=operation))
        return removed

    async def stats(self) -> CacheStats:
        """See :meth:`specmock.cache.Cache.stats`: its own hits, each tier's figures."""
        parts = [await tier.stats() for tier in self.tiers]
        return CacheStats(
            hits=self._hits,
            misses=self._misses,
            size=max(part.size for part in parts),
            bytes=max(part.bytes for part in parts),
            evictions=sum(part.evictions for part in parts),
            expirations=sum(part.expirations for part in parts),
            errors=sum(part.errors for part in parts),
            refused=self._refused,
            tiers=tuple(tier for part in parts for tier in part.tiers),
        )

    async def get_statistics(self) -> dict[str, Any]:
        """The original brief's statistics dict (``hit_rate``, ``memory_cache_size``...).

        Example:
            >>> from specmock.cache.memory import MemoryCache
            >>> import asyncio
            >>> asyncio.run(TieredCache(MemoryCache()).get_statistics())["total_requests"]
            0
        """
        return (await self.stats()).as_dict()

    async def aclose(self) -> None:
        """Close every tier."""
        for tier in self.tiers:
            await tier.aclose()
