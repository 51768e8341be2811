"""The figures analytics reports: frozen values, read from a collector or the store.

Rules:

- :class:`Figures` are one scope's numbers (overall, one environment, one operation).
  The fields every source knows (counts, percentiles, rates) are always set;
  :class:`Detail` (errors by kind, cache hits and misses, latency buckets) is known only
  to a live :class:`~specmock.analytics.collector.Collector` and is ``None`` for
  figures added up from the store's ``mock_analytics`` rows.
- Rates are ``None`` when nothing was counted (no lookups, no answers), never 0/0.
- ``as_dict``/``from_dict`` are the JSON form the admin API serves and
  ``specmock stats --server`` reads; they round-trip exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from specmock.errors import SpecmockError

__all__ = ["CONFIDENCE_BINS", "AnalyticsError", "Detail", "Figures", "Snapshot"]

#: Bins of the pattern-confidence distribution: [0, 0.1), [0.1, 0.2) ... [0.9, 1.0].
CONFIDENCE_BINS = 10


class AnalyticsError(SpecmockError, ValueError):
    """Analytics that cannot be read: a server that does not answer, a wrong document."""

    status = 502


@dataclass(frozen=True, slots=True)
class Detail:
    """What only a live collector knows about a scope.

    Attributes:
        client_errors: 4xx answers.
        server_errors: 5xx answers other than 502 and 504.
        upstream_errors: 502 and 504 answers (the real API failed or timed out).
        cache_hits: answers served from the cache.
        cache_misses: cache lookups that found nothing.
        fallbacks: answers that fell back (e.g. a shaped body that failed validation).
        latency_sum_seconds: the sum of every response time.
        latency_buckets: how many answers took ``<= le`` seconds, for each ``le`` of
            :data:`~specmock.analytics.histogram.EXPORT_BOUNDS`.
        status_classes: answers per status class: index 1 counts 1xx ... index 5 5xx;
            index 0 counts statuses outside 100-599.
    """

    client_errors: int = 0
    server_errors: int = 0
    upstream_errors: int = 0
    cache_hits: int = 0
    cache_misses: int = 0
    fallbacks: int = 0
    latency_sum_seconds: float = 0.0
    latency_buckets: tuple[int, ...] = ()
    status_classes: tuple[int, ...] = (0, 0, 0, 0, 0, 0)

    def as_dict(self) -> dict[str, Any]:
        """The JSON form."""
        return {
            "client_errors": self.client_errors,
            "server_errors": self.server_errors,
            "upstream_errors": self.upstream_errors,
            "cache_hits": self.cache_hits,
            "cache_misses": self.cache_misses,
            "fallbacks": self.fallbacks,
            "latency_sum_seconds": self.latency_sum_seconds,
            "latency_buckets": list(self.latency_buckets),
            "status_classes": list(self.status_classes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Detail:
        """The value :meth:`as_dict` wrote."""
        return cls(
            client_errors=int(data.get("client_errors", 0)),
            server_errors=int(data.get("server_errors", 0)),
            upstream_errors=int(data.get("upstream_errors", 0)),
            cache_hits=int(data.get("cache_hits", 0)),
            cache_misses=int(data.get("cache_misses", 0)),
            fallbacks=int(data.get("fallbacks", 0)),
            latency_sum_seconds=float(data.get("latency_sum_seconds", 0.0)),
            latency_buckets=tuple(int(n) for n in data.get("latency_buckets", ())),
            status_classes=tuple(int(n) for n in data.get("status_classes", (0,) * 6)),
        )


@dataclass(frozen=True, slots=True)
class Figures:
    """The numbers of one scope: overall, one environment or one operation.

    Attributes:
        requests: every answered request.
        mock: answers generated or taken from the description's examples.
        recorded: answers replayed from recordings.
        live: answers from the real API.
        errors: answers with a status of 400 or more.
        p50_ms, p95_ms, p99_ms: response-time percentiles (``None`` without requests).
        cache_hit_rate: hits over cache lookups (``None`` without lookups).
        quality_score: the share of answers (mock, recorded or live) that validated
            against the description or were recorded, and had no fallback.
        detail: what only a live collector knows (``None`` when read from the store).

    Example:
        >>> f = Figures(requests=10, mock=6, live=2, recorded=2, errors=1)
        >>> f.error_rate, f.mock_share, f.other
        (0.1, 0.6, 0)
    """

    requests: int = 0
    mock: int = 0
    recorded: int = 0
    live: int = 0
    errors: int = 0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    cache_hit_rate: float | None = None
    quality_score: float | None = None
    detail: Detail | None = None

    @property
    def answers(self) -> int:
        """Mock, recorded and live answers (not admin or problem answers)."""
        return self.mock + self.recorded + self.live

    @property
    def other(self) -> int:
        """Answers by specmock itself: admin endpoints, problems (no route, bad request)."""
        return self.requests - self.answers

    @property
    def error_rate(self) -> float | None:
        """Errors over requests (``None`` without requests)."""
        return self.errors / self.requests if self.requests else None

    @property
    def mock_share(self) -> float | None:
        """Mock answers over answers: the "mock vs real" ratio (``None`` without answers)."""
        return self.mock / self.answers if self.answers else None

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (derived rates included, for readers that do not compute)."""
        return {
            "requests": self.requests,
            "mock": self.mock,
            "recorded": self.recorded,
            "live": self.live,
            "other": self.other,
            "errors": self.errors,
            "error_rate": self.error_rate,
            "mock_share": self.mock_share,
            "p50_ms": self.p50_ms,
            "p95_ms": self.p95_ms,
            "p99_ms": self.p99_ms,
            "cache_hit_rate": self.cache_hit_rate,
            "quality_score": self.quality_score,
            "detail": None if self.detail is None else self.detail.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Figures:
        """The value :meth:`as_dict` wrote (derived rates are recomputed)."""
        detail = data.get("detail")
        return cls(
            requests=int(data.get("requests", 0)),
            mock=int(data.get("mock", 0)),
            recorded=int(data.get("recorded", 0)),
            live=int(data.get("live", 0)),
            errors=int(data.get("errors", 0)),
            p50_ms=_float(data.get("p50_ms")),
            p95_ms=_float(data.get("p95_ms")),
            p99_ms=_float(data.get("p99_ms")),
            cache_hit_rate=_float(data.get("cache_hit_rate")),
            quality_score=_float(data.get("quality_score")),
            detail=None if detail is None else Detail.from_dict(detail),
        )


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Analytics at one moment: overall, per environment and per operation.

    Attributes:
        environment: the environment the figures are of; ``None`` for every one.
        since: when counting began (epoch seconds; ``None`` when nothing was counted).
        until: when the snapshot was taken (epoch seconds).
        overall: every request of the scope.
        environments: (environment, figures), by name.
        operations: (``"METHOD /path"``, figures), most requested first.
        pattern_confidence: how many recognised patterns fall in each tenth of
            confidence, [0, 0.1) ... [0.9, 1.0] (empty when unknown).

    Example:
        >>> s = Snapshot(until=0.0, overall=Figures(requests=1),
        ...              operations=(("GET /pets", Figures(requests=1)),))
        >>> s.operation("GET /pets").requests, Snapshot.from_dict(s.as_dict()) == s
        (1, True)
    """

    until: float
    overall: Figures
    environment: str | None = None
    since: float | None = None
    environments: tuple[tuple[str, Figures], ...] = ()
    operations: tuple[tuple[str, Figures], ...] = ()
    pattern_confidence: tuple[int, ...] = ()

    def operation(self, name: str) -> Figures:
        """The figures of one operation (empty figures when it was never requested)."""
        return next((f for key, f in self.operations if key == name), Figures())

    def as_dict(self) -> dict[str, Any]:
        """The JSON form, as ``GET /__specmock/stats`` serves it under ``"analytics"``."""
        return {
            "environment": self.environment,
            "since": self.since,
            "until": self.until,
            "overall": self.overall.as_dict(),
            "environments": {name: f.as_dict() for name, f in self.environments},
            "operations": {name: f.as_dict() for name, f in self.operations},
            "pattern_confidence": list(self.pattern_confidence),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Snapshot:
        """The value :meth:`as_dict` wrote.

        Raises:
            AnalyticsError: when ``data`` is not a snapshot's JSON form.
        """
        try:
            return cls(
                until=float(data["until"]),
                overall=Figures.from_dict(data["overall"]),
                environment=data.get("environment"),
                since=_float(data.get("since")),
                environments=tuple(
                    (str(k), Figures.from_dict(v)) for k, v in data.get("environments", {}).items()
                ),
                operations=tuple(
                    (str(k), Figures.from_dict(v)) for k, v in data.get("operations", {}).items()
                ),
                pattern_confidence=tuple(int(n) for n in data.get("pattern_confidence", ())),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise AnalyticsError(f"not an analytics snapshot: {error!r}") from error


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
