"""Generation over the whole corpus: loads, responses produced, validity, time per response.

Run from the repository root (needs ``../shared/corpus`` and the test extras):

    python benchmarks/generation.py                 # all qualities, writes docs/benchmarks.md
    python benchmarks/generation.py --quick         # one body per response, no doc update

For every description in ``../shared/corpus/MANIFEST.tsv`` it loads the description
(timed), then for each quality level generates one body per documented JSON response
with the dynamic strategy (verification on, as shipped; the time is that of a second body
of the same response, after the schema was compiled on first use), and judges
every body with openapi-schema-validator and its format checker against the schema as
written in the original document. "Ordinary endpoints" are responses whose generated
body is under 16 KiB of JSON; the percentiles are given for them and for all.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "src"))

from judge import Judge  # noqa: E402
from specmock.config import Quality, Strategy  # noqa: E402
from specmock.engine import Engine  # noqa: E402
from specmock.errors import SpecmockError  # noqa: E402
from specmock.spec import load  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
QUALITIES = (Quality.BASIC, Quality.REALISTIC, Quality.PRODUCTION)
ORDINARY_BYTES = 16 * 1024


@dataclass
class QualityResult:
    produced: int = 0
    errors: int = 0  # the description contradicts itself: no valid body exists
    valid: int = 0
    unjudgeable: int = 0  # the judge cannot evaluate the schema (reason proven)
    invalid: list[str] = field(default_factory=list)
    times_ms: list[float] = field(default_factory=list)
    ordinary_ms: list[float] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="realistic only; no doc update")
    parser.add_argument("--only", help="comma-separated corpus names")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    args = parser.parse_args()

    with (CORPUS / "MANIFEST.tsv").open(newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    if args.only:
        wanted = set(args.only.split(","))
        rows = [r for r in rows if r["name"] in wanted]
    qualities = (Quality.REALISTIC,) if args.quick else QUALITIES

    results = {q: QualityResult() for q in qualities}
    unverified = QualityResult()  # realistic without the validator: the safety net's cost
    loaded = 0
    broken: list[str] = []
    load_times: list[tuple[float, str, int]] = []
    skipped_total = 0
    for row in rows:
        path = CORPUS / "specs" / row["name"] / row["entry"]
        started = time.perf_counter()
        try:
            spec = load(path)
        except SpecmockError as error:
            broken.append(f"{row['name']}: {error}")
            continue
        load_times.append((time.perf_counter() - started, row["name"], int(row["bytes"])))
        loaded += 1
        skipped_total += len(spec.skipped)
        judge = Judge(spec)
        for quality in qualities:
            engine = Engine(spec, quality=quality, seed=0)
            result = results[quality]
            for op, response, media in engine.documented_json_responses():
                try:
                    # The first call compiles the schema (once per schema, memoised);
                    # the second, another body of the same response, is what serving costs.
                    generated = engine.generate(
                        op,
                        status=response.status,
                        media_type=media.name,
                        strategy=Strategy.DYNAMIC,
                    )
                    t0 = time.perf_counter()
                    engine.generate(
                        op,
                        status=response.status,
                        media_type=media.name,
                        strategy=Strategy.DYNAMIC,
                        index=1,
                    )
                    elapsed = (time.perf_counter() - t0) * 1000
                except SpecmockError:
                    result.errors += 1
                    continue
                result.produced += 1
                result.times_ms.append(elapsed)
                size = len(json.dumps(generated.body))
                if size < ORDINARY_BYTES:
                    result.ordinary_ms.append(elapsed)
                if media.source is None or media.schema is None:
                    result.valid += 1
                    continue
                verdict, problems = judge.verdict(media, generated.body)
                if verdict == "unjudgeable":
                    result.unjudgeable += 1
                elif problems:
                    result.invalid.append(
                        f"{row['name']} {op.key} {response.status}: {problems[0]}"
                    )
                else:
                    result.valid += 1
        plain = Engine(spec, quality=Quality.REALISTIC, seed=0, verify=False)
        for op, response, media in plain.documented_json_responses():
            try:
                plain.generate(
                    op, status=response.status, media_type=media.name, strategy=Strategy.DYNAMIC
                )
                t0 = time.perf_counter()
                plain.generate(
                    op,
                    status=response.status,
                    media_type=media.name,
                    strategy=Strategy.DYNAMIC,
                    index=1,
                )
                unverified.times_ms.append((time.perf_counter() - t0) * 1000)
            except SpecmockError:
                continue
        print(f"{row['name']}: loaded in {load_times[-1][0]:.2f}s", file=sys.stderr)

    lines = [
        "## Generation over the corpus",
        "",
        f"Command: `python benchmarks/generation.py` · machine: {machine()} · "
        f"commit {git_commit()} · {time.strftime('%Y-%m-%d')}",
        "",
        f"Descriptions loaded: {loaded}/{len(rows)}; parts skipped as broken by their "
        f"authors: {skipped_total}.",
    ]
    if broken:
        lines += ["", "Descriptions that did not load:", ""] + [f"- {b}" for b in broken]
    lines += [
        "",
        "| quality | documented JSON responses | produced | no valid body (description "
        "contradicts itself) | valid by openapi-schema-validator | not judgeable | "
        "p50 ms | p99 ms | p99 ms ordinary (<16 KiB) | max ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for quality, r in results.items():
        total = r.produced + r.errors
        judged = r.produced - r.unjudgeable
        share = 100 * r.valid / judged if judged else 100.0
        lines.append(
            f"| {quality.value} | {total} | {r.produced} | {r.errors} | "
            f"{r.valid}/{judged} ({share:.2f}%) | {r.unjudgeable} | "
            f"{percentile(r.times_ms, 50):.3f} | {percentile(r.times_ms, 99):.3f} | "
            f"{percentile(r.ordinary_ms, 99):.3f} | {max(r.times_ms or [0]):.1f} |"
        )
    verified = results.get(Quality.REALISTIC)
    if verified is not None and unverified.times_ms:
        lines += [
            "",
            "Cost of verification (realistic, every response): "
            f"p50 {percentile(unverified.times_ms, 50):.3f} ms -> "
            f"{percentile(verified.times_ms, 50):.3f} ms, p99 "
            f"{percentile(unverified.times_ms, 99):.3f} ms -> "
            f"{percentile(verified.times_ms, 99):.3f} ms; total "
            f"{sum(unverified.times_ms) / 1000:.1f} s -> {sum(verified.times_ms) / 1000:.1f} s.",
        ]
    load_times.sort(reverse=True)
    lines += ["", "Load time of the largest descriptions (parse + normalise):", ""]
    for seconds, name, size in sorted(load_times, key=lambda t: -t[2])[:5]:
        lines.append(f"- {name} ({size / 1e6:.1f} MB): {seconds:.2f} s")
    # one description at a time, with the judge's validators too (compiled schemas and
    # validators are memoised per registry, a bounded number kept): the largest working
    # set, or what the memos kept across descriptions
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += ["", f"Peak memory of the run (max RSS): {peak_mb:.0f} MB."]
    report = "\n".join(lines)
    print(report)
    for quality, r in results.items():
        for problem in r.invalid[:20]:
            print(f"[{quality.value}] {problem}", file=sys.stderr)
    if not args.quick and not args.no_write and not args.only:
        write_section(report)
    return 0 if all(r.valid + r.unjudgeable == r.produced for r in results.values()) else 1


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_section(report: str) -> None:
    """Replace the generation section of docs/benchmarks.md, keeping the others."""
    doc = REPO / "docs" / "benchmarks.md"
    text = doc.read_text() if doc.exists() else "# Benchmarks\n"
    start = text.find("## Generation over the corpus")
    if start == -1:
        text = text.rstrip() + "\n\n" + report + "\n"
    else:
        end = text.find("\n## ", start + 1)
        text = text[:start] + report + "\n" + (text[end:] if end != -1 else "")
    doc.parent.mkdir(exist_ok=True)
    doc.write_text(text)


if __name__ == "__main__":
    raise SystemExit(main())
