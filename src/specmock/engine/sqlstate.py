"""``SqlState``: stateful mode's world in the SQL store, shared by every process using it.

Rules:

- Two tables of the store (created by its migrations): ``mock_state_entities``
  (namespace, collection, id key -> creation position and the entity's JSON bytes)
  and ``mock_state_counters`` (namespace, collection, kind -> a number; ``seq`` hands
  out ids, ``created`` numbers the creation order).
- Every write is one atomic statement or one transaction: a counter is bumped with
  ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` (PostgreSQL, and SQLite 3.35+),
  an entity is stored with an upsert that keeps the position of an id already there,
  so processes racing on one collection never hand out an id twice or lose an entity.
- Errors of the database become :class:`~specmock.engine.state.StateUnavailable` (503)
  naming the URL with its password masked.
- SQLAlchemy is imported when a ``SqlState`` is built, never by ``import specmock``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from specmock.engine.state import DEFAULT_NAMESPACE, StateUnavailable

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncConnection

__all__ = ["SqlState"]

_T = TypeVar("_T")


class SqlState:
    """State in a SQLite file or a PostgreSQL database (``DATABASE_URL``).

    Example:
        >>> import asyncio
        >>> state = SqlState("sqlite:///.specmock/state.db")  # doctest: +SKIP
        >>> asyncio.run(state.next_id("/pets"))  # doctest: +SKIP
        1
    """

    def __init__(self, url: str, *, namespace: str = DEFAULT_NAMESPACE) -> None:
        from specmock.store.database import mask, open_engine

        self.url = mask(url)
        self.namespace = namespace
        self._engine = open_engine(url, auto_upgrade=True)
        self._postgres = self._engine.dialect.name == "postgresql"

    async def _run(self, work: Callable[[AsyncConnection], Awaitable[_T]]) -> _T:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            async with self._engine.begin() as connection:
                return await work(connection)
        except (SQLAlchemyError, OSError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise StateUnavailable(f"the state store at {self.url} failed: {reason}") from error

    def _insert(self, table: Any) -> Any:
        if self._postgres:
            from sqlalchemy.dialects.postgresql import insert as pg_insert

            return pg_insert(table)
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table)

    async def _bump(self, connection: AsyncConnection, collection: str, kind: str) -> int:
        from specmock.store.tables import StateCounter

        table = StateCounter
        statement = (
            self._insert(table)
            .values(namespace=self.namespace, collection=collection, kind=kind, value=1)
            .on_conflict_do_update(
                index_elements=["namespace", "collection", "kind"],
                set_={"value": table.value + 1},
            )
            .returning(table.value)
        )
        return int((await connection.execute(statement)).scalar_one())

    async def get(self, collection: str, id: str) -> Any | None:
        """See :meth:`specmock.engine.state.State.get`."""
        from sqlalchemy import select

        from specmock.store.tables import StateEntity

        table = StateEntity
        query = select(table.body).where(
            table.namespace == self.namespace,
            table.collection == collection,
            table.id_key == id,
        )

        async def go(connection: AsyncConnection) -> Any | None:
            raw = (await connection.execute(query)).scalar_one_or_none()
            return None if raw is None else orjson.loads(raw)

        return await self._run(go)

    async def put(self, collection: str, id: str, entity: Any) -> None:
        """See :meth:`specmock.engine.state.State.put`; a replaced id keeps its place."""
        from specmock.store.tables import StateEntity

        table = StateEntity
        body = orjson.dumps(entity)

        async def go(connection: AsyncConnection) -> None:
            position = await self._bump(connection, collection, "created")
            statement = (
                self._insert(table)
                .values(
                    namespace=self.namespace,
                    collection=collection,
                    id_key=id,
                    position=position,
                    body=body,
                )
                .on_conflict_do_update(
                    index_elements=["namespace", "collection", "id_key"], set_={"body": body}
                )
            )
            await connection.execute(statement)

        await self._run(go)

    async def delete(self, collection: str, id: str) -> bool:
        """See :meth:`specmock.engine.state.State.delete`."""
        from sqlalchemy import delete

        from specmock.store.tables import StateEntity

        table = StateEntity
        statement = delete(table).where(
            table.namespace == self.namespace,
            table.collection == collection,
            table.id_key == id,
        )

        async def go(connection: AsyncConnection) -> bool:
            return bool((await connection.execute(statement)).rowcount)

        return await self._run(go)

    async def list(self, collection: str, offset: int, limit: int) -> tuple[list[Any], int]:
        """See :meth:`specmock.engine.state.State.list`."""
        from sqlalchemy import func, select

        from specmock.store.tables import StateEntity

        table = StateEntity
        where = (table.namespace == self.namespace, table.collection == collection)
        page = (
            select(table.body)
            .where(*where)
            .order_by(table.position)
            .offset(max(0, offset))
            .limit(max(0, limit))
        )
        count = select(func.count()).select_from(table).where(*where)

        async def go(connection: AsyncConnection) -> tuple[list[Any], int]:
            total = int((await connection.execute(count)).scalar_one())
            if limit <= 0:
                return [], total
            rows = (await connection.execute(page)).scalars().all()
            return [orjson.loads(raw) for raw in rows], total

        return await self._run(go)

    async def next_id(self, collection: str) -> int:
        """See :meth:`specmock.engine.state.State.next_id`: one atomic upsert."""
        return await self._run(lambda connection: self._bump(connection, collection, "seq"))

    async def reset(self) -> None:
        """See :meth:`specmock.engine.state.State.reset`: this namespace only."""
        from sqlalchemy import delete

        from specmock.store.tables import StateCounter, StateEntity

        async def go(connection: AsyncConnection) -> None:
            for model in (StateEntity, StateCounter):
                await connection.execute(delete(model).where(model.namespace == self.namespace))

        await self._run(go)

    async def aclose(self) -> None:
        """Dispose of the connection pool."""
        await self._engine.dispose()
