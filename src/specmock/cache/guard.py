"""Failure tolerance: a cache tier that fails becomes a miss, never a failed request.

Rules:

- :class:`Guarded` wraps one cache. Any exception from it (connection refused, a
  timeout, a restarted server, an SQL error) makes that operation a miss (``get``) or
  a no-op (``set``, ``delete``, ``clear``), counts an error and marks the tier down.
- One warning per outage, on the ``specmock.cache`` logger: the first failure logs it,
  later ones do not. Recovery is logged at INFO.
- While down the tier is skipped without being tried, until a retry time: 0.5 s after
  the first failure, doubling on each failed retry up to 30 s, each delay jittered
  by +/-20 % so many processes do not retry together. The first successful retry
  marks the tier up and resets the delay.
- The clock and the jitter's random source are injectable, so tests need not sleep.
- Cancellation (``CancelledError``, a ``BaseException``) is never swallowed.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from specmock.cache import Cache, CacheKey, CacheStats, Entry, ExpiringCache, TierStats

__all__ = ["FIRST_DELAY", "LOGGER", "MAX_DELAY", "Guarded"]

#: Seconds a tier is skipped after its first failure, and the most it ever is.
FIRST_DELAY = 0.5
MAX_DELAY = 30.0

LOGGER = logging.getLogger("specmock.cache")

T = TypeVar("T")


class Guarded:
    """A cache whose failures are misses: skipped while down, retried with backoff.

    Example:
        >>> import asyncio
        >>> from specmock.cache.memory import MemoryCache
        >>> cache = Guarded(MemoryCache(), "memory")
        >>> asyncio.run(cache.get(CacheKey("d1", "GET /pets", "v1"))) is None
        True
    """

    def __init__(
        self,
        cache: Cache,
        name: str,
        *,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
        first_delay: float = FIRST_DELAY,
        max_delay: float = MAX_DELAY,
    ) -> None:
        self.cache = cache
        self.name = name
        self._clock = clock
        self._rng = rng or random.Random()
        self._first_delay = first_delay
        self._max_delay = max_delay
        self._expiring = isinstance(cache, ExpiringCache)
        self._down = False
        self._delay = first_delay
        self._retry_at = 0.0
        self._errors = 0
        self._skipped = 0
        self._failed_gets = 0
        self._last: CacheStats | None = None

    @property
    def available(self) -> bool:
        """False while the tier is down (between a failure and a successful retry)."""
        return not self._down

    @property
    def retry_at(self) -> float | None:
        """When (on the injected clock) the next attempt may be made, if the tier is down."""
        return self._retry_at if self._down else None

    def _jittered(self, delay: float) -> float:
        return min(self._max_delay, delay * self._rng.uniform(0.8, 1.2))

    async def _run(self, action: Callable[[], Awaitable[T]], fallback: T) -> tuple[T, bool]:
        """``(result, True)``, or ``(fallback, False)`` when skipped or failed."""
        now = self._clock()
        probing = self._down
        if probing:
            if now < self._retry_at:
                self._skipped += 1
                return fallback, False
            # One probe at a time: requests arriving meanwhile keep skipping.
            self._retry_at = now + self._jittered(self._delay)
        try:
            result = await action()
        except Exception as error:
            self._fail(error, probing)
            return fallback, False
        if self._down:
            LOGGER.info("cache tier %s is available again", self.name)
            self._down = False
            self._delay = self._first_delay
        return result, True

    def _fail(self, error: Exception, probing: bool) -> None:
        self._errors += 1
        now = self._clock()
        if not self._down:
            self._down = True
            self._delay = self._first_delay
            self._retry_at = now + self._jittered(self._delay)
            LOGGER.warning(
                "cache tier %s failed (%s: %s); skipping it, retrying with backoff",
                self.name,
                type(error).__name__,
                str(error).splitlines()[0] if str(error) else "no detail",
            )
        elif probing:
            self._delay = min(self._max_delay, self._delay * 2)
            self._retry_at = now + self._jittered(self._delay)
        # else: an operation that started before the outage was noticed; counted only.

    async def get(self, key: CacheKey) -> bytes | None:
        """See :meth:`specmock.cache.Cache.get`; ``None`` when the tier is down or fails."""
        value, ok = await self._run(lambda: self.cache.get(key), None)
        if not ok:
            self._failed_gets += 1
        return value

    async def get_entry(self, key: CacheKey) -> Entry | None:
        """The value and its remaining lifetime; ``None`` when down or failing."""
        if self._expiring:
            inner: ExpiringCache = self.cache  # type: ignore[assignment]
            entry, ok = await self._run(lambda: inner.get_entry(key), None)
        else:
            value, ok = await self._run(lambda: self.cache.get(key), None)
            entry = None if value is None else Entry(value)
        if not ok:
            self._failed_gets += 1
        return entry

    async def set(
        self, key: CacheKey, value: bytes, *, ttl: float | None = None, sensitive: bool = False
    ) -> None:
        """See :meth:`specmock.cache.Cache.set`; nothing happens when the tier is down."""
        await self._run(lambda: self.cache.set(key, value, ttl=ttl, sensitive=sensitive), None)

    async def delete(self, key: CacheKey) -> None:
        """See :meth:`specmock.cache.Cache.delete`."""
        await self._run(lambda: self.cache.delete(key), None)

    async def clear(self, *, spec: str | None = None, operation: str | None = None) -> int:
        """See :meth:`specmock.cache.Cache.clear`; 0 when the tier is down."""
        removed, _ = await self._run(lambda: self.cache.clear(spec=spec, operation=operation), 0)
        return removed

    async def stats(self) -> CacheStats:
        """The tier's own figures plus the failures seen here (last known when down)."""
        fresh, ok = await self._run(self.cache.stats, None)
        if ok and fresh is not None:
            self._last = fresh
        base = self._last or CacheStats(tiers=(TierStats(self.name),))
        tiers = tuple(
            TierStats(
                name=self.name,
                hits=tier.hits,
                misses=tier.misses + self._failed_gets,
                size=tier.size,
                errors=tier.errors + self._errors,
                p50_us=tier.p50_us,
                p99_us=tier.p99_us,
                bytes=tier.bytes,
                evictions=tier.evictions,
                expirations=tier.expirations,
                refused=tier.refused,
                available=not self._down,
            )
            for tier in base.tiers
        )
        return CacheStats(
            hits=base.hits,
            misses=base.misses + self._failed_gets,
            size=base.size,
            bytes=base.bytes,
            evictions=base.evictions,
            expirations=base.expirations,
            errors=base.errors + self._errors,
            refused=base.refused,
            tiers=tiers,
        )

    async def aclose(self) -> None:
        """Close the wrapped cache (a failure to close is logged, not raised)."""
        try:
            await self.cache.aclose()
        except Exception as error:
            LOGGER.debug("closing cache tier %s failed: %s", self.name, error)
