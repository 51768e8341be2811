"""Media types beyond JSON, negotiation rules, the admin API and its token."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from builders import openapi, write_spec
from judge import Judge
from serving import InProcess, serving
from specmock.config import Quality, Strategy
from specmock.engine import Engine
from specmock.http import create_app
from specmock.http.negotiation import Preferences, negotiate, parse_prefer
from specmock.models import Request
from specmock.spec import load
from specmock.spec.model import MediaType

PET = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer", "minimum": 1}, "name": {"type": "string"}},
}


def engine_for(tmp_path: Path, paths: dict[str, Any], **extra: Any) -> Engine:
    return Engine(load(write_spec(tmp_path, openapi(paths, **extra))))


def multi_media(tmp_path: Path) -> Engine:
    content = {
        "application/json": {"schema": PET},
        "application/vnd.pet+json": {"schema": PET},
        "application/xml": {"schema": PET},
        "text/plain": {"schema": {"type": "string", "minLength": 3}},
        "image/png": {"schema": {"type": "string", "format": "binary"}},
    }
    return engine_for(
        tmp_path,
        {"/pet": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}},
    )


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        (None, "application/json"),
        ("application/vnd.pet+json", "application/vnd.pet+json"),
        ("application/xml", "application/xml"),
        ("text/*", "text/plain; charset=utf-8"),
        ("image/png", "image/png"),
        ("text/plain;q=0.2, application/xml;q=0.5", "application/xml"),
    ],
)
def test_documented_media_types_are_negotiated(
    tmp_path: Path, accept: str | None, content_type: str
) -> None:
    engine = multi_media(tmp_path)
    headers = {"accept": accept} if accept else {}
    response = InProcess(create_app(engine)).request("GET", "/pet", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == content_type
    if content_type.endswith("json"):
        media = engine.spec.operations[0].responses["200"].content[content_type]
        assert Judge(engine.spec).errors(media, response.json()) == []
    elif content_type == "application/xml":
        assert response.text.startswith("<root><id>")
    elif content_type.startswith("text/"):
        assert len(response.text) >= 3


VENDOR = "application/vnd.a+json"


def content_of(engine: Engine) -> MediaType:
    return engine.spec.operations[0].responses["200"].content["application/json"]


def test_plus_json_satisfies_an_accept_for_json(tmp_path: Path) -> None:
    content = {"application/hal+json": {"schema": PET}}
    responses = {"200": {"description": "ok", "content": content}}
    engine = engine_for(tmp_path, {"/pet": {"get": {"responses": responses}}})
    response = InProcess(create_app(engine)).request(
        "GET", "/pet", headers={"accept": "application/json"}
    )
    assert response.headers["content-type"] == "application/hal+json"


def test_a_vendor_json_accept_is_answered_with_the_json_documented(tmp_path: Path) -> None:
    content = {"application/json": {"schema": PET}}
    responses = {"200": {"description": "ok", "content": content}}
    engine = engine_for(tmp_path, {"/pet": {"get": {"responses": responses}}})
    response = InProcess(create_app(engine)).request(
        "GET", "/pet", headers={"accept": "application/vnd.github.v3+json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert Judge(engine.spec).errors(content_of(engine), response.json()) == []


@pytest.mark.parametrize(
    ("accept", "documented", "chosen"),
    [
        ("application/json", ["application/json"], "application/json"),
        ("*/*", ["text/plain", "application/json"], ""),
        ("text/html,*/*;q=0.8", ["application/json"], ""),
        ("application/xml", ["application/json"], None),
        ("application/*;q=0.1, text/csv", ["application/json", "text/csv"], "text/csv"),
        ("application/json, application/json;q=0", ["application/json"], "application/json"),
        ("text/*;q=0, text/plain", ["text/plain"], "text/plain"),
        ("", ["application/json"], ""),
        (",,;q=x", ["application/json"], ""),
        # a vendor JSON type is answered with the JSON documented (GitHub's clients)
        ("application/vnd.github+json", ["application/json"], "application/json"),
        ("application/vnd.a+json", ["text/plain", "application/json"], "application/json"),
        (
            "application/vnd.a+json",
            ["application/json", "application/vnd.a+json"],
            "application/vnd.a+json",
        ),
        ("application/vnd.a+json", ["text/plain"], None),
        ("application/problem+json", ["application/xml"], None),
    ],
)
def test_negotiate(accept: str, documented: list[str], chosen: str | None) -> None:
    assert negotiate(accept, documented) == chosen


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["code=404"], Preferences(code=404)),
        (["code=201, example=rex"], Preferences(code=201, example="rex")),
        (["dynamic=true seed=5"], Preferences(strategy=Strategy.DYNAMIC, seed=5)),
        (
            ["quality=production", "dynamic=false"],
            Preferences(strategy=Strategy.STATIC, quality=Quality.PRODUCTION),
        ),
        (['example="two words"; respond-async'], Preferences(example="two words")),
        (["return=minimal"], Preferences()),
    ],
)
def test_parse_prefer(values: list[str], expected: Preferences) -> None:
    assert parse_prefer(values) == expected


def test_description_paths_under_admin_prefix_are_not_shadowed(tmp_path: Path) -> None:
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": PET}}}}
    engine = engine_for(tmp_path, {"/__specmock/pets": {"get": {"responses": responses}}})
    client = InProcess(create_app(engine))
    assert client.request("GET", "/__specmock/pets").json()["id"] >= 1
    assert client.request("GET", "/__specmock/health").json() == {"status": "ok"}


def test_admin_token_is_required_when_set(petstore_engine: Engine) -> None:
    app = create_app(petstore_engine, admin_token="s3cret")
    with serving(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        assert client.get("/__specmock/health").status_code == 200  # for load balancers
        assert client.get("/__specmock/operations").status_code == 401
        wrong = client.get("/__specmock/operations", headers={"authorization": "Bearer nope"})
        assert wrong.status_code == 401
        assert wrong.headers["www-authenticate"].startswith("Bearer")
        good = {"authorization": "Bearer s3cret"}
        assert client.get("/__specmock/operations", headers=good).status_code == 200
        assert client.post("/__specmock/health", headers=good).status_code == 405
        # The mocked API itself needs no token.
        assert client.get("/pets/1").status_code == 200


def test_no_validate_answers_invalid_requests(petstore_engine: Engine) -> None:
    client = InProcess(create_app(petstore_engine, validate=False))
    assert client.request("GET", "/pets/search").status_code == 200
    assert client.request("POST", "/pets", json={"name": 5}).status_code == 201
    # Undecodable input is still refused: there is nothing to answer from.
    bad = client.request(
        "POST", "/pets", content=b"{", headers={"content-type": "application/json"}
    )
    assert bad.status_code == 400


def test_swagger_base_path(tmp_path: Path) -> None:
    doc = {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "basePath": "/api",
        "paths": {
            "/pets/{id}": {
                "get": {
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "type": "integer"}
                    ],
                    "responses": {"200": {"description": "ok", "schema": PET}},
                }
            }
        },
    }
    engine = Engine(load(write_spec(tmp_path, doc)))
    client = InProcess(create_app(engine))
    assert client.request("GET", "/api/pets/5").json()["id"] == 5
    assert client.request("GET", "/pets/5").json()["id"] == 5


def test_engine_respond_is_the_same_answer(petstore_engine: Engine) -> None:
    response = petstore_engine.respond(Request("GET", "/v1/pets/42"))
    assert response.status == 200
    assert dict(response.headers)["x-specmock-source"] == "generated"
    assert b'"id":42' in response.body


def test_generation_problems_become_a_warning_header(tmp_path: Path) -> None:
    bad_example = {"schema": PET, "example": {"id": 0, "name": "zero"}}
    responses = {"200": {"description": "ok", "content": {"application/json": bad_example}}}
    engine = engine_for(tmp_path, {"/pet": {"get": {"responses": responses}}})
    response = InProcess(create_app(engine)).request("GET", "/pet")
    assert response.status_code == 200
    warning = response.headers["x-specmock-warning"]
    assert warning.isascii() and "invalid" in warning
