"""Swagger 2.0 operations become the same model as OpenAPI 3.x ones."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specmock.spec import ParamLocation, load

MakeSpec = Callable[..., Path]


def swagger(make_spec: MakeSpec, paths: dict[str, Any], **top: Any) -> Any:
    return load(make_spec(paths, version="2.0", **top))


def test_body_parameter_gives_one_media_type_per_consumed_type(make_spec: MakeSpec) -> None:
    op = {
        "consumes": ["application/json", "application/xml"],
        "parameters": [
            {
                "name": "pet",
                "in": "body",
                "required": True,
                "description": "d",
                "schema": {"$ref": "#/definitions/Pet"},
            }
        ],
        "responses": {},
    }

    spec = swagger(make_spec, {"/pets": {"post": op}}, definitions={"Pet": {"type": "object"}})

    root = Path(spec.source).resolve().as_uri()
    body = spec.operations[0].body
    assert body is not None
    assert (body.required, body.description) == (True, "d")
    assert list(body.content) == ["application/json", "application/xml"]
    for media in body.content.values():
        assert media.schema == {"$ref": f"{root}#/definitions/Pet"}
        assert media.source == f"{root}#/paths/~1pets/post/parameters/0/schema"
    assert spec.schemas[f"{root}#/definitions/Pet"] == {"type": ["object"]}
    assert spec.operations[0].parameters == ()


def test_global_consumes_and_default_json(make_spec: MakeSpec) -> None:
    body = {"name": "b", "in": "body", "schema": {"type": "string"}}
    paths = {"/a": {"post": {"parameters": [body], "responses": {}}}}

    assert list(swagger(make_spec, paths).operations[0].body.content) == ["application/json"]
    spec = swagger(make_spec, paths, consumes=["text/plain"])
    assert list(spec.operations[0].body.content) == ["text/plain"]


@pytest.mark.parametrize(
    ("consumes", "file", "media"),
    [
        (None, False, "application/x-www-form-urlencoded"),
        (["multipart/form-data"], False, "multipart/form-data"),
        (None, True, "multipart/form-data"),
    ],
    ids=["urlencoded", "multipart-consumed", "file-param"],
)
def test_form_data_becomes_one_synthesised_body(
    make_spec: MakeSpec, consumes: list[str] | None, file: bool, media: str
) -> None:
    params = [
        {"name": "name", "in": "formData", "type": "string", "required": True, "maxLength": 5},
        {"name": "photo", "in": "formData", "type": "file" if file else "string"},
    ]
    op: dict[str, Any] = {"parameters": params, "responses": {}}
    if consumes:
        op["consumes"] = consumes

    spec = swagger(make_spec, {"/pets": {"post": op}})

    body = spec.operations[0].body
    assert body is not None and body.required
    (only,) = body.content.values()
    assert only.name == media
    assert only.source is None
    photo = {"type": ["string"], "format": "binary"} if file else {"type": ["string"]}
    assert only.schema == {
        "type": ["object"],
        "properties": {"name": {"type": ["string"], "maxLength": 5}, "photo": photo},
        "required": ["name"],
    }


@pytest.mark.parametrize(
    ("method", "consumes", "media"),
    [
        ("post", ["application/octet-stream"], ["application/octet-stream"]),
        ("put", ["image/png", "image/jpeg"], ["image/png", "image/jpeg"]),
        ("patch", ["application/json", "video/mp4"], ["video/mp4"]),
        ("post", ["application/json"], []),
        ("get", ["application/octet-stream"], []),
        ("delete", ["image/png"], []),
    ],
    ids=["octet-stream", "images", "binary-among-json", "json-only", "get", "delete"],
)
def test_binary_consumes_without_body_parameter_sends_bytes(
    make_spec: MakeSpec, method: str, consumes: list[str], media: list[str]
) -> None:
    query = {"name": "name", "in": "query", "type": "string"}
    op = {"consumes": consumes, "parameters": [query], "responses": {}}

    spec = swagger(make_spec, {"/files": {method: op}})

    body = spec.operations[0].body
    if not media:
        assert body is None
        return
    assert body is not None and not body.required
    assert list(body.content) == media
    for item in body.content.values():
        assert item.schema == {"type": ["string"], "format": "binary"}
        assert item.source is None
    assert [p.name for p in spec.operations[0].parameters] == ["name"]


def test_binary_consumes_keeps_a_declared_body_parameter(make_spec: MakeSpec) -> None:
    body = {"name": "b", "in": "body", "schema": {"type": "string", "format": "byte"}}
    op = {"consumes": ["application/octet-stream"], "parameters": [body], "responses": {}}

    spec = swagger(make_spec, {"/files": {"post": op}})

    (only,) = spec.operations[0].body.content.values()
    assert only.schema == {"type": ["string"], "format": "byte"}
    assert only.source is not None


def test_non_body_parameter_is_its_own_schema(make_spec: MakeSpec) -> None:
    param = {
        "name": "tags",
        "in": "query",
        "description": "tags",
        "type": "array",
        "items": {"type": "string", "enum": ["a", "b"]},
        "collectionFormat": "multi",
        "maxItems": 3,
        "default": ["a"],
        "x-example": ["b"],
    }

    spec = swagger(make_spec, {"/pets": {"get": {"parameters": [param], "responses": {}}}})

    (parameter,) = spec.operations[0].parameters
    assert parameter.location is ParamLocation.QUERY
    assert parameter.schema == {
        "type": ["array"],
        "items": {"type": ["string"], "enum": ["a", "b"]},
        "maxItems": 3,
        "default": ["a"],
    }
    assert (parameter.style, parameter.explode) == ("form", True)
    assert parameter.examples == {"example": ["b"]}
    assert parameter.description == "tags"


@pytest.mark.parametrize(
    ("where", "collection", "style", "explode"),
    [
        ("query", None, "form", False),
        ("query", "csv", "form", False),
        ("path", "csv", "simple", False),
        ("header", None, "simple", False),
        ("query", "multi", "form", True),
        ("query", "ssv", "spaceDelimited", False),
        ("query", "pipes", "pipeDelimited", False),
    ],
)
def test_collection_format_becomes_style(
    make_spec: MakeSpec, where: str, collection: str | None, style: str, explode: bool
) -> None:
    param: dict[str, Any] = {"name": "p", "in": where, "type": "array", "items": {"type": "string"}}
    if where == "path":
        param["required"] = True
    if collection:
        param["collectionFormat"] = collection

    spec = swagger(make_spec, {"/a/{p}": {"get": {"parameters": [param], "responses": {}}}})

    (parameter,) = spec.operations[0].parameters
    assert (parameter.style, parameter.explode) == (style, explode)


def test_response_schema_per_produced_type_with_examples_and_headers(make_spec: MakeSpec) -> None:
    response = {
        "description": "ok",
        "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
        "examples": {"application/json": [{"id": 1}]},
        "headers": {"X-Rate": {"type": "integer", "minimum": 0, "description": "left"}},
    }
    op = {
        "produces": ["application/json", "text/csv"],
        "responses": {"200": {"$ref": "#/responses/Ok"}},
    }

    spec = swagger(
        make_spec,
        {"/pets": {"get": op}},
        responses={"Ok": response},
        definitions={"Pet": {"type": "object", "properties": {"id": {"type": "integer"}}}},
    )

    root = Path(spec.source).resolve().as_uri()
    ok = spec.operations[0].responses["200"]
    assert ok.description == "ok"
    assert list(ok.content) == ["application/json", "text/csv"]
    json_media = ok.content["application/json"]
    assert json_media.schema == {"type": ["array"], "items": {"$ref": f"{root}#/definitions/Pet"}}
    assert json_media.examples == {"example": [{"id": 1}]}
    assert json_media.source == f"{root}#/responses/Ok/schema"
    assert ok.content["text/csv"].examples == {}
    assert ok.headers["X-Rate"].schema == {"type": ["integer"], "minimum": 0}
    assert ok.headers["X-Rate"].description == "left"


def test_response_without_schema_has_no_content(make_spec: MakeSpec) -> None:
    spec = swagger(make_spec, {"/a": {"delete": {"responses": {"204": {"description": "gone"}}}}})

    assert spec.operations[0].responses["204"].content == {}


@pytest.mark.parametrize(
    ("top", "servers", "base_paths"),
    [
        ({}, (), ("",)),
        ({"basePath": "/v1/"}, ("/v1/",), ("/v1",)),
        ({"host": "api.x.org"}, ("https://api.x.org",), ("",)),
        (
            {"host": "api.x.org", "basePath": "/v1", "schemes": ["http", "https"]},
            ("http://api.x.org/v1", "https://api.x.org/v1"),
            ("/v1",),
        ),
    ],
    ids=["none", "base-path", "host", "schemes"],
)
def test_host_base_path_and_schemes_become_servers(
    make_spec: MakeSpec, top: dict[str, Any], servers: tuple[str, ...], base_paths: tuple[str, ...]
) -> None:
    spec = swagger(make_spec, {}, **top)

    assert spec.servers == servers
    assert spec.base_paths == base_paths


def test_security_definitions_become_security_schemes(make_spec: MakeSpec) -> None:
    definitions = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}

    spec = swagger(
        make_spec,
        {"/a": {"get": {"responses": {}}}},
        securityDefinitions=definitions,
        security=[{"key": []}],
    )

    assert spec.security_schemes == definitions
    assert spec.operations[0].security == ({"key": ()},)


def test_multi_file_swagger(make_spec: MakeSpec) -> None:
    files = {
        "parameters.yaml": {"Limit": {"name": "limit", "in": "query", "type": "integer"}},
        "definitions/pet.yaml": {
            "type": "object",
            "properties": {"tag": {"$ref": "#/Tag"}},
            "Tag": {},
        },
    }
    op = {
        "parameters": [{"$ref": "parameters.yaml#/Limit"}],
        "responses": {"200": {"description": "ok", "schema": {"$ref": "definitions/pet.yaml"}}},
    }

    spec = swagger(make_spec, {"/pets": {"get": op}}, files=files)

    folder = Path(spec.source).parent.resolve()
    pet = (folder / "definitions/pet.yaml").as_uri()
    assert spec.operations[0].parameters[0].name == "limit"
    assert spec.schemas[f"{pet}#"] == {
        "type": ["object"],
        "properties": {"tag": {"$ref": f"{pet}#/Tag"}},
        "Tag": {},
    }


def test_broken_body_schema_keeps_the_operation(make_spec: MakeSpec) -> None:
    body = {"name": "pet", "in": "body", "schema": {"$ref": "#/definitions/Missing"}}
    item = {
        "parameters": [body],
        "post": {"parameters": [{"name": "q", "in": "query", "type": "string"}], "responses": {}},
    }

    spec = swagger(make_spec, {"/pets": item})

    assert spec.operations[0].body is None
    assert [p.name for p in spec.operations[0].parameters] == ["q"]
    assert [s.pointer for s in spec.skipped] == ["#/paths/~1pets/parameters/0"]
