"""Where stateful mode keeps what clients created: the ``State`` seam and its stores.

Rules:

- ``State`` is a small async Protocol over collections of JSON entities: ``get``,
  ``put``, ``delete``, ``list`` (creation order, a window and the total), ``next_id``
  (a per-collection sequence starting at 1), ``reset`` and ``aclose``. Identifiers are
  given as canonical strings (:func:`id_key`); entities are JSON values.
- ``MemoryState`` serves one process. ``RedisState`` is shared by every process that
  names the same Redis and namespace: ids come from ``INCR``, entities live in a hash,
  the creation order in a sorted set, so every process sees the same world.
- Stores keep serialised copies, so an answer can never alter what is stored.
- ``redis`` is imported only when a ``RedisState`` is built (``import specmock`` stays
  light); a store that cannot be reached raises :class:`StateUnavailable` (503).
- The store is chosen by URL scheme in ``STORES``: ``memory://`` (or no URL),
  ``redis://``, ``rediss://``, ``unix://``, and the SQL store (``sqlite:///file``,
  ``postgresql://``; :mod:`specmock.engine.sqlstate`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import orjson

from specmock.errors import SpecmockError

if TYPE_CHECKING:
    from collections.abc import Awaitable

__all__ = [
    "DEFAULT_NAMESPACE",
    "STORES",
    "MemoryState",
    "RedisState",
    "State",
    "StateError",
    "StateUnavailable",
    "id_key",
    "open_state",
]

#: The namespace keys live under when none is given.
DEFAULT_NAMESPACE = "default"


class StateError(SpecmockError, ValueError):
    """A state URL names no known store."""

    status = 400


class StateUnavailable(SpecmockError, ConnectionError):
    """The shared state store cannot be reached or refused an operation."""

    status = 503


class State(Protocol):
    """Collections of created entities, keyed by a collection name and an id key."""

    async def get(self, collection: str, id: str) -> Any | None:
        """The stored entity, or ``None`` when the collection has no such id."""
        ...

    async def put(self, collection: str, id: str, entity: Any) -> None:
        """Store (or replace) an entity; a new id goes to the end of the creation order."""
        ...

    async def delete(self, collection: str, id: str) -> bool:
        """Remove an entity; ``True`` when it was there."""
        ...

    async def list(self, collection: str, offset: int, limit: int) -> tuple[list[Any], int]:
        """Up to ``limit`` entities from ``offset`` in creation order, and how many there are."""
        ...

    async def next_id(self, collection: str) -> int:
        """The next number of the collection's sequence (1, 2, 3…), never handed out twice."""
        ...

    async def reset(self) -> None:
        """Forget every collection (sequences start at 1 again)."""
        ...

    async def aclose(self) -> None:
        """Release connections; the store is not used afterwards."""
        ...


def id_key(value: Any) -> str:
    """The canonical string of an identifier: ``42`` and ``"42"`` stay different.

    Example:
        >>> id_key(42), id_key("42")
        ('42', '"42"')
    """
    return orjson.dumps(value).decode()


class MemoryState:
    """State for one process: dicts in insertion order (the creation order).

    Example:
        >>> import asyncio
        >>> state = MemoryState()
        >>> asyncio.run(state.put("/pets", "1", {"id": 1}))
        >>> asyncio.run(state.list("/pets", 0, 10))
        ([{'id': 1}], 1)
    """

    def __init__(self) -> None:
        self._items: dict[str, dict[str, bytes]] = {}
        self._sequences: dict[str, int] = {}

    async def get(self, collection: str, id: str) -> Any | None:
        """See :meth:`State.get`."""
        raw = self._items.get(collection, {}).get(id)
        return None if raw is None else orjson.loads(raw)

    async def put(self, collection: str, id: str, entity: Any) -> None:
        """See :meth:`State.put`; replacing keeps the entity's place in the order."""
        self._items.setdefault(collection, {})[id] = orjson.dumps(entity)

    async def delete(self, collection: str, id: str) -> bool:
        """See :meth:`State.delete`."""
        return self._items.get(collection, {}).pop(id, None) is not None

    async def list(self, collection: str, offset: int, limit: int) -> tuple[list[Any], int]:
        """See :meth:`State.list`."""
        items = self._items.get(collection, {})
        window = list(items.values())[max(0, offset) : max(0, offset) + max(0, limit)]
        return [orjson.loads(raw) for raw in window], len(items)

    async def next_id(self, collection: str) -> int:
        """See :meth:`State.next_id`."""
        number = self._sequences.get(collection, 0) + 1
        self._sequences[collection] = number
        return number

    async def reset(self) -> None:
        """See :meth:`State.reset`."""
        self._items.clear()
        self._sequences.clear()

    async def aclose(self) -> None:
        """Nothing to release."""


# A new id gets the next creation number as its score; a replaced one keeps its place.
_PUT_SCRIPT = """
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  redis.call('ZADD', KEYS[2], redis.call('INCR', KEYS[3]), ARGV[1])
end
return 1
"""


class RedisState:
    """State shared through Redis (redis-py asyncio), so several processes see one world.

    Keys, under ``specmock:<namespace>:<collection>``: the entities (a hash from id key
    to JSON), ``…:order`` (a sorted set of id keys by creation), ``…:seq`` (the id
    sequence, ``INCR``) and ``…:created`` (the creation counter scoring the order).

    Example:
        >>> state = RedisState("redis://127.0.0.1:6379/0", namespace="demo")  # doctest: +SKIP
        >>> asyncio.run(state.next_id("/pets"))  # doctest: +SKIP
        1
    """

    def __init__(self, url: str, *, namespace: str = DEFAULT_NAMESPACE) -> None:
        try:
            import redis.asyncio as aioredis
            from redis.exceptions import RedisError
        except ImportError as error:  # pragma: no cover - depends on the install
            raise StateUnavailable(
                "a redis:// state URL needs redis-py: pip install 'specmock[redis]'"
            ) from error
        self.url = url
        self.namespace = namespace
        self._prefix = f"specmock:{namespace}:"
        self._redis: Any = aioredis.Redis.from_url(url)
        self._errors: tuple[type[Exception], ...] = (RedisError, OSError)
        self._put = self._redis.register_script(_PUT_SCRIPT)

    def _key(self, collection: str, suffix: str = "") -> str:
        return f"{self._prefix}{collection}{suffix}"

    async def _call(self, action: Callable[[], Awaitable[Any]]) -> Any:
        try:
            return await action()
        except self._errors as error:
            where = urlsplit(self.url)
            raise StateUnavailable(
                f"the state store at {where.hostname}:{where.port or 6379} failed: {error}"
            ) from error

    async def get(self, collection: str, id: str) -> Any | None:
        """See :meth:`State.get`."""
        raw = await self._call(lambda: self._redis.hget(self._key(collection), id))
        return None if raw is None else orjson.loads(raw)

    async def put(self, collection: str, id: str, entity: Any) -> None:
        """See :meth:`State.put`; one script, so the entity and its place land together."""
        keys = [self._key(collection), self._key(collection, ":order")]
        keys.append(self._key(collection, ":created"))
        await self._call(lambda: self._put(keys=keys, args=[id, orjson.dumps(entity)]))

    async def delete(self, collection: str, id: str) -> bool:
        """See :meth:`State.delete`."""

        async def go() -> bool:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.hdel(self._key(collection), id)
                pipe.zrem(self._key(collection, ":order"), id)
                removed, _ = await pipe.execute()
            return bool(removed)

        return bool(await self._call(go))

    async def list(self, collection: str, offset: int, limit: int) -> tuple[list[Any], int]:
        """See :meth:`State.list`."""
        if limit <= 0:
            total = await self._call(lambda: self._redis.zcard(self._key(collection, ":order")))
            return [], int(total)

        async def go() -> tuple[list[Any], int]:
            order = self._key(collection, ":order")
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zrange(order, max(0, offset), max(0, offset) + limit - 1)
                pipe.zcard(order)
                ids, total = await pipe.execute()
            raws = await self._redis.hmget(self._key(collection), ids) if ids else []
            # An item deleted between the two reads is simply left out of this page.
            return [orjson.loads(raw) for raw in raws if raw is not None], int(total)

        result: tuple[list[Any], int] = await self._call(go)
        return result

    async def next_id(self, collection: str) -> int:
        """See :meth:`State.next_id`: ``INCR`` is atomic across every process."""
        return int(await self._call(lambda: self._redis.incr(self._key(collection, ":seq"))))

    async def reset(self) -> None:
        """See :meth:`State.reset`: deletes every key of this namespace only."""

        async def go() -> None:
            batch: list[Any] = []
            async for key in self._redis.scan_iter(match=self._escaped_prefix() + "*", count=500):
                batch.append(key)
                if len(batch) >= 500:
                    await self._redis.unlink(*batch)
                    batch.clear()
            if batch:
                await self._redis.unlink(*batch)

        await self._call(go)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._redis.aclose()

    def _escaped_prefix(self) -> str:
        return "".join("\\" + c if c in "*?[]\\" else c for c in self._prefix)


def _sql(url: str, namespace: str) -> State:
    from specmock.engine.sqlstate import SqlState

    return SqlState(url, namespace=namespace)


#: State stores by URL scheme.
STORES: dict[str, Callable[[str, str], State]] = {
    "memory": lambda url, namespace: MemoryState(),
    "redis": lambda url, namespace: RedisState(url, namespace=namespace),
    "rediss": lambda url, namespace: RedisState(url, namespace=namespace),
    "unix": lambda url, namespace: RedisState(url, namespace=namespace),
    "sqlite": _sql,
    "postgres": _sql,
    "postgresql": _sql,
    "postgresql+psycopg": _sql,
}


def open_state(url: str | None = None, *, namespace: str = DEFAULT_NAMESPACE) -> State:
    """The store a URL names: in memory when ``url`` is ``None`` or ``memory://``.

    Raises:
        StateError: the scheme names no store (the message lists the known ones).

    Example:
        >>> type(open_state()).__name__
        'MemoryState'
    """
    if not url:
        return MemoryState()
    scheme = urlsplit(url).scheme.lower()
    make = STORES.get(scheme)
    if make is None:
        known = ", ".join(f"{s}://" for s in STORES)
        raise StateError(f"unknown state URL scheme in {url!r} (known: {known})")
    return make(url, namespace)
