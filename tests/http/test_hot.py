"""The server's hot path (``http/hot.py``): repeated requests answered from the cache
without parsing, and every rule that keeps such answers the same as the full path's."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import httpx

from serving import PETSTORE, InProcess, serving
from specmock.analytics import Collector
from specmock.cache import MemoryCache
from specmock.engine import Engine
from specmock.engine.state import MemoryState
from specmock.http import create_app
from specmock.http.chaos import Chaos, Faults
from specmock.http.ratelimit import Limit, RateLimits


def _app(**kwargs: object) -> tuple[object, MemoryCache]:
    cache = MemoryCache()
    return create_app(Engine.from_source(PETSTORE, seed=7), cache=cache, **kwargs), cache  # type: ignore[arg-type]


def test_repeated_requests_answer_as_the_full_path_does() -> None:
    analytics = Collector()
    app, cache = _app(analytics=analytics)
    plain, _ = _app()
    with serving(app) as url, serving(plain) as reference, httpx.Client() as client:  # type: ignore[arg-type]
        first = client.get(f"{reference}/pets/3")
        answers = [client.get(f"{url}/pets/3") for _ in range(5)]
    assert {a.status_code for a in answers} == {200}
    assert {a.content for a in answers} == {first.content}
    drop = {"date"}
    assert all(
        [(k, v) for k, v in a.headers.items() if k not in drop]
        == [(k, v) for k, v in first.headers.items() if k not in drop]
        for a in answers
    )
    stats = asyncio.run(cache.stats())
    assert (stats.hits, stats.misses) == (4, 1)  # the cache is asked every time
    overall = analytics.snapshot().overall
    assert overall.requests == 5 and overall.cache_hit_rate == 0.8


def test_a_cleared_cache_is_filled_again() -> None:
    app, cache = _app()
    with serving(app) as url, httpx.Client() as client:  # type: ignore[arg-type]
        before = [client.get(f"{url}/pets/3").content for _ in range(3)]
        asyncio.run(cache.clear())
        after = [client.get(f"{url}/pets/3").content for _ in range(3)]
        stats = asyncio.run(cache.stats())  # the server empties its cache when it stops
    assert len(set(before + after)) == 1
    assert (stats.hits, stats.misses, stats.size) == (4, 2, 1)


def test_expired_answers_are_asked_for_again() -> None:
    cache = MemoryCache()
    app = create_app(Engine.from_source(PETSTORE, seed=7), cache=cache, cache_ttl=0.05)
    with serving(app) as url, httpx.Client() as client:
        client.get(f"{url}/pets/3")
        client.get(f"{url}/pets/3")
        asyncio.run(asyncio.sleep(0.1))
        assert client.get(f"{url}/pets/3").status_code == 200
    stats = asyncio.run(cache.stats())
    assert (stats.hits, stats.misses) == (1, 2)


def test_any_difference_in_the_request_is_another_answer() -> None:
    app, _ = _app()
    with serving(app) as url, httpx.Client() as client:  # type: ignore[arg-type]
        for _ in range(2):
            assert client.get(f"{url}/pets/3").status_code == 200
            missing = client.get(f"{url}/pets/3", headers={"Prefer": "code=404"})
            assert missing.status_code == 404
            assert client.get(f"{url}/pets/4").json()["id"] == 4
            assert client.get(f"{url}/nowhere").status_code == 404


def test_chaos_switched_on_later_is_not_skipped() -> None:
    chaos = Chaos(Faults())
    app, _ = _app(chaos=chaos)
    with serving(app) as url, httpx.Client() as client:  # type: ignore[arg-type]
        assert [client.get(f"{url}/pets/3").status_code for _ in range(2)] == [200, 200]
        chaos.everywhere = Faults(error_rate=1.0)
        assert client.get(f"{url}/pets/3").status_code >= 400


def test_one_task_driving_many_requests_learns_nothing_stale() -> None:
    """httpx's ASGITransport runs every request in the caller's task and context."""
    app, _ = _app()

    async def go() -> list[int]:
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            codes = []
            for path in ("/pets/3", "/pets/3", "/nowhere", "/nowhere", "/pets/3"):
                codes.append((await client.get(path)).status_code)
            return codes

    assert asyncio.run(go()) == [200, 200, 404, 404, 200]


def test_not_taken_where_more_than_the_cache_decides(tmp_path: Path) -> None:
    engine = Engine.from_source(PETSTORE)
    cache = MemoryCache()
    assert create_app(engine, cache=cache)._hot is not None
    assert create_app(engine)._hot is None
    assert create_app(engine, cache=cache, state=MemoryState())._hot is None
    assert create_app(engine, cache=cache, debug=True)._hot is None
    limits = RateLimits(Limit(1.0, 10), None, None)
    assert create_app(engine, cache=cache, limits=limits)._hot is None


def _figures_without_latency(collector: Collector) -> list[tuple[str, object]]:
    """Each operation's figures (and the overall ones) without what time decides."""
    snapshot = collector.snapshot()
    scopes = [("overall", snapshot.overall), *snapshot.operations]
    return [
        (
            name,
            replace(
                f,
                p50_ms=None,
                p95_ms=None,
                p99_ms=None,
                detail=f.detail and replace(f.detail, latency_sum_seconds=0.0, latency_buckets=()),
            ),
        )
        for name, f in scopes
    ]


def test_analytics_of_hot_answers_are_the_full_paths() -> None:
    """The hot path counts a repeat in the slot it kept; the figures are what the full
    path (debug turns the hot path off) counts for the same requests."""
    hot, full = Collector(), Collector()
    app, _ = _app(analytics=hot)
    reference, _ = _app(analytics=full, debug=True)
    asks = [
        ("/pets/3", {}),
        ("/pets/3", {"Prefer": "code=404"}),
        ("/pets/4", {}),
        ("/nowhere", {}),
    ] * 3
    for served in (app, reference):
        client = InProcess(served)  # type: ignore[arg-type]
        codes = [client.request("GET", path, headers=headers).status_code for path, headers in asks]
        assert codes == [200, 404, 200, 404] * 3
    assert app._hot is not None and reference._hot is None  # type: ignore[attr-defined]
    entries = list(app._hot.entries.values())  # type: ignore[attr-defined]
    assert len(entries) == 3 and all(e.counted is not None for e in entries)
    assert _figures_without_latency(hot) == _figures_without_latency(full)
    pets = hot.snapshot().operation("GET /pets/{petId}")
    assert (pets.requests, pets.cache_hit_rate, pets.errors) == (9, 6 / 9, 3)


def test_hot_answers_count_on_across_drains() -> None:
    analytics = Collector()
    app, _ = _app(analytics=analytics)
    client = InProcess(app)  # type: ignore[arg-type]
    for _ in range(3):
        client.request("GET", "/pets/3")
    assert analytics.drain().overall.requests == 3
    for _ in range(4):
        client.request("GET", "/pets/3")
    period = analytics.drain().overall
    assert (period.requests, period.cache_hit_rate) == (4, 1.0)
    assert analytics.snapshot().overall.requests == 7


def test_without_analytics_nothing_is_kept_for_counting() -> None:
    app, _ = _app()
    client = InProcess(app)  # type: ignore[arg-type]
    for _ in range(2):
        client.request("GET", "/pets/3")
    entries = list(app._hot.entries.values())  # type: ignore[attr-defined]
    assert entries and all(e.counted is None for e in entries)
