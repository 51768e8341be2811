"""Record and replay through real processes; import, export and drift from the CLI."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from corpus import EXAMPLES
from serving import free_port, serving
from tests_support import record_app
from upstream import PLANTED
from upstream import Upstream as UpstreamApp

PETSTORE = str(EXAMPLES / "petstore.yaml")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment of a CLI run whose store is a fresh SQLite file."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MOCK_", "CACHE_"))}
    return {**base, "DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}"}


@contextmanager
def specmock(*args: str, env: dict[str, str]) -> Iterator[tuple[str, list[str]]]:
    """``specmock ARGS --port P`` in a subprocess; yields its URL, then its stderr lines."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "specmock", *args, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/__specmock/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"specmock did not start: {process.stderr.read()}")  # type: ignore[union-attr]
            time.sleep(0.1)
        yield url, lines
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
        lines.extend(err.splitlines())


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specmock", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.slow
def test_record_in_one_process_replay_in_another(env: dict[str, str]) -> None:
    upstream = UpstreamApp()
    with serving(upstream) as target:  # type: ignore[arg-type]
        with specmock("record", "--target", target, env=env) as (url, stderr_lines):
            live = httpx.get(f"{url}/pets/7")
            counted = [httpx.get(f"{url}/count").json()["n"] for _ in range(2)]
        assert live.json()["owner"]["email"] == PLANTED["email"]
        assert counted == [1, 2]
    assert any(line.startswith("specmock: redacted") for line in stderr_lines)
    with specmock("serve", "--mode", "playback", "--target", target, env=env) as (url, _):
        replayed = httpx.get(f"{url}/pets/7")
        numbers = [httpx.get(f"{url}/count").json()["n"] for _ in range(3)]
        missing = httpx.get(f"{url}/pets/8")
    assert replayed.status_code == 200 and replayed.headers["x-specmock-source"] == "recorded"
    assert replayed.json()["owner"]["email"] != PLANTED["email"]  # stored redacted
    assert replayed.json()["name"] == "Rex"
    assert numbers == [1, 2, 2]
    assert missing.status_code == 404 and "nearest" in missing.json()


def test_export_and_import_round_trip(env: dict[str, str], tmp_path: Path) -> None:
    upstream = UpstreamApp()
    with (
        serving(upstream) as target,  # type: ignore[arg-type]
        serving(record_app(target, env["DATABASE_URL"])) as url,
    ):
        for path in ("/pets", "/pets/3", "/count"):
            assert httpx.get(f"{url}{path}").status_code == 200
    listed = cli("recordings", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    assert [row["url"].rsplit("/", 1)[-1] for row in json.loads(listed.stdout)] == [
        "pets",
        "3",
        "count",
    ]
    har = tmp_path / "out.har"
    exported = cli("recordings", "export", "--har", str(har), env=env)
    assert exported.returncode == 0 and "3 exchanges" in exported.stdout
    fresh = {**env, "DATABASE_URL": f"sqlite:///{tmp_path / 'other.db'}"}
    imported = cli("recordings", "import", str(har), env=fresh)
    assert imported.returncode == 0, imported.stderr
    assert "imported 3 exchanges" in imported.stdout
    again = json.loads(cli("recordings", "list", "--json", env=fresh).stdout)
    assert [row["status"] for row in again] == [200, 200, 200]


def test_drift_lists_where_the_description_lies(env: dict[str, str]) -> None:
    upstream = UpstreamApp()
    with (
        serving(upstream) as target,  # type: ignore[arg-type]
        serving(record_app(target, env["DATABASE_URL"])) as url,
    ):
        httpx.get(f"{url}/pets/7")
        httpx.get(f"{url}/fail")
    done = cli("drift", PETSTORE, "--json", env=env)
    assert done.returncode == 0, done.stderr
    found = {(f["operation"], f["kind"], f["pointer"]) for f in json.loads(done.stdout)}
    assert ("GET /pets/{petId}", "missing_field", "") in found  # status, created_at
    assert ("GET /pets/{petId}", "added_field", "/payment") in found
    assert ("GET /pets/{petId}", "added_field", "/owner/ssn") in found
    assert ("GET /pets/{petId}", "added_field", "/owner/phone") not in found  # documented
    assert ("GET /fail", "undocumented_operation", "") in found
    table = cli("drift", PETSTORE, env=env)
    assert table.returncode == 0 and "added_field" in table.stdout


def test_import_of_a_broken_file_is_one_line(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("interactions: [{request: 3}]\n")
    done = cli("recordings", "import", str(bad), env=env)
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and done.stderr.count("\n") == 1
