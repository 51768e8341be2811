"""compile_validator: jsonschema_rs behind a small API, refs resolved natively."""

from __future__ import annotations

from typing import Any

import pytest

from schema.judging import ref, registry_of
from specmock.schema import Direction, Violation, compile_validator
from specmock.schema.validate import MAX_VALIDATORS, Validators, build_registry, for_validation

SCHEMAS = {
    "Pet": {
        "type": ["object"],
        "required": ["id", "name"],
        "properties": {
            "id": {"type": ["integer"], "format": "int32"},
            "name": {"type": ["string"], "minLength": 1},
            "owner": ref("Owner"),
            "tags": {"type": ["array"], "items": ref("Pet/properties/name")},
        },
    },
    "Pet/properties/name": {"type": ["string"], "maxLength": 1},  # nested key: outer Pet wins
    "Owner": {"type": ["object"], "properties": {"email": {"type": ["string"], "format": "email"}}},
}
REGISTRY = registry_of(SCHEMAS)


def test_refs_resolve_across_the_registry() -> None:
    v = compile_validator(ref("Pet"), REGISTRY)
    assert v.is_valid({"id": 1, "name": "x", "owner": {"email": "a@example.com"}})
    assert not v.is_valid({"id": 1, "name": "x", "owner": {"email": "nope"}})


def test_outer_schema_wins_when_keys_nest() -> None:
    v = compile_validator(ref("Pet"), REGISTRY)
    assert v.is_valid({"id": 1, "name": "x", "tags": ["long name"]})


@pytest.mark.parametrize(
    ("fmt", "good", "bad"),
    [
        ("int32", 2**31 - 1, 2**31),
        ("int64", -(2**63), 2**63),
        ("date-time", "2024-01-01T00:00:00Z", "2024-01-01 00:00:00"),
        ("time", "14:30:00", "25:30:00"),
        ("duration", "P3DT4H", "P1Y2W"),
        ("email", "a@example.com", "@example.com"),
        ("uuid", "123e4567-e89b-42d3-a456-426614174000", "123e4567e89b42d3a456426614174000"),
        ("ipv4", "192.0.2.1", "256.1.1.1"),
        ("ipv6", "2001:db8::1", "1::2::3"),
        ("uri", "https://example.com/a", "/a"),
        ("hostname", "example.com", "-a.com"),
    ],
)
def test_formats_are_asserted(fmt: str, good: Any, bad: Any) -> None:
    kind = ["integer"] if fmt.startswith("int") else ["string"]
    v = compile_validator({"type": kind, "format": fmt}, {})
    assert v.is_valid(good)
    assert not v.is_valid(bad)


def test_errors_are_violations() -> None:
    v = compile_validator(ref("Pet"), REGISTRY)
    errors = v.errors({"id": "x", "name": ""})
    assert {e.keyword for e in errors} == {"type", "minLength"}
    by_keyword = {e.keyword: e for e in errors}
    assert by_keyword["type"].instance_path == "/id"
    assert by_keyword["minLength"].schema_path.endswith("/minLength")
    assert isinstance(errors[0], Violation) and errors[0].message


def test_validators_are_memoised() -> None:
    schema = {"type": ["string"]}
    assert compile_validator(schema, REGISTRY) is compile_validator(schema, REGISTRY)


def test_a_bare_ref_shares_its_targets_validator() -> None:
    """Two media types that each say {"$ref": Pet} compile one validator, not two."""
    memo = Validators(REGISTRY)
    first, second = ref("Pet"), ref("Pet")
    assert first is not second
    assert memo.get(first) is memo.get(second)
    assert len(memo) == 1
    # a ref with a sibling keyword is a schema of its own
    assert memo.get({**ref("Pet"), "description": "a pet"}) is not memo.get(first)


def test_the_memo_is_bounded_and_recompiles_what_it_dropped() -> None:
    memo = Validators(REGISTRY)
    schemas = [{"type": ["integer"], "maximum": n} for n in range(MAX_VALIDATORS + 10)]
    kept = [memo.get(s) for s in schemas]
    assert len(memo) == MAX_VALIDATORS
    again = memo.get(schemas[0])  # the least recently used was dropped: compiled anew
    assert again is not kept[0]
    assert again.is_valid(0) and not again.is_valid(1)
    assert memo.get(schemas[-1]) is kept[-1]  # the recent ones stay


def test_direction_makes_hidden_properties_optional() -> None:
    schema = {
        "type": ["object"],
        "required": ["pw", "id"],
        "properties": {"pw": {"type": ["string"], "writeOnly": True}, "id": {"readOnly": True}},
    }
    assert for_validation(schema, {}, Direction.RESPONSE)["required"] == ["id"]
    assert for_validation(schema, {}, Direction.REQUEST)["required"] == ["pw"]
    assert Validators({}, Direction.RESPONSE).get(schema).is_valid({"id": 1})
    assert not compile_validator(schema, {}).is_valid({"id": 1})


def test_registry_builds_once_per_document() -> None:
    assert build_registry(REGISTRY) is not None


def test_compile_validator_accepts_a_direction() -> None:
    schema = {"type": ["object"], "required": ["pw"], "properties": {"pw": {"writeOnly": True}}}
    assert compile_validator(schema, {}, Direction.RESPONSE).is_valid({})
    assert not compile_validator(schema, {}, Direction.REQUEST).is_valid({})
    assert not compile_validator(schema, {}).is_valid({})


def test_a_ref_into_a_path_item_resolves_despite_its_braces() -> None:
    # descriptions point into inline schemas of templated paths: #/paths/~1pets~1{id}/...
    key = "file:///api.yaml#/paths/~1pets~1{id}/get/responses/200/schema/properties/when"
    registry = {key: {"type": ["string"], "format": "date"}}
    v = compile_validator({"$ref": key}, registry)
    assert v.is_valid("2024-05-01")
    assert not v.is_valid("yesterday")


@pytest.mark.parametrize(
    "pattern",
    [
        r"\p{XDigit}{8}-\p{XDigit}{4}",  # a Java class
        r"[^/:|\000-\037]+",  # octal escapes
        r"[\u0020-\uD7FF\uE000-\uFFFD\uD800\uDBFF-\uDC00\uDFFF\t\r\n]*",  # lone surrogates
        r"^.{0,262144}$",  # past the native engine's size limit
        r"^[\w-.+]+@[\w-.+]+$",  # a range from a class
    ],
)
def test_a_pattern_the_native_engine_cannot_read_is_not_enforced(pattern: str) -> None:
    v = compile_validator({"type": ["string"], "maxLength": 5, "pattern": pattern}, {})
    assert v.is_valid("ab12")
    assert not v.is_valid("far too long")  # the rest of the schema still holds
    assert not v.is_valid(7)


def test_a_pattern_property_the_native_engine_cannot_read_is_left_out() -> None:
    schema = {
        "type": ["object"],
        "patternProperties": {
            r"^\p{XDigit}+$": {"type": ["integer"]},
            "^n_": {"type": ["integer"]},
        },
    }
    v = compile_validator(schema, {})
    assert v.is_valid({"word": "text", "n_1": 2})
    assert not v.is_valid({"n_1": "two"})


def test_a_pattern_the_native_engine_reads_is_still_enforced() -> None:
    v = compile_validator({"type": ["string"], "pattern": "^[a-f0-9]{4}$"}, {})
    assert v.is_valid("ab12")
    assert not v.is_valid("xyz!")
