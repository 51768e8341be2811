"""Schemas reach the model's one contract whatever the version (see ``model.py``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from specmock.spec import Spec, load

MakeSpec = Callable[..., Path]


def with_schemas(make_spec: MakeSpec, version: str, schemas: Mapping[str, Any], **kw: Any) -> Spec:
    """A description whose one operation answers with ``S``, holding ``schemas``."""
    if version == "2.0":
        ref = "#/definitions/S"
        response = {"description": "ok", "schema": {"$ref": ref}}
        return load(
            make_spec(
                {"/s": {"get": {"responses": {"200": response}}}},
                version=version,
                definitions=schemas,
                **kw,
            )
        )
    ref = "#/components/schemas/S"
    response = {"description": "ok", "content": {"application/json": {"schema": {"$ref": ref}}}}
    return load(
        make_spec(
            {"/s": {"get": {"responses": {"200": response}}}},
            version=version,
            components={"schemas": schemas},
            **kw,
        )
    )


def normalised(make_spec: MakeSpec, version: str, schema: Any) -> Any:
    spec = with_schemas(make_spec, version, {"S": schema})
    name = "definitions" if version == "2.0" else "components/schemas"
    return spec.schemas[f"{root_uri(spec)}#/{name}/S"]


def root_uri(spec: Spec) -> str:
    return Path(spec.source).resolve().as_uri()


#: Keywords whose values are data, not schemas: a "$ref" in them is just data.
DATA = frozenset({"example", "examples", "default", "enum", "const"})
MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})


def refs_in(schema: Any) -> Iterator[str]:
    """Every ``$ref`` (and discriminator mapping value) in a normalised schema."""
    if isinstance(schema, list):
        for item in schema:
            yield from refs_in(item)
        return
    if not isinstance(schema, dict):
        return
    for key, member in schema.items():
        if key == "$ref":
            yield member
        elif key == "discriminator":
            yield from member.get("mapping", {}).values()
        elif key in MAPS and isinstance(member, dict):
            for sub in member.values():
                yield from refs_in(sub)
        elif key not in DATA:
            yield from refs_in(member)


@pytest.mark.parametrize(
    ("version", "schema", "expected"),
    [
        ("3.0.3", {"type": "string", "nullable": True}, {"type": ["string", "null"]}),
        (
            "3.0.3",
            {"type": "string", "enum": ["a", "b"], "nullable": True},
            {"type": ["string", "null"], "enum": ["a", "b"]},
        ),
        ("3.0.3", {"type": "string", "nullable": False}, {"type": ["string"]}),
        ("2.0", {"type": "integer", "x-nullable": True}, {"type": ["integer", "null"]}),
        ("3.1.0", {"type": "string", "nullable": True}, {"type": ["string"]}),
        ("3.1.0", {"type": ["string", "null"]}, {"type": ["string", "null"]}),
        (
            "3.0.3",
            {"type": "number", "minimum": 1, "exclusiveMinimum": True, "maximum": 9},
            {"type": ["number"], "exclusiveMinimum": 1, "maximum": 9},
        ),
        (
            "3.0.3",
            {"type": "number", "maximum": 9, "exclusiveMaximum": True},
            {"type": ["number"], "exclusiveMaximum": 9},
        ),
        (
            "2.0",
            {"type": "number", "maximum": 9, "exclusiveMaximum": False},
            {"type": ["number"], "maximum": 9},
        ),
        (
            "3.1.0",
            {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 5},
            {"type": ["number"], "exclusiveMinimum": 0, "exclusiveMaximum": 5},
        ),
        (
            "3.1.0",
            {"type": "integer", "minimum": 0, "exclusiveMinimum": True},
            {"type": ["integer"], "exclusiveMinimum": 0},
        ),
        ("3.0.3", {"type": "string", "example": "rex"}, {"type": ["string"], "examples": ["rex"]}),
        ("2.0", {"type": "string", "example": "rex"}, {"type": ["string"], "examples": ["rex"]}),
        ("3.1.0", {"const": 3, "examples": [3]}, {"const": 3, "examples": [3]}),
        (
            "3.1.0",
            {"type": "array", "prefixItems": [{"type": "string"}], "items": False},
            {"type": ["array"], "prefixItems": [{"type": ["string"]}], "items": False},
        ),
        (
            "3.0.3",
            {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
            {"type": ["array"], "prefixItems": [{"type": ["string"]}, {"type": ["integer"]}]},
        ),
        (
            "3.0.3",
            {
                "type": "array",
                "items": [{"type": "string"}],
                "additionalItems": {"type": "integer"},
            },
            {
                "type": ["array"],
                "prefixItems": [{"type": ["string"]}],
                "items": {"type": ["integer"]},
            },
        ),
        ("2.0", {"type": "file"}, {"type": ["string"], "format": "binary"}),
        (
            "3.0.3",
            {
                "type": "object",
                "x-internal": True,
                "properties": {"x-id": {"type": "string", "x-a": 1}},
            },
            {"type": ["object"], "properties": {"x-id": {"type": ["string"]}}},
        ),
        (
            "3.1.0",
            {
                "title": "T",
                "description": "D",
                "default": "d",
                "readOnly": True,
                "writeOnly": False,
                "format": "email",
                "deprecated": True,
                "type": "string",
            },
            {
                "title": "T",
                "description": "D",
                "default": "d",
                "readOnly": True,
                "writeOnly": False,
                "format": "email",
                "deprecated": True,
                "type": ["string"],
            },
        ),
        (
            "3.0.3",
            {
                "type": "object",
                "required": ["a"],
                "properties": {"a": {"type": "string", "required": True}},
            },
            {"type": ["object"], "required": ["a"], "properties": {"a": {"type": ["string"]}}},
        ),
    ],
    ids=[
        "3.0-nullable",
        "3.0-nullable-enum",
        "3.0-not-nullable",
        "2.0-x-nullable",
        "3.1-nullable-is-no-keyword",
        "3.1-type-array",
        "3.0-exclusive-minimum",
        "3.0-exclusive-maximum",
        "2.0-exclusive-false",
        "3.1-numeric-exclusives",
        "3.1-boolean-exclusive-folded-too",
        "3.0-example",
        "2.0-example",
        "3.1-const-examples",
        "3.1-prefix-items",
        "3.0-items-array",
        "3.0-additional-items",
        "2.0-file",
        "vendor-extensions-dropped",
        "annotations-kept",
        "boolean-required-dropped",
    ],
)
def test_schema_is_normalised(
    make_spec: MakeSpec, version: str, schema: Any, expected: Any
) -> None:
    assert normalised(make_spec, version, schema) == expected


def test_ref_becomes_absolute_key_and_target_is_registered(make_spec: MakeSpec) -> None:
    schemas = {
        "S": {"type": "object", "properties": {"pet": {"$ref": "#/components/schemas/Pet"}}},
        "Pet": {"type": "string"},
    }
    spec = with_schemas(make_spec, "3.1.0", schemas)
    root = root_uri(spec)

    assert spec.schemas[f"{root}#/components/schemas/S"]["properties"]["pet"] == {
        "$ref": f"{root}#/components/schemas/Pet"
    }
    assert spec.schemas[f"{root}#/components/schemas/Pet"] == {"type": ["string"]}
    response = spec.operations[0].responses["200"].content["application/json"]
    assert response.schema == {"$ref": f"{root}#/components/schemas/S"}


def test_keywords_beside_ref_are_dropped_in_30_and_kept_in_31(make_spec: MakeSpec) -> None:
    beside = {"$ref": "#/components/schemas/P", "description": "d", "x-a": 1}
    for version, expected_extra in (("3.0.3", {}), ("3.1.0", {"description": "d"})):
        spec = with_schemas(make_spec, version, {"S": {"properties": {"p": beside}}, "P": {}})
        root = root_uri(spec)
        prop = spec.schemas[f"{root}#/components/schemas/S"]["properties"]["p"]
        assert prop == {"$ref": f"{root}#/components/schemas/P", **expected_extra}


def test_read_and_write_only_beside_ref_are_kept_in_every_version(make_spec: MakeSpec) -> None:
    # bunq's "legal_guardian_alias": {"$ref": ..., "writeOnly": true} in 3.0: the spec says
    # ignore it, openapi-schema-validator honours it; a response that leaves it out is
    # valid either way
    beside = {"$ref": "#/components/schemas/P", "writeOnly": True, "readOnly": False}
    for version in ("3.0.3", "3.1.0"):
        spec = with_schemas(make_spec, version, {"S": {"properties": {"p": beside}}, "P": {}})
        root = root_uri(spec)
        prop = spec.schemas[f"{root}#/components/schemas/S"]["properties"]["p"]
        assert prop["$ref"] == f"{root}#/components/schemas/P"
        assert prop["writeOnly"] is True
        assert prop.get("readOnly", False) is False


def test_circular_schema_stays_a_reference(make_spec: MakeSpec) -> None:
    node = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/S"}}},
    }
    spec = with_schemas(make_spec, "3.0.3", {"S": node})
    key = f"{root_uri(spec)}#/components/schemas/S"

    assert spec.schemas[key]["properties"]["children"]["items"] == {"$ref": key}


def test_mutually_recursive_schemas_across_files(make_spec: MakeSpec) -> None:
    files = {
        "schemas/a.yaml": {"type": "object", "properties": {"b": {"$ref": "b.yaml"}}},
        "schemas/b.yaml": {"type": "object", "properties": {"a": {"$ref": "./a.yaml#"}}},
    }
    spec = with_schemas(make_spec, "3.1.0", {"S": {"$ref": "schemas/a.yaml"}}, files=files)
    folder = Path(spec.source).parent.resolve()
    a, b = (folder / "schemas/a.yaml").as_uri() + "#", (folder / "schemas/b.yaml").as_uri() + "#"

    assert spec.schemas[a] == {"type": ["object"], "properties": {"b": {"$ref": b}}}
    assert spec.schemas[b] == {"type": ["object"], "properties": {"a": {"$ref": a}}}


def test_discriminator_mapping_values_become_keys(make_spec: MakeSpec) -> None:
    pet = {
        "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"cat": "Cat", "dog": "#/components/schemas/Dog", "bird": "Nope"},
        },
    }
    spec = with_schemas(
        make_spec, "3.0.3", {"S": pet, "Cat": {"type": "object"}, "Dog": {"type": "object"}}
    )
    root = root_uri(spec)

    assert spec.schemas[f"{root}#/components/schemas/S"]["discriminator"] == {
        "propertyName": "kind",
        "mapping": {
            "cat": f"{root}#/components/schemas/Cat",
            "dog": f"{root}#/components/schemas/Dog",
        },
    }


def test_swagger_discriminator_names_the_property(make_spec: MakeSpec) -> None:
    assert normalised(make_spec, "2.0", {"type": "object", "discriminator": "kind"}) == {
        "type": ["object"],
        "discriminator": {"propertyName": "kind"},
    }


def test_whole_object_refs_are_followed_mid_pointer(make_spec: MakeSpec) -> None:
    """googlemaps: ``paths``, ``components.schemas`` and a ``properties`` map are $refs."""
    files = {
        "paths/_index.yaml": {"/s": {"$ref": "s.yaml"}},
        "paths/s.yaml": {
            "get": {
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "../openapi.yaml#/components/schemas/S"}
                            }
                        },
                    }
                }
            }
        },
        "schemas/_index.yaml": {"S": {"$ref": "S.yaml"}, "T": {"type": "integer"}},
        "schemas/S.yaml": {"type": "object", "properties": {"$ref": "S_properties.yaml"}},
        "schemas/S_properties.yaml": {"t": {"$ref": "../openapi.yaml#/components/schemas/T"}},
    }
    root = make_spec(
        {"$ref": "paths/_index.yaml"},
        version="3.0.3",
        files=files,
        components={"schemas": {"$ref": "schemas/_index.yaml"}},
    )

    spec = load(root)

    uri = root.resolve().as_uri()
    media = spec.operations[0].responses["200"].content["application/json"]
    assert media.schema == {"$ref": f"{uri}#/components/schemas/S"}
    # The key names the place as written; a schema that is only a $ref is an alias.
    s_file = (root.parent / "schemas" / "S.yaml").resolve().as_uri() + "#"
    assert spec.schemas[f"{uri}#/components/schemas/S"] == {"$ref": s_file}
    assert spec.schemas[s_file] == {
        "type": ["object"],
        "properties": {"t": {"$ref": f"{uri}#/components/schemas/T"}},
    }
    assert spec.schemas[f"{uri}#/components/schemas/T"] == {"type": ["integer"]}
    assert spec.operations[0].pointer == "#/paths/~1s/get"


def test_every_ref_in_every_schema_is_a_key(make_spec: MakeSpec) -> None:
    schemas = {
        "S": {
            "allOf": [
                {"$ref": "#/components/schemas/A"},
                {"properties": {"b": {"$ref": "#/components/schemas/B"}}},
            ]
        },
        "A": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/B"}},
        "B": {"anyOf": [{"$ref": "#/components/schemas/S"}, {"type": "null"}]},
    }
    spec = with_schemas(make_spec, "3.1.0", schemas)

    assert len(spec.schemas) == 3
    for schema in spec.schemas.values():
        for ref in refs_in(schema):
            assert ref in spec.schemas


def test_percent_encoded_pointer_is_decoded(make_spec: MakeSpec) -> None:
    schemas = {"S": {"$ref": "#/components/schemas/A%20B"}, "A B": {"type": "string"}}
    spec = with_schemas(make_spec, "3.1.0", schemas)

    assert spec.schemas[f"{root_uri(spec)}#/components/schemas/A B"] == {"type": ["string"]}
