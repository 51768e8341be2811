"""The response cache: one async ``Cache`` Protocol and the table of its backends.

Rules:

- A cache maps a :class:`CacheKey` (description digest, operation, request variant) to
  bytes. ``get``, ``set``, ``delete``, ``clear``, ``stats`` and ``aclose`` are the whole
  seam; ``get_entry`` (the value and its remaining lifetime) is optional and lets a
  :class:`~specmock.cache.tiered.TieredCache` promote with the right TTL.
- An entry marked ``sensitive`` is never written anywhere: every backend refuses it
  silently and counts it as ``refused``.
- Backends are chosen by URL scheme in :data:`BACKENDS`, the one visible table.
  Each backend imports its driver only in its own module, so ``import specmock.cache``
  pulls in neither redis nor SQLAlchemy.
- A tiered cache is a cache (``TieredCache(memory, redis, sql)``); there is no manager.
- Every shared backend opened by :func:`open_cache` is wrapped in
  :class:`~specmock.cache.guard.Guarded`: a tier that fails becomes a miss, never an
  exception in a request.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

from specmock.config import CacheStrategy
from specmock.errors import SpecmockError

if TYPE_CHECKING:
    from specmock.cache.guard import Guarded
    from specmock.cache.keys import cache_key
    from specmock.cache.memory import MemoryCache
    from specmock.cache.redis import RedisCache
    from specmock.cache.sql import SqlCache
    from specmock.cache.tiered import TieredCache

__all__ = [
    "BACKENDS",
    "Backend",
    "Cache",
    "CacheError",
    "CacheKey",
    "CacheStats",
    "CacheStrategy",
    "Entry",
    "ExpiringCache",
    "Guarded",
    "Latency",
    "MemoryCache",
    "Options",
    "RedisCache",
    "SqlCache",
    "TierStats",
    "TieredCache",
    "cache_key",
    "open_cache",
]


class CacheError(SpecmockError, ValueError):
    """A cache strategy, URL or key that cannot be used; the message lists what can."""

    status = 400


# Characters an operation may keep verbatim in a key; anything else (":" and glob
# characters above all) makes the operation hashed, so keys split unambiguously.
_PLAIN_OPERATION = re.compile(r"[A-Za-z0-9 /{}_.,;=+~!$&'()@%-]{1,100}")
_TOKEN = re.compile(r"[A-Za-z0-9_.-]{1,64}")


@dataclass(frozen=True, slots=True)
class CacheKey:
    """Where an answer is cached: the description, the operation, the request variant.

    ``spec`` is the description's content digest (editing the description changes it,
    so nothing cached for the old text is served); ``operation`` reads like
    ``GET /pets/{petId}``; ``variant`` digests the canonical request and every choice
    that shapes the answer (see :func:`specmock.cache.keys.cache_key`).

    Example:
        >>> CacheKey("a1b2", "GET /pets/{petId}", "9f86d0").text
        'a1b2:GET /pets/{petId}:9f86d0'
    """

    spec: str
    operation: str
    variant: str
    #: :attr:`text`, built once (every tier looks it up on every request).
    _text: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not _TOKEN.fullmatch(self.spec) or not _TOKEN.fullmatch(self.variant):
            raise CacheError(
                f"cache key parts must be 1-64 characters of [A-Za-z0-9_.-]: "
                f"spec={self.spec!r}, variant={self.variant!r}"
            )
        text = f"{self.spec}:{operation_token(self.operation)}:{self.variant}"
        object.__setattr__(self, "_text", text)

    @property
    def operation_token(self) -> str:
        """The operation as it appears in keys: verbatim when plain, else ``#`` + a digest."""
        return operation_token(self.operation)

    @property
    def text(self) -> str:
        """The full key as one string (at most 255 characters)."""
        return self._text


def operation_token(operation: str) -> str:
    """An operation as keys spell it: itself when short and plain, else ``#`` + blake2b.

    Example:
        >>> operation_token("GET /pets"), operation_token("GET /a:b")[:1]
        ('GET /pets', '#')
    """
    if _PLAIN_OPERATION.fullmatch(operation):
        return operation
    from hashlib import blake2b

    return "#" + blake2b(operation.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True, slots=True)
class Entry:
    """A cached value and how many seconds it has left (``None``: no expiry)."""

    value: bytes
    ttl: float | None = None


class Latency:
    """A bounded ring of recent latencies in microseconds, for p50 and p99.

    Keeps the last ``size`` samples only, so memory never grows with traffic.

    Example:
        >>> window = Latency(size=4)
        >>> for us in (1.0, 2.0, 3.0, 4.0, 100.0):
        ...     window.add(us)
        >>> window.percentile(50), window.percentile(99)
        (3.0, 100.0)
    """

    __slots__ = ("_samples",)

    def __init__(self, size: int = 2048) -> None:
        self._samples: deque[float] = deque(maxlen=size)

    def add(self, microseconds: float) -> None:
        """Record one sample (the oldest falls out when the ring is full)."""
        self._samples.append(microseconds)

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile (nearest rank) of the kept samples; 0.0 when none."""
        if not self._samples:
            return 0.0
        ordered = sorted(self._samples)
        rank = max(0, min(len(ordered) - 1, int(-(-p * len(ordered) // 100)) - 1))
        return ordered[rank]


@dataclass(frozen=True, slots=True)
class TierStats:
    """One tier's figures: counts, entries, errors and ``get`` latency (microseconds)."""

    name: str
    hits: int = 0
    misses: int = 0
    size: int = 0
    errors: int = 0
    p50_us: float = 0.0
    p99_us: float = 0.0
    bytes: int = 0
    evictions: int = 0
    expirations: int = 0
    refused: int = 0
    available: bool = True

    def as_dict(self) -> dict[str, Any]:
        """The figures as a plain dict (for JSON and the brief's ``get_statistics``)."""
        return {
            "name": self.name,
            "hits": self.hits,
            "misses": self.misses,
            "size": self.size,
            "bytes": self.bytes,
            "errors": self.errors,
            "evictions": self.evictions,
            "expirations": self.expirations,
            "refused": self.refused,
            "available": self.available,
            "latency_p50_us": round(self.p50_us, 1),
            "latency_p99_us": round(self.p99_us, 1),
        }


# The brief's dict names a size per kind of tier.
_SIZE_FIELDS = {
    "memory": "memory_cache_size",
    "redis": "redis_cache_size",
    "database": "database_cache_size",
}


@dataclass(frozen=True, slots=True)
class CacheStats:
    """What a cache has done: hits, misses, entries, evictions, errors, per tier.

    ``size`` and ``bytes`` are the largest tier's (every tier holds a subset of the
    lowest one); ``evictions``, ``expirations`` and ``errors`` add up over the tiers.

    Example:
        >>> CacheStats(hits=3, misses=1).hit_rate
        0.75
    """

    hits: int = 0
    misses: int = 0
    size: int = 0
    bytes: int = 0
    evictions: int = 0
    expirations: int = 0
    errors: int = 0
    refused: int = 0
    tiers: tuple[TierStats, ...] = field(default=())

    @classmethod
    def of(cls, tier: TierStats) -> CacheStats:
        """The figures of a cache that is one tier.

        Example:
            >>> CacheStats.of(TierStats("memory", hits=2, misses=2, size=1)).hit_rate
            0.5
        """
        return cls(
            hits=tier.hits,
            misses=tier.misses,
            size=tier.size,
            bytes=tier.bytes,
            evictions=tier.evictions,
            expirations=tier.expirations,
            errors=tier.errors,
            refused=tier.refused,
            tiers=(tier,),
        )

    @property
    def total_requests(self) -> int:
        """Every ``get``: hits and misses."""
        return self.hits + self.misses

    @property
    def hit_rate(self) -> float:
        """Hits over every ``get`` (0.0 before the first one)."""
        total = self.hits + self.misses
        return self.hits / total if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        """The original brief's statistics dict, for its users.

        Example:
            >>> stats = CacheStats(hits=1, misses=1, tiers=(TierStats("memory", size=1),))
            >>> stats.as_dict()["memory_cache_size"], stats.as_dict()["hit_rate"]
            (1, 0.5)
        """
        sizes = dict.fromkeys(_SIZE_FIELDS.values(), 0)
        for tier in self.tiers:
            name = _SIZE_FIELDS.get(tier.name)
            if name is not None:
                sizes[name] += tier.size
        return {
            "hit_rate": self.hit_rate,
            "hits": self.hits,
            "misses": self.misses,
            "total_requests": self.total_requests,
            **sizes,
            "evictions": self.evictions,
            "expirations": self.expirations,
            "errors": self.errors,
            "refused": self.refused,
            "size": self.size,
            "bytes": self.bytes,
            "tiers": {tier.name: tier.as_dict() for tier in self.tiers},
        }


class Cache(Protocol):
    """Cached answers by :class:`CacheKey`; every method is a coroutine."""

    async def get(self, key: CacheKey) -> bytes | None:
        """The value, or ``None`` when absent or expired (a miss)."""
        ...

    async def set(
        self, key: CacheKey, value: bytes, *, ttl: float | None = None, sensitive: bool = False
    ) -> None:
        """Store ``value`` for ``ttl`` seconds (``None``: the cache's default).

        ``sensitive=True`` stores nothing and counts the entry as refused.
        """
        ...

    async def delete(self, key: CacheKey) -> None:
        """Forget one key (nothing happens when it is absent)."""
        ...

    async def clear(self, *, spec: str | None = None, operation: str | None = None) -> int:
        """Forget every entry, or those of one description and/or operation; how many."""
        ...

    async def stats(self) -> CacheStats:
        """The figures so far."""
        ...

    async def aclose(self) -> None:
        """Release connections; the cache is not used afterwards."""
        ...


@runtime_checkable
class ExpiringCache(Cache, Protocol):
    """A cache that can also tell how long an entry has left (for promotion)."""

    async def get_entry(self, key: CacheKey) -> Entry | None:
        """The value with its remaining TTL, or ``None`` on a miss."""
        ...


@dataclass(frozen=True, slots=True)
class Options:
    """What every backend may need besides its URL."""

    ttl: float | None = None
    namespace: str = "default"
    max_items: int = 1000


@dataclass(frozen=True, slots=True)
class Backend:
    """One row of :data:`BACKENDS`: the tier's name, how to open it, whether to guard it."""

    name: str
    open: Callable[[str, Options], Cache]
    guarded: bool = True


def _memory(url: str, options: Options) -> Cache:
    from specmock.cache.memory import MemoryCache

    return MemoryCache.from_url(url, max_items=options.max_items, default_ttl=options.ttl)


def _redis(url: str, options: Options) -> Cache:
    from specmock.cache.redis import RedisCache

    return RedisCache(url, namespace=options.namespace, default_ttl=options.ttl)


def _sql(url: str, options: Options) -> Cache:
    from specmock.cache.sql import SqlCache

    return SqlCache(url, default_ttl=options.ttl)


#: Cache backends by URL scheme.
BACKENDS: dict[str, Backend] = {
    "memory": Backend("memory", _memory, guarded=False),
    "redis": Backend("redis", _redis),
    "rediss": Backend("redis", _redis),
    "unix": Backend("redis", _redis),
    "sqlite": Backend("database", _sql),
    "sqlite+aiosqlite": Backend("database", _sql),
    "postgresql": Backend("database", _sql),
    "postgresql+psycopg": Backend("database", _sql),
}


def _open_url(url: str, options: Options) -> Cache:
    backend = BACKENDS.get(urlsplit(url).scheme.lower())
    if backend is None:
        known = ", ".join(f"{scheme}://" for scheme in BACKENDS)
        raise CacheError(f"unknown cache URL scheme in {url!r} (known: {known})")
    cache = backend.open(url, options)
    if not backend.guarded:
        return cache
    from specmock.cache.guard import Guarded

    return Guarded(cache, backend.name)


def open_cache(
    strategy_or_url: str = "memory",
    *,
    ttl: float | None = None,
    redis_url: str | None = None,
    database_url: str | None = None,
    namespace: str = "default",
    max_items: int = 1000,
) -> Cache:
    """The cache a ``CACHE_STRATEGY`` value (or a cache URL) names.

    ``memory``: one process's LRU. ``redis``: Redis alone (no memory tier).
    ``database``: the SQL table alone. ``hybrid``: memory, then Redis, then SQL,
    leaving out a tier whose URL is not given. A URL (``memory://``, ``redis://``,
    ``sqlite:///file``, ``postgresql+psycopg://``) opens that backend alone. Shared
    backends are wrapped in :class:`~specmock.cache.guard.Guarded`.

    Raises:
        CacheError: the value is neither a strategy nor a known URL, or the strategy
            needs a URL that was not given.

    Example:
        >>> type(open_cache("memory", max_items=10)).__name__
        'MemoryCache'
    """
    options = Options(ttl=ttl, namespace=namespace, max_items=max_items)
    if "://" in strategy_or_url:
        return _open_url(strategy_or_url, options)
    try:
        strategy = CacheStrategy(strategy_or_url.strip().lower())
    except ValueError:
        allowed = ", ".join(s.value for s in CacheStrategy)
        raise CacheError(
            f"unknown cache strategy {strategy_or_url!r} (allowed: {allowed}, or a cache URL)"
        ) from None
    memory_url = f"memory://?max_items={max_items}"
    if strategy is CacheStrategy.MEMORY:
        return _open_url(memory_url, options)
    if strategy is CacheStrategy.REDIS:
        if not redis_url:
            raise CacheError("CACHE_STRATEGY=redis needs REDIS_URL")
        return _open_url(redis_url, options)
    if strategy is CacheStrategy.DATABASE:
        if not database_url:
            raise CacheError("CACHE_STRATEGY=database needs DATABASE_URL")
        return _open_url(database_url, options)
    from specmock.cache.tiered import TieredCache

    urls = [url for url in (memory_url, redis_url, database_url) if url]
    return TieredCache(*(_open_url(url, options) for url in urls))


_WHERE: dict[str, tuple[str, str]] = {
    "Guarded": ("specmock.cache.guard", "Guarded"),
    "MemoryCache": ("specmock.cache.memory", "MemoryCache"),
    "RedisCache": ("specmock.cache.redis", "RedisCache"),
    "SqlCache": ("specmock.cache.sql", "SqlCache"),
    "TieredCache": ("specmock.cache.tiered", "TieredCache"),
    "cache_key": ("specmock.cache.keys", "cache_key"),
}


def __getattr__(name: str) -> Any:
    # Backends load on first use, so importing this package loads no driver.
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'specmock.cache' has no attribute {name!r}")
    return getattr(import_module(where[0]), where[1])
