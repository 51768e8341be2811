"""A description with broken parts still loads: what is broken is listed in ``skipped``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from specmock.spec import Skipped, load

MakeSpec = Callable[..., Path]


def ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def test_missing_schema_skips_only_the_media_types_that_reach_it(make_spec: MakeSpec) -> None:
    schemas = {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"items": {"$ref": "#/components/schemas/Missing"}},
        "Fine": {"type": "string"},
    }
    paths = {
        "/a": {
            "get": {
                "responses": {
                    **ok({"$ref": "#/components/schemas/A"}),
                    "404": {"description": "no"},
                }
            }
        },
        "/fine": {"get": {"responses": ok({"$ref": "#/components/schemas/Fine"})}},
    }

    spec = load(make_spec(paths, components={"schemas": schemas}))

    root = Path(spec.source).resolve()
    a, fine = spec.operations
    assert a.responses["200"].content == {}
    assert list(a.responses) == ["200", "404"]
    assert fine.responses["200"].content["application/json"].schema == {
        "$ref": f"{root.as_uri()}#/components/schemas/Fine"
    }
    assert spec.skipped == (
        Skipped(
            "#/paths/~1a/get/responses/200/content/application~1json",
            f"unresolvable $ref '#/components/schemas/Missing' "
            f"at {root}#/components/schemas/B/items: no 'Missing' in {root}#/components/schemas",
        ),
    )
    assert sorted(key.rsplit("/", 1)[1] for key in spec.schemas) == ["Fine"]


def test_a_schema_written_where_a_type_name_belongs_skips_what_reaches_it(
    make_spec: MakeSpec,
) -> None:
    # codat.io's accounting description: "itemType": {"type": {"enum": [...], "type": ...}}
    schemas = {
        "Item": {"type": "object", "properties": {"type": {"$ref": "#/components/schemas/T"}}},
        "T": {"type": {"enum": ["Inventory", "Service"], "type": "string"}},
    }
    paths = {
        "/items": {"get": {"responses": ok({"$ref": "#/components/schemas/Item"})}},
        "/names": {"get": {"responses": ok({"type": "string"})}},
    }

    spec = load(make_spec(paths, components={"schemas": schemas}))

    root = Path(spec.source).resolve()
    items, names = spec.operations
    assert items.responses["200"].content == {}
    assert names.responses["200"].content["application/json"].schema == {"type": ["string"]}
    assert spec.skipped == (
        Skipped(
            "#/paths/~1items/get/responses/200/content/application~1json",
            f"schema at {root}#/components/schemas/T/type is not a type name",
        ),
    )


def test_broken_parameter_skips_its_operation_only(make_spec: MakeSpec) -> None:
    paths = {
        "/a": {
            "get": {"parameters": [{"$ref": "#/components/parameters/Nope"}], "responses": {}},
            "post": {"responses": {}},
        },
        "/b": {"get": {"parameters": [{"name": "x", "in": "body"}], "responses": {}}},
    }

    spec = load(make_spec(paths))

    root = Path(spec.source).resolve()
    assert [op.key for op in spec.operations] == ["POST /a"]
    assert spec.skipped == (
        Skipped(
            "#/paths/~1a/get",
            f"{root} at #/paths/~1a/get/parameters/0: unresolvable $ref "
            f"'#/components/parameters/Nope': no 'components' in {root}#",
        ),
        Skipped(
            "#/paths/~1b/get",
            f"{root} at #/paths/~1b/get/parameters/0: unknown parameter location 'body'",
        ),
    )


def test_broken_path_item_skips_its_operations(make_spec: MakeSpec) -> None:
    paths = {
        "/a": {"$ref": "missing.yaml"},
        "/b": {"get": {"responses": {}}},
        "/c": ["not", "a", "map"],
    }

    spec = load(make_spec(paths))

    assert [op.key for op in spec.operations] == ["GET /b"]
    assert [s.pointer for s in spec.skipped] == ["#/paths/~1a", "#/paths/~1c"]
    assert "cannot read file" in spec.skipped[0].reason
    assert "a path item must be a mapping, not list" in spec.skipped[1].reason


def test_malformed_operation_is_skipped(make_spec: MakeSpec) -> None:
    spec = load(make_spec({"/a": {"get": "nope", "put": {"responses": {}}}}))

    assert [op.key for op in spec.operations] == ["PUT /a"]
    assert spec.skipped[0].pointer == "#/paths/~1a/get"
    assert "an operation must be a mapping, not str" in spec.skipped[0].reason


def test_broken_request_body_keeps_the_operation(make_spec: MakeSpec) -> None:
    op = {"requestBody": {"$ref": "#/components/requestBodies/Nope"}, "responses": {}}

    spec = load(make_spec({"/a": {"post": op}}))

    assert spec.operations[0].body is None
    assert [s.pointer for s in spec.skipped] == ["#/paths/~1a/post/requestBody"]


def test_unreachable_remote_ref_fails_fast_and_is_skipped(make_spec: MakeSpec) -> None:
    remote = "http://127.0.0.1:9/schemas/common.json#/String"
    paths = {
        "/a": {"get": {"responses": ok({"$ref": remote})}},
        "/b": {"get": {"responses": ok({"properties": {"s": {"$ref": remote}}})}},
    }
    started = time.perf_counter()

    spec = load(make_spec(paths, version="3.0.3"))

    assert time.perf_counter() - started < 5
    assert [op.responses["200"].content for op in spec.operations] == [{}, {}]
    assert len(spec.skipped) == 2
    assert "cannot fetch" in spec.skipped[0].reason
    assert spec.schemas == {}


def test_plain_name_fragment_is_skipped_with_reason(make_spec: MakeSpec) -> None:
    spec = load(make_spec({"/a": {"get": {"responses": ok({"$ref": "#Pet"})}}}))

    assert "plain-name fragments (anchors) are not supported" in spec.skipped[0].reason


def test_circular_alias_chain_is_skipped(make_spec: MakeSpec) -> None:
    schemas = {
        "A": {"$ref": "#/components/schemas/B"},
        "B": {"$ref": "#/components/schemas/A"},
        "C": {"properties": {"a": {"$ref": "#/components/schemas/A"}}},
    }

    spec = load(
        make_spec(
            {"/a": {"get": {"responses": ok({"$ref": "#/components/schemas/C"})}}},
            components={"schemas": schemas},
        )
    )

    assert "circular $ref chain" in spec.skipped[0].reason
    assert spec.schemas == {}


def test_skipped_reasons_are_one_line(
    make_spec: MakeSpec, write_file: Callable[[str, Any], Path]
) -> None:
    write_file("bad.yaml", "a: [\n  b\n")
    spec = load(make_spec({"/a": {"get": {"responses": {"200": {"$ref": "bad.yaml#/a"}}}}}))

    assert spec.skipped
    assert all("\n" not in s.reason for s in spec.skipped)
