"""The collector: counts, rates, errors by kind and the quality score."""

from __future__ import annotations

from itertools import count

import pytest

from specmock.analytics import Collector, Figures, Snapshot
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
