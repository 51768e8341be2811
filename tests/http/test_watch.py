"""``--watch``: an edited description is served within a second; a broken edit is not."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from builders import openapi, write_spec
from serving import free_port, serving
from specmock.engine import Engine
from specmock.http import create_app
from specmock.http.reload import Watcher, watched_files
from specmock.spec import load

THING = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}


def path_item(schema: dict[str, Any] | None = None) -> dict[str, Any]:
    content = {"application/json": {"schema": schema or THING}}
    return {"get": {"responses": {"200": {"description": "ok", "content": content}}}}


def eventually(check: Callable[[], bool], seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def test_an_edited_description_is_served(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, openapi({"/a": path_item()}))
    app = create_app(Engine(load(spec)), watch=True)
    with serving(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        assert client.get("/b").status_code == 404
        write_spec(tmp_path, openapi({"/a": path_item(), "/b": path_item()}))
        assert eventually(lambda: client.get("/b").status_code == 200)
        assert client.get("/a").status_code == 200
        listed = client.get("/__specmock/operations").json()["operations"]
        assert {row["path"] for row in listed} == {"/a", "/b"}


def test_a_broken_edit_keeps_the_last_good_description(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    spec = write_spec(tmp_path, openapi({"/a": path_item()}))
    app = create_app(Engine(load(spec)), watch=True)
    caplog.set_level(logging.INFO, logger="specmock.http")
    with serving(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        spec.write_text("openapi: 3.1.0\ninfo: [\n")

        def failed() -> list[str]:
            return [r.getMessage() for r in caplog.records if "reload failed" in r.getMessage()]

        assert eventually(lambda: bool(failed()))
        time.sleep(1.2)  # more polls of the same broken file: still one line
        assert len(failed()) == 1
        line = failed()[0]
        assert "still serving the last good description" in line and "api.yaml" in line
        assert "\n" not in line
        assert client.get("/a").status_code == 200

        write_spec(tmp_path, openapi({"/c": path_item()}))
        assert eventually(lambda: client.get("/c").status_code == 200)
        assert client.get("/a").status_code == 404


def test_a_referenced_file_is_watched_too(tmp_path: Path) -> None:
    write_spec(tmp_path, {"Thing": THING}, "schemas.yaml")
    ref = {"$ref": "schemas.yaml#/Thing"}
    spec = write_spec(tmp_path, openapi({"/a": path_item(ref)}))
    engine = Engine(load(spec))
    assert watched_files(engine) == (spec.resolve(), (tmp_path / "schemas.yaml").resolve())

    applied: list[Engine] = []
    watcher = Watcher(engine, applied.append)
    named = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string", "const": "edited"}},
    }
    write_spec(tmp_path, {"Thing": named}, "schemas.yaml")
    assert asyncio.run(watcher.check()) is True
    assert applied[0].generate("GET /a").body == {"name": "edited"}
    assert asyncio.run(watcher.check()) is False  # nothing changed since


def test_nothing_to_watch_says_so(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    watcher = Watcher(Engine(load(write_spec(tmp_path, openapi({})))), lambda _: None)
    watcher.files = ()  # as for a description read from a URL
    asyncio.run(watcher.run())
    assert "not watching" in caplog.text


def test_serve_watch_prints_one_line_for_a_broken_edit(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, openapi({"/a": path_item()}))
    port = free_port()
    command = [sys.executable, "-m", "specmock", "serve", str(spec), "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--watch", "--latency", "1ms"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}"

        def up() -> bool:
            try:
                return httpx.get(f"{url}/a", timeout=1).status_code == 200
            except httpx.TransportError:
                return False

        assert eventually(up, 20), "specmock serve did not start"
        assert httpx.get(f"{url}/a").headers["x-specmock-chaos"] == "latency"
        spec.write_text("openapi: 3.1.0\ninfo: [\n")
        time.sleep(1.5)
        assert httpx.get(f"{url}/a").status_code == 200
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=10)
    failures = [line for line in stderr.splitlines() if "reload failed" in line]
    assert len(failures) == 1
    assert "[warning" in failures[0] and "api.yaml" in failures[0]  # structlog's console line
    assert "invalid YAML" in failures[0]
