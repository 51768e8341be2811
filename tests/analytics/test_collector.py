"""The collector: counts, rates, errors by kind and the quality score."""

from __future__ import annotations

from itertools import count

import pytest

from specmock.analytics import Collector, Figures, Snapshot
from specmock.analytics.collector import BATCH
from specmock.analytics.snapshot import AnalyticsError


def clock() -> object:
    ticks = count(1000)
    return lambda: float(next(ticks))


def test_counts_sources_errors_and_rates() -> None:
    c = Collector("staging")
    observe = c.observe
    observe("GET /pets", seconds=0.002, source="generated", status=200, cache_hit=False, valid=True)
    observe("GET /pets", seconds=0.001, source="generated", status=200, cache_hit=True, valid=True)
    observe("GET /pets", seconds=0.003, source="example", status=200, cache_hit=True, valid=None)
    observe("GET /pets", seconds=0.004, source="recorded", status=404)
    observe("POST /pets", seconds=0.050, source="live", status=502, valid=False)
    observe("POST /pets", seconds=0.060, source="live", status=504, fallback=True, valid=True)
    observe("POST /pets", seconds=0.010, source="live", status=500, valid=True)
    observe("unmatched", seconds=0.0001, source="specmock", status=404)

    s = c.snapshot()
    overall = s.overall
    assert (overall.requests, overall.mock, overall.recorded, overall.live, overall.other) == (
        8,
        3,
        1,
        3,
        1,
    )
    assert overall.errors == 5
    assert overall.error_rate == 5 / 8
    assert overall.mock_share == 3 / 7
    assert overall.cache_hit_rate == 2 / 3
    # Good: two validated mocks, the recording, the valid live 500; not the unvalidated
    # example, the invalid live answer, the fallback; the problem answer is no answer.
    assert overall.quality_score == 4 / 7
    assert overall.detail is not None
    d = overall.detail
    assert (d.client_errors, d.server_errors, d.upstream_errors) == (2, 1, 2)
    assert (d.cache_hits, d.cache_misses, d.fallbacks) == (2, 1, 1)
    assert d.status_classes == (0, 0, 3, 0, 2, 3)

    assert [name for name, _ in s.operations] == ["GET /pets", "POST /pets", "unmatched"]
    pets = s.operation("GET /pets")
    assert pets.requests == 4 and pets.errors == 1 and pets.quality_score == 3 / 4
    assert s.operation("never") == Figures()
    assert s.environments == (("staging", overall),)
    assert s.environment == "staging"


def test_percentiles_come_from_the_histogram() -> None:
    c = Collector()
    for ms in range(1, 1001):
        c.observe("GET /a", seconds=ms / 1000, source="generated", status=200)
    f = c.snapshot().overall
    for got, want in ((f.p50_ms, 500), (f.p95_ms, 950), (f.p99_ms, 990)):
        assert got is not None
        assert abs(got - want) / want < 0.051


def test_rates_are_none_when_nothing_was_counted() -> None:
    c = Collector()
    c.observe("GET /a", seconds=0.001, source="specmock", status=404)
    f = c.snapshot().overall
    assert f.cache_hit_rate is None and f.quality_score is None and f.mock_share is None
    assert Collector().snapshot().overall.p50_ms is None


def test_drain_returns_the_period_and_keeps_the_totals() -> None:
    c = Collector("ci", clock=clock())  # type: ignore[arg-type]
    c.observe("GET /a", seconds=0.001, source="generated", status=200)
    first = c.drain()
    c.observe("GET /a", seconds=0.002, source="live", status=200)
    c.observe("GET /b", seconds=0.003, source="live", status=200)
    second = c.drain()
    assert (first.start, first.end, second.start) == (1000.0, 1001.0, 1001.0)
    assert first.overall.requests == 1 and second.overall.requests == 2
    assert [name for name, _ in second.operations] == ["GET /a", "GET /b"]
    assert c.drain().overall.requests == 0
    total = c.snapshot()
    assert total.overall.requests == 3 and total.operation("GET /a").requests == 2
    assert total.since == 1000.0


def test_pattern_confidence_is_a_ten_bin_distribution() -> None:
    class Match:
        def __init__(self, confidence: float) -> None:
            self.confidence = confidence

    c = Collector()
    assert c.snapshot().pattern_confidence == ()
    c.pattern_confidence([Match(0.55), Match(0.99), 1.0, 0.0, -0.2, 0.1])
    assert c.snapshot().pattern_confidence == (2, 1, 0, 0, 0, 1, 0, 0, 0, 2)


def test_snapshot_round_trips_through_its_dict() -> None:
    c = Collector("x")
    c.observe("GET /a", seconds=0.001, source="generated", status=200, cache_hit=True, valid=True)
    c.pattern_confidence([0.7])
    snapshot = c.snapshot()
    assert Snapshot.from_dict(snapshot.as_dict()) == snapshot
    assert snapshot.as_dict()["overall"]["error_rate"] == 0.0


def test_a_wrong_snapshot_document_is_an_analytics_error() -> None:
    with pytest.raises(AnalyticsError, match="not an analytics snapshot"):
        Snapshot.from_dict({"overall": {}})


def test_one_slot_per_kind_of_answer() -> None:
    c = Collector()
    hit = c.slot("GET /a", source="generated", status=200, cache_hit=True, valid=True)
    assert c.slot("GET /a", source="example", status=200, cache_hit=True, valid=True) is hit
    assert c.slot("GET /a", source="generated", status=200, cache_hit=False, valid=True) is not hit
    assert c.slot("GET /a", source="generated", status=404, cache_hit=True, valid=True) is not hit
    assert c.slot("GET /b", source="generated", status=200, cache_hit=True, valid=True) is not hit
    # fallback and validity only tell answers apart, never specmock's own
    other = c.slot("GET /a", source="specmock", status=404, fallback=True, valid=True)
    assert c.slot("GET /a", source="specmock", status=404) is other
    assert (other.fallback, other.good) == (False, False)


def test_a_kept_slot_counts_as_observe_does() -> None:
    calls = [
        ("GET /pets", 0.002, "generated", 200, True, False, True),
        ("GET /pets", 0.001, "generated", 200, True, True, False),
        ("GET /pets", 0.004, "recorded", 404, None, False, None),
        ("POST /pets", 0.050, "live", 502, False, False, True),
        ("unmatched", 0.0001, "specmock", 404, None, False, None),
    ]
    observed, kept = Collector("x", clock=clock()), Collector("x", clock=clock())  # type: ignore[arg-type]
    for op, seconds, source, status, hit, fallback, valid in calls * 3:
        observed.observe(
            op,
            seconds=seconds,
            source=source,
            status=status,
            cache_hit=hit,
            fallback=fallback,
            valid=valid,
        )
    slots = [
        kept.slot(op, source=source, status=status, cache_hit=hit, fallback=fallback, valid=valid)
        for op, _, source, status, hit, fallback, valid in calls
    ]
    for _ in range(3):
        for slot, (_, seconds, *_rest) in zip(slots, calls, strict=True):
            slot.add(seconds)
    assert kept.snapshot() == observed.snapshot()
    assert kept.drain() == observed.drain()


def test_durations_wait_at_most_a_batch() -> None:
    c = Collector()
    slot = c.slot("GET /a", source="generated", status=200, cache_hit=True, valid=True)
    for ms in range(1, 1001):
        slot.add(ms / 1000)
        assert len(slot.pending) < BATCH
    f = c.snapshot().overall
    assert f.requests == 1000 and f.cache_hit_rate == 1.0 and f.quality_score == 1.0
    for got, want in ((f.p50_ms, 500), (f.p95_ms, 950), (f.p99_ms, 990)):
        assert got is not None
        assert abs(got - want) / want < 0.051
    assert f.detail is not None and f.detail.latency_sum_seconds == pytest.approx(500.5)


def test_a_kept_slot_counts_on_after_a_drain() -> None:
    c = Collector(clock=clock())  # type: ignore[arg-type]
    slot = c.slot("GET /a", source="generated", status=200, cache_hit=True, valid=True)
    slot.add(0.001)
    slot.add(0.002)
    assert c.snapshot().overall.requests == 2  # a snapshot drains nothing
    assert c.drain().overall.requests == 2
    slot.add(0.003)
    period = c.drain()
    assert period.overall.requests == 1 and period.overall.p50_ms == pytest.approx(3.0)
    assert c.drain().operations == ()
    total = c.snapshot().overall
    assert total.requests == 3 and total.cache_hit_rate == 1.0


def test_an_operations_slots_share_its_latency() -> None:
    c = Collector(clock=clock())  # type: ignore[arg-type]
    hit = c.slot("GET /a", source="generated", status=200, cache_hit=True, valid=True)
    miss = c.slot("GET /a", source="generated", status=200, cache_hit=False, valid=True)
    other = c.slot("GET /b", source="live", status=200)
    assert hit.latency is miss.latency and other.latency is not hit.latency
    for ms in (1, 2, 3):
        hit.add(ms / 1000)
    miss.add(0.1)
    other.add(0.5)
    a = c.drain().operations[0][1]
    assert a.requests == 4 and a.cache_hit_rate == 3 / 4
    assert (a.p50_ms, a.p99_ms) == (pytest.approx(2.0, rel=0.051), 100.0)
    assert a.detail is not None and a.detail.latency_sum_seconds == pytest.approx(0.106)
    miss.add(0.2)  # the next period starts empty: only this one
    a = c.drain().operations[0][1]
    assert (a.requests, a.p50_ms, a.cache_hit_rate) == (1, 200.0, 0.0)
    total = c.snapshot().operation("GET /a")
    assert total.requests == 5 and total.p99_ms == 200.0
