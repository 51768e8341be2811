"""The durable cache tier: the ``mock_cache_entries`` table, over SQLite or PostgreSQL.

Rules:

- Rows are :class:`specmock.store.tables.CacheEntry`; the engine comes from
  :func:`specmock.store.database.open_engine` and the schema from the store's Alembic
  migrations, run once through the async engine before the first operation.
- A write is one upsert (``INSERT ... ON CONFLICT (cache_key) DO UPDATE``, from the
  SQLite or PostgreSQL dialect), so concurrent writers to one key leave one whole row,
  the last writer's.
- Times are epoch seconds (``created_at``, ``expires_at``). An expired row is a miss
  and is deleted when met; ``stats`` counts live rows only.
- The ``hits`` column is added up in memory and written with the next ``stats`` or
  ``aclose`` (or once 256 keys are pending), never as a write per read.
- An ``operation`` longer than the column is stored as its token (``#`` + digest).
- SQLAlchemy is imported here only, when a ``SqlCache`` is built.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from specmock.cache import CacheKey, CacheStats, Entry, Latency, TierStats, operation_token
from specmock.store.database import migrate, normalise_url, open_engine
from specmock.store.tables import CacheEntry

__all__ = ["SqlCache"]

_TABLE: Any = CacheEntry.__table__
_OPERATION_LENGTH = 512
_PENDING_HITS = 256


def _operation(operation: str) -> str:
    return operation if len(operation) <= _OPERATION_LENGTH else operation_token(operation)


class SqlCache:
    """A cache in a SQL table, surviving restarts and shared through PostgreSQL.

    Example:
        >>> import asyncio
        >>> async def demo() -> bytes | None:
        ...     cache = SqlCache("sqlite://")
        ...     key = CacheKey("d1", "GET /pets", "v1")
        ...     await cache.set(key, b"[]")
        ...     try:
        ...         return await cache.get(key)
        ...     finally:
        ...         await cache.aclose()
        >>> asyncio.run(demo())
        b'[]'
    """

    name = "database"

    def __init__(
        self,
        url: str,
        *,
        default_ttl: float | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        canonical = normalise_url(url)
        self.url = canonical
        self.default_ttl = default_ttl
        self._clock = clock
        self._engine: AsyncEngine = open_engine(canonical, auto_upgrade=False)
        self._insert: Any = sqlite.insert if canonical.startswith("sqlite") else postgresql.insert
        self._ready = False
        self._lock: asyncio.Lock | None = None
        self._pending: dict[str, int] = {}
        self._hits = self._misses = self._expirations = self._refused = 0
        self._latency = Latency()
        self._select = select(_TABLE.c.value, _TABLE.c.expires_at).where(
            _TABLE.c.cache_key == bindparam("key")
        )

    async def _prepare(self) -> None:
        if self._ready:
            return
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if not self._ready:
                await migrate(self._engine)
                self._ready = True

    async def get_entry(self, key: CacheKey) -> Entry | None:
        """The value with its remaining lifetime; an expired row is deleted and missed."""
        await self._prepare()
        start = time.perf_counter_ns()
        text = key.text
        async with self._engine.connect() as connection:
            row = (await connection.execute(self._select, {"key": text})).first()
        now = self._clock()
        if row is not None and row.expires_at is not None and row.expires_at <= now:
            async with self._engine.begin() as connection:
                await connection.execute(
                    delete(_TABLE).where(_TABLE.c.cache_key == text, _TABLE.c.expires_at <= now)
                )
            self._expirations += 1
            row = None
        self._latency.add((time.perf_counter_ns() - start) / 1000)
        if row is None:
            self._misses += 1
            return None
        self._hits += 1
        self._pending[text] = self._pending.get(text, 0) + 1
        ttl = None if row.expires_at is None else max(0.0, row.expires_at - now)
        return Entry(bytes(row.value), ttl)

    async def get(self, key: CacheKey) -> bytes | None:
        """See :meth:`specmock.cache.Cache.get`."""
        entry = await self.get_entry(key)
        return None if entry is None else entry.value

    async def set(
        self, key: CacheKey, value: bytes, *, ttl: float | None = None, sensitive: bool = False
    ) -> None:
        """See :meth:`specmock.cache.Cache.set`: one upsert; ``ttl <= 0`` deletes instead."""
        if sensitive:
            self._refused += 1
            return
        ttl = self.default_ttl if ttl is None else ttl
        if ttl is not None and ttl <= 0:
            await self.delete(key)
            return
        await self._prepare()
        now = self._clock()
        row = {
            "cache_key": key.text,
            "spec_digest": key.spec,
            "operation": _operation(key.operation),
            "value": bytes(value),
            "size": len(value),
            "created_at": now,
            "expires_at": None if ttl is None else now + ttl,
            "hits": 0,
        }
        statement = self._insert(_TABLE).values(row)
        statement = statement.on_conflict_do_update(
            index_elements=[_TABLE.c.cache_key],
            set_={
                name: statement.excluded[name]
                for name in ("spec_digest", "operation", "value", "size", "created_at")
            }
            | {"expires_at": statement.excluded.expires_at},
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement)
        if len(self._pending) >= _PENDING_HITS:
            await self._flush_hits()

    async def delete(self, key: CacheKey) -> None:
        """See :meth:`specmock.cache.Cache.delete`."""
        await self._prepare()
        self._pending.pop(key.text, None)
        async with self._engine.begin() as connection:
            await connection.execute(delete(_TABLE).where(_TABLE.c.cache_key == key.text))

    async def clear(self, *, spec: str | None = None, operation: str | None = None) -> int:
        """See :meth:`specmock.cache.Cache.clear`."""
        await self._prepare()
        statement = delete(_TABLE)
        if spec is not None:
            statement = statement.where(_TABLE.c.spec_digest == spec)
        if operation is not None:
            statement = statement.where(_TABLE.c.operation == _operation(operation))
        async with self._engine.begin() as connection:
            result = await connection.execute(statement)
        self._pending.clear()
        return max(0, int(result.rowcount))

    async def _flush_hits(self) -> None:
        pending, self._pending = self._pending, {}
        if not pending:
            return
        statement = (
            update(_TABLE)
            .where(_TABLE.c.cache_key == bindparam("k"))
            .values(hits=_TABLE.c.hits + bindparam("n"))
        )
        async with self._engine.begin() as connection:
            await connection.execute(statement, [{"k": k, "n": n} for k, n in pending.items()])

    async def stats(self) -> CacheStats:
        """See :meth:`specmock.cache.Cache.stats`: live rows and their bytes."""
        await self._prepare()
        await self._flush_hits()
        now = self._clock()
        live = or_(_TABLE.c.expires_at.is_(None), _TABLE.c.expires_at > now)
        query = select(func.count(), func.coalesce(func.sum(_TABLE.c.size), 0)).where(live)
        async with self._engine.connect() as connection:
            size, total = (await connection.execute(query)).one()
        tier = TierStats(
            name=self.name,
            hits=self._hits,
            misses=self._misses,
            size=int(size),
            bytes=int(total),
            expirations=self._expirations,
            refused=self._refused,
            p50_us=self._latency.percentile(50),
            p99_us=self._latency.percentile(99),
        )
        return CacheStats.of(tier)

    async def aclose(self) -> None:
        """Write pending hit counts and dispose of the engine."""
        try:
            if self._ready:
                await self._flush_hits()
        finally:
            await self._engine.dispose()
