"""Generated suites over the whole corpus: how many pass completely, tests, largest run time.

Run from the repository root (needs ``../shared/corpus`` and the test extras):

    python benchmarks/testgen.py                  # every description
    python benchmarks/testgen.py --only stripe    # names containing "stripe"
    python benchmarks/testgen.py --keep /tmp/suites   # keep the generated suites there

For every description in ``../shared/corpus/MANIFEST.tsv`` it generates the suite with
``specmock testgen`` (library call, timed) into a temporary folder and runs it with pytest
in a subprocess against the mock (the plugin's default mode). A suite *passes
completely* when pytest exits 0: no failure and no error (skipped and expected-failure
tests are counted apart). The largest description (by bytes in the manifest) is run on
its own, after the others, so its run time is not shared with another suite's.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from specmock.errors import SpecmockError  # noqa: E402
from specmock.testgen import generate_tests  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"


@dataclass
class Outcome:
    name: str
    size: int
    generate_s: float = 0.0
    run_s: float = 0.0
    tests: int = 0
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    xfailed: int = 0
    exit_code: int = -1
    error: str = ""
    failures: tuple[str, ...] = ()


def entries(only: str | None) -> list[tuple[str, int, Path]]:
    with (CORPUS / "MANIFEST.tsv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    found = [(r["name"], int(r["bytes"]), CORPUS / "specs" / r["name"] / r["entry"]) for r in rows]
    return [e for e in found if only is None or only in e[0]]


def run_suite(name: str, size: int, spec: Path, root: Path) -> Outcome:
    outcome = Outcome(name, size)
    out = root / name
    start = time.perf_counter()
    try:
        generate_tests(spec, out)
    except (SpecmockError, OSError) as error:
        outcome.error = f"generation failed: {error}"
        return outcome
    outcome.generate_s = time.perf_counter() - start
    junit = root / f"{name}.xml"
    command = [sys.executable, "-m", "pytest", str(out), "-q", "-p", "no:cacheprovider"]
    command += [f"--junitxml={junit}", "-o", "junit_family=xunit2", "--rootdir", str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, cwd=out, check=False)
    outcome.run_s = time.perf_counter() - start
    outcome.exit_code = result.returncode
    if not junit.exists():
        outcome.error = (result.stdout + result.stderr).strip().splitlines()[-1:][0:1].__str__()
        return outcome
    suite = ET.parse(junit).getroot()
    failures: list[str] = []
    for case in suite.iter("testcase"):
        outcome.tests += 1
        kinds = {child.tag for child in case}
        if kinds & {"failure", "error"}:
            outcome.failed += 1
            message = next(
                (c.get("message", "") for c in case if c.tag in ("failure", "error")), ""
            )
            failures.append(
                f"{case.get('name')}: {message.splitlines()[0][:300] if message else ''}"
            )
        elif "skipped" in kinds:
            skipped = next(c for c in case if c.tag == "skipped")
            if "xfail" in (skipped.get("type", "") + skipped.get("message", "")).lower():
                outcome.xfailed += 1
            else:
                outcome.skipped += 1
        else:
            outcome.passed += 1
    outcome.failures = tuple(failures)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="only descriptions whose name contains this")
    parser.add_argument("--keep", help="generate the suites in this folder and keep them")
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2) - 0))
    args = parser.parse_args()
    if not (CORPUS / "MANIFEST.tsv").exists():
        sys.exit("../shared/corpus is absent")
    todo = entries(args.only)
    largest = max(todo, key=lambda e: e[1])
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(args.keep) if args.keep else Path(scratch)
        root.mkdir(parents=True, exist_ok=True)
        rest = [e for e in todo if e is not largest]
        with ThreadPoolExecutor(args.jobs) as pool:
            outcomes = list(pool.map(lambda e: run_suite(*e, root), rest))
        outcomes.append(run_suite(*largest, root))
    outcomes.sort(key=lambda o: o.size)
    print(
        f"{'description':42} {'tests':>6} {'pass':>6} {'fail':>5} {'skip':>5} {'xfail':>5} "
        f"{'gen s':>7} {'run s':>7}"
    )
    for o in outcomes:
        print(
            f"{o.name:42} {o.tests:6} {o.passed:6} {o.failed:5} {o.skipped:5} {o.xfailed:5} "
            f"{o.generate_s:7.1f} {o.run_s:7.1f}{'  ' + o.error if o.error else ''}"
        )
        for failure in o.failures[:5]:
            print(f"    FAILED {failure}")
    complete = sum(1 for o in outcomes if o.exit_code == 0)
    big = next(o for o in outcomes if o.name == largest[0])
    print()
    print(f"suites passing completely: {complete} / {len(outcomes)}")
    print(
        f"tests in all: {sum(o.tests for o in outcomes)} "
        f"(passed {sum(o.passed for o in outcomes)}, failed {sum(o.failed for o in outcomes)}, "
        f"skipped {sum(o.skipped for o in outcomes)}, xfailed {sum(o.xfailed for o in outcomes)})"
    )
    print(
        f"largest description: {big.name} ({big.size:,} bytes): {big.tests} tests, "
        f"suite run {big.run_s:.1f} s (generation {big.generate_s:.1f} s)"
    )


if __name__ == "__main__":
    main()
