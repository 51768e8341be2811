"""Failure tolerance: a failing tier is a miss, warned about once, retried with backoff."""

from __future__ import annotations

import asyncio
import logging
import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from services import require_services
from specmock.cache import CacheKey, CacheStats
from specmock.cache.guard import FIRST_DELAY, MAX_DELAY, Guarded
from specmock.cache.memory import MemoryCache
from specmock.cache.tiered import TieredCache

KEY = CacheKey("spec1", "GET /pets", "v1")


class Clock:
    """A clock tests move by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Flaky(MemoryCache):
    """A memory cache that fails while ``broken`` and counts the calls that reach it."""

    def __init__(self) -> None:
        super().__init__()
        self.broken = False
        self.calls = 0

    def _check(self) -> None:
        self.calls += 1
        if self.broken:
            raise ConnectionRefusedError("connection refused")

    async def get(self, key: CacheKey) -> bytes | None:
        self._check()
        return await super().get(key)

    async def set(
        self, key: CacheKey, value: bytes, *, ttl: float | None = None, sensitive: bool = False
    ) -> None:
        self._check()
        await super().set(key, value, ttl=ttl, sensitive=sensitive)

    async def stats(self) -> CacheStats:
        self._check()
        return await super().stats()


def test_failure_is_a_miss_counted_and_warned_once(caplog: pytest.LogCaptureFixture) -> None:
    clock, flaky = Clock(), Flaky()
    guarded = Guarded(flaky, "flaky", clock=clock, rng=random.Random(1))

    async def scenario() -> CacheStats:
        await guarded.set(KEY, b"x")
        flaky.broken = True
        for _ in range(10):
            assert await guarded.get(KEY) is None
            await guarded.set(KEY, b"y")
            assert await guarded.clear() == 0
            await guarded.delete(KEY)
        return await guarded.stats()

    with caplog.at_level(logging.INFO, logger="specmock.cache"):
        stats = asyncio.run(scenario())
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "flaky" in warnings[0].getMessage()
    assert flaky.calls == 2  # the first set, then the failing get; the rest skipped
    assert stats.errors == 1
    assert stats.tiers[0].available is False
    assert stats.misses == 10


def test_retry_delays_double_up_to_the_cap_and_reset_on_success(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock, flaky = Clock(), Flaky()
    guarded = Guarded(flaky, "flaky", clock=clock, rng=random.Random(2))
    flaky.broken = True

    async def scenario() -> list[float]:
        delays = []
        await guarded.get(KEY)
        for _ in range(12):
            retry_at = guarded.retry_at
            assert retry_at is not None
            delays.append(retry_at - clock.now)
            clock.now = retry_at - 0.001
            calls = flaky.calls
            await guarded.get(KEY)  # still too early: skipped
            assert flaky.calls == calls
            clock.now = retry_at
            await guarded.get(KEY)  # the retry, failing again
            assert flaky.calls == calls + 1
        flaky.broken = False
        retry_at = guarded.retry_at
        assert retry_at is not None
        clock.now = retry_at
        await guarded.set(KEY, b"back")
        assert guarded.available and await guarded.get(KEY) == b"back"
        return delays

    with caplog.at_level(logging.INFO, logger="specmock.cache"):
        delays = asyncio.run(scenario())
    expected = [min(MAX_DELAY, FIRST_DELAY * 2**n) for n in range(12)]
    for delay, nominal in zip(delays, expected, strict=True):
        assert min(MAX_DELAY, 0.8 * nominal) <= delay <= min(MAX_DELAY, 1.2 * nominal)
    assert delays[-1] <= MAX_DELAY
    assert [r.levelno for r in caplog.records] == [logging.WARNING, logging.INFO]
    # After recovery the backoff starts again from the first delay.
    flaky.broken = True
    asyncio.run(guarded.get(KEY))
    retry_at = guarded.retry_at
    assert retry_at is not None and retry_at - clock.now <= 1.2 * FIRST_DELAY


def test_tier_failing_inside_a_tiered_cache_leaves_the_others_working() -> None:
    clock, flaky = Clock(), Flaky()
    memory = MemoryCache()
    cache = TieredCache(memory, Guarded(flaky, "flaky", clock=clock))
    flaky.broken = True

    async def scenario() -> tuple[bytes | None, bytes | None]:
        await cache.set(KEY, b"x")
        return await cache.get(KEY), await cache.get(CacheKey("spec1", "GET /pets", "v2"))

    assert asyncio.run(scenario()) == (b"x", None)


# --- a real Redis, killed and restarted ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _start_redis(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError(f"redis-server on port {port} did not start")


@pytest.fixture
def redis_server() -> Iterator[tuple[int, list[subprocess.Popen[bytes]]]]:
    """A private redis-server; the list holds every process started, for clean-up."""
    if shutil.which("redis-server") is None:
        reason = "redis-server is not on PATH (needed to kill and restart a real Redis)"
        if require_services():
            pytest.fail(f"{reason} (SPECMOCK_REQUIRE_SERVICES is set)")
        pytest.skip(reason)
    pytest.importorskip("redis")
    port = _free_port()
    servers = [_start_redis(port)]
    yield port, servers
    for server in servers:
        if server.poll() is None:
            server.kill()
        server.wait()


def test_redis_killed_mid_run_is_skipped_then_used_again(
    redis_server: tuple[int, list[subprocess.Popen[bytes]]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from specmock.cache.redis import RedisCache

    port, servers = redis_server
    url = f"redis://127.0.0.1:{port}/0"
    clock = Clock()
    redis = RedisCache(url, namespace="killed")
    guarded = Guarded(redis, "redis", clock=clock, rng=random.Random(3))
    cache = TieredCache(MemoryCache(max_items=1000), guarded)
    keys = [CacheKey("spec1", "GET /pets", f"v{n}") for n in range(20)]

    async def before() -> None:
        await cache.set(keys[0], b"before")
        assert await redis.get(keys[0]) == b"before"

    async def during() -> None:
        started = time.monotonic()
        for n, key in enumerate(keys[1:], start=1):
            assert await cache.get(key) is None
            await cache.set(key, f"during-{n}".encode())
            assert await cache.get(key) == f"during-{n}".encode()  # served by memory
            assert await cache.clear(operation="GET /nothing") == 0
        assert time.monotonic() - started < 5
        stats = await cache.stats()
        assert stats.tiers[1].available is False and stats.tiers[1].errors >= 1

    async def after() -> None:
        await cache.set(keys[1], b"after")  # the retry: reaches the new server
        assert guarded.available
        assert await redis.get(keys[1]) == b"after"
        assert await cache.get(keys[1]) == b"after"

    async def main() -> None:
        try:
            await before()
            servers[0].kill()
            servers[0].wait()
            await during()
            servers.append(_start_redis(port))
            clock.now += MAX_DELAY * 2
            await after()
        finally:
            await cache.aclose()

    with caplog.at_level(logging.INFO, logger="specmock.cache"):
        asyncio.run(main())
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, [r.getMessage() for r in warnings]
    assert any("available again" in r.getMessage() for r in caplog.records)
