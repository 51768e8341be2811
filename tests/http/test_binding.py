"""Binding: parameters by style and explode, bodies by content type, typed by schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builders import json_response, openapi, write_spec
from serving import InProcess
from specmock.engine import Engine
from specmock.http import create_app
from specmock.http.binding import bind
from specmock.models import Inputs, Request
from specmock.spec import load
from specmock.spec.routing import Router

INTS = {"type": "array", "items": {"type": "integer"}}
FILTER = {
    "type": "object",
    "properties": {
        "min": {"type": "integer"},
        "open": {"type": "boolean"},
        "q": {"type": "string"},
    },
}

#: pandascore's page: a number, or an object of number and size
PAGE = {
    "oneOf": [
        {"type": "integer"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"number": {"type": "integer"}, "size": {"type": "integer"}},
        },
    ]
}


def param(name: str, where: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": schema, **extra}


def bound(tmp_path: Path, parameters: list[dict[str, Any]], request: Request) -> Inputs:
    template = "/items/{id}" if any(p["in"] == "path" for p in parameters) else "/items"
    doc = openapi({template: {"get": {"parameters": parameters, "responses": json_response({})}}})
    spec = load(write_spec(tmp_path, doc))
    op = spec.operations[0]
    route = Router(spec.operations).match(request.method, request.path)
    return bind(op, request, route.params, spec.schemas).inputs


@pytest.mark.parametrize(
    ("parameter", "query", "expected"),
    [
        (param("ids", "query", INTS), [("ids", "1"), ("ids", "2")], [1, 2]),
        (param("ids", "query", INTS, explode=False), [("ids", "1,2,3")], [1, 2, 3]),
        (
            param("ids", "query", INTS, style="spaceDelimited", explode=False),
            [("ids", "4 5")],
            [4, 5],
        ),
        (
            param("ids", "query", INTS, style="pipeDelimited", explode=False),
            [("ids", "6|7")],
            [6, 7],
        ),
        (param("n", "query", {"type": "number"}), [("n", "2.5")], 2.5),
        (param("b", "query", {"type": "boolean"}), [("b", "true")], True),
        (param("s", "query", {"type": "string"}), [("s", "007")], "007"),
        (
            param("f", "query", FILTER, style="deepObject", explode=True),
            [("f[min]", "3"), ("f[open]", "false")],
            {"min": 3, "open": False},
        ),
        (param("f", "query", FILTER), [("min", "3"), ("q", "x")], {"min": 3, "q": "x"}),
        (param("f", "query", FILTER, explode=False), [("f", "min,3,q,x")], {"min": 3, "q": "x"}),
        (param("page", "query", PAGE), [("page", "2")], 2),
        (param("page", "query", PAGE), [("number", "2"), ("size", "5")], {"number": 2, "size": 5}),
    ],
    ids=[
        "form-explode",
        "form",
        "space",
        "pipe",
        "number",
        "boolean",
        "string-stays",
        "deepObject",
        "form-object-explode",
        "form-object",
        "number-or-object-as-number",
        "number-or-object-as-object",
    ],
)
def test_query_styles(
    tmp_path: Path, parameter: dict[str, Any], query: list[tuple[str, str]], expected: Any
) -> None:
    inputs = bound(tmp_path, [parameter], Request("GET", "/items", tuple(query)))
    assert inputs.query == {parameter["name"]: expected}


@pytest.mark.parametrize(
    ("parameter", "path", "expected"),
    [
        (param("id", "path", INTS, required=True), "/items/1,2", [1, 2]),
        (param("id", "path", INTS, required=True, style="label"), "/items/.1,2", [1, 2]),
        (
            param("id", "path", INTS, required=True, style="label", explode=True),
            "/items/.1.2",
            [1, 2],
        ),
        (param("id", "path", INTS, required=True, style="matrix"), "/items/;id=1,2", [1, 2]),
        (
            param("id", "path", INTS, required=True, style="matrix", explode=True),
            "/items/;id=1;id=2",
            [1, 2],
        ),
        (param("id", "path", FILTER, required=True, explode=True), "/items/min=3,q=x", None),
    ],
    ids=["simple", "label", "label-explode", "matrix", "matrix-explode", "simple-object"],
)
def test_path_styles(tmp_path: Path, parameter: dict[str, Any], path: str, expected: Any) -> None:
    inputs = bound(tmp_path, [parameter], Request("GET", path))
    assert inputs.path == {"id": expected if expected is not None else {"min": 3, "q": "x"}}


def test_headers_and_cookies(tmp_path: Path) -> None:
    parameters = [
        param("X-Ids", "header", INTS),
        param("session", "cookie", {"type": "integer"}),
    ]
    request = Request("GET", "/items", headers=(("x-ids", "1, 2"), ("cookie", "a=b; session=9")))
    inputs = bound(tmp_path, parameters, request)
    assert inputs.headers == {"x-ids": [1, 2]}
    assert inputs.cookies == {"session": 9}


def form_app(tmp_path: Path) -> InProcess:
    schema = {
        "type": "object",
        "required": ["name", "age"],
        "properties": {
            "name": {"type": "string"},
            "age": {"type": "integer", "minimum": 0},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    body = {"content": {"application/x-www-form-urlencoded": {"schema": schema}}}
    doc = openapi(
        {
            "/people": {
                "post": {
                    "requestBody": body,
                    "responses": {"204": {"description": "ok"}},
                }
            }
        }
    )
    return InProcess(create_app(Engine(load(write_spec(tmp_path, doc)))))


def test_form_body_is_typed_and_validated(tmp_path: Path) -> None:
    client = form_app(tmp_path)
    ok = client.request("POST", "/people", data={"name": "Ada", "age": "36", "tags": ["a", "b"]})
    assert ok.status_code == 204
    bad = client.request("POST", "/people", data={"name": "Ada", "age": "-1"})
    assert bad.status_code == 422
    assert [(e["in"], e["pointer"]) for e in bad.json()["errors"]] == [("body", "/age")]


def test_form_body_with_bad_utf8_is_400(tmp_path: Path) -> None:
    response = form_app(tmp_path).request(
        "POST",
        "/people",
        content=b"name=%FF&age=1",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 400


def test_array_items_are_validated_with_their_index(tmp_path: Path) -> None:
    bounded = {"type": "array", "items": {"type": "integer", "maximum": 10}}
    doc = openapi(
        {
            "/items": {
                "get": {
                    "parameters": [param("ids", "query", bounded)],
                    "responses": json_response({"type": "object"}),
                }
            }
        }
    )
    client = InProcess(create_app(Engine(load(write_spec(tmp_path, doc)))))
    response = client.request("GET", "/items?ids=1&ids=99&ids=x")
    assert response.status_code == 422
    assert sorted(e["pointer"] for e in response.json()["errors"]) == ["/1", "/2"]
    assert client.request("GET", "/items?ids=1&ids=2").status_code == 200
