"""``specmock serve``: refuses unsafe or broken starts with one line, serves otherwise."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from corpus import EXAMPLES
from serving import free_port
from specmock.cli.serve import is_loopback

PETSTORE = str(EXAMPLES / "petstore.yaml")


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specmock", "serve", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
        env=env,
    )


def test_non_loopback_without_token_refuses_to_start() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SPECMOCK_ADMIN_TOKEN"}
    done = run(PETSTORE, "--host", "0.0.0.0", env=env)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "admin token" in done.stderr and "SPECMOCK_ADMIN_TOKEN" in done.stderr


def test_bad_description_is_one_line_and_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo: [\n")
    done = run(str(broken), "--port", str(free_port()))
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "broken.yaml" in lines[0]


def test_loopback_detection() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")


def test_serves_with_a_banner() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "specmock", "serve", PETSTORE, "--port", str(port), "--seed", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/pets/5", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["id"] == 5
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    assert "GET" in stderr and "/pets/{petId}" in stderr and "crud" in stderr
    assert f"http://127.0.0.1:{port}" in stderr


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_workers_end_when_the_supervisor_is_killed(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
    supervisor = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "specmock",
            "serve",
            PETSTORE,
            "--workers",
            "2",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.TransportError):
                answer = httpx.get(f"http://127.0.0.1:{port}/__specmock/health", timeout=1)
                # the workers are the supervisor's python children (not its resource tracker)
                workers = [
                    p for p in _children(supervisor.pid) if "from_environment" in _cmdline(p)
                ] or [p for p in _children(supervisor.pid) if "spawn_main" in _cmdline(p)]
                if answer.status_code == 200 and len(workers) >= 2:
                    break
            time.sleep(0.2)
        assert len(workers) >= 2, "the two workers did not start"
        supervisor.send_signal(signal.SIGKILL)
        supervisor.wait(timeout=10)
        deadline = time.monotonic() + 20
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(p) for p in workers), "workers outlived their supervisor"
    finally:
        supervisor.kill()
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""
