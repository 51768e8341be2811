"""The mock server under load: specmock against Stoplight Prism and the stack's ceiling.

Run from the repository root in the test virtualenv:

    python benchmarks/server.py            # 10 s runs; rewrites docs/benchmarks.md "## Server"
    python benchmarks/server.py --quick    # 3 s runs; prints the table only

Needs ``wrk`` (``apt-get install -y wrk``), ``taskset`` and, for the Prism rows, ``npm``
(Prism is installed into ``benchmarks/.prism/``, which ignores itself in git).

Every server runs as one process pinned to core 0 (``taskset -c 0``); wrk runs on core 1
with one thread and 32 connections, after a short warm-up, on loopback; then again with 4
connections (light load), where latency is the server's own rather than the queue's: at
32 requests in flight on one core, each waits behind the others (Little's law: the mean
latency is 32 / throughput), whatever the server. The same
description and the same two routes are asked of each server: a GET by id and a list
with a page size. Memory is the server's resident set (VmRSS, summed over its process
tree) sampled while wrk runs. Startup is the time from process start until the port
answers an HTTP request, on the two largest descriptions of the corpus: cold (specmock's
parse cache empty) and warm (filled by the cold start), the median of three starts each.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "specs"
SPEC = CORPUS / "oai-petstore-expanded" / "petstore-expanded.yaml"
#: The descriptions served, with what a reader needs to know about their answers.
SPECS = {
    SPEC: "no examples in it, so static answers are built from the schemas by each tool",
    REPO / "examples" / "petstore.yaml": (
        "specmock's own example; `GET /pets/{petId}` has a named example, which static mode "
        "returns as written (the cached path); the list has none"
    ),
}
LARGEST = (CORPUS / "stripe" / "spec3.yaml", CORPUS / "cloudflare" / "openapi.json")
PRISM_DIR = REPO / "benchmarks" / ".prism"
PRISM_VERSION = "5.16.0"
DOC = REPO / "docs" / "benchmarks.md"

#: What `specmock stats` showed of the analytics-on server, by description.
STATS: dict[Path, str] = {}
#: The two routes: (label, path). The same for every server.
ROUTES = (("GET by id", "/pets/42"), ("list, 20 a page", "/pets?limit=20"))
SERVER_CORE = "0"
CLIENT_CORE = "1"
CONNECTIONS = 32
#: Connections of the light-load runs, where latency is not queueing.
LIGHT = 4


@dataclass(frozen=True)
class Run:
    """One wrk measurement."""

    server: str
    mode: str
    route: str
    rps: float
    p50_ms: float
    p99_ms: float
    rss_mib: float
    non_2xx: int
    answer_bytes: float  # per answer, headers included
    others_cpu: float  # CPU used by processes other than the server and wrk, in cores
    timeouts: int = 0  # requests wrk gave up on after 5 s
    connections: int = CONNECTIONS


@dataclass(frozen=True)
class Startup:
    """Time until the port answers, or why it never did."""

    server: str
    spec: str
    seconds: float | None  # specmock: the median of its starts
    note: str = ""
    start: str = ""  # specmock: "cold" (parse cache empty) or "warm" (filled)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def answers(port: int, path: str) -> bool:
    """True when a plain HTTP/1.1 GET on ``path`` gets a status line back."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            return sock.recv(16).startswith(b"HTTP/1.")
    except OSError:
        return False


@contextmanager
def started(
    name: str, command: Sequence[str], port: int, probe: str, timeout: float = 120
) -> Iterator[tuple[subprocess.Popen[bytes], float]]:
    """Start a server pinned to the server core; yields it and its startup time in seconds."""
    log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in the finally below
    begin = time.perf_counter()
    process = subprocess.Popen(
        ["taskset", "-c", SERVER_CORE, *command],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    try:
        while not answers(port, probe):
            if process.poll() is not None:
                log.seek(0)
                tail = " ".join(log.read().decode(errors="replace").split())[-300:]
                raise RuntimeError(f"exited with {process.returncode} before answering: {tail}")
            if time.perf_counter() - begin > timeout:
                raise RuntimeError(f"did not answer within {timeout:.0f} s")
            time.sleep(0.02)
        yield process, time.perf_counter() - begin
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def tree_rss_kib(pid: int) -> int:
    """VmRSS of ``pid`` and all its descendants, in KiB."""
    total = 0
    for current in _tree(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        found = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        total += int(found.group(1)) if found else 0
    return total


_TICK = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU seconds all cores spent busy since boot (/proc/stat)."""
    fields = [int(f) for f in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / _TICK


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used by ``pid`` and its descendants (utime + stime)."""
    total = 0
    for child in _tree(pid):
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / _TICK


def _children_cpu() -> float:
    """CPU seconds of this script and its finished children (wrk among them)."""
    me, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, ()))
    return found


def sample_rss(pid: int, done: threading.Event, peaks: list[int]) -> None:
    """Append the process tree's RSS to ``peaks`` every 250 ms until ``done``."""
    while not done.wait(0.25):
        peaks.append(tree_rss_kib(pid))


def _ms(text: str) -> float:
    found = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if found is None:
        print(f"    wrk latency not understood: {text!r}", file=sys.stderr)
        return float("nan")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _field(pattern: str, text: str) -> str:
    found = re.search(pattern, text)
    if found is None:
        print(f"    wrk output not understood ({pattern}):\n{text}", file=sys.stderr)
        return "nan"
    return found.group(1)


def wrk(
    url: str, seconds: int, headers: Sequence[str] = (), connections: int = CONNECTIONS
) -> tuple[float, float, float, int, float, int]:
    """req/s, p50 ms, p99 ms, non-2xx, bytes per answer, timeouts of one wrk run (core 1)."""
    command = ["taskset", "-c", CLIENT_CORE, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "5s"]
    for header in headers:
        command += ["-H", header]
    text = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    rps = float(_field(r"Requests/sec:\s+([\d.]+)", text))
    # Anchored: "97.50%" in the stdev column must not pass for the 50th percentile.
    p50 = _ms(_field(r"(?m)^\s+50%\s+(\S+)", text))
    p99 = _ms(_field(r"(?m)^\s+99%\s+(\S+)", text))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors:.*timeout (\d+)", text)
    non_2xx = int(bad.group(1)) if bad else 0
    volume = re.search(r"(\d+) requests in \S+, ([\d.]+)([KMG]?B) read", text)
    size = float("nan")
    if volume:
        scale = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[volume.group(3)]
        size = float(volume.group(2)) * scale / max(int(volume.group(1)), 1)
    if errors:
        print(f"    wrk: {errors.group(0)}", file=sys.stderr)
    return rps, p50, p99, non_2xx, size, int(errors.group(1)) if errors else 0


def measure(
    server: str,
    mode: str,
    process: subprocess.Popen[bytes],
    port: int,
    seconds: int,
    headers: Sequence[str] = (),
    routes: Sequence[tuple[str, str]] = ROUTES,
    loads: Sequence[int] = (CONNECTIONS, LIGHT),
) -> list[Run]:
    """Warm up, then per route one wrk run at full and one at light load, sampling the
    server's memory meanwhile."""
    runs = []
    for label, path in routes:
        url = f"http://127.0.0.1:{port}{path}"
        wrk(url, 2, headers)  # warm-up: caches, JIT, connection set-up
        for connections in loads:
            runs.append(_measured(server, mode, process, url, seconds, headers, label, connections))
    return runs


def _measured(
    server: str,
    mode: str,
    process: subprocess.Popen[bytes],
    url: str,
    seconds: int,
    headers: Sequence[str],
    label: str,
    connections: int,
) -> Run:
    """One wrk run, with the server's peak memory and the CPU others used meanwhile."""
    peaks = [0]
    done = threading.Event()
    sampler = threading.Thread(target=sample_rss, args=(process.pid, done, peaks))
    busy, own, children = busy_seconds(), tree_cpu_seconds(process.pid), _children_cpu()
    began = time.perf_counter()
    sampler.start()
    try:
        rps, p50, p99, non_2xx, size, timeouts = wrk(url, seconds, headers, connections)
    finally:
        done.set()
        sampler.join()
    elapsed = time.perf_counter() - began
    used = busy_seconds() - busy
    mine = tree_cpu_seconds(process.pid) - own + _children_cpu() - children
    others = max(used - mine, 0.0) / elapsed
    run = Run(
        server,
        mode,
        label,
        rps,
        p50,
        p99,
        max(peaks) / 1024,
        non_2xx,
        size,
        others,
        timeouts,
        connections,
    )
    print(
        f"  {server:<28} {mode:<22} {label:<16} c{connections:<3} {rps:>9,.0f} req/s  "
        f"p50 {p50:6.2f} ms  p99 {p99:7.2f} ms  {run.rss_mib:6.1f} MiB  {size:6.0f} B  "
        f"others {others:.2f} cores" + (f"  non-2xx {non_2xx}" if non_2xx else ""),
        file=sys.stderr,
    )
    return run


def specmock_command(spec: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "specmock", "serve", str(spec), "--port", str(port)]


def bench_specmock(spec: Path, seconds: int) -> list[Run]:
    port = free_port()
    runs: list[Run] = []
    with started("specmock", specmock_command(spec, port), port, "/__specmock/health") as (p, _):
        for mode, headers in (
            ("static (dynamic=false)", ["Prefer: dynamic=false"]),
            ("default (pattern-aware)", []),
            ("dynamic (dynamic=true)", ["Prefer: dynamic=true"]),
        ):
            runs += measure("specmock", mode, p, port, seconds, headers)
    runs += analytics_cost(spec, seconds)
    return runs


def analytics_cost(spec: Path, seconds: int, rounds: int = 3) -> list[Run]:
    """Static answers by id with analytics on and off: two servers, started together and
    measured in turn (on, off, on, off ...), the median run of each kept. One run of each
    at different times mixes the machine's drift into a difference of a few per cent."""
    on_port, off_port = free_port(), free_port()
    on_command = specmock_command(spec, on_port)
    off_command = [*specmock_command(spec, off_port), "--no-analytics"]
    headers = ["Prefer: dynamic=false"]
    measured: dict[str, list[Run]] = {"analytics on, static": [], "analytics off, static": []}
    with (
        started("specmock", on_command, on_port, "/__specmock/health") as (on, _),
        started("specmock", off_command, off_port, "/__specmock/health") as (off, _),
    ):
        for _ in range(rounds):
            for mode, process, port in (
                ("analytics on, static", on, on_port),
                ("analytics off, static", off, off_port),
            ):
                measured[mode] += measure(
                    "specmock",
                    mode,
                    process,
                    port,
                    seconds,
                    headers,
                    routes=ROUTES[:1],
                    loads=(CONNECTIONS,),
                )
        shown = subprocess.run(
            [sys.executable, "-m", "specmock", "stats", "--server", f"http://127.0.0.1:{on_port}"],
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
            check=False,
        )
        text = (shown.stdout or shown.stderr).rstrip()
        STATS[spec] = "\n".join(line.rstrip() for line in text.splitlines())
    return [sorted(found, key=lambda r: r.rps)[len(found) // 2] for found in measured.values()]


def bench_ceiling(seconds: int) -> list[Run]:
    port = free_port()
    command = [sys.executable, str(REPO / "benchmarks" / "ceiling_app.py"), "--port", str(port)]
    with started("ceiling", command, port, "/") as (process, _):
        return measure("constant JSON (ceiling)", "-", process, port, seconds, routes=ROUTES[:1])


def prism_binary() -> Path | None:
    """Prism's CLI, installed into ``benchmarks/.prism`` on first use; None if npm fails."""
    binary = PRISM_DIR / "node_modules" / ".bin" / "prism"
    if binary.exists():
        return binary
    if shutil.which("npm") is None:
        return None
    PRISM_DIR.mkdir(parents=True, exist_ok=True)
    (PRISM_DIR / ".gitignore").write_text("*\n")
    print(f"installing @stoplight/prism-cli@{PRISM_VERSION} into {PRISM_DIR}", file=sys.stderr)
    subprocess.run(
        [
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(PRISM_DIR),
            f"@stoplight/prism-cli@{PRISM_VERSION}",
        ],
        check=False,
        capture_output=True,
    )
    return binary if binary.exists() else None


def prism_version() -> str:
    package = PRISM_DIR / "node_modules" / "@stoplight" / "prism-cli" / "package.json"
    try:
        return str(json.loads(package.read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def bench_prism(binary: Path, spec: Path, seconds: int) -> tuple[list[Run], list[str]]:
    runs: list[Run] = []
    notes: list[str] = []
    for mode, flags in (
        ("static", []),
        ("static, -v silent", ["-v", "silent"]),
        ("dynamic (-d)", ["-d"]),
        ("dynamic (-d), -v silent", ["-d", "-v", "silent"]),
    ):
        port = free_port()
        command = [str(binary), "mock", str(spec), "-p", str(port), "-h", "127.0.0.1", *flags]
        try:
            with started("prism", command, port, "/pets/1") as (process, _):
                runs += measure("Prism " + prism_version(), mode, process, port, seconds)
        except RuntimeError as error:
            notes.append(f"Prism {mode}: {error}")
            print(f"  Prism {mode}: {error}", file=sys.stderr)
    return runs, notes


def startup_times(prism: Path | None, starts: int = 3) -> list[Startup]:
    """specmock's cold and warm starts (the median of ``starts`` each), then Prism's one start.

    Cold: the parse cache empty (a fresh folder each start). Warm: the folder the first
    cold start filled. specmock's bytecode is compiled first by an unmeasured start (into
    a temporary ``PYTHONPYCACHEPREFIX``, even where ``PYTHONDONTWRITEBYTECODE`` is set),
    as an installed package has it: compiling specmock's modules on every start would
    add ~0.4 s that no user pays.
    """
    out = []
    with tempfile.TemporaryDirectory(prefix="specmock-startup-") as scratch:
        specmock_start(LARGEST[0], scratch, "0")  # compiles the bytecode
        for spec in LARGEST:
            name = f"{spec.parent.name}/{spec.name} ({spec.stat().st_size / 1e6:.1f} MB)"
            for start in ("cold", "warm"):
                times: list[float] = []
                try:
                    for attempt in range(starts):
                        folder = f"{scratch}/{spec.parent.name}-{attempt if start == 'cold' else 0}"
                        times.append(specmock_start(spec, scratch, folder))
                    out.append(Startup("specmock", name, statistics.median(times), start=start))
                except RuntimeError as error:
                    out.append(Startup("specmock", name, None, str(error), start))
                print(f"  startup {out[-1]} {[round(t, 2) for t in times]}", file=sys.stderr)
            if prism is None:
                continue
            port = free_port()
            command = [str(prism), "mock", str(spec), "-p", str(port), "-h", "127.0.0.1"]
            command += ["-v", "silent"]
            try:
                with started("prism", command, port, "/", timeout=90) as (_, seconds):
                    out.append(Startup("Prism " + prism_version(), name, seconds))
            except RuntimeError as error:
                out.append(Startup("Prism " + prism_version(), name, None, str(error)))
            print(f"  startup {out[-1]}", file=sys.stderr)
    return out


def specmock_start(spec: Path, scratch: str, parse_cache: str) -> float:
    """Seconds until a specmock serving ``spec`` answers, its parse cache in ``parse_cache``
    (a folder, or ``0`` for none) and its bytecode kept under ``scratch``."""
    port = free_port()
    command = ["env", "-u", "PYTHONDONTWRITEBYTECODE", f"PYTHONPYCACHEPREFIX={scratch}/bytecode"]
    command += [f"SPECMOCK_PARSE_CACHE={parse_cache}", *specmock_command(spec, port)]
    with started("specmock", command, port, "/__specmock/health") as (_, seconds):
        return seconds


def machine(load: float) -> str:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout.strip()
    import uvicorn

    return (
        f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, uvicorn {uvicorn.__version__} (uvloop, "
        f"httptools), Node {node_version()}, commit {commit}"
        + (" with uncommitted changes" if dirty else "")
        + f", load average {load:.2f} before the run"
        + f" · {time.strftime('%Y-%m-%d', time.gmtime())}"
    )


def node_version() -> str:
    node = shutil.which("node")
    if node is None:
        return "absent"
    return subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()


@dataclass(frozen=True)
class Served:
    """Everything measured on one description."""

    spec: Path
    ceiling: list[Run]  # measured just before, so under the same load
    runs: list[Run]
    notes: list[str]


def shown_path(path: Path) -> str:
    resolved = path.resolve()
    for root, prefix in ((REPO, ""), (REPO.parent, "../")):
        if resolved.is_relative_to(root):
            return prefix + str(resolved.relative_to(root))
    return str(path)


def render(served: list[Served], startups: list[Startup], seconds: int, load: float) -> str:
    lines = [
        "## Server",
        "",
        f"Command: `python benchmarks/server.py` · machine: {machine(load)}.",
        "",
        f"Every server is one process pinned to core 0; `wrk -t1 -c{CONNECTIONS} -d{seconds}s "
        "--latency` pinned to core 1, after a 2 s warm-up, on loopback, then the same with "
        f"`-c{LIGHT}` (light load: at {CONNECTIONS} requests in flight on one core each waits "
        f"behind the others, so the mean latency is {CONNECTIONS} / throughput whatever the "
        "server; with a few in flight, latency is the server's own). RSS is the server's "
        "peak VmRSS during the run (its whole process tree); bytes/answer is what wrk read "
        "per answer, status line and headers included; others' CPU is the CPU (in cores) that "
        "processes other than the server and wrk used during the run, as /proc/stat shows it: "
        "above ~0.1 the figures are depressed by a busy machine. specmock chooses its mode "
        "per request with `Prefer` (`dynamic=false`: the description's examples first; none: "
        "the pattern-aware default; `dynamic=true`: always generated); Prism per process "
        "(`prism mock`, `prism mock -d`). The ceiling is a constant JSON answer from a bare "
        "ASGI app on the same uvicorn (`benchmarks/ceiling_app.py`).",
    ]
    header = [
        "| server | mode | route | conns | req/s | p50 | p99 | RSS | bytes/answer | others' CPU |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for one in served:
        note = SPECS.get(one.spec)
        lines += ["", f"### `{shown_path(one.spec)}`", ""]
        if note:
            lines += [note[0].upper() + note[1:] + ".", ""]
        lines += header
        for run in [*one.ceiling, *one.runs]:
            path = dict(ROUTES)[run.route]
            bad = f" ({run.non_2xx:,} non-2xx)" if run.non_2xx else ""
            bad += f" ({run.timeouts:,} timed out)" if run.timeouts else ""
            lines.append(
                f"| {run.server} | {run.mode} | `{path}` | {run.connections} | "
                f"{run.rps:,.0f}{bad} | "
                f"{run.p50_ms:.2f} ms | {run.p99_ms:.2f} ms | {run.rss_mib:.0f} MiB | "
                f"{run.answer_bytes:,.0f} | {run.others_cpu:.2f} |"
            )
        lines += ["", "Against the goals of issue 4:", "", *goals([*one.ceiling, *one.runs])]
        lines += [f"- {n}" for n in one.notes]
        if one.spec in STATS:
            lines += [
                "",
                "What `specmock stats --server URL` showed of the analytics-on server after "
                "its three runs (warm-ups included):",
                "",
                "```",
                STATS[one.spec],
                "```",
            ]
    lines += [
        "",
        "### Startup",
        "",
        "Process start until the port answers HTTP. specmock: the median of three starts "
        "each, cold (its parse cache empty: the YAML is parsed and kept) and warm (the "
        "parsed YAML read back from `.specmock/parse-cache/`; JSON is never kept, orjson "
        "parses it as fast), its bytecode compiled beforehand as an installed package has "
        "it. Prism: one start.",
        "",
    ]
    lines += ["| server | description | start | startup |", "|---|---|---|---:|"]
    for startup in startups:
        shown = f"{startup.seconds:.2f} s" if startup.seconds is not None else startup.note
        lines.append(f"| {startup.server} | {startup.spec} | {startup.start or '-'} | {shown} |")
    slowest = {
        start: max(
            ((s.seconds or float("inf")) for s in startups if s.start == start),
            default=None,
        )
        for start in ("cold", "warm")
    }
    cold, warm = slowest["cold"], slowest["warm"]
    if cold is not None and warm is not None:
        lines += [
            "",
            f"specmock starts on the largest descriptions in at most {cold:.2f} s cold and "
            f"{warm:.2f} s warm; goal < 2 s: "
            + ("met" if cold < 2 else "met warm only" if warm < 2 else "not met")
            + ".",
        ]
    return "\n".join(lines) + "\n"


def goals(runs: list[Run]) -> list[str]:
    """One line per goal, computed from the runs: met or not, and by how much."""

    def best(server: str, mode: str, route: str, connections: int = CONNECTIONS) -> Run | None:
        found = [
            r
            for r in runs
            if r.server.startswith(server)
            and r.mode.startswith(mode)
            and r.route == route
            and r.connections == connections
        ]
        return max(found, key=lambda r: r.rps, default=None)

    out = []
    for mode in ("static", "dynamic"):
        for route, _ in ROUTES:
            mine, theirs = best("specmock", mode, route), best("Prism", mode, route)
            if mine is None or theirs is None:
                continue
            if theirs.rps < 10:
                out.append(
                    f"- {mode}, {route}: specmock {mine.rps:,.0f} req/s; Prism's best "
                    f"({theirs.mode}) answered almost nothing ({theirs.rps:,.1f} req/s): goal 3x "
                    f"met. p99 {mine.p99_ms:.1f} ms; goal < 5 ms: "
                    f"{'met' if mine.p99_ms < 5 else 'not met'}."
                )
                continue
            ratio = mine.rps / theirs.rps
            out.append(
                f"- {mode}, {route}: specmock {mine.rps:,.0f} req/s = {ratio:,.1f}x Prism's best "
                f"({theirs.rps:,.0f}, {theirs.mode}); goal 3x: "
                f"{'met' if ratio >= 3 else 'not met'}. p99 {mine.p99_ms:.1f} ms; goal < 5 ms: "
                f"{'met' if mine.p99_ms < 5 else 'not met'}."
            )
    for mode in ("static", "dynamic"):
        for route, _ in ROUTES:
            light = best("specmock", mode, route, LIGHT)
            if light is not None:
                out.append(
                    f"- {mode}, {route}, light load ({LIGHT} connections): p99 "
                    f"{light.p99_ms:.2f} ms at {light.rps:,.0f} req/s; goal < 5 ms: "
                    f"{'met' if light.p99_ms < 5 else 'not met'}."
                )
    counted = best("specmock", "analytics on", ROUTES[0][0])
    uncounted = best("specmock", "analytics off", ROUTES[0][0])
    if counted and uncounted:
        cost = 1 - counted.rps / uncounted.rps
        out.append(
            f"- analytics cost {cost:.1%} of the throughput of static answers by id "
            f"({counted.rps:,.0f} vs {uncounted.rps:,.0f} req/s without; the median of "
            f"three alternating runs each); goal under 5%: "
            f"{'met' if cost < 0.05 else 'not met'} by this run. Two servers on a 2-core "
            "machine differ by more than 5% from run to run; the instruction count of "
            "[Hot path](#hot-path) is the figure that resolves it."
        )
    ceiling = best("constant", "-", ROUTES[0][0])
    cached = best("specmock", "static", ROUTES[0][0])
    if ceiling and cached:
        share = cached.rps / ceiling.rps
        out.append(
            f"- static answers by id at {share:.0%} of the constant-response ceiling; goal 60%: "
            f"{'met' if share >= 0.6 else 'not met'}."
        )
    if ceiling:
        out.append(
            f"- the ceiling's own p99 on this machine: {ceiling.p99_ms:.1f} ms (what the stack "
            "reaches with no work at all; a p99 goal below it cannot be met here)."
        )
    return out


def write_section(section: str) -> None:
    """Replace the ``## Server`` section of docs/benchmarks.md, keeping the others."""
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    pattern = re.compile(r"^## Server\n.*?(?=^## |\Z)", re.DOTALL | re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1).rstrip("\n") + "\n"
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 s runs; no doc update")
    parser.add_argument(
        "--spec", type=Path, action="append", help="a description to serve (repeatable)"
    )
    parser.add_argument("--no-prism", action="store_true", help="skip Stoplight Prism")
    args = parser.parse_args()
    for tool, hint in (
        ("wrk", "apt-get install -y wrk"),
        ("taskset", "apt-get install util-linux"),
    ):
        if shutil.which(tool) is None:
            print(f"error: {tool} is missing; install it with: {hint}", file=sys.stderr)
            return 2
    if (os.cpu_count() or 1) < 2:
        print("error: needs two cores (server on one, wrk on the other)", file=sys.stderr)
        return 2
    seconds = 3 if args.quick else 10
    load = os.getloadavg()[0]
    prism = None if args.no_prism else prism_binary()
    served = []
    for spec in args.spec or list(SPECS):
        print(f"{shown_path(spec)}:", file=sys.stderr)
        ceiling = bench_ceiling(seconds)
        runs = bench_specmock(spec, seconds)
        notes: list[str] = []
        if prism is None and not args.no_prism:
            notes.append("Prism could not be installed (npm missing or failed): no Prism rows.")
        if prism is not None:
            prism_runs, notes = bench_prism(prism, spec, seconds)
            runs += prism_runs
        served.append(Served(spec, ceiling, runs, notes))
    startups = startup_times(prism)
    section = render(served, startups, seconds, load)
    print(section)
    if not args.quick:
        write_section(section)
        print(f"wrote the Server section of {DOC.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
