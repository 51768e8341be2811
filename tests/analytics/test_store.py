"""Flushing to ``mock_analytics`` and adding every process's rows up."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from services import database_url, drop_database
from specmock.analytics import Collector, Snapshot
from specmock.analytics.flush import AnalyticsFlusher
from specmock.analytics.store import read_cache_size, read_totals
from specmock.store.database import open_engine, sessions, upgrade


def busy(environment: str, *, live: int, mock: int, ms: float) -> Collector:
    """A collector that answered ``mock`` mocks and ``live`` live requests."""
    c = Collector(environment)
    for _ in range(mock):
        c.observe(
            "GET /pets",
            seconds=ms / 1000,
            source="generated",
            status=200,
            cache_hit=True,
            valid=True,
        )
    for i in range(live):
        c.observe(
            "POST /pets",
            seconds=ms / 1000,
            source="live",
            status=502 if i == 0 else 201,
            cache_hit=False,
            valid=i % 2 == 0,
        )
    return c


async def totals(url: str, **where: object) -> Snapshot:
    engine = open_engine(url, auto_upgrade=False)
    try:
        async with sessions(engine)() as session:
            return await read_totals(session, **where)  # type: ignore[arg-type]
    finally:
        await engine.dispose()


def round_trip(url: str) -> None:
    one = busy("staging", mock=6, live=2, ms=2.0)
    two = busy("staging", mock=2, live=0, ms=4.0)
    three = busy("testing", mock=0, live=4, ms=10.0)

    async def flush_all() -> list[int]:
        flushers = [AnalyticsFlusher(c, url) for c in (one, two, three)]
        written = [await f.flush() for f in flushers]
        one.observe("GET /pets", seconds=0.002, source="recorded", status=200)
        written.append(await flushers[0].flush())  # a second period of the same process
        written.append(await flushers[1].flush())  # nothing new: no rows
        for f in flushers:
            await f._close()
        return written

    assert asyncio.run(flush_all()) == [3, 2, 2, 2, 0]

    everything = asyncio.run(totals(url))
    o = everything.overall
    assert (o.requests, o.mock, o.live, o.recorded, o.errors) == (15, 8, 6, 1, 2)
    assert o.detail is None
    assert o.error_rate == 2 / 15
    # Quality adds up exactly: good answers over answers, across processes.
    assert o.quality_score == pytest.approx((8 + 1 + 1 + 2) / 15)
    assert [name for name, _ in everything.environments] == ["staging", "testing"]
    staging = dict(everything.environments)["staging"]
    assert (staging.requests, staging.live, staging.quality_score) == (
        11,
        2,
        pytest.approx(10 / 11),
    )
    # Percentiles and the hit rate are requests-weighted means of the rows'.
    pets = everything.operation("GET /pets")
    assert pets.requests == 9
    assert pets.cache_hit_rate == pytest.approx((1.0 * 6 + 1.0 * 2 + 0.0 * 0) / 8)
    assert pets.p50_ms == pytest.approx((6 * 2.0 + 2 * 4.0 + 1 * 2.0) / 9, rel=0.06)
    assert [name for name, _ in everything.operations] == ["GET /pets", "POST /pets"]

    testing = asyncio.run(totals(url, environment="testing"))
    assert testing.overall.requests == 4 and testing.environment == "testing"
    assert testing.environments == (("testing", testing.overall),)
    assert asyncio.run(totals(url, since=4e9)).overall.requests == 0


def test_two_processes_add_up_in_sqlite(tmp_path: Path) -> None:
    round_trip(f"sqlite:///{tmp_path / 's.db'}")


def test_two_processes_add_up_in_postgresql() -> None:
    url = database_url()
    try:
        upgrade(url)
        round_trip(url)
    finally:
        drop_database(url)


def test_an_empty_store_reads_as_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    upgrade(url)
    snapshot = asyncio.run(totals(url))
    assert snapshot.overall.requests == 0 and snapshot.overall.p50_ms is None
    assert snapshot.since is None and snapshot.operations == ()

    async def cache() -> int:
        engine = open_engine(url)
        try:
            async with sessions(engine)() as session:
                return (await read_cache_size(session)).size
        finally:
            await engine.dispose()

    assert asyncio.run(cache()) == 0


def test_a_failing_store_warns_once_and_stops(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    c = busy("x", mock=1, live=0, ms=1.0)
    flusher = AnalyticsFlusher(c, f"sqlite:///{blocker / 'sub' / 's.db'}")
    with caplog.at_level(logging.WARNING, logger="specmock.analytics"):
        assert asyncio.run(flusher.flush()) == 0
        c.observe("GET /pets", seconds=0.001, source="generated", status=200)
        assert asyncio.run(flusher.flush()) == 0
    assert not flusher.enabled
    assert [r.getMessage() for r in caplog.records if "not stored" in r.getMessage()] != []
    assert len(caplog.records) == 1
    assert c.snapshot().overall.requests == 2  # counting goes on


def test_run_flushes_periodically_and_when_cancelled(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.db'}"
    c = Collector("ci")

    async def serve() -> None:
        flusher = AnalyticsFlusher(c, url, interval=0.01)
        task = asyncio.create_task(flusher.run())
        c.observe("GET /a", seconds=0.001, source="generated", status=200)
        for _ in range(200):
            await asyncio.sleep(0.01)
            if flusher.written:
                break
        assert flusher.written == 2  # the totals' row and GET /a's
        c.observe("GET /a", seconds=0.001, source="generated", status=200)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(serve())
    assert asyncio.run(totals(url)).overall.requests == 2


@pytest.mark.parametrize("delay", [0.02, 0.05, 0.1, 0.2])
def test_stopping_during_a_flush_loses_no_period(tmp_path: Path, delay: float) -> None:
    """Cancelled at any moment of a flush (it drains the period, then migrates the store
    in a thread and writes), the drained period still reaches the store."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    c = Collector("ci")
    for _ in range(3):
        c.observe("GET /a", seconds=0.001, source="generated", status=200)

    async def serve() -> None:
        task = asyncio.create_task(AnalyticsFlusher(c, url, interval=0.01).run())
        await asyncio.sleep(delay)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(serve())
    assert asyncio.run(totals(url)).overall.requests == 3
