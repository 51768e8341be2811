"""Record and playback costs: playback latency in-process, and the proxy's overhead.

    python benchmarks/recording.py [--requests N]

1. Playback in-process: a store holding 200 recorded exchanges (200 distinct requests
   with JSON bodies of ~1 KiB, recorded from a real upstream), replayed through the ASGI
   app (``--mode playback``) by calling it directly, without a socket: p50/p99 per request.
   Goal p99 <= 1 ms (the brief promised < 5 ms).
2. Proxy overhead: the same upstream (uvicorn in a subprocess on 127.0.0.1) asked
   directly, then through ``specmock serve --mode disabled`` (pure proxy) and through
   ``specmock record`` (proxy + redaction + a store write per exchange), one request at
   a time over a kept-alive connection: p50/p99 of each and the overhead over direct.

Prints a table; the figures go into docs/benchmarks.md by hand with the command.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
UPSTREAM = textwrap.dedent(
    """
    import json
    BODY = json.dumps({"items": [{"id": i, "name": f"item {i}", "price": i * 1.5,
                                  "tags": ["a", "b"]} for i in range(12)]}).encode()
    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        await receive()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": BODY})
    """
)


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    system = f"{platform.system()} {platform.machine()}"
    return f"{system}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited")
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not start")


def start(args: list[str], env: dict[str, str], probe: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait(probe, process)
    return process


def timed(url: str, n: int) -> list[float]:
    out: list[float] = []
    with httpx.Client(timeout=10) as client:
        for i in range(50):
            client.get(f"{url}/items/{i % 200}")
        for i in range(n):
            started = time.perf_counter()
            client.get(f"{url}/items/{i % 200}")
            out.append((time.perf_counter() - started) * 1000)
    return out


def playback_in_process(store: str, target: str, n: int) -> list[float]:
    from specmock.config import Mode
    from specmock.engine import Engine
    from specmock.engine.modes import ModeOptions
    from specmock.http import create_app
    from specmock.spec.model import Spec

    modes = ModeOptions(Mode.PLAYBACK, store_url=store, spec_key=f"live {target}")
    app = create_app(Engine(Spec.empty(target)), modes=modes, validate=False)

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    statuses: list[int] = []

    async def send(message: dict[str, object]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(int(message["status"]))  # type: ignore[call-overload]

    def scope(i: int) -> dict[str, object]:
        path = f"/items/{i % 200}"
        return {
            "type": "http",
            "method": "GET",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [(b"host", b"mock"), (b"accept", b"application/json")],
        }

    async def run() -> list[float]:
        times: list[float] = []
        for i in range(200):
            await app(scope(i), receive, send)
        for i in range(n):
            started = time.perf_counter()
            await app(scope(i), receive, send)
            times.append((time.perf_counter() - started) * 1000)
        await app.aclose()
        return times

    times = asyncio.run(run())
    assert set(statuses) == {200}, f"playback missed: {set(statuses)}"
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    n = args.requests
    folder = Path(tempfile.mkdtemp(prefix="specmock-bench-"))
    (folder / "upstream.py").write_text(UPSTREAM)
    store = f"sqlite:///{folder / 'store.db'}"
    env = {**os.environ, "DATABASE_URL": store, "PYTHONPATH": str(folder)}
    up_port, proxy_port, record_port = free_port(), free_port(), free_port()
    target = f"http://127.0.0.1:{up_port}"
    uvicorn = [sys.executable, "-m", "uvicorn", "upstream:app", "--log-level", "warning"]
    upstream = start([*uvicorn, "--port", str(up_port)], env, target)
    processes = [upstream]
    try:
        specmock = [sys.executable, "-m", "specmock"]
        direct = timed(target, n)
        proxy = start(
            [
                *specmock,
                "serve",
                "--mode",
                "disabled",
                "--target",
                target,
                "--port",
                str(proxy_port),
            ],
            env,
            f"http://127.0.0.1:{proxy_port}/__specmock/health",
        )
        processes.append(proxy)
        proxied = timed(f"http://127.0.0.1:{proxy_port}", n)
        recorder = start(
            [*specmock, "record", "--target", target, "--port", str(record_port)],
            env,
            f"http://127.0.0.1:{record_port}/__specmock/health",
        )
        processes.append(recorder)
        recorded = timed(f"http://127.0.0.1:{record_port}", n)
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=15)
    played = playback_in_process(store, target, n * 3)

    print(f"machine: {machine()}")
    print(f"{n} sequential requests per row; playback: {3 * n} requests over 200 recordings")
    print(f"{'path':<44}{'p50 ms':>9}{'p99 ms':>9}{'+p50':>8}{'+p99':>8}")
    base50, base99 = percentile(direct, 50), percentile(direct, 99)
    for name, times in (
        ("direct to the upstream", direct),
        ("through specmock --mode disabled (proxy)", proxied),
        ("through specmock record (redact + store)", recorded),
    ):
        p50, p99 = percentile(times, 50), percentile(times, 99)
        extra = "" if times is direct else f"{p50 - base50:>8.2f}{p99 - base99:>8.2f}"
        print(f"{name:<44}{p50:>9.2f}{p99:>9.2f}{extra}")
    p50, p99 = percentile(played, 50), percentile(played, 99)
    met = "met" if p99 <= 1.0 else "NOT met"
    name = "playback in-process (ASGI, no socket)"
    print(f"{name:<44}{p50:>9.3f}{p99:>9.3f}  goal p99 <= 1 ms: {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
