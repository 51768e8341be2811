"""Counting answered requests on the hot path: one :class:`Collector` per server process.

Rules:

- Requests are counted in :class:`Slot` values, one per kind of answer: operation,
  source, status, cache result, fallback and quality together. Everything but the
  duration is the same for every request of a slot, so counting one is appending its
  duration to the slot's pending list (:meth:`Slot.add`); the server's hot path keeps
  the slot of each remembered answer and does only that.
- Pending durations are folded (:meth:`Slot.fold`) into the histogram of the slot's
  operation, one for all its slots (:meth:`Histogram.extend
  <specmock.analytics.histogram.Histogram.extend>`), once :data:`BATCH` wait, and when a
  period is drained or a snapshot taken: fewer than :data:`BATCH` durations wait per
  slot, and nothing else of a request is kept.
- Everything else is worked out when figures are asked for: sources, status classes,
  errors by kind, cache hits and misses, fallbacks and the quality score are a slot's
  count added to its operation's :class:`Tally`; the overall figures are the sum of the
  operations'. So a snapshot or a drain costs one step per slot and one histogram
  merge per operation.
- One event loop calls it, so there are no locks.
- Counting is split into the current period (since the last :meth:`Collector.drain`,
  which the flusher writes to the store) and the totals before it; a snapshot adds
  both, so it covers the whole life of the process. Slots live as long as the
  collector (the server keeps them); a drain empties them.
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
from itertools import chain
from typing import Protocol

from specmock.analytics.histogram import EXPORT_BOUNDS, Histogram
from specmock.analytics.snapshot import CONFIDENCE_BINS, Detail, Figures, Snapshot

__all__ = ["BATCH", "Collector", "Period", "Slot", "Tally"]

#: Durations a slot holds before folding them into its operation's histogram.
BATCH = 256

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


class Slot:
    """The answers of one kind: operation, source, status, cache result, fallback, quality.

    Made by :meth:`Collector.slot`, which keeps one per kind; a server keeps the slot of
    each answer it remembers and counts a repeat with :meth:`add` alone.

    Attributes:
        operation: ``"METHOD /path"`` (or ``"unmatched"``).
        kind: the source's index: mock, recorded, live or other.
        status: the HTTP status sent.
        cache_hit: ``True``/``False`` when the cache was asked, ``None`` when not.
        fallback: the answer is an answer (not other) and fell back.
        good: the answer is an answer, did not fall back, and validated or was recorded.
    """

    __slots__ = (
        "cache_hit",
        "count",
        "fallback",
        "good",
        "kind",
        "latency",
        "operation",
        "pending",
        "status",
    )

    def __init__(
        self,
        operation: str,
        kind: int,
        status: int,
        cache_hit: bool | None,
        fallback: bool,
        good: bool,
        latency: Histogram,
    ) -> None:
        self.operation = operation
        self.kind = kind
        self.status = status
        self.cache_hit = cache_hit
        self.fallback = fallback
        self.good = good
        #: Durations not yet folded into :attr:`latency` (fewer than :data:`BATCH`).
        self.pending: list[float] = []
        #: Answers folded into :attr:`latency` this period.
        self.count = 0
        #: The operation's durations this period (one histogram for all its slots).
        self.latency = latency

    def add(self, seconds: float) -> None:
        """Count one answer that took ``seconds`` (the hot path: an append).

        Example:
            >>> s = Collector().slot("GET /a", source="generated", status=200)
            >>> s.add(0.002); s.add(0.001); s.fold()
            >>> s.count, s.latency.max
            (2, 0.002)
        """
        pending = self.pending
        pending.append(seconds)
        if len(pending) >= BATCH:
            self.fold()

    def fold(self) -> None:
        """Move the pending durations into the operation's histogram and :attr:`count`."""
        pending = self.pending
        if pending:
            self.latency.extend(pending)
            self.count += len(pending)
            pending.clear()


class Tally:
    """The counts of one operation, added up from its slots when figures are asked for."""

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

    def count(self, slot: Slot, n: int) -> Tally:
        """Add ``n`` answers of ``slot``'s kind (their durations are added apart, per
        operation); returns ``self``."""
        self.sources[slot.kind] += n
        status = slot.status
        self.statuses[status // 100 if 100 <= status < 600 else 0] += n
        if status == 502 or status == 504:
            self.upstream += n
        if slot.cache_hit is not None:
            if slot.cache_hit:
                self.cache_hits += n
            else:
                self.cache_misses += n
        if slot.fallback:
            self.fallbacks += n
        if slot.good:
            self.good += n
        return self

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
        self._slots: dict[tuple[str, int, int, bool | None, bool, bool], Slot] = {}
        # Each operation's durations this period, shared by its slots.
        self._latency: dict[str, Histogram] = {}
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
        """Count one answered request: its :meth:`slot`'s :meth:`Slot.add`.

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
        self.slot(
            operation,
            source=source,
            status=status,
            cache_hit=cache_hit,
            fallback=fallback,
            valid=valid,
        ).add(seconds)

    def slot(
        self,
        operation: str,
        *,
        source: str,
        status: int,
        cache_hit: bool | None = None,
        fallback: bool = False,
        valid: bool | None = None,
    ) -> Slot:
        """The slot requests of this kind count in (the same one every time).

        Takes :meth:`observe`'s arguments but the duration. A caller that answers the
        same kind of request again and again keeps the slot and calls its
        :meth:`Slot.add` (the server's hot path does).

        Example:
            >>> c = Collector()
            >>> hit = c.slot("GET /pets", source="generated", status=200, cache_hit=True,
            ...              valid=True)
            >>> for _ in range(3):
            ...     hit.add(0.001)
            >>> c.snapshot().overall.cache_hit_rate, c.snapshot().overall.requests
            (1.0, 3)
        """
        kind = _SOURCES.get(source, _OTHER)
        answer = kind != _OTHER
        fell = answer and fallback
        good = answer and not fallback and bool(valid or kind == _RECORDED)
        key = (operation, kind, status, cache_hit, fell, good)
        found = self._slots.get(key)
        if found is None:
            latency = self._latency.get(operation)
            if latency is None:
                latency = self._latency[operation] = Histogram()
            found = Slot(operation, kind, status, cache_hit, fell, good, latency)
            self._slots[key] = found
        return found

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
        period = self._current(restart=True)
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
        for name, tally in self._current(restart=False).items():
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

    def _current(self, *, restart: bool) -> dict[str, Tally]:
        """The current period's tallies, pending durations folded; ``restart`` empties
        the slots and histograms for the next period."""
        # Fold every slot's pending durations, one sort per operation rather than per slot.
        waiting: dict[str, list[list[float]]] = {}
        for slot in self._slots.values():
            pending = slot.pending
            if pending:
                slot.count += len(pending)
                waiting.setdefault(slot.operation, []).append(pending)
        for name, lists in waiting.items():
            self._latency[name].extend(chain.from_iterable(lists))
            for pending in lists:
                pending.clear()
        tallies: dict[str, Tally] = {}
        for slot in self._slots.values():
            if slot.count:
                tally = tallies.get(slot.operation)
                if tally is None:
                    tally = tallies[slot.operation] = Tally()
                tally.count(slot, slot.count)
                if restart:
                    slot.count = 0
        for name, tally in tallies.items():
            latency = self._latency[name]
            tally.latency.merge(latency)
            if restart:
                latency.clear()
        return tallies


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
