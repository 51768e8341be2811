"""``/__specmock/metrics``: the text is read back by prometheus-client's own parser."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from specmock.analytics import Collector
from specmock.analytics.prometheus import CONTENT_TYPE, render
from specmock.cache import CacheStats


def parsed(text: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text.decode())
        for sample in family.samples
    }


def test_the_figures_survive_the_parser() -> None:
    c = Collector("staging")
    for ms in (1, 2, 3, 40):
        c.observe(
            "GET /pets",
            seconds=ms / 1000,
            source="generated",
            status=200,
            cache_hit=ms > 1,
            valid=True,
        )
    c.observe("GET /pets", seconds=0.2, source="live", status=504)
    c.observe("POST /pets", seconds=0.0005, source="recorded", status=422)
    c.pattern_confidence([0.55, 0.95, 0.97])
    stats = CacheStats(hits=7, misses=3, size=12, bytes=3456, evictions=1)
    samples = parsed(render(c.snapshot(), stats))

    def value(name: str, **labels: str) -> float:
        return samples[(name, tuple(sorted(labels.items())))]

    pets = {"environment": "staging", "operation": "GET /pets"}
    assert value("specmock_requests_total", **pets, source="mock") == 4
    assert value("specmock_requests_total", **pets, source="live") == 1
    assert value("specmock_responses_total", **pets, status_class="5xx") == 1
    assert value("specmock_errors_total", **pets, kind="upstream") == 1
    assert (
        value("specmock_errors_total", environment="staging", operation="POST /pets", kind="client")
        == 1
    )
    assert value("specmock_cached_answers_total", **pets, result="hit") == 3
    assert value("specmock_request_duration_seconds_bucket", **pets, le="0.0025") == 2
    assert value("specmock_request_duration_seconds_bucket", **pets, le="0.05") == 4
    assert value("specmock_request_duration_seconds_bucket", **pets, le="+Inf") == 5
    assert value("specmock_request_duration_seconds_count", **pets) == 5
    assert abs(value("specmock_request_duration_seconds_sum", **pets) - 0.246) < 1e-9
    p50 = value("specmock_request_duration_quantile_seconds", environment="staging", quantile="0.5")
    assert abs(p50 - 0.002) / 0.002 < 0.051  # of 0.5, 1, 2, 3, 40 and 200 ms
    assert value("specmock_mock_quality_score", environment="staging") == 5 / 6
    assert value("specmock_cache_hit_ratio", environment="staging") == 3 / 4
    assert value("specmock_patterns", min_confidence="0.9") == 2
    assert value("specmock_cache_entries") == 12
    assert value("specmock_cache_bytes") == 3456
    assert value("specmock_cache_lookups_total", result="miss") == 3
    assert value("specmock_cache_evictions_total") == 1
    assert CONTENT_TYPE.startswith("text/plain; version=0.0.4")


def test_without_requests_or_cache_the_text_still_parses() -> None:
    samples = parsed(render(Collector().snapshot()))
    assert not any(name.startswith("specmock_cache_entries") for name, _ in samples)
    assert not any(name == "specmock_requests_total" for name, _ in samples)
