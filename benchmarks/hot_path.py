"""Instructions per cached answer, in process, with analytics on and off (callgrind).

    python benchmarks/hot_path.py [--json] [--requests N] [--seeds N]

Builds the server's ASGI app exactly as ``specmock serve`` does (memory cache, the
embedded SQLite store, analytics on or off) for the corpus's petstore-expanded, and
drives ``GET /pets/42`` with ``Prefer: dynamic=false`` through it N times, in process
(no socket, no uvicorn). Each configuration runs under ``valgrind --tool=callgrind``
twice, with 100 and 100 + N requests; the difference of the two totals over N is the
instruction count of one answer, start-up and the first (uncached) answer excluded.
Instructions, not seconds: the count is the same whatever else the machine is doing,
so a difference of a few per cent is real.

String hashes, and with them dict probe sequences and the depth of the context
variables' HAMT, depend on ``PYTHONHASHSEED``: from one random seed to another the
count of one answer moves by up to ~1,100 instructions, too much to see a cost of a
few thousand. So every run has a fixed seed (the same seed and paths give the same
count to a few instructions) and both configurations run under each of ``--seeds``
seeds (0, 1, ...): the figures are each configuration's median over the seeds, and
analytics' cost is the median of the per-seed differences (on minus off under the
same seed, where most of a seed's shift cancels). Needs ``valgrind`` (Debian's
package); the 4 x ``--seeds`` runs take two to three minutes per seed on two cores.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "specs"
SPEC = CORPUS / "oai-petstore-expanded" / "petstore-expanded.yaml"
BASE = 100


def drive(analytics: bool, requests: int, database: str) -> None:
    """Answer ``requests`` identical requests through the app (run under callgrind)."""
    from specmock.cli.options import spec_source
    from specmock.http.factory import ServeOptions

    options = ServeOptions(
        spec_source(str(SPEC)), cache="memory", analytics=analytics, database_url=database
    )
    app = options.app(options.engine())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": "/pets/42",
        "raw_path": b"/pets/42",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:4010"), (b"prefer", b"dynamic=false")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 4010),
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: object) -> None:
        return None

    async def run() -> None:
        loop = asyncio.get_running_loop()
        for _ in range(requests):  # one task per request, as uvicorn runs them
            await loop.create_task(app(dict(scope), receive, send))

    gc.collect()
    gc.freeze()
    asyncio.run(run())


def instructions(analytics: bool, requests: int, seed: int) -> int:
    """The total instruction count of one ``drive`` under callgrind, with hash seed ``seed``.

    The store's path is part of what the run hashes, so it is the same from one run of a
    job to the next (a random temporary name would move the count by hundreds).
    """
    name = f"specmock-hot-path-{'on' if analytics else 'off'}-{requests}-{seed}"
    folder = Path(tempfile.gettempdir()) / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    try:
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={folder}/out",
            sys.executable,
            __file__,
            "--drive",
            "on" if analytics else "off",
            str(requests),
            f"sqlite:///{folder}/store.db",
        ]
        env = {**os.environ, "PYTHONHASHSEED": str(seed)}
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind said nothing countable:\n{done.stderr[-500:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seeds", type=int, default=3, help="hash seeds per configuration")
    parser.add_argument("--drive", nargs=3, metavar=("ON_OFF", "N", "DATABASE_URL"))
    args = parser.parse_args()
    if args.drive:
        on_off, n, database = args.drive
        drive(on_off == "on", int(n), database)
        return 0
    if shutil.which("valgrind") is None:
        print("needs valgrind: apt-get install -y valgrind", file=sys.stderr)
        return 2
    if not SPEC.exists():
        print(f"no corpus at {SPEC}", file=sys.stderr)
        return 2
    n = args.requests
    seeds = range(args.seeds)
    jobs = [
        (on, count, seed) for seed in seeds for on in (True, False) for count in (BASE, BASE + n)
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        totals = dict(zip(jobs, pool.map(lambda job: instructions(*job), jobs), strict=True))
    runs = {
        on: [(totals[(on, BASE + n, seed)] - totals[(on, BASE, seed)]) / n for seed in seeds]
        for on in (True, False)
    }
    per = {on: statistics.median(counts) for on, counts in runs.items()}
    paired = [on - off for on, off in zip(runs[True], runs[False], strict=True)]
    added = statistics.median(paired)
    cost = added / per[False]
    result = {
        "requests": n,
        "seeds": args.seeds,
        "instructions_per_answer": {"analytics_on": per[True], "analytics_off": per[False]},
        "analytics_instructions": added,
        "analytics_share": cost,
        "per_seed": {"analytics_on": runs[True], "analytics_off": runs[False], "added": paired},
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"instructions per cached answer, in process ({n:,} requests, callgrind, "
        f"hash seeds 0 to {args.seeds - 1}, median):"
    )
    for on, label in ((True, "analytics on "), (False, "analytics off")):
        each = ", ".join(f"{c:,.0f}" for c in runs[on])
        print(f"  {label}  {per[on]:>10,.0f}   (seeds: {each})")
    each = ", ".join(f"{c:,.0f}" for c in paired)
    print(
        f"  analytics adds {added:>10,.0f}   (seeds: {each}): {cost:.1%} of the app's own "
        "work (uvicorn and the socket excluded)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
