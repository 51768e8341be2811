"""Bad input never crashes the server: a clear 4xx, and the next request still works."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from serving import InProcess
from specmock.engine import Engine
from specmock.http import create_app
from specmock.models import Response


def raw_exchange(url: str, payload: bytes) -> int:
    """Send raw bytes over a socket; the status code of the answer (0 when closed)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        sock.sendall(payload)
        data = b""
        while b"\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    line = data.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) > 1 else 0


def get(url: str, path: bytes, extra: bytes = b"") -> int:
    return raw_exchange(url, b"GET " + path + b" HTTP/1.1\r\nHost: x\r\n" + extra + b"\r\n")


@pytest.fixture
def live(petstore_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=petstore_url, timeout=10) as client:
        yield client
    # Whatever the test sent, the server still answers.
    with httpx.Client(base_url=petstore_url, timeout=10) as client:
        assert client.get("/pets/1").status_code == 200


@pytest.mark.parametrize(
    ("path", "statuses"),
    [
        (b"/pets/%FF", {400}),
        (b"/pets?cursor=%FF%FE", {400}),
        (b"/pets/../pets/1", {400}),
        (b"/pets/%2E%2E/1", {400}),
        (b"/pets/1%2F2", {422}),
        (b"/pets/\xff\xfe", {400}),
        (b"/" + b"a" * 10_000, {414}),
        (b"/pets?" + b"limit=1&" * 2000, {200}),
        (b"//pets//1", {404}),
    ],
    ids=[
        "utf8-path",
        "utf8-query",
        "dotdot",
        "encoded-dotdot",
        "encoded-slash",
        "raw-bytes",
        "10k-path",
        "long-query",
        "double-slash",
    ],
)
def test_odd_paths_are_4xx(
    live: httpx.Client, petstore_url: str, path: bytes, statuses: set[int]
) -> None:
    assert get(petstore_url, path) in statuses


def test_many_headers(live: httpx.Client) -> None:
    headers = {f"x-filler-{i}": "v" * 20 for i in range(200)}
    assert live.get("/pets/1", headers=headers).status_code == 200


def test_invalid_utf8_header_value(live: httpx.Client, petstore_url: str) -> None:
    assert get(petstore_url, b"/pets/1", b"Prefer: code=\xff\xfe\r\n") == 400
    assert get(petstore_url, b"/pets/1", b"Accept: \xff/\xfe\r\n") == 406


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b'{"name": "Rex", "species": "dog"', "application/json", 400),
        (b'\xff\xfe{"name": 1}', "application/json", 400),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
        (b"name=Rex", "application/x-www-form-urlencoded", 415),
        (b"--x\r\nbroken", "multipart/form-data; boundary=x", 415),
        (b"<pet/>", "application/xml", 415),
        (b"null", "application/json", 422),
        (b"[]", "application/json", 422),
        (b'{"name": "' + b"a" * 100 + b'", "species": "dog"}', "application/json", 422),
    ],
    ids=[
        "truncated",
        "bad-utf8",
        "deep-nesting",
        "form",
        "multipart",
        "xml",
        "null",
        "array",
        "too-long",
    ],
)
def test_bad_bodies(live: httpx.Client, body: bytes, content_type: str, status: int) -> None:
    response = live.post("/pets", content=body, headers={"content-type": content_type})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"


def test_deeply_nested_valid_json_within_limits(live: httpx.Client) -> None:
    nested = b'{"name": "Rex", "species": "dog", "x": ' + b"[" * 500 + b"]" * 500 + b"}"
    response = live.post("/pets", content=nested, headers={"content-type": "application/json"})
    assert response.status_code == 201


def test_huge_body_is_413(live: httpx.Client) -> None:
    response = live.post(
        "/pets", content=b"x" * (11 * 1024 * 1024), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_huge_streamed_body_is_cut_off(petstore_engine: Engine) -> None:
    app = create_app(petstore_engine, max_body=1024)
    client = InProcess(app)

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(100):
            yield b"x" * 100

    # No Content-Length: the limit is enforced while reading.
    response = client.request(
        "POST", "/pets", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_broken_multipart_is_400(live: httpx.Client) -> None:
    response = live.post(
        "/pets/1/photo",
        content=b"--x\r\nno headers here--x--",
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 400


def test_unexpected_errors_are_500_problems_without_traceback(
    petstore_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(petstore_engine)

    def broken(prepared: object) -> Response:
        raise RuntimeError("secret internals")

    app.responder.generated = broken  # type: ignore[method-assign, assignment]
    response = InProcess(app).request("GET", "/pets/1")
    assert response.status_code == 500
    assert "secret" not in response.text and "Traceback" not in response.text
    assert "secret internals" in caplog.text
