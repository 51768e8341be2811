"""A latency histogram with fixed log-spaced buckets: O(1) to add, mergeable, tiny.

Rules:

- The bucket bounds are one fixed table, :data:`BOUNDS`, shared by every process and
  version, so histograms merge by adding counts and survive a trip through JSON.
  Between 1 µs and 100 s each decade holds 24 buckets, each about 10% wide, and the
  decade's 1, 2.5 and 5 are exact bounds (so the Prometheus buckets in
  :data:`EXPORT_BOUNDS`, Prometheus' own 1-2.5-5 series, are sums of whole buckets).
- A bucket holds the values ``bounds[i - 1] < x <= bounds[i]`` (Prometheus' ``le``);
  bucket 0 holds everything up to 1 µs, the last one everything above 100 s.
- A percentile is the geometric middle of the bucket the rank falls in, clamped to
  the smallest and largest value seen: at most ~5% from the true sample percentile.
- No samples are kept: ``add`` is one ``bisect`` and three updates; ``extend`` counts a
  batch (the collector's pending durations) with one sort and one ``bisect`` per bound
  between the batch's smallest and largest value, all in C.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from itertools import repeat
from operator import add, sub
from typing import Any

__all__ = ["BOUNDS", "EXPORT_BOUNDS", "Histogram"]


def _decade_steps() -> tuple[float, ...]:
    """The 24 bounds of one decade above 1: 1→2.5 in 10 steps, 2.5→5 and 5→10 in 7."""
    steps: list[float] = []
    for low, high, n in ((1.0, 2.5, 10), (2.5, 5.0, 7), (5.0, 10.0, 7)):
        steps.extend(low * (high / low) ** (i / n) for i in range(1, n))
        steps.append(high)
    return tuple(steps)


def _bounds() -> tuple[float, ...]:
    bounds = [1e-6]
    for exponent in range(-6, 2):  # 1 µs ... 100 s
        scale = 10.0**exponent
        for step in _decade_steps():
            # Exact decimals for the 1-2.5-5 bounds, so 0.005 is the float 0.005.
            rounded = float(f"{step * scale:.12g}")
            bounds.append(rounded)
    return tuple(bounds)


#: The upper bounds (seconds) of the buckets, ascending: 1e-06 ... 100.0.
BOUNDS: tuple[float, ...] = _bounds()

#: The bounds a Prometheus histogram exposes: 100 µs ... 10 s, Prometheus' 1-2.5-5.
EXPORT_BOUNDS: tuple[float, ...] = (
    0.0001,
    0.00025,
    0.0005,
    0.001,
    0.0025,
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1.0,
    2.5,
    5.0,
    10.0,
)

_SIZE = len(BOUNDS) + 1  # bucket 0 (<= 1 µs) ... bucket len(BOUNDS) (> 100 s)
_FORMAT = 1


class Histogram:
    """Counts of durations in fixed log-spaced buckets.

    Example:
        >>> h = Histogram()
        >>> for ms in range(1, 101):
        ...     h.add(ms / 1000)
        >>> h.count, abs(h.percentile(0.5) - 0.050) < 0.05 * 0.050
        (100, True)
        >>> h.merge(Histogram.from_dict(h.to_dict())).count
        200
    """

    __slots__ = ("count", "counts", "max", "min", "sum")

    def __init__(self) -> None:
        #: How many values were added.
        self.count = 0
        #: Their sum, in seconds.
        self.sum = 0.0
        #: The smallest and largest value added (``inf``/``-inf`` when empty).
        self.min = math.inf
        self.max = -math.inf
        #: One count per bucket (see :data:`BOUNDS`).
        self.counts = [0] * _SIZE

    def add(self, seconds: float) -> None:
        """Count one duration (negative values count as 0).

        Example:
            >>> h = Histogram(); h.add(0.002); h.count
            1
        """
        if seconds < 0.0:
            seconds = 0.0
        self.counts[bisect_left(BOUNDS, seconds)] += 1
        self.count += 1
        self.sum += seconds
        if seconds < self.min:
            self.min = seconds
        if seconds > self.max:
            self.max = seconds

    def extend(self, values: Iterable[float]) -> Histogram:
        """Count many durations at once, as :meth:`add` counts each; returns ``self``.

        The values are sorted once; each bucket between the smallest and the largest
        takes the values up to its bound (one ``bisect``), so the cost per value is the
        sort's, with no Python step per value or per bucket.

        Example:
            >>> h = Histogram().extend([0.003, 0.001, -1.0])
            >>> h.count, h.min, h.max, h == Histogram().extend([0.0, 0.001, 0.003])
            (3, 0.0, 0.003, True)
        """
        ordered = sorted(values)
        n = len(ordered)
        if not n:
            return self
        if ordered[0] < 0.0:  # negative values count as 0, as in add
            negative = bisect_left(ordered, 0.0)
            ordered[:negative] = [0.0] * negative
        low, high = ordered[0], ordered[-1]
        first, last = bisect_left(BOUNDS, low), bisect_left(BOUNDS, high)
        # How many values are <= each bound from the smallest's bucket to the largest's,
        # then per bucket the difference with the bound before: all of it in C.
        ends = [*map(bisect_right, repeat(ordered), BOUNDS[first:last]), n]
        starts = [0, *ends[:-1]]
        span = slice(first, last + 1)
        self.counts[span] = map(add, self.counts[span], map(sub, ends, starts))
        self.count += n
        self.sum += sum(ordered)
        if low < self.min:
            self.min = low
        if high > self.max:
            self.max = high
        return self

    def merge(self, other: Histogram) -> Histogram:
        """Add ``other``'s counts to this histogram; returns ``self``.

        Example:
            >>> a, b = Histogram(), Histogram()
            >>> a.add(0.001); b.add(0.003)
            >>> a.merge(b).count, a.max
            (2, 0.003)
        """
        if other.count:
            self.counts = list(map(add, self.counts, other.counts))  # in C, bucket by bucket
            self.count += other.count
            self.sum += other.sum
            self.min = min(self.min, other.min)
            self.max = max(self.max, other.max)
        return self

    def clear(self) -> None:
        """Forget every value, in place (whoever holds this histogram sees it empty).

        Example:
            >>> h = Histogram().extend([0.001, 0.002]); h.clear(); h == Histogram()
            True
        """
        self.count = 0
        self.sum = 0.0
        self.min = math.inf
        self.max = -math.inf
        self.counts = [0] * _SIZE

    def copy(self) -> Histogram:
        """An independent copy."""
        return Histogram().merge(self)

    def percentile(self, q: float) -> float | None:
        """The ``q``-quantile in seconds (``q`` in [0, 1]), ``None`` when empty.

        The nearest-rank value's bucket (narrowed to the smallest and largest value
        seen), estimated by its geometric middle: at most ~5% off.

        Example:
            >>> h = Histogram()
            >>> for n in range(1, 11):
            ...     h.add(float(n))
            >>> round(h.percentile(0.9), 2), h.percentile(1.0)
            (8.62, 10.0)
        """
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"a quantile is between 0 and 1, not {q!r}")
        if not self.count:
            return None
        rank = max(1, math.ceil(q * self.count))
        if rank == 1:
            return self.min
        if rank == self.count:
            return self.max
        seen = 0
        index = 0
        for index, n in enumerate(self.counts):  # noqa: B007 - index is used below
            seen += n
            if seen >= rank:
                break
        # The bucket, narrowed to the values seen.
        low = max(BOUNDS[index - 1] if index else 0.0, self.min)
        high = min(BOUNDS[index] if index < len(BOUNDS) else math.inf, self.max)
        return math.sqrt(low * high) if low > 0.0 else high

    def cumulative(self, bounds: tuple[float, ...] = EXPORT_BOUNDS) -> tuple[int, ...]:
        """How many values are ``<= b`` for each ``b`` of ``bounds`` (each one of :data:`BOUNDS`).

        Example:
            >>> h = Histogram(); h.add(0.0004); h.add(0.003)
            >>> h.cumulative((0.0005, 0.005))
            (1, 2)
        """
        totals: list[int] = []
        seen, upto = 0, 0
        for bound in bounds:
            end = bisect_left(BOUNDS, bound) + 1
            seen += sum(self.counts[upto:end])
            upto = end
            totals.append(seen)
        return tuple(totals)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form with only the non-empty buckets.

        Example:
            >>> h = Histogram(); h.add(0.001)
            >>> h.to_dict()["buckets"]
            {'72': 1}
        """
        return {
            "format": _FORMAT,
            "count": self.count,
            "sum": self.sum,
            "min": self.min if self.count else None,
            "max": self.max if self.count else None,
            "buckets": {str(i): n for i, n in enumerate(self.counts) if n},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Histogram:
        """The histogram :meth:`to_dict` described.

        Raises:
            ValueError: for another format or a bucket index out of range.
        """
        if data.get("format") != _FORMAT:
            raise ValueError(f"unknown histogram format {data.get('format')!r}")
        histogram = cls()
        for key, n in dict(data.get("buckets", {})).items():
            index = int(key)
            if not 0 <= index < _SIZE:
                raise ValueError(f"histogram bucket {index} is out of range")
            histogram.counts[index] += int(n)
        histogram.count = sum(histogram.counts)
        histogram.sum = float(data.get("sum", 0.0))
        if histogram.count:
            histogram.min = float(data["min"])
            histogram.max = float(data["max"])
        return histogram

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Histogram):
            return NotImplemented
        return (self.counts, self.count, self.min, self.max) == (
            other.counts,
            other.count,
            other.min,
            other.max,
        ) and math.isclose(self.sum, other.sum, rel_tol=1e-9, abs_tol=1e-12)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        return f"<Histogram count={self.count} sum={self.sum:.6g}s>"
