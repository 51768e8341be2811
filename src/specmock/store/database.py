"""Where the store lives: database URLs, engines, sessions and migrations.

Rules:

- URLs are normalised once, here (:func:`normalise_url`): ``sqlite:///path`` and
  ``sqlite://`` (in memory) stay SQLite; ``postgres://``, ``postgresql://`` and
  ``postgresql+psycopg://`` all become ``postgresql+psycopg://`` (psycopg 3 serves both
  the sync and the asyncio side). Anything else is a :class:`StoreError`.
- The schema belongs to Alembic (``specmock/store/migrations``), run in code: no
  ``alembic.ini`` anywhere. :func:`upgrade` and :func:`current` are synchronous and use
  the sync driver (``sqlite3``, psycopg); :func:`migrate` runs the same migrations over
  an :class:`~sqlalchemy.ext.asyncio.AsyncEngine` (the only way to migrate ``sqlite://``).
- The embedded SQLite store upgrades itself: :func:`open_engine` on a SQLite file runs
  the migrations first (a no-op at head). A PostgreSQL store is shared by a team and is
  upgraded on purpose, with ``specmock db upgrade``; a store function that finds no
  tables says so (:func:`translate_errors`).
- Drivers (aiosqlite, psycopg) are imported by SQLAlchemy only when an engine uses them.
- Every error a user can cause is a one-line :class:`StoreError` naming the URL with
  its password masked.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy.exc
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool, StaticPool

from specmock.config import DEFAULT_DATABASE_URL
from specmock.errors import SpecmockError

__all__ = [
    "DEFAULT_DATABASE_URL",
    "MIGRATIONS",
    "StoreError",
    "async_url",
    "current",
    "head",
    "mask",
    "migrate",
    "normalise_url",
    "open_engine",
    "session_url",
    "sessions",
    "translate_errors",
    "upgrade",
]


#: One migration at a time per database within a process (threads of one server, its
#: pattern-usage and analytics writers); across processes a race is retried.
_UPGRADING: dict[str, threading.Lock] = {}
_UPGRADE_TRIES = 4

#: The folder of the Alembic environment and its versions.
MIGRATIONS = Path(__file__).with_name("migrations")

#: Accepted URL schemes -> the one each becomes.
_SCHEMES: dict[str, str] = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "sqlite+aiosqlite": "sqlite",
    "postgres": "postgresql+psycopg",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}

#: Seconds a SQLite writer waits for another one before giving up.
_SQLITE_BUSY_SECONDS = 30
_PASSWORD = re.compile(r"(://[^:/@]*):[^/]*@")


class StoreError(SpecmockError, RuntimeError):
    """The store cannot be used: bad URL, unreachable server, schema not migrated.

    Attributes:
        url: the database URL, password masked.
    """

    status = 503

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(message)
        self.url = url


def mask(url: object) -> str:
    """The URL with its password replaced by ``***``.

    Example:
        >>> mask("postgresql://me:secret@db/x")
        'postgresql://me:***@db/x'
    """
    return _PASSWORD.sub(r"\1:***@", str(url))


def normalise_url(url: str) -> str:
    """The canonical (sync) form of a database URL.

    Args:
        url: ``sqlite:///path``, ``sqlite://`` (memory), ``postgres://...``,
            ``postgresql://...`` or ``postgresql+psycopg://...``.

    Returns:
        ``sqlite:///path``, ``sqlite://`` or ``postgresql+psycopg://...``.

    Raises:
        StoreError: for any other scheme, or a SQLite URL without three slashes.

    Example:
        >>> normalise_url("postgres://me@db:5432/mocks")
        'postgresql+psycopg://me@db:5432/mocks'
    """
    text = url.strip()
    scheme, sep, rest = text.partition("://")
    target = _SCHEMES.get(scheme.lower()) if sep else None
    if target is None:
        raise StoreError(
            f"unknown database URL {mask(text)!r}: use sqlite:///path/to/file.db"
            " or postgresql://user@host/database",
            url=mask(text),
        )
    if target == "sqlite" and rest and not rest.startswith("/"):
        raise StoreError(
            f"bad SQLite URL {mask(text)!r}: write sqlite:///relative/path.db"
            " or sqlite:////absolute/path.db",
            url=mask(text),
        )
    return f"{target}://{rest}"


def async_url(url: str) -> str:
    """The asyncio form of a database URL (``sqlite+aiosqlite``; psycopg stays).

    Example:
        >>> async_url("sqlite:///x.db")
        'sqlite+aiosqlite:///x.db'
    """
    canonical = normalise_url(url)
    if canonical.startswith("sqlite://"):
        return "sqlite+aiosqlite" + canonical[len("sqlite") :]
    return canonical


def open_engine(
    url: str = DEFAULT_DATABASE_URL, *, auto_upgrade: bool | None = None
) -> AsyncEngine:
    """An asyncio engine for the store (dispose it with ``await engine.dispose()``).

    SQLite connections use WAL (readers never block the writer), wait up to 30 s for
    a busy database and enforce foreign keys. PostgreSQL connections are pinged
    before use, from a pool of 5 (+10 overflow).

    Args:
        url: any URL :func:`normalise_url` accepts.
        auto_upgrade: run the migrations before returning; the default is to do so
            for a SQLite file (the embedded store) and not for PostgreSQL. An in-memory
            ``sqlite://`` cannot be migrated from here: ``await migrate(engine)``.

    Raises:
        StoreError: bad URL, or the automatic upgrade failed.

    Example:
        >>> engine = open_engine("sqlite://")
    """
    canonical = normalise_url(url)
    target = async_url(canonical)
    if canonical.startswith("sqlite"):
        memory = _sqlite_path(canonical) is None
        if not memory and (auto_upgrade is None or auto_upgrade):
            upgrade(canonical)
        engine = create_async_engine(
            target,
            connect_args={"timeout": _SQLITE_BUSY_SECONDS},
            **({"poolclass": StaticPool} if memory else {}),
        )
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas(wal=not memory))
        return engine
    if auto_upgrade:
        upgrade(canonical)
    return create_async_engine(
        target, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_recycle=1800
    )


def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory over ``engine``; objects stay readable after commit.

    Example:
        >>> make = sessions(open_engine("sqlite://"))
    """
    return async_sessionmaker(engine, expire_on_commit=False)


def upgrade(url: str = DEFAULT_DATABASE_URL, revision: str = "head") -> None:
    """Migrate the database at ``url`` to ``revision`` (a no-op when already there).

    Creates the folder of a SQLite file when needed.

    Raises:
        StoreError: bad URL, unreachable server, or a failed migration.

    Example:
        >>> upgrade("sqlite:///.specmock/specmock.db")  # doctest: +SKIP
    """
    canonical = normalise_url(url)
    path = _sqlite_path(canonical)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    with _UPGRADING.setdefault(canonical, threading.Lock()):
        for attempt in range(_UPGRADE_TRIES):
            engine = create_engine(canonical, poolclass=NullPool)
            try:
                with translate_errors(canonical), engine.begin() as connection:
                    _upgrade_connection(connection, revision)
                return
            except StoreError as error:
                # another process migrated the same empty database at the same moment:
                # its tables now exist, and the next try finds them at their revision
                if "already exists" not in str(error) or attempt == _UPGRADE_TRIES - 1:
                    raise
                time.sleep(0.1 * (attempt + 1))
            finally:
                engine.dispose()


def current(url: str = DEFAULT_DATABASE_URL) -> str | None:
    """The revision the database at ``url`` is at, or ``None`` when it is empty.

    A SQLite file that does not exist is empty (and is not created).

    Raises:
        StoreError: bad URL or unreachable server.
    """
    canonical = normalise_url(url)
    path = _sqlite_path(canonical)
    if path is not None and not path.exists():
        return None
    engine = create_engine(canonical, poolclass=NullPool)
    try:
        with translate_errors(canonical), engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head() -> str:
    """The newest revision of the migrations shipped with specmock."""
    from alembic.script import ScriptDirectory

    revision = ScriptDirectory.from_config(_config()).get_current_head()
    assert revision is not None, "the migrations folder has no revision"
    return revision


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Migrate through an asyncio engine (e.g. an in-memory ``sqlite://`` one).

    Example:
        >>> import asyncio
        >>> async def demo() -> None:
        ...     engine = open_engine("sqlite://")
        ...     await migrate(engine)
        ...     await engine.dispose()
        >>> asyncio.run(demo())
    """
    with translate_errors(engine.url):
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_connection, revision)


def session_url(session: AsyncSession) -> object:
    """The URL of the database a session talks to (for error messages)."""
    return getattr(session.bind, "url", "<database>")


@contextmanager
def translate_errors(url: object) -> Iterator[None]:
    """Turn database errors a user can fix into a one-line :class:`StoreError`.

    A missing table says to run ``specmock db upgrade``; a failed connection names
    the server; anything else from the driver keeps its first line.
    """
    try:
        yield
    except sqlalchemy.exc.DBAPIError as error:
        raise _store_error(error, mask(url)) from error


def _store_error(error: sqlalchemy.exc.DBAPIError, where: str) -> StoreError:
    detail = (str(error.orig).strip().splitlines() or ["unknown error"])[0]
    sqlstate = getattr(error.orig, "sqlstate", None)
    if sqlstate == "42P01" or "no such table" in detail:
        return StoreError(
            f"the database at {where} is not migrated ({detail}): run `specmock db upgrade`",
            url=where,
        )
    if isinstance(error, sqlalchemy.exc.OperationalError | sqlalchemy.exc.InterfaceError) and (
        sqlstate is None or sqlstate.startswith("08") or sqlstate == "3D000"
    ):
        return StoreError(f"cannot use the database at {where}: {detail}", url=where)
    return StoreError(f"database error at {where}: {detail}", url=where)


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade_connection(connection: Connection, revision: str) -> None:
    config = _config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _sqlite_path(canonical: str) -> Path | None:
    """The file of a SQLite URL, or ``None`` for an in-memory database."""
    if not canonical.startswith("sqlite"):
        return None
    database = make_url(canonical).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _sqlite_pragmas(*, wal: bool) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            if wal:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_SECONDS * 1000}")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    return on_connect
