"""The cost of analytics on the hot path: nanoseconds per ``Collector.observe``.

    python benchmarks/analytics.py [--json] [--iterations N]

Observes N requests (default 1,000,000) spread over 20 operations, with realistic
latencies (log-normal around 2 ms), sources, statuses and cache results drawn up front
from a seeded generator, so only ``observe`` is timed (``perf_counter_ns`` around the
whole loop, minus an empty loop over the same data). Also times ``Histogram.add`` alone
and one ``snapshot()``. Prints a table (or JSON) and writes nothing else.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from specmock.analytics import Collector, Histogram

SEED = 20240601
OPERATIONS = [f"GET /resource{i}/{{id}}" for i in range(20)]
SOURCES = ["generated"] * 8 + ["example", "recorded", "live"]
STATUSES = [200] * 17 + [404, 422, 502]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--iterations", type=int, default=1_000_000)
    args = parser.parse_args()
    n = args.iterations
    rng = random.Random(SEED)
    calls = [
        (
            rng.choice(OPERATIONS),
            rng.lognormvariate(-6.2, 0.8),
            rng.choice(SOURCES),
            rng.choice(STATUSES),
            rng.random() < 0.8,
            rng.random() < 0.05,
            rng.random() < 0.95,
        )
        for _ in range(n)
    ]

    start = time.perf_counter_ns()
    for _call in calls:
        pass
    empty = time.perf_counter_ns() - start

    collector = Collector("bench")
    observe = collector.observe
    start = time.perf_counter_ns()
    for op, seconds, source, status, hit, fallback, valid in calls:
        observe(
            op,
            seconds=seconds,
            source=source,
            status=status,
            cache_hit=hit,
            fallback=fallback,
            valid=valid,
        )
    observed = time.perf_counter_ns() - start - empty

    histogram = Histogram()
    add = histogram.add
    start = time.perf_counter_ns()
    for call in calls:
        add(call[1])
    added = time.perf_counter_ns() - start - empty

    start = time.perf_counter_ns()
    snapshot = collector.snapshot()
    snap_us = (time.perf_counter_ns() - start) / 1000
    assert snapshot.overall.requests == n

    result = {
        "iterations": n,
        "observe_ns": round(observed / n, 1),
        "histogram_add_ns": round(added / n, 1),
        "snapshot_us": round(snap_us, 1),
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"{'observe (ns/call)':<22}{result['observe_ns']:>10}")
    print(f"{'Histogram.add (ns)':<22}{result['histogram_add_ns']:>10}")
    print(f"{'snapshot (us)':<22}{result['snapshot_us']:>10}")


if __name__ == "__main__":
    main()
