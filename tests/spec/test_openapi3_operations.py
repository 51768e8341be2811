"""OpenAPI 3.0/3.1 operations: parameters, bodies, responses, media types, servers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import referencing
import referencing.jsonschema

from specmock.spec import MediaType, ParamLocation, Spec, load

MakeSpec = Callable[..., Path]


def original(spec: Spec, media: MediaType) -> Any:
    """The schema object ``media.source`` names, looked up in the original documents."""
    assert media.source is not None
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(
        (uri, referencing.jsonschema.DRAFT202012.create_resource(doc))
        for uri, doc in spec.documents.items()
    )
    return registry.resolver().lookup(media.source).contents


def test_operation_fields(make_spec: MakeSpec) -> None:
    op = {
        "operationId": "showPet",
        "summary": "Show",
        "description": "Shows a pet",
        "tags": ["pets"],
        "deprecated": True,
        "security": [{"key": []}, {"oauth": ["read"]}],
        "x-rate-limit": 10,
        "x-codeSamples": [{"lang": "C#", "source": {"$ref": "missing.cs"}}],
        "responses": {"200": {"description": "the pet"}},
    }

    spec = load(make_spec({"/pets/{id}": {"get": op}}))

    (operation,) = spec.operations
    assert operation.method == "get"
    assert operation.path == "/pets/{id}"
    assert operation.key == "GET /pets/{id}"
    assert operation.pointer == "#/paths/~1pets~1{id}/get"
    assert operation.operation_id == "showPet"
    assert (operation.summary, operation.description) == ("Show", "Shows a pet")
    assert operation.tags == ("pets",)
    assert operation.deprecated
    assert operation.security == ({"key": ()}, {"oauth": ("read",)})
    assert operation.extensions == {
        "x-rate-limit": 10,
        "x-codeSamples": [{"lang": "C#", "source": {"$ref": "missing.cs"}}],
    }
    assert operation.responses["200"].description == "the pet"
    assert spec.skipped == ()


def test_global_security_applies_when_operation_has_none(make_spec: MakeSpec) -> None:
    spec = load(make_spec({"/a": {"get": {"responses": {}}}}, security=[{"key": []}]))

    assert spec.operations[0].security == ({"key": ()},)


def test_path_level_parameters_are_merged_and_operation_wins(make_spec: MakeSpec) -> None:
    item = {
        "parameters": [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
            {"$ref": "#/components/parameters/Limit"},
        ],
        "get": {
            "parameters": [
                {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 5}},
                {"name": "limit", "in": "header", "schema": {"type": "string"}},
            ],
            "responses": {},
        },
    }
    limit = {"name": "limit", "in": "query", "schema": {"type": "integer"}}

    spec = load(make_spec({"/pets/{id}": item}, components={"parameters": {"Limit": limit}}))

    params = {(p.name, p.location): p for p in spec.operations[0].parameters}
    assert list(params) == [
        ("id", ParamLocation.PATH),
        ("limit", ParamLocation.QUERY),
        ("limit", ParamLocation.HEADER),
    ]
    assert params["limit", ParamLocation.QUERY].schema == {"type": ["integer"], "maximum": 5}


@pytest.mark.parametrize(
    ("where", "written", "style", "explode"),
    [
        ("path", {}, "simple", False),
        ("header", {}, "simple", False),
        ("query", {}, "form", True),
        ("cookie", {}, "form", True),
        ("query", {"explode": False}, "form", False),
        ("query", {"style": "deepObject"}, "deepObject", False),
        ("query", {"style": "pipeDelimited", "explode": True}, "pipeDelimited", True),
    ],
)
def test_parameter_style_defaults(
    make_spec: MakeSpec, where: str, written: dict[str, Any], style: str, explode: bool
) -> None:
    param = {"name": "p", "in": where, "schema": {"type": "array"}, **written}

    spec = load(make_spec({"/a/{p}": {"get": {"parameters": [param], "responses": {}}}}))

    (parameter,) = spec.operations[0].parameters
    assert (parameter.style, parameter.explode) == (style, explode)
    assert parameter.required is (where == "path")


def test_parameter_with_content_uses_its_first_media_type(make_spec: MakeSpec) -> None:
    param = {
        "name": "filter",
        "in": "query",
        "required": True,
        "description": "a filter",
        "content": {"application/json": {"schema": {"type": "object"}}, "text/plain": {}},
        "example": {"a": 1},
        "examples": {"one": {"value": {"b": 2}}, "far": {"externalValue": "http://x/e.json"}},
    }

    spec = load(make_spec({"/a": {"get": {"parameters": [param], "responses": {}}}}))

    (parameter,) = spec.operations[0].parameters
    assert parameter.schema == {"type": ["object"]}
    assert parameter.required
    assert parameter.description == "a filter"
    assert parameter.examples == {"example": {"a": 1}, "one": {"b": 2}}


def test_request_body_and_media_examples(make_spec: MakeSpec) -> None:
    body = {"$ref": "#/components/requestBodies/NewPet"}
    new_pet = {
        "required": True,
        "description": "a pet",
        "content": {
            "application/json": {
                "schema": {"type": "object", "example": {"name": "x"}},
                "examples": {
                    "rex": {"$ref": "#/components/examples/Rex"},
                    "bad": {"$ref": "#/nope"},
                },
            },
            "application/xml": {"example": "<pet/>"},
        },
    }
    components = {
        "requestBodies": {"NewPet": new_pet},
        "examples": {"Rex": {"value": {"name": "rex"}}},
    }

    spec = load(
        make_spec(
            {"/pets": {"post": {"requestBody": body, "responses": {}}}}, components=components
        )
    )

    request = spec.operations[0].body
    assert request is not None
    assert request.required
    assert request.description == "a pet"
    json_media = request.content["application/json"]
    assert json_media.schema == {"type": ["object"], "examples": [{"name": "x"}]}
    assert json_media.examples == {"rex": {"name": "rex"}}
    root = Path(spec.source).resolve().as_uri()
    pointer = "/components/requestBodies/NewPet/content/application~1json/schema"
    assert json_media.source == f"{root}#{pointer}"
    xml = request.content["application/xml"]
    assert (xml.schema, xml.source, xml.examples) == (None, None, {"example": "<pet/>"})


def test_response_ref_gives_source_where_schema_is_written(make_spec: MakeSpec) -> None:
    not_found = {
        "description": "not found",
        "headers": {
            "X-Request-Id": {"$ref": "#/components/headers/RequestId"},
            "X-Rate": {
                "required": True,
                "content": {"text/plain": {"schema": {"type": "integer"}}},
            },
        },
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }
    components = {
        "responses": {"NotFound": not_found},
        "headers": {
            "RequestId": {"description": "id", "schema": {"type": "string", "format": "uuid"}}
        },
        "schemas": {"Problem": {"type": "object", "properties": {"title": {"type": "string"}}}},
    }
    responses = {"404": {"$ref": "#/components/responses/NotFound"}, "x-note": "ignored"}

    spec = load(
        make_spec(
            {"/pets": {"get": {"responses": responses}}}, version="3.0.3", components=components
        )
    )

    root = Path(spec.source).resolve().as_uri()
    response = spec.operations[0].responses["404"]
    assert list(spec.operations[0].responses) == ["404"]
    assert response.status == "404"
    assert response.description == "not found"
    media = response.content["application/problem+json"]
    assert media.is_json
    assert (
        media.source
        == f"{root}#/components/responses/NotFound/content/application~1problem+json/schema"
    )
    assert original(spec, media) == {"$ref": "#/components/schemas/Problem"}
    assert response.headers["X-Request-Id"].schema == {"type": ["string"], "format": "uuid"}
    assert response.headers["X-Request-Id"].description == "id"
    assert response.headers["X-Rate"].required
    assert response.headers["X-Rate"].schema == {"type": ["integer"]}


def test_source_is_exact_across_files(make_spec: MakeSpec, tmp_path: Path) -> None:
    files = {
        "responses/ok.yaml": {
            "description": "ok",
            "content": {"application/json": {"schema": {"type": "object", "required": ["id"]}}},
        }
    }
    root = make_spec(
        {"/a": {"get": {"responses": {"200": {"$ref": "responses/ok.yaml"}}}}}, files=files
    )

    spec = load(root)

    media = spec.operations[0].responses["200"].content["application/json"]
    ok = (tmp_path / "responses/ok.yaml").resolve().as_uri()
    assert media.source == f"{ok}#/content/application~1json/schema"
    assert original(spec, media) == {"type": "object", "required": ["id"]}


def test_path_item_ref_keeps_root_pointer(make_spec: MakeSpec) -> None:
    files = {"items.yaml": {"Pets": {"get": {"operationId": "list", "responses": {}}}}}

    spec = load(make_spec({"/pets": {"$ref": "items.yaml#/Pets"}}, files=files))

    assert spec.operations[0].pointer == "#/paths/~1pets/get"


def test_webhook_only_document_has_no_operations(make_spec: MakeSpec) -> None:
    webhooks = {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}}

    spec = load(make_spec(None, webhooks=webhooks))

    assert spec.operations == ()
    assert spec.skipped == ()


def test_callbacks_and_links_are_ignored(make_spec: MakeSpec) -> None:
    op = {
        "callbacks": {"cb": {"{$request.body#/url}": {"post": {"responses": {}}}}},
        "responses": {"200": {"description": "ok", "links": {"l": {"operationId": "x"}}}},
    }

    spec = load(make_spec({"/a": {"post": op}}))

    assert [o.key for o in spec.operations] == ["POST /a"]


@pytest.mark.parametrize(
    ("servers", "urls", "base_paths"),
    [
        (None, (), ("",)),
        ([{"url": "/"}], ("/",), ("",)),
        ([{"url": "https://api.x.org/v1/"}], ("https://api.x.org/v1/",), ("/v1",)),
        (
            [
                {
                    "url": "https://{region}.x.org/{base}",
                    "variables": {
                        "region": {"default": "eu"},
                        "base": {"default": "v2", "enum": ["v2"]},
                    },
                },
                {"url": "http://localhost:8080/v2"},
            ],
            ("https://eu.x.org/v2", "http://localhost:8080/v2"),
            ("/v2",),
        ),
    ],
    ids=["none", "root", "path", "variables"],
)
def test_servers_and_base_paths(
    make_spec: MakeSpec, servers: Any, urls: tuple[str, ...], base_paths: tuple[str, ...]
) -> None:
    top = {"servers": servers} if servers is not None else {}

    spec = load(make_spec({}, **top))

    assert spec.servers == urls
    assert spec.base_paths == base_paths


def test_security_schemes(make_spec: MakeSpec) -> None:
    schemes = {
        "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        "ref": {"$ref": "#/components/securitySchemes/key"},
    }

    spec = load(make_spec({}, components={"securitySchemes": schemes}))

    assert spec.security_schemes == {"key": schemes["key"], "ref": schemes["key"]}


def test_integer_status_codes_become_strings(
    make_spec: MakeSpec, write_file: Callable[[str, Any], Path]
) -> None:
    text = """\
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        200: {description: ok}
"""

    spec = load(write_file("api.yaml", text))

    assert list(spec.operations[0].responses) == ["200"]
