"""The shared cache tier: Redis (redis-py asyncio), seen alike by every process.

Rules:

- Keys are ``specmock:cache:<namespace>:<spec>:<operation>:<variant>``; the operation
  is kept verbatim when plain and hashed otherwise (see
  :func:`specmock.cache.operation_token`), so a key splits one way only and glob
  patterns need no escaping beyond the namespace.
- Lifetimes are the server's: ``SET ... PX``. ``clear`` walks ``SCAN MATCH`` and
  removes in batches with ``UNLINK`` (never ``KEYS``); ``stats`` counts entries the
  same way, and only there.
- Timeouts are short (0.25 s) and a failed command is retried once at once (a
  restarted server leaves dead pooled connections), so a dead Redis fails fast; the
  :class:`~specmock.cache.guard.Guarded` wrapper turns that failure into a miss.
- ``redis`` is imported here only, when a ``RedisCache`` is built.
"""

from __future__ import annotations

import time
from typing import Any

from specmock.cache import (
    CacheError,
    CacheKey,
    CacheStats,
    Entry,
    Latency,
    TierStats,
    operation_token,
)

__all__ = ["PREFIX", "RedisCache"]

#: Every cache key starts with this, then the namespace.
PREFIX = "specmock:cache:"

_BATCH = 500


def _glob_escape(text: str) -> str:
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


class RedisCache:
    """A cache in Redis, shared by every process that names the same server and namespace.

    Example:
        >>> cache = RedisCache("redis://127.0.0.1:6379/0", namespace="demo")  # doctest: +SKIP
        >>> asyncio.run(cache.get(CacheKey("d1", "GET /pets", "v1")))  # doctest: +SKIP
    """

    name = "redis"

    def __init__(
        self,
        url: str,
        *,
        namespace: str = "default",
        default_ttl: float | None = None,
        timeout: float = 0.25,
    ) -> None:
        try:
            import redis.asyncio as aioredis
            from redis.asyncio.retry import Retry
            from redis.backoff import NoBackoff
        except ImportError as error:  # pragma: no cover - depends on the install
            raise CacheError(
                "a redis:// cache URL needs redis-py: pip install 'specmock[redis]'"
            ) from error
        self.url = url
        self.namespace = namespace
        self.default_ttl = default_ttl
        self._prefix = f"{PREFIX}{namespace}:"
        self._redis: Any = aioredis.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 1),
        )
        self._hits = self._misses = self._refused = 0
        self._latency = Latency()

    def key(self, key: CacheKey) -> str:
        """The Redis key of a cache key.

        Example:
            >>> cache = RedisCache("redis://127.0.0.1:6379/0", namespace="demo")
            >>> cache.key(CacheKey("d1", "GET /pets", "v1"))
            'specmock:cache:demo:d1:GET /pets:v1'
        """
        return f"{self._prefix}{key.text}"

    def _count(self, found: bool, start: int) -> None:
        self._latency.add((time.perf_counter_ns() - start) / 1000)
        if found:
            self._hits += 1
        else:
            self._misses += 1

    async def get(self, key: CacheKey) -> bytes | None:
        """See :meth:`specmock.cache.Cache.get`."""
        start = time.perf_counter_ns()
        value: bytes | None = await self._redis.get(self.key(key))
        self._count(value is not None, start)
        return value

    async def get_entry(self, key: CacheKey) -> Entry | None:
        """The value with its remaining lifetime (``PTTL``), in one round trip."""
        start = time.perf_counter_ns()
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.get(self.key(key))
            pipe.pttl(self.key(key))
            value, pttl = await pipe.execute()
        self._count(value is not None, start)
        if value is None:
            return None
        return Entry(value, pttl / 1000 if pttl is not None and pttl >= 0 else None)

    async def set(
        self, key: CacheKey, value: bytes, *, ttl: float | None = None, sensitive: bool = False
    ) -> None:
        """See :meth:`specmock.cache.Cache.set`; ``ttl <= 0`` removes the key instead."""
        if sensitive:
            self._refused += 1
            return
        ttl = self.default_ttl if ttl is None else ttl
        if ttl is not None and ttl <= 0:
            await self._redis.unlink(self.key(key))
            return
        milliseconds = None if ttl is None else max(1, round(ttl * 1000))
        await self._redis.set(self.key(key), value, px=milliseconds)

    async def delete(self, key: CacheKey) -> None:
        """See :meth:`specmock.cache.Cache.delete`."""
        await self._redis.unlink(self.key(key))

    def _pattern(self, spec: str | None, operation: str | None) -> str:
        pattern = _glob_escape(self._prefix)
        pattern += "*:" if spec is None else _glob_escape(spec) + ":"
        if operation is not None:
            pattern += _glob_escape(operation_token(operation)) + ":"
        return pattern + "*"

    async def clear(self, *, spec: str | None = None, operation: str | None = None) -> int:
        """See :meth:`specmock.cache.Cache.clear`: ``SCAN MATCH`` + ``UNLINK`` in batches."""
        removed = 0
        batch: list[bytes] = []
        async for name in self._redis.scan_iter(match=self._pattern(spec, operation), count=_BATCH):
            batch.append(name)
            if len(batch) >= _BATCH:
                removed += int(await self._redis.unlink(*batch))
                batch.clear()
        if batch:
            removed += int(await self._redis.unlink(*batch))
        return removed

    async def size(self) -> int:
        """How many entries this namespace holds (a ``SCAN``: for figures, not requests)."""
        count = 0
        async for _ in self._redis.scan_iter(match=self._pattern(None, None), count=_BATCH):
            count += 1
        return count

    async def stats(self) -> CacheStats:
        """See :meth:`specmock.cache.Cache.stats`; expirations happen in the server, unseen."""
        tier = TierStats(
            name=self.name,
            hits=self._hits,
            misses=self._misses,
            size=await self.size(),
            refused=self._refused,
            p50_us=self._latency.percentile(50),
            p99_us=self._latency.percentile(99),
        )
        return CacheStats.of(tier)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()
