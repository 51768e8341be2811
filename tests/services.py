"""External services for tests: where they are, and what to do when they are not there.

A test that needs Redis calls :func:`redis_url` (or uses the ``redis_url`` fixture
after importing it). ``REDIS_URL`` names the server (default
``redis://127.0.0.1:6379/0``); when it does not answer the test is skipped with the
reason, unless ``SPECMOCK_REQUIRE_SERVICES=1``, when it fails instead (for CI, where
a missing service is a broken set-up, not a reason to pass).
"""

from __future__ import annotations

import os
import uuid

import pytest

__all__ = ["DEFAULT_REDIS_URL", "redis_url", "require_services", "unique_namespace"]

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


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
