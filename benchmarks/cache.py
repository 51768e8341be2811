"""Cache hit latency per tier, and the hit rate of a replayed request mix.

    python benchmarks/cache.py [--json] [--iterations N]

Latency: each tier is filled with 200 keys of ~2 KiB values, then ``get`` is timed one
call at a time (``perf_counter_ns`` around the ``await``, so the figure includes the
event loop's share) over many iterations, after a warm-up. Tiers: memory, Redis at
``REDIS_URL`` (default ``redis://127.0.0.1:6379/0``, a private namespace), a SQLite
file in a temporary folder, and PostgreSQL in a fresh database created on the server
``DATABASE_URL`` names (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``)
and dropped afterwards. A tier that cannot be reached is reported as skipped.

Hit rate: 10,000 requests over 2,000 distinct keys drawn from a Zipf distribution
(s = 1.1, seed 20240601) replayed through ``TieredCache(memory with 1,000 items,
SQLite)``: a miss is answered and stored, as the engine does. Reports the overall hit
rate and the share served by the memory tier.

Prints a table (or JSON) and writes nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from specmock.cache import Cache, CacheKey
from specmock.cache.memory import MemoryCache
from specmock.cache.tiered import TieredCache

GOALS_US = {"memory": 20.0, "redis": 1000.0, "sqlite": 2000.0, "postgresql": 3000.0}
HIT_RATE_GOAL = 0.80
VALUE = (b'{"id": 1, "name": "Rex", "tag": "dog"}' * 60)[:2048]
KEYS = [CacheKey("a" * 64, "GET /pets/{petId}", f"{n:032x}") for n in range(200)]
REQUESTS, DISTINCT, ZIPF_S, SEED = 10_000, 2_000, 1.1, 20240601


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


async def hit_latency(cache: Cache, iterations: int) -> dict[str, float]:
    """p50/p99/mean of ``get`` hits in microseconds."""
    for key in KEYS:
        await cache.set(key, VALUE)
    for n in range(min(iterations, 500)):  # warm-up: connections, statement caches
        assert await cache.get(KEYS[n % len(KEYS)]) == VALUE
    samples: list[float] = []
    clock = time.perf_counter_ns
    for n in range(iterations):
        key = KEYS[n % len(KEYS)]
        start = clock()
        value = await cache.get(key)
        samples.append((clock() - start) / 1000)
        if value is None:
            raise RuntimeError("a benchmark get missed")
    return {
        "p50_us": percentile(samples, 50),
        "p99_us": percentile(samples, 99),
        "mean_us": sum(samples) / len(samples),
        "iterations": iterations,
    }


def _postgres_server() -> str:
    url = os.environ.get("DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    scheme, _, rest = url.partition("://")
    return f"postgresql+psycopg://{rest}" if scheme.startswith("postgres") else url


def _admin(url: str) -> Any:
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


def make_tiers(folder: Path) -> dict[str, tuple[Callable[[], Cache], Callable[[], None]]]:
    """Per tier: a factory and a clean-up."""
    tiers: dict[str, tuple[Callable[[], Cache], Callable[[], None]]] = {
        "memory": (lambda: MemoryCache(max_items=10_000), lambda: None)
    }

    def redis_cache() -> Cache:
        from specmock.cache.redis import RedisCache

        url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
        return RedisCache(url, namespace=f"bench-{uuid.uuid4().hex[:8]}", timeout=2.0)

    def sqlite_cache() -> Cache:
        from specmock.cache.sql import SqlCache

        return SqlCache(f"sqlite:///{folder / 'bench.db'}")

    from sqlalchemy.engine import make_url

    name = f"specmock_bench_{uuid.uuid4().hex[:12]}"
    server = _postgres_server()

    def postgres_cache() -> Cache:
        from specmock.cache.sql import SqlCache

        with _admin(server) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return SqlCache(make_url(server).set(database=name).render_as_string(False))

    def drop_postgres() -> None:
        try:
            with _admin(server) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception:
            pass

    tiers["redis"] = (redis_cache, lambda: None)
    tiers["sqlite"] = (sqlite_cache, lambda: None)
    tiers["postgresql"] = (postgres_cache, drop_postgres)
    return tiers


async def measure_tier(make: Callable[[], Cache], iterations: int) -> dict[str, Any]:
    try:
        cache = make()
    except Exception as error:
        return {"skipped": f"{type(error).__name__}: {str(error).splitlines()[0]}"}
    try:
        return await hit_latency(cache, iterations)
    except Exception as error:
        first = (str(error).splitlines() or [""])[0]
        return {"skipped": f"{type(error).__name__}: {first}"}
    finally:
        try:
            await cache.clear()
            await cache.aclose()
        except Exception:
            pass


def zipf_requests() -> list[int]:
    rng = random.Random(SEED)
    weights = [1 / (rank**ZIPF_S) for rank in range(1, DISTINCT + 1)]
    return rng.choices(range(DISTINCT), weights=weights, k=REQUESTS)


async def replay(folder: Path) -> dict[str, Any]:
    from specmock.cache.sql import SqlCache

    memory = MemoryCache(max_items=1000)
    cache = TieredCache(memory, SqlCache(f"sqlite:///{folder / 'replay.db'}"))
    keys = [CacheKey("b" * 64, "GET /pets/{petId}", f"{n:032x}") for n in range(DISTINCT)]
    requests = zipf_requests()
    try:
        for n in requests:
            if await cache.get(keys[n]) is None:
                await cache.set(keys[n], VALUE)
        stats = await cache.stats()
    finally:
        await cache.aclose()
    memory_hits = stats.tiers[0].hits
    return {
        "requests": REQUESTS,
        "distinct_keys": DISTINCT,
        "distinct_requested": len(set(requests)),
        "zipf_s": ZIPF_S,
        "seed": SEED,
        "hit_rate": stats.hit_rate,
        "memory_hit_rate": memory_hits / REQUESTS,
        "best_possible": 1 - len(set(requests)) / REQUESTS,
    }


def run(iterations: dict[str, int]) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": machine(), "value_bytes": len(VALUE), "tiers": {}}
    with tempfile.TemporaryDirectory(prefix="specmock-bench-") as folder:
        for name, (make, clean) in make_tiers(Path(folder)).items():
            try:
                results["tiers"][name] = asyncio.run(measure_tier(make, iterations[name]))
            finally:
                clean()
        results["replay"] = asyncio.run(replay(Path(folder)))
    return results


def table(results: dict[str, Any]) -> str:
    lines = [
        f"machine: {results['machine']}",
        f"hit latency, {results['value_bytes']} B values (microseconds)",
        f"{'tier':<12}{'iterations':>11}{'p50':>10}{'p99':>10}{'mean':>10}{'goal p99':>10}  met",
    ]
    for name, figures in results["tiers"].items():
        goal = GOALS_US[name]
        if "skipped" in figures:
            lines.append(f"{name:<12}skipped: {figures['skipped']}")
            continue
        met = "yes" if figures["p99_us"] <= goal else "NO"
        lines.append(
            f"{name:<12}{figures['iterations']:>11}{figures['p50_us']:>10.1f}"
            f"{figures['p99_us']:>10.1f}{figures['mean_us']:>10.1f}{goal:>10.0f}  {met}"
        )
    replayed = results["replay"]
    met = "yes" if replayed["hit_rate"] >= HIT_RATE_GOAL else "NO"
    lines += [
        "",
        f"replayed mix: {replayed['requests']} requests over {replayed['distinct_keys']} keys, "
        f"Zipf s={replayed['zipf_s']}, seed {replayed['seed']}, "
        f"memory tier 1000 items + SQLite ({replayed['distinct_requested']} keys requested)",
        f"hit rate {replayed['hit_rate']:.1%} (goal >= {HIT_RATE_GOAL:.0%}: {met}); "
        f"served by memory {replayed['memory_hit_rate']:.1%}; "
        f"best possible {replayed['best_possible']:.1%}",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--iterations", type=int, default=20_000, help="gets per shared tier (memory: x10)"
    )
    options = parser.parse_args()
    n = options.iterations
    results = run({"memory": n * 10, "redis": n, "sqlite": n, "postgresql": n})
    print(json.dumps(results, indent=2) if options.json else table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
