"""Chaos: injected latency and documented errors, seeded, and set through the admin API."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from builders import openapi, write_spec
from judge import Judge
from serving import InProcess, serving
from specmock.engine import Engine
from specmock.http import create_app
from specmock.http.chaos import Chaos, ChaosError, Faults, Latency
from specmock.spec import load

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer", "minimum": 1}, "name": {"type": "string"}},
}
ERROR = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {"code": {"type": "integer", "minimum": 500}, "message": {"type": "string"}},
}


def pets(tmp_path: Path, *, errors: bool = True) -> Engine:
    """GET /pets/{petId} (getPet, documents a 503 when ``errors``) and GET /owners."""
    responses: dict[str, Any] = {
        "200": {"description": "ok", "content": {"application/json": {"schema": PET}}}
    }
    if errors:
        responses["503"] = {
            "description": "down",
            "content": {"application/json": {"schema": ERROR}},
        }
    param = {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": PET}}}}
    paths = {
        "/pets/{petId}": {
            "get": {"operationId": "getPet", "parameters": [param], "responses": responses}
        },
        "/owners": {"get": {"operationId": "listOwners", "responses": ok}},
    }
    return Engine(load(write_spec(tmp_path, openapi(paths))))


def chaotic(engine: Engine, **settings: Any) -> InProcess:
    return InProcess(create_app(engine, chaos=Chaos(Faults(**settings))))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("50ms", 0.05, 0.05),
        ("20ms-200ms", 0.02, 0.2),
        ("1s", 1.0, 1.0),
        ("0.5s-1.5s", 0.5, 1.5),
        ("250", 0.25, 0.25),
        (" 10ms - 1s ", 0.01, 1.0),
    ],
    ids=["ms", "range", "seconds", "second-range", "bare-number", "spaces"],
)
def test_latency_is_parsed(text: str, low: float, high: float) -> None:
    assert Latency.parse(text) == Latency(low, high)


@pytest.mark.parametrize("text", ["fast", "200ms-20ms", "90s", "5m", "-5ms", ""])
def test_bad_latency_is_refused(text: str) -> None:
    with pytest.raises(ChaosError, match="latency"):
        Latency.parse(text)


def test_chaos_is_off_by_default(tmp_path: Path) -> None:
    response = InProcess(create_app(pets(tmp_path))).request("GET", "/pets/3")
    assert response.status_code == 200
    assert "x-specmock-chaos" not in response.headers


def test_error_rate_answers_a_documented_error(tmp_path: Path) -> None:
    engine = pets(tmp_path)
    response = chaotic(engine, error_rate=1.0).request("GET", "/pets/3")
    assert response.status_code == 503
    assert response.headers["x-specmock-chaos"] == "error"
    media = engine.spec.operation("getPet").responses["503"].content["application/json"]
    assert Judge(engine.spec).errors(media, response.json()) == []


def test_undocumented_errors_are_plain_500_or_503(tmp_path: Path) -> None:
    client = chaotic(pets(tmp_path, errors=False), error_rate=1.0)
    statuses = set()
    for _ in range(12):
        response = client.request("GET", "/pets/3")
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["x-specmock-chaos"] == "error"
        statuses.add(response.status_code)
    assert statuses == {500, 503}


def test_the_same_seed_gives_the_same_faults(tmp_path: Path) -> None:
    engine = pets(tmp_path)

    def statuses(seed: int) -> list[int]:
        client = InProcess(create_app(engine, chaos=Chaos(Faults(error_rate=0.5), seed=seed)))
        return [client.request("GET", "/pets/3").status_code for _ in range(24)]

    first = statuses(7)
    assert first == statuses(7)
    assert set(first) == {200, 503}
    assert first != statuses(8)


def test_latency_delays_without_blocking_the_loop(tmp_path: Path) -> None:
    app = create_app(pets(tmp_path), chaos=Chaos(Faults(Latency.parse("200ms"))))

    async def go() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            return await asyncio.gather(*(client.get(f"/pets/{i}") for i in range(1, 11)))

    began = time.perf_counter()
    responses = asyncio.run(go())
    elapsed = time.perf_counter() - began
    assert 0.2 <= elapsed < 1.0  # ten delays of 200 ms, overlapping
    assert {r.status_code for r in responses} == {200}
    assert {r.headers["x-specmock-chaos"] for r in responses} == {"latency"}


@pytest.mark.parametrize("errors", [True, False], ids=["documented", "undocumented"])
def test_invalid_requests_keep_their_422(tmp_path: Path, errors: bool) -> None:
    response = chaotic(pets(tmp_path, errors=errors), error_rate=1.0).request("GET", "/pets/x")
    assert response.status_code == 422
    assert "x-specmock-chaos" not in response.headers


def test_misses_are_answered_without_chaos(tmp_path: Path) -> None:
    response = chaotic(pets(tmp_path), error_rate=1.0).request("GET", "/nowhere")
    assert response.status_code == 404
    assert "x-specmock-chaos" not in response.headers


def test_admin_api_shows_and_replaces_the_settings(tmp_path: Path) -> None:
    client = InProcess(create_app(pets(tmp_path), chaos=Chaos(Faults(error_rate=0.25))))
    shown = client.request("GET", "/__specmock/chaos").json()
    assert shown == {"latency": None, "error_rate": 0.25, "seed": 0, "operations": {}}

    settings = {"latency": "1ms-2ms", "operations": {"getPet": {"error_rate": 1.0}}}
    put = client.request("PUT", "/__specmock/chaos", json=settings)
    assert put.status_code == 200
    assert put.json() == {
        "latency": "1ms-2ms",
        "error_rate": 0.0,
        "seed": 0,
        "operations": {"GET /pets/{petId}": {"error_rate": 1.0}},
    }
    failing = client.request("GET", "/pets/3")
    assert failing.status_code == 503
    assert failing.headers["x-specmock-chaos"] == "latency, error"
    other = client.request("GET", "/owners")
    assert other.status_code == 200 and other.headers["x-specmock-chaos"] == "latency"

    by_path = {"operations": {"GET /pets/{petId}": {"latency": "0"}}}
    assert client.request("PUT", "/__specmock/chaos", json=by_path).status_code == 200
    assert client.request("GET", "/pets/3").status_code == 200


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"error_rate": 2}, "error_rate must be a number from 0 to 1"),
        ({"error_rate": "often"}, "error_rate must be a number from 0 to 1"),
        ({"latency": "soon"}, "is not a duration"),
        ({"latency": ["1ms"]}, "latency must be a duration"),
        ({"operations": {"getPot": {"error_rate": 1}}}, "getPet"),
        ({"operations": {"getPet": {"delay": "1ms"}}}, "'delay' is not a chaos setting"),
        ({"operations": ["getPet"]}, "operations must map"),
        ({"jitter": 1}, "'jitter' is not a chaos setting"),
        ([1, 2], "must be a JSON object"),
    ],
    ids=[
        "rate-too-high",
        "rate-not-number",
        "latency-text",
        "latency-type",
        "unknown-operation",
        "unknown-operation-setting",
        "operations-not-object",
        "unknown-setting",
        "not-object",
    ],
)
def test_bad_settings_are_422_and_change_nothing(
    tmp_path: Path, settings: Any, message: str
) -> None:
    client = InProcess(create_app(pets(tmp_path)))
    response = client.request("PUT", "/__specmock/chaos", json=settings)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert message in response.json()["detail"]
    assert client.request("GET", "/__specmock/chaos").json()["error_rate"] == 0.0


def test_settings_that_are_not_json_are_400(tmp_path: Path) -> None:
    client = InProcess(create_app(pets(tmp_path)))
    response = client.request("PUT", "/__specmock/chaos", content=b"{nope")
    assert response.status_code == 400
    assert client.request("POST", "/__specmock/chaos").headers["allow"] == "GET, HEAD, PUT"


def test_chaos_settings_need_the_admin_token(tmp_path: Path) -> None:
    app = create_app(pets(tmp_path), admin_token="s3cret")
    settings = {"error_rate": 1.0}
    with serving(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        assert client.put("/__specmock/chaos", json=settings).status_code == 401
        good = {"authorization": "Bearer s3cret"}
        assert client.put("/__specmock/chaos", json=settings, headers=good).status_code == 200
        response = client.get("/pets/1")
        assert response.status_code == 503 and response.headers["x-specmock-chaos"] == "error"


def test_cli_refuses_a_bad_latency(tmp_path: Path) -> None:
    spec = write_spec(tmp_path, openapi({}))
    done = subprocess.run(
        [sys.executable, "-m", "specmock", "serve", str(spec), "--latency", "soon"],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "--latency" in lines[0] and "not a duration" in lines[0]
