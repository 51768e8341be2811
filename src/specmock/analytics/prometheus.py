"""``/__specmock/metrics``: a snapshot in the Prometheus text exposition format.

Rules:

- Built with prometheus-client's own metric families and ``generate_latest``, from a
  :class:`~specmock.analytics.snapshot.Snapshot` given per call: no global registry,
  no state, nothing registered at import. prometheus-client is imported only when
  :func:`render` runs, so ``import specmock`` stays light.
- The same figures as ``specmock stats``: requests by operation and source and by
  status class, errors by kind, latency histograms per operation (buckets
  :data:`~specmock.analytics.histogram.EXPORT_BOUNDS`) and the overall p50/p95/p99,
  answers served from the cache, the cache's size, the quality score per environment
  and the pattern-confidence distribution. Counters count since the process started.
- Per-operation figures need the snapshot's :class:`~specmock.analytics.snapshot.Detail`
  (a live collector's); figures read from the store export only what they know.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from specmock.analytics.histogram import EXPORT_BOUNDS
from specmock.analytics.snapshot import CONFIDENCE_BINS

if TYPE_CHECKING:
    from prometheus_client.metrics_core import Metric

    from specmock.analytics.snapshot import Snapshot
    from specmock.cache import CacheStats

__all__ = ["CONTENT_TYPE", "render"]

#: The media type of :func:`render`'s output.
CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_STATUS_CLASSES = ("other", "1xx", "2xx", "3xx", "4xx", "5xx")


def render(snapshot: Snapshot, cache_stats: CacheStats | None = None) -> bytes:
    """The snapshot (and the cache's figures) as Prometheus text.

    Args:
        snapshot: :meth:`Collector.snapshot() <specmock.analytics.collector.Collector.snapshot>`.
        cache_stats: the cache's ``await cache.stats()``; ``None`` when caching is off.

    Example:
        >>> from specmock.analytics.collector import Collector
        >>> c = Collector("testing")
        >>> c.observe("GET /pets", seconds=0.003, source="generated", status=200)
        >>> text = render(c.snapshot()).decode()
        >>> print(next(line for line in text.splitlines() if line.startswith("specmock_req")))
        specmock_requests_total{environment="testing",operation="GET /pets",source="mock"} 1.0
    """
    from prometheus_client.exposition import generate_latest

    class _Families:
        def collect(self) -> Iterator[Metric]:
            yield from _families(snapshot, cache_stats)

    return generate_latest(_Families())


def _families(snapshot: Snapshot, cache_stats: CacheStats | None) -> Iterator[Metric]:
    from prometheus_client.core import (
        CounterMetricFamily,
        GaugeMetricFamily,
        HistogramMetricFamily,
    )

    env = snapshot.environment or ""
    requests = CounterMetricFamily(
        "specmock_requests",
        "Answered requests by operation and source (mock, recorded, live, other).",
        labels=["environment", "operation", "source"],
    )
    statuses = CounterMetricFamily(
        "specmock_responses",
        "Answered requests by operation and status class.",
        labels=["environment", "operation", "status_class"],
    )
    errors = CounterMetricFamily(
        "specmock_errors",
        "Error answers by operation and kind (client 4xx, upstream 502/504, server 5xx).",
        labels=["environment", "operation", "kind"],
    )
    cached = CounterMetricFamily(
        "specmock_cached_answers",
        "Cache lookups of answers by operation and result (hit, miss).",
        labels=["environment", "operation", "result"],
    )
    latency = HistogramMetricFamily(
        "specmock_request_duration_seconds",
        "Time to answer a request, by operation.",
        labels=["environment", "operation"],
    )
    for name, figures in snapshot.operations:
        labels = [env, name]
        for source, n in (
            ("mock", figures.mock),
            ("recorded", figures.recorded),
            ("live", figures.live),
            ("other", figures.other),
        ):
            if n:
                requests.add_metric([*labels, source], n)
        detail = figures.detail
        if detail is None:
            continue
        for status_class, n in zip(_STATUS_CLASSES, detail.status_classes, strict=False):
            if n:
                statuses.add_metric([*labels, status_class], n)
        for kind, n in (
            ("client", detail.client_errors),
            ("server", detail.server_errors),
            ("upstream", detail.upstream_errors),
        ):
            if n:
                errors.add_metric([*labels, kind], n)
        if detail.cache_hits or detail.cache_misses:
            cached.add_metric([*labels, "hit"], detail.cache_hits)
            cached.add_metric([*labels, "miss"], detail.cache_misses)
        if detail.latency_buckets:
            buckets = [
                (_le(bound), float(n))
                for bound, n in zip(EXPORT_BOUNDS, detail.latency_buckets, strict=True)
            ]
            buckets.append(("+Inf", float(figures.requests)))
            latency.add_metric(labels, buckets, detail.latency_sum_seconds)
    yield from (requests, statuses, errors, cached, latency)

    quantiles = GaugeMetricFamily(
        "specmock_request_duration_quantile_seconds",
        "Overall response-time percentiles (from a histogram: within about 5%).",
        labels=["environment", "quantile"],
    )
    for q, ms in (
        ("0.5", snapshot.overall.p50_ms),
        ("0.95", snapshot.overall.p95_ms),
        ("0.99", snapshot.overall.p99_ms),
    ):
        if ms is not None:
            quantiles.add_metric([env, q], ms / 1000.0)
    yield quantiles

    quality = GaugeMetricFamily(
        "specmock_mock_quality_score",
        "Share of answers that validated or were recorded, without fallback.",
        labels=["environment"],
    )
    hit_rate = GaugeMetricFamily(
        "specmock_cache_hit_ratio",
        "Answers served from the cache over cache lookups.",
        labels=["environment"],
    )
    for name, figures in snapshot.environments:
        if figures.quality_score is not None:
            quality.add_metric([name], figures.quality_score)
        if figures.cache_hit_rate is not None:
            hit_rate.add_metric([name], figures.cache_hit_rate)
    yield from (quality, hit_rate)

    if snapshot.pattern_confidence:
        patterns = GaugeMetricFamily(
            "specmock_patterns",
            "Recognised patterns by confidence tenth (min_confidence is the lower bound).",
            labels=["min_confidence"],
        )
        for i, n in enumerate(snapshot.pattern_confidence[:CONFIDENCE_BINS]):
            patterns.add_metric([f"{i / CONFIDENCE_BINS:.1f}"], n)
        yield patterns

    if cache_stats is not None:
        yield GaugeMetricFamily(
            "specmock_cache_entries", "Entries in the cache.", value=cache_stats.size
        )
        yield GaugeMetricFamily(
            "specmock_cache_bytes", "Bytes held by the cache.", value=cache_stats.bytes
        )
        lookups = CounterMetricFamily(
            "specmock_cache_lookups", "Cache gets by result.", labels=["result"]
        )
        lookups.add_metric(["hit"], cache_stats.hits)
        lookups.add_metric(["miss"], cache_stats.misses)
        yield lookups
        for name, value, text in (
            ("evictions", cache_stats.evictions, "Entries evicted to make room."),
            ("expirations", cache_stats.expirations, "Entries dropped when they expired."),
            ("errors", cache_stats.errors, "Cache tier failures (served as misses)."),
        ):
            yield CounterMetricFamily(f"specmock_cache_{name}", text, value=value)


def _le(bound: float) -> str:
    """A bucket bound as Prometheus writes it (``0.005``, ``1.0``)."""
    return repr(float(bound))
