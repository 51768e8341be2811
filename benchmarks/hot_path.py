"""Instructions per cached answer, in process, with analytics on and off (callgrind).

    python benchmarks/hot_path.py [--json] [--requests N]

Builds the server's ASGI app exactly as ``specmock serve`` does (memory cache, the
embedded SQLite store, analytics on or off) for the corpus's petstore-expanded, and
drives ``GET /pets/42`` with ``Prefer: dynamic=false`` through it N times, in process
(no socket, no uvicorn). Each configuration runs under ``valgrind --tool=callgrind``
twice, with 100 and 100 + N requests; the difference of the two totals over N is the
instruction count of one answer, start-up and the first (uncached) answer excluded.
Instructions, not seconds: the count is the same whatever else the machine is doing,
so a difference of a few per cent is real. Needs ``valgrind`` (Debian's package); the
four runs take a few minutes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import re
import shutil
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


def instructions(analytics: bool, requests: int) -> int:
    """The total instruction count of one ``drive`` under callgrind."""
    with tempfile.TemporaryDirectory() as folder:
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
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise RuntimeError(f"callgrind said nothing countable:\n{done.stderr[-500:]}")
    return int(found.group(1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--requests", type=int, default=2000)
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
    jobs = [(on, count) for on in (True, False) for count in (BASE, BASE + n)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        totals = dict(zip(jobs, pool.map(lambda job: instructions(*job), jobs), strict=True))
    per = {on: (totals[(on, BASE + n)] - totals[(on, BASE)]) / n for on in (True, False)}
    cost = per[True] / per[False] - 1
    result = {
        "requests": n,
        "instructions_per_answer": {"analytics_on": per[True], "analytics_off": per[False]},
        "analytics_share": cost,
    }
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"instructions per cached answer, in process ({n:,} requests, callgrind):")
    print(f"  analytics on   {per[True]:>10,.0f}")
    print(f"  analytics off  {per[False]:>10,.0f}")
    print(f"  analytics adds {cost:.1%} to the app's own work (uvicorn and the socket excluded)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
