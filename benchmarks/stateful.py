"""Stateful round trips over the corpus: how many kept collections take a create from the
state, how many of those hold the item in an envelope, and how many reads answer the
created item by its id.

    python benchmarks/stateful.py [--json]

Each description's collections are sent the requests ``specmock testgen`` writes
(``tests/round_trips.py``, which ``tests/http/test_stateful_corpus.py`` asserts on).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

from corpus import corpus_entries  # noqa: E402
from round_trips import Trips, round_trips  # noqa: E402
from specmock.engine import Engine  # noqa: E402

FIGURES = (
    "creates",
    "stored",
    "enveloped",
    "invalid",
    "reads",
    "read_back",
    "home_reads",
    "home_read_back",
    "warned",
    "missed",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    entries = corpus_entries()
    if not entries:
        print("no corpus at ../shared/corpus", file=sys.stderr)
        return 2
    started = time.perf_counter()
    total = Trips()
    per: dict[str, dict[str, int]] = {}
    for entry in entries:
        trips = round_trips(Engine.from_source(entry.path))
        if trips.creates:
            per[entry.name] = {k: getattr(trips, k) for k in FIGURES}
        for key in FIGURES:
            setattr(total, key, getattr(total, key) + getattr(trips, key))
        total.failures += [f"{entry.name}: {f}" for f in trips.failures]
    summary = {k: v for k, v in asdict(total).items() if k != "failures"}
    summary["descriptions"] = len(per)
    summary["seconds"] = round(time.perf_counter() - started, 1)
    if args.json:
        print(json.dumps({"total": summary, "per_description": per, "failures": total.failures}))
        return 0
    width = max(len(name) for name in per) if per else 10
    print(f"{'description':<{width}}  " + "  ".join(f"{k:>9}" for k in FIGURES))
    for name, figures in per.items():
        print(f"{name:<{width}}  " + "  ".join(f"{figures[k]:>9}" for k in FIGURES))
    print(f"{'total':<{width}}  " + "  ".join(f"{summary[k]:>9}" for k in FIGURES))
    print(f"{summary['descriptions']} descriptions with kept collections, {summary['seconds']} s")
    for failure in total.failures:
        print(f"FAIL {failure}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
