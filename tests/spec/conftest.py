"""Spec test fixtures: ``make_spec`` writes a tiny description, ``serve`` serves a folder."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml


def write(path: Path, content: Any) -> Path:
    """Write ``content`` to ``path``: text as is, anything else as JSON or YAML by suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content)
    elif path.suffix == ".json":
        path.write_text(json.dumps(content, indent=2))
    else:
        path.write_text(yaml.safe_dump(content, sort_keys=False))
    return path


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, Any], Path]:
    """Write a file under ``tmp_path`` (see ``write``) and return its path."""
    return lambda relative, content: write(tmp_path / relative, content)


@pytest.fixture
def make_spec(tmp_path: Path) -> Callable[..., Path]:
    """Build a minimal description in ``tmp_path`` and return the root file's path.

    ``make_spec(paths, version="3.1.0", fmt="yaml", name=None, files=None, **top)``:
    ``version`` "2.0" writes a Swagger document; ``files`` maps relative names to more
    documents (for multi-file descriptions); ``top`` adds top-level keys.
    """

    def make(
        paths: Mapping[str, Any] | None = None,
        *,
        version: str = "3.1.0",
        fmt: str = "yaml",
        name: str | None = None,
        files: Mapping[str, Any] | None = None,
        **top: Any,
    ) -> Path:
        key = "swagger" if version.startswith("2") else "openapi"
        document: dict[str, Any] = {key: version, "info": {"title": "Test API", "version": "1"}}
        if paths is not None:
            document["paths"] = paths
        document.update(top)
        for relative, content in (files or {}).items():
            write(tmp_path / relative, content)
        return write(tmp_path / (name or f"openapi.{fmt}"), document)

    return make


@pytest.fixture
def serve() -> Iterator[Callable[[Path], str]]:
    """Serve a folder over http on 127.0.0.1 in a thread; returns its base URL."""
    servers: list[ThreadingHTTPServer] = []

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    def start(folder: Path) -> str:
        handler = functools.partial(Quiet, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        servers.append(server)
        threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
