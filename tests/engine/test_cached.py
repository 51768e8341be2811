"""The cached responder: a cached answer is the answer, and only what may be kept is kept."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from builders import json_response, openapi, write_spec
from judge import Judge
from serving import InProcess
from specmock.cache import MemoryCache
from specmock.engine import Engine
from specmock.engine.cached import Cached, decode, encode
from specmock.engine.respond import Responder
from specmock.http import create_app
from specmock.models import Request, Response

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
}


def _document(title: str = "t") -> dict[str, object]:
    spec = openapi(
        {
            "/pets/{petId}": {
                "get": {
                    "parameters": [
                        {
                            "name": "petId",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        {"name": "X-Tenant", "in": "header", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        **json_response(PET),
                        "404": {"description": "missing"},
                    },
                }
            },
            "/pets": {
                "get": {
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                        {"name": "q", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": json_response({"type": "array", "items": PET}),
                }
            },
            "/oauth/token": {
                "post": {
                    "responses": json_response(
                        {
                            "type": "object",
                            "properties": {
                                "access_token": {"type": "string"},
                                "token_type": {"type": "string"},
                            },
                        }
                    )
                }
            },
        }
    )
    spec["info"] = {"title": title, "version": "1"}
    return spec


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return Engine.from_source(write_spec(tmp_path, _document()))


def _run(cached: Cached, *requests: Request) -> list[Response]:
    async def go() -> list[Response]:
        return [await cached(r) for r in requests]

    return asyncio.run(go())


def test_encode_round_trips_binary_bodies():
    response = Response(201, (("location", "/pets/1"), ("x", "a\0b")), b"\0\xff{}", "example")
    assert decode(encode(response)) == response


def test_a_repeated_request_is_answered_from_the_cache(engine: Engine):
    cache = MemoryCache()
    cached = Cached(Responder(engine), cache)
    first, second = _run(cached, Request("GET", "/pets/42"), Request("GET", "/pets/42"))
    assert first == second
    stats = asyncio.run(cache.stats())
    assert (stats.hits, stats.misses, stats.size) == (1, 1, 1)
    assert first == Responder(engine)(Request("GET", "/pets/42"))  # the cached answer is the answer
    media = engine.spec.operation("GET /pets/{petId}").responses["200"].content["application/json"]
    assert Judge(engine.spec).errors(media, json.loads(second.body)) == []


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(
            Request("GET", "/pets", (("limit", "5"), ("q", "x"))),
            Request("GET", "/pets", (("q", "x"), ("limit", "5"))),
            True,
            id="query-order",
        ),
        pytest.param(
            Request("GET", "/pets", (("limit", "5"),)),
            Request("GET", "/pets", (("limit", "6"),)),
            False,
            id="query-value",
        ),
        pytest.param(
            Request("GET", "/pets/1", headers=(("user-agent", "a"),)),
            Request("GET", "/pets/1", headers=(("user-agent", "b"),)),
            True,
            id="undocumented-header",
        ),
        pytest.param(
            Request("GET", "/pets/1", headers=(("x-tenant", "a"),)),
            Request("GET", "/pets/1", headers=(("x-tenant", "b"),)),
            False,
            id="documented-header",
        ),
        pytest.param(
            Request("GET", "/pets/1"),
            Request("GET", "/pets/1", headers=(("prefer", "code=404"),)),
            False,
            id="prefer",
        ),
        pytest.param(Request("GET", "/pets/1"), Request("HEAD", "/pets/1"), False, id="head"),
    ],
)
def test_what_the_key_depends_on(engine: Engine, a: Request, b: Request, same: bool):
    cache = MemoryCache()
    _run(Cached(Responder(engine), cache), a, b)
    stats = asyncio.run(cache.stats())
    assert stats.hits == (1 if same else 0)
    assert stats.size == (1 if same else 2)


def test_auth_answers_are_never_stored(engine: Engine):
    cache = MemoryCache()
    first, _ = _run(
        Cached(Responder(engine), cache),
        Request("POST", "/oauth/token"),
        Request("POST", "/oauth/token"),
    )
    assert first.status == 200
    stats = asyncio.run(cache.stats())
    assert (stats.size, stats.hits, stats.refused) == (0, 0, 2)


def test_unrouted_requests_are_answered_not_cached(engine: Engine):
    cache = MemoryCache()
    (answer,) = _run(Cached(Responder(engine), cache), Request("GET", "/nothing"))
    assert answer.status == 404
    assert asyncio.run(cache.stats()).size == 0


def test_editing_the_description_invalidates_its_answers(tmp_path: Path):
    cache = MemoryCache()
    old = Engine.from_source(write_spec(tmp_path, _document("old"), "a.yaml"))
    new = Engine.from_source(write_spec(tmp_path, _document("new"), "b.yaml"))
    assert old.spec.digest != new.spec.digest
    _run(Cached(Responder(old), cache), Request("GET", "/pets/1"))
    _run(Cached(Responder(new), cache), Request("GET", "/pets/1"))
    stats = asyncio.run(cache.stats())
    assert (stats.hits, stats.misses) == (0, 2)


def test_server_reports_and_clears_its_cache(engine: Engine):
    client = InProcess(create_app(engine, cache=MemoryCache()))
    for _ in range(3):
        assert client.request("GET", "/pets/7").status_code == 200
    stats = client.request("GET", "/__specmock/cache").json()
    assert stats["enabled"] is True
    assert (stats["hits"], stats["misses"], stats["hit_rate"]) == (2, 1, pytest.approx(2 / 3))
    assert stats["memory_cache_size"] == 1
    bad = client.request("DELETE", "/__specmock/cache", json={"operation": "GET /nowhere"})
    assert bad.status_code == 404
    cleared = client.request("DELETE", "/__specmock/cache", json={"operation": "GET /pets/{petId}"})
    assert cleared.json() == {"cleared": 1}
    assert client.request("GET", "/__specmock/cache").json()["memory_cache_size"] == 0


def test_server_without_a_cache_says_so(engine: Engine):
    assert InProcess(create_app(engine)).request("GET", "/__specmock/cache").json() == {
        "enabled": False
    }


def test_a_memoised_request_still_asks_the_cache(engine: Engine):
    cache = MemoryCache()
    cached = Cached(Responder(engine), cache)
    request = Request("GET", "/pets/42")
    _run(cached, request, request)
    asyncio.run(cache.clear())
    _run(cached, request)
    stats = asyncio.run(cache.stats())
    assert (stats.hits, stats.misses, stats.size) == (1, 2, 1)


def test_expired_answers_are_generated_again(engine: Engine):
    now = [0.0]
    cache = MemoryCache(clock=lambda: now[0])
    cached = Cached(Responder(engine), cache, ttl=10)
    request = Request("GET", "/pets/42")
    _run(cached, request)
    now[0] = 11.0
    _run(cached, request)
    stats = asyncio.run(cache.stats())
    assert (stats.hits, stats.misses) == (0, 2)
