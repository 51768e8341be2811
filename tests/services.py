"""External services for tests: where they are, and what to do when they are not there.

A test that needs Redis calls :func:`redis_url` (or uses the ``redis_url`` fixture
after importing it). ``REDIS_URL`` names the server (default
``redis://127.0.0.1:6379/0``); when it does not answer the test is skipped with the
reason, unless ``SPECMOCK_REQUIRE_SERVICES=1``, when it fails instead (for CI, where
a missing service is a broken set-up, not a reason to pass).

A test that needs PostgreSQL calls :func:`database_url` (or uses the ``database_url``
fixture): ``DATABASE_URL`` names the server (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``), and each call creates a fresh
database ``specmock_test_<hex>`` on it, so runs never meet; :func:`drop_database`
removes it (the fixture does so after the test).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

__all__ = [
    "DEFAULT_DATABASE_URL",
    "DEFAULT_REDIS_URL",
    "database_url",
    "drop_database",
    "redis_url",
    "require_services",
    "unique_namespace",
]

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def require_services() -> bool:
    """True when missing services must fail tests instead of skipping them."""
    return os.environ.get("SPECMOCK_REQUIRE_SERVICES", "") not in ("", "0", "false", "no")


def _missing(reason: str) -> None:
    if require_services():
        pytest.fail(f"{reason} (SPECMOCK_REQUIRE_SERVICES is set)")
    pytest.skip(reason)


def redis_url() -> str:
    """The URL of a Redis that answers ``PING``; skips (or fails) the test otherwise."""
    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        import redis
    except ImportError:
        _missing("redis-py is not installed (pip install 'specmock[redis]')")
        raise  # pragma: no cover - _missing always raises
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
    try:
        client.ping()
    except (redis.RedisError, OSError) as error:
        _missing(f"Redis at {url} is unreachable: {error}")
    finally:
        client.close()
    return url


def unique_namespace(prefix: str = "test") -> str:
    """A namespace no other test run uses, so tests sharing one Redis never meet."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


@pytest.fixture(name="redis_url")
def redis_url_fixture() -> str:
    """:func:`redis_url` as a fixture."""
    return redis_url()


def _server_url() -> str:
    """``DATABASE_URL`` (or the default) with the plain ``postgresql+psycopg`` scheme."""
    url = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    scheme, _, rest = url.partition("://")
    if scheme in ("postgres", "postgresql"):
        scheme = "postgresql+psycopg"
    return f"{scheme}://{rest}"


def _admin_connect(url: str) -> object:
    """An autocommit psycopg connection to the database of ``url``."""
    import psycopg
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    return psycopg.connect(
        host=parts.host or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=parts.database or "postgres",
        autocommit=True,
        connect_timeout=2,
    )


def database_url() -> str:
    """The URL of a fresh, empty PostgreSQL database; skips (or fails) the test otherwise.

    The database is created on the server ``DATABASE_URL`` names; the caller drops it
    with :func:`drop_database` (the ``database_url`` fixture does).
    """
    url = _server_url()
    if not url.startswith("postgresql+psycopg://"):
        _missing(f"DATABASE_URL {url.split('@')[-1]} is not a PostgreSQL URL")
    try:
        import psycopg
    except ImportError:
        _missing("psycopg is not installed (pip install 'specmock[postgres]')")
        raise  # pragma: no cover - _missing always raises
    from sqlalchemy.engine import make_url

    name = f"specmock_test_{uuid.uuid4().hex[:16]}"
    try:
        with _admin_connect(url) as connection:  # type: ignore[attr-defined]
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        where = make_url(url).render_as_string(hide_password=True)
        first = (str(error).strip().splitlines() or ["?"])[0]
        _missing(f"PostgreSQL at {where} is unreachable: {first}")
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the database :func:`database_url` created (ending its other sessions)."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    with _admin_connect(_server_url()) as connection:  # type: ignore[attr-defined]
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(name="database_url")
def database_url_fixture() -> Iterator[str]:
    """:func:`database_url` as a fixture; the database is dropped afterwards."""
    url = database_url()
    yield url
    drop_database(url)
