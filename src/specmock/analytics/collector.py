"""Counting answered requests on the hot path: one :class:`Collector` per server process.

Rules:

- :meth:`Collector.observe` is the hot path: one dict lookup, one histogram ``add`` and
  a handful of integer increments on the operation's tally; nothing is allocated after
  an operation's first request, nothing is sorted, no sample is kept. The overall
  figures are the sum of the operations', computed when a snapshot is taken.
- One event loop calls it, so there are no locks.
- Counting is split into the current period (since the last :meth:`Collector.drain`,
  which the flusher writes to the store) and the totals before it; a snapshot adds
  both, so it covers the whole life of the process.
- Sources: ``generated`` and ``example`` are mock answers; ``recorded`` and ``live``
  are themselves; anything else (``specmock``: admin and problem answers) is counted as
  a request but is no answer, so it counts in neither the mock/real ratio nor the
  quality score.
- Errors: every status >= 400; 4xx are client errors, 502 and 504 upstream errors
  (the real API failed or timed out), other 5xx server errors.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol

from specmock.analytics.histogram import EXPORT_BOUNDS, Histogram
from specmock.analytics.snapshot import CONFIDENCE_BINS, Detail, Figures, Snapshot

__all__ = ["Collector", "Period", "Tally"]

_MOCK, _RECORDED, _LIVE, _OTHER = 0, 1, 2, 3
_SOURCES: dict[str, int] = {
    "generated": _MOCK,
    "example": _MOCK,
    "recorded": _RECORDED,
    "live": _LIVE,
}


class _Scored(Protocol):
    @property
    def confidence(self) -> float: ...


class Tally:
    """The running counts of one operation (mutable; owned by a :class:`Collector`)."""

    __slots__ = (
        "cache_hits",
        "cache_misses",
        "fallbacks",
        "good",
        "latency",
        "sources",
        "statuses",
        "upstream",
    )

    def __init__(self) -> None:
        self.latency = Histogram()
        self.sources = [0, 0, 0, 0]  # mock, recorded, live, other
        self.statuses = [0, 0, 0, 0, 0, 0]  # by status // 100; 0 for anything odd
        self.upstream = 0
        self.cache_hits = 0
        self.cache_misses = 0
        self.fallbacks = 0
        self.good = 0

    def merge(self, other: Tally) -> Tally:
        """Add ``other``'s counts to this tally; returns ``self``."""
        self.latency.merge(other.latency)
        self.sources = [a + b for a, b in zip(self.sources, other.sources, strict=True)]
        self.statuses = [a + b for a, b in zip(self.statuses, other.statuses, strict=True)]
        self.upstream += other.upstream
        self.cache_hits += other.cache_hits
        self.cache_misses += other.cache_misses
        self.fallbacks += other.fallbacks
        self.good += other.good
        return self

    def figures(self) -> Figures:
        """The tally as figures, with its :class:`~specmock.analytics.snapshot.Detail`."""
        latency = self.latency
        answers = self.sources[_MOCK] + self.sources[_RECORDED] + self.sources[_LIVE]
        lookups = self.cache_hits + self.cache_misses
        return Figures(
            requests=latency.count,
            mock=self.sources[_MOCK],
            recorded=self.sources[_RECORDED],
            live=self.sources[_LIVE],
            errors=self.statuses[4] + self.statuses[5],
            p50_ms=_ms(latency.percentile(0.50)),
            p95_ms=_ms(latency.percentile(0.95)),
            p99_ms=_ms(latency.percentile(0.99)),
            cache_hit_rate=self.cache_hits / lookups if lookups else None,
            quality_score=self.good / answers if answers else None,
            detail=Detail(
                client_errors=self.statuses[4],
                server_errors=self.statuses[5] - self.upstream,
                upstream_errors=self.upstream,
                cache_hits=self.cache_hits,
                cache_misses=self.cache_misses,
                fallbacks=self.fallbacks,
                latency_sum_seconds=latency.sum,
                latency_buckets=latency.cumulative(EXPORT_BOUNDS),
                status_classes=tuple(self.statuses),
            ),
        )


@dataclass(frozen=True, slots=True)
class Period:
    """What one collector counted between two drains (what the flusher writes).

    Attributes:
        environment: the collector's environment.
        start: when the period began (epoch seconds).
        end: when it was drained.
        overall: every request of the period.
        operations: (operation, figures), most requested first.
    """

    environment: str
    start: float
    end: float
    overall: Figures
    operations: tuple[tuple[str, Figures], ...]


class Collector:
    """Counts every answered request of one server process.

    Args:
        environment: the environment the server runs as (``testing``, ``staging`` ...).
        clock: epoch seconds (a test passes a fake one).

    Example:
        >>> c = Collector("testing")
        >>> c.observe("GET /pets", seconds=0.002, source="generated", status=200,
        ...           cache_hit=False, fallback=False, valid=True)
        >>> c.observe("GET /pets", seconds=0.001, source="generated", status=200,
        ...           cache_hit=True, fallback=False, valid=True)
        >>> s = c.snapshot()
        >>> s.overall.requests, s.overall.cache_hit_rate, s.overall.quality_score
        (2, 0.5, 1.0)
    """

    def __init__(
        self, environment: str = "development", *, clock: Callable[[], float] = time.time
    ) -> None:
        self.environment = environment
        self._clock = clock
        self._started = clock()
        self._period_start = self._started
        self._period: dict[str, Tally] = {}
        self._totals: dict[str, Tally] = {}
        self._confidence: tuple[int, ...] = ()
        self._pending: Callable[[], Iterable[_Scored | float]] | None = None

    def observe(
        self,
        operation: str,
        *,
        seconds: float,
        source: str,
        status: int,
        cache_hit: bool | None = None,
        fallback: bool = False,
        valid: bool | None = None,
    ) -> None:
        """Count one answered request (the hot path: O(1), no allocation).

        Args:
            operation: ``"METHOD /path"`` as the description spells it (or a fixed
                name such as ``"unmatched"`` for requests no operation took).
            seconds: how long the answer took.
            source: :attr:`specmock.models.Response.source`.
            status: the HTTP status sent.
            cache_hit: ``True``/``False`` when the cache was asked, ``None`` when not.
            fallback: the answer fell back (a shaped or upstream answer that failed).
            valid: the body validated against the description (``None``: not checked).
        """
        tally = self._period.get(operation)
        if tally is None:
            tally = self._period[operation] = Tally()
        tally.latency.add(seconds)
        kind = _SOURCES.get(source, _OTHER)
        tally.sources[kind] += 1
        tally.statuses[status // 100 if 100 <= status < 600 else 0] += 1
        if status == 502 or status == 504:  # two int compares: cheaper than a set lookup
            tally.upstream += 1
        if cache_hit is not None:
            if cache_hit:
                tally.cache_hits += 1
            else:
                tally.cache_misses += 1
        if kind != _OTHER:
            if fallback:
                tally.fallbacks += 1
            elif valid or kind == _RECORDED:
                tally.good += 1

    def pattern_confidence(
        self, matches: Iterable[_Scored | float] | Callable[[], Iterable[_Scored | float]]
    ) -> None:
        """Record the confidence distribution of the description's patterns (once, at load).

        Args:
            matches: :class:`~specmock.patterns.PatternMatch` values, or confidences; or a
                function giving them, called when a snapshot first needs them (recognising
                every operation of a large description takes a second or more, which
                start-up should not wait for).

        Example:
            >>> c = Collector()
            >>> c.pattern_confidence([0.95, 0.5, 1.0, 0.05])
            >>> c.snapshot().pattern_confidence
            (1, 0, 0, 0, 0, 1, 0, 0, 0, 2)
        """
        if callable(matches):
            self._pending = matches
            return
        bins = [0] * CONFIDENCE_BINS
        for match in matches:
            value = match if isinstance(match, int | float) else match.confidence
            bins[min(max(int(value * CONFIDENCE_BINS), 0), CONFIDENCE_BINS - 1)] += 1
        self._confidence = tuple(bins)
        self._pending = None

    def settle(self) -> None:
        """Work out a pending confidence distribution now (a server does it in a thread)."""
        pending = self._pending
        if pending is not None:
            self.pattern_confidence(pending())

    def drain(self) -> Period:
        """The counts since the last drain; they move into the totals.

        Example:
            >>> c = Collector()
            >>> c.observe("GET /a", seconds=0.001, source="live", status=200)
            >>> c.drain().overall.requests, c.drain().overall.requests
            (1, 0)
            >>> c.snapshot().overall.live
            1
        """
        period, self._period = self._period, {}
        start, end = self._period_start, self._clock()
        self._period_start = end
        for name, tally in period.items():
            total = self._totals.get(name)
            if total is None:
                self._totals[name] = Tally().merge(tally)
            else:
                total.merge(tally)
        return Period(
            environment=self.environment,
            start=start,
            end=end,
            overall=_overall(period.values()).figures(),
            operations=_ranked(period),
        )

    def snapshot(self) -> Snapshot:
        """Every count since the collector was made (the totals and the current period)."""
        merged = {name: Tally().merge(tally) for name, tally in self._totals.items()}
        for name, tally in self._period.items():
            merged.setdefault(name, Tally()).merge(tally)
        overall = _overall(merged.values()).figures()
        self.settle()
        return Snapshot(
            until=self._clock(),
            overall=overall,
            environment=self.environment,
            since=self._started,
            environments=((self.environment, overall),),
            operations=_ranked(merged),
            pattern_confidence=self._confidence,
        )


def _overall(tallies: Iterable[Tally]) -> Tally:
    total = Tally()
    for tally in tallies:
        total.merge(tally)
    return total


def _ranked(tallies: dict[str, Tally]) -> tuple[tuple[str, Figures], ...]:
    figures = [(name, tally.figures()) for name, tally in tallies.items()]
    figures.sort(key=lambda pair: (-pair[1].requests, pair[0]))
    return tuple(figures)


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else seconds * 1000.0
