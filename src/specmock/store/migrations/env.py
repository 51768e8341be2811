"""The Alembic environment of the store, driven from code (no ``alembic.ini``).

Rules: :mod:`specmock.store.database` passes an open sync connection in
``config.attributes["connection"]``; the migrations run on it inside its transaction.
Offline (``--sql``) mode renders against ``config.attributes["url"]``.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from specmock.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite alters tables by copying them; later migrations need batch mode there.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def _offline() -> None:
    context.configure(
        url=config.attributes["url"],
        target_metadata=target_metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    _offline()
else:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run the store's migrations through specmock.store.database")
    _run(connection)
