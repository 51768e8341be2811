"""The histogram: percentiles against known distributions, merging, its JSON form."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from specmock.analytics.histogram import BOUNDS, EXPORT_BOUNDS, Histogram

#: The worst relative error of a bucket's geometric middle (buckets are <= 10.41% wide).
PRECISION = math.sqrt(max(b / a for a, b in itertools.pairwise(BOUNDS))) - 1
QUANTILES = (0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999)


def nearest_rank(ordered: list[float], q: float) -> float:
    return ordered[max(1, math.ceil(q * len(ordered))) - 1]


def filled(values: list[float]) -> Histogram:
    histogram = Histogram()
    for value in values:
        histogram.add(value)
    return histogram


def test_buckets_are_about_ten_percent_wide_and_keep_prometheus_bounds() -> None:
    ratios = [b / a for a, b in itertools.pairwise(BOUNDS)]
    assert 1.09 < min(ratios) <= max(ratios) < 1.105
    assert BOUNDS[0] == 1e-6 and BOUNDS[-1] == 100.0
    assert set(EXPORT_BOUNDS) <= set(BOUNDS)
    assert PRECISION < 0.051


@pytest.mark.parametrize(
    ("name", "inverse_cdf"),
    [
        ("uniform 1-100 ms", lambda u: 0.001 + u * 0.099),
        ("exponential mean 5 ms", lambda u: -0.005 * math.log(1.0 - u)),
        ("log-uniform 10 us-10 s", lambda u: 1e-5 * 10.0 ** (6.0 * u)),
    ],
    ids=["uniform", "exponential", "log-uniform"],
)
def test_percentiles_of_a_known_distribution(name: str, inverse_cdf: object) -> None:
    # The distribution's quantiles at (i + 0.5) / n: the q-quantile of these values is
    # the distribution's own q-quantile, to within one step.
    assert callable(inverse_cdf)
    n = 20_000
    values = [inverse_cdf((i + 0.5) / n) for i in range(n)]
    histogram = filled(values)
    for q in QUANTILES:
        exact = inverse_cdf(q)
        estimate = histogram.percentile(q)
        assert estimate is not None
        assert abs(estimate - exact) / exact <= PRECISION + 0.002, (name, q, estimate, exact)


def test_percentiles_are_within_bucket_precision_of_the_sample() -> None:
    rng = random.Random(20240601)
    values = [rng.lognormvariate(-6.0, 1.2) for _ in range(5_000)]
    histogram = filled(values)
    ordered = sorted(values)
    for q in QUANTILES:
        estimate, exact = histogram.percentile(q), nearest_rank(ordered, q)
        assert estimate is not None
        assert abs(estimate - exact) / exact <= PRECISION, q
    assert histogram.percentile(0.0) == ordered[0]
    assert histogram.percentile(1.0) == ordered[-1]
    assert histogram.count == len(values)
    assert histogram.sum == pytest.approx(sum(values))


def test_an_empty_histogram_has_no_percentile_and_q_is_checked() -> None:
    assert Histogram().percentile(0.5) is None
    with pytest.raises(ValueError, match="between 0 and 1"):
        Histogram().percentile(99)


def test_extremes_land_in_the_outer_buckets() -> None:
    histogram = filled([0.0, -1.0, 5e-7, 500.0])
    assert histogram.counts[0] == 3 and histogram.counts[-1] == 1
    assert histogram.percentile(1.0) == 500.0
    assert histogram.percentile(0.5) == 1e-6  # the first bucket: up to 1 µs


def test_merge_is_associative_and_equals_adding_everything() -> None:
    rng = random.Random(7)
    parts = [[rng.expovariate(200.0) for _ in range(n)] for n in (300, 0, 1_000)]
    a, b, c = (filled(p) for p in parts)
    left = a.copy().merge(b).merge(c)
    right = a.copy().merge(b.copy().merge(c))
    assert left == right == filled([v for p in parts for v in p])
    assert left.count == 1_300


def test_dict_form_is_sparse_and_round_trips() -> None:
    histogram = filled([0.001, 0.001, 0.25])
    data = histogram.to_dict()
    assert len(data["buckets"]) == 2
    assert Histogram.from_dict(data) == histogram
    assert Histogram.from_dict(Histogram().to_dict()) == Histogram()


@pytest.mark.parametrize(
    "data",
    [{"format": 99}, {"format": 1, "buckets": {"999": 1}}],
    ids=["format", "bucket-range"],
)
def test_a_foreign_dict_is_refused(data: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Histogram.from_dict(data)


def test_cumulative_counts_match_the_values() -> None:
    values = [0.00005, 0.0003, 0.001, 0.004, 0.2, 20.0]
    histogram = filled(values)
    assert histogram.cumulative() == tuple(
        sum(v <= bound for v in values) for bound in EXPORT_BOUNDS
    )


@pytest.mark.parametrize(
    "values",
    [
        [],
        [0.002],
        [0.0, -1.0, 5e-7, 1e-6, 500.0, 100.0],
        list(BOUNDS),  # every value exactly on a bound stays in that bound's bucket
        [math.nextafter(b, math.inf) for b in BOUNDS],  # just above: the next bucket
        [random.Random(3).lognormvariate(-6.0, 2.0) for _ in range(2_000)],
    ],
    ids=["empty", "one", "extremes", "on-bounds", "above-bounds", "lognormal"],
)
def test_extend_counts_as_adding_each_value(values: list[float]) -> None:
    one_by_one = filled(values)
    batched = Histogram().extend(values)
    assert batched == one_by_one
    assert batched.counts == one_by_one.counts
    assert (batched.min, batched.max) == (one_by_one.min, one_by_one.max)


def test_extend_adds_to_what_is_there() -> None:
    histogram = filled([0.004, 0.5])
    histogram.extend([0.001, 0.25]).extend([])
    assert histogram == filled([0.004, 0.5, 0.001, 0.25])
    assert histogram.percentile(0.0) == 0.001 and histogram.percentile(1.0) == 0.5
