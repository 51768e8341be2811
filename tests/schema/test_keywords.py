"""One keyword at a time: tiny schemas, every value judged by openapi-schema-validator."""

from __future__ import annotations

import re
from random import Random
from typing import Any

import pytest

from schema.judging import generate, ref, registry_of
from specmock.config import Quality
from specmock.errors import GenerationError
from specmock.schema import Compiler, Direction

S = ["string"]
I = ["integer"]  # noqa: E741
N = ["number"]

CASES: dict[str, Any] = {
    "type-list": {"type": ["string", "integer", "null"]},
    "type-integer-number": {"type": ["integer", "number"], "minimum": 2, "maximum": 3},
    "enum": {"enum": ["a", "b", None]},
    "enum-with-type": {"type": S, "enum": ["a", 1, None]},
    "const": {"const": {"x": [1, 2]}},
    "min-max": {"type": I, "minimum": -5, "maximum": 5},
    "exclusive": {"type": N, "exclusiveMinimum": 0, "exclusiveMaximum": 1},
    "exclusive-int": {"type": I, "exclusiveMinimum": 0.5, "exclusiveMaximum": 3},
    "multiple-int": {"type": I, "multipleOf": 7, "minimum": 10},
    "multiple-money": {"type": N, "multipleOf": 0.01, "minimum": 0, "maximum": 100},
    "multiple-tenth": {"type": N, "multipleOf": 0.1},
    "multiple-int-float-step": {"type": I, "multipleOf": 0.3},
    "int32": {"type": I, "format": "int32", "minimum": 2147483000},
    "int64": {"type": I, "format": "int64"},
    "float": {"type": N, "format": "float"},
    "double": {"type": N, "format": "double", "maximum": -10},
    "lengths": {"type": S, "minLength": 30, "maxLength": 31},
    "max-length-0": {"type": S, "maxLength": 0},
    "pattern-anchored": {"type": S, "pattern": "^[A-Z]{2}-\\d{4}$"},
    "pattern-unanchored": {"type": S, "pattern": "\\d{3}", "minLength": 10},
    "pattern-alternation": {"type": S, "pattern": "^(red|green|blue)(-[0-9]+)?$"},
    "pattern-negated": {"type": S, "pattern": "^[^aeiou\\s]{4,8}$"},
    "pattern-length": {"type": S, "pattern": "^[a-z]+$", "minLength": 5, "maxLength": 6},
    "pattern-and-format": {"type": S, "pattern": "@example\\.", "format": "email"},
    # Loket's ids: a uuid the pattern spells in upper-case hex, braces and dashes optional
    "pattern-upper-uuid": {
        "type": S,
        "format": "uuid",
        "pattern": "^[{(]?[0-9A-F]{8}[-]?([0-9A-F]{4}[-]?){3}[0-9A-F]{12}[)}]?$",
    },
    "array-bounds": {"type": ["array"], "items": {"type": I}, "minItems": 4, "maxItems": 6},
    "array-max-0": {"type": ["array"], "maxItems": 0},
    "prefix-items": {"type": ["array"], "prefixItems": [{"type": S}, {"type": I}], "items": False},
    "unique": {
        "type": ["array"],
        "items": {"type": I, "minimum": 1, "maximum": 5},
        "uniqueItems": True,
        "minItems": 5,
    },
    "unique-objects": {
        "type": ["array"],
        "items": {
            "type": ["object"],
            "required": ["a"],
            "properties": {"a": {"type": ["boolean"]}},
        },
        "uniqueItems": True,
        "minItems": 2,
    },
    "contains": {
        "type": ["array"],
        "items": {"type": I},
        "contains": {"type": I, "minimum": 100},
        "minContains": 2,
    },
    "object-required": {
        "type": ["object"],
        "properties": {"a": {"type": S}, "b": {"type": I}},
        "required": ["b"],
    },
    "additional-false": {
        "type": ["object"],
        "properties": {"a": {"type": S}},
        "additionalProperties": False,
        "minProperties": 1,
    },
    "additional-schema": {"type": ["object"], "additionalProperties": {"type": I}},
    "pattern-properties": {
        "type": ["object"],
        "patternProperties": {"^x-[a-z]+$": {"type": I}},
        "additionalProperties": False,
        "minProperties": 2,
    },
    "property-names": {
        "type": ["object"],
        "propertyNames": {"pattern": "^[a-z]{3}$"},
        "minProperties": 2,
    },
    "min-max-properties": {
        "type": ["object"],
        "properties": {k: {"type": I} for k in "abcdef"},
        "minProperties": 2,
        "maxProperties": 3,
    },
    "dependent-required": {
        "type": ["object"],
        "properties": {"card": {"type": S}, "cvc": {"type": S}},
        "dependentRequired": {"card": ["cvc"]},
    },
    "required-undeclared": {
        "type": ["object"],
        "required": ["x"],
        "additionalProperties": {"type": ["boolean"]},
    },
    "one-of": {"oneOf": [{"type": I, "multipleOf": 2}, {"type": I, "multipleOf": 3}]},
    "one-of-overlap": {"oneOf": [{"type": S}, {"type": S, "maxLength": 3}]},
    "any-of": {"anyOf": [{"type": S, "format": "uuid"}, {"type": ["null"]}]},
    "not": {"type": I, "minimum": 0, "maximum": 10, "not": {"enum": [1, 2, 3]}},
    "not-type": {"not": {"type": S}},
    "all-of-ranges": {
        "allOf": [{"type": N, "minimum": 5}, {"type": I, "maximum": 8}, {"multipleOf": 2}]
    },
    "all-of-enums": {"allOf": [{"enum": [1, 2, 3, "a"]}, {"enum": [3, "a", "b"]}, {"type": I}]},
    "all-of-objects": {
        "allOf": [
            {
                "type": ["object"],
                "properties": {"a": {"type": S, "minLength": 2}},
                "required": ["a"],
            },
            {"properties": {"a": {"maxLength": 3}, "b": {"type": I}}, "required": ["b"]},
        ]
    },
    "all-of-additional": {
        "allOf": [
            {"type": ["object"], "properties": {"a": {"type": S}}, "additionalProperties": False},
            {"properties": {"a": {"type": S}, "b": {"type": I}}},
        ]
    },
    "all-of-nested": {"allOf": [{"allOf": [{"type": S}, {"minLength": 3}]}, {"maxLength": 4}]},
    "all-of-patterns": {"allOf": [{"type": S, "pattern": "^[a-z]+$"}, {"pattern": "a"}]},
    "all-of-one-of": {
        "allOf": [
            {"oneOf": [{"type": I}, {"type": S}]},
            {"oneOf": [{"minimum": 5}, {"maxLength": 2}]},
        ]
    },
    "empty": {},
    "true": True,
    "nullable-object": {"type": ["object", "null"], "properties": {"a": {"type": I}}},
    "dependent-schemas": {
        "type": ["object"],
        "properties": {"a": {"type": I}},
        "dependentSchemas": {"a": {"required": ["b"]}},
    },
    "dependent-schemas-conflict": {
        "type": ["object"],
        "properties": {"a": {"type": I}},
        "dependentSchemas": {"a": {"properties": {"a": {"type": S}}}},
    },
    "prefix-and-contains": {
        "type": ["array"],
        "prefixItems": [{"type": I}],
        "contains": {"type": S},
        "maxContains": 1,
    },
    "linked-list": {
        "type": ["object", "null"],
        "properties": {"next": {"type": ["object", "null"]}},
    },
    "if-then": {"type": I, "if": {"minimum": 5}, "then": {"multipleOf": 5}},
}


@pytest.mark.parametrize("schema", list(CASES.values()), ids=list(CASES))
def test_keyword_values_are_valid(schema: Any, quality: Quality) -> None:
    generate(schema, quality=quality, seeds=range(15))


@pytest.mark.parametrize(
    "fmt",
    [
        "date-time",
        "date",
        "time",
        "duration",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "uuid",
        "byte",
        "binary",
        "password",
        "regex",
        "json-pointer",
        "relative-json-pointer",
        "uri-template",
        "no-such-format",
    ],
)
def test_format_values_are_valid(fmt: str) -> None:
    values = generate({"type": S, "format": fmt}, seeds=range(25))
    assert len(set(values)) > 1


@pytest.mark.parametrize(
    ("fmt", "low", "high"),
    [
        ("date-time", 25, 25),  # an offset: 2024-05-01T12:30:00+00:00
        ("date-time", 24, 24),  # three fraction digits
        ("date-time", 30, None),
        ("date-time", 0, 20),
        ("email", 40, 60),
        ("email", 0, 14),
        ("hostname", 30, 30),
        ("uri", 60, 80),
        ("uri-reference", 0, 4),
        ("byte", 40, 42),
        ("password", 0, 8),
    ],
)
def test_a_format_takes_the_length_asked_for(fmt: str, low: int, high: int | None) -> None:
    schema: dict[str, Any] = {"type": S, "format": fmt, "minLength": low}
    if high is not None:
        schema["maxLength"] = high
    for value in generate(schema, seeds=range(10)):  # the judge checks format and length
        assert low <= len(value) <= (high or len(value))


def test_time_is_what_openapi_validators_accept() -> None:
    # openapi-schema-validator's format checkers (3.0 and 3.1) want HH:MM:SS, no offset.
    for value in generate({"type": S, "format": "time"}):
        assert re.fullmatch(r"\d\d:\d\d:\d\d", value)


def test_byte_is_base64() -> None:
    import base64

    for value in generate({"type": S, "format": "byte"}):
        base64.b64decode(value, validate=True)


def test_const_and_enum_values() -> None:
    assert set(generate({"enum": ["a", "b"]}, seeds=range(40))) == {"a", "b"}
    assert generate({"const": 3}, seeds=range(3)) == [3, 3, 3]


def test_null_only_when_it_is_the_only_option() -> None:
    assert None not in generate({"type": ["string", "null"]}, seeds=range(30))
    assert None not in generate({"enum": [None, "x"]}, seeds=range(30))
    assert generate({"type": ["null"]}, seeds=range(2)) == [None, None]


def test_multiple_of_money_has_two_decimals() -> None:
    for value in generate({"type": N, "multipleOf": 0.01, "minimum": 1, "maximum": 50}):
        assert round(value, 2) == value


def test_lengths_count_code_points() -> None:
    for value in generate({"type": S, "pattern": "^[é]+$", "minLength": 3, "maxLength": 3}):
        assert value == "ééé"


def test_unique_items_are_distinct() -> None:
    schema = {"type": ["array"], "items": {"enum": [1, 2, 3]}, "uniqueItems": True, "minItems": 3}
    for value in generate(schema):
        assert sorted(value) == [1, 2, 3]


def test_pattern_properties_keys_match() -> None:
    schema = CASES["pattern-properties"]
    for value in generate(schema):
        assert value and all(re.fullmatch("x-[a-z]+", k) for k in value)


def test_discriminator_with_mapping_names_the_branch() -> None:
    schemas = {
        "Cat": {
            "type": ["object"],
            "required": ["kind", "meows"],
            "properties": {"kind": {"type": S}, "meows": {"type": ["boolean"]}},
        },
        "Dog": {
            "type": ["object"],
            "required": ["kind", "barks"],
            "properties": {"kind": {"type": S}, "barks": {"type": ["boolean"]}},
        },
    }
    schema = {
        "oneOf": [ref("Cat"), ref("Dog")],
        "discriminator": {
            "propertyName": "kind",
            "mapping": {"cat": ref("Cat")["$ref"], "dog": ref("Dog")["$ref"]},
        },
    }
    values = generate(schema, schemas, seeds=range(30))
    for value in values:
        assert value["kind"] == ("cat" if "meows" in value else "dog")
    assert {v["kind"] for v in values} == {"cat", "dog"}


def test_discriminator_without_mapping_uses_the_schema_name() -> None:
    schemas = {
        "Cat": {
            "type": ["object"],
            "required": ["petType"],
            "properties": {"petType": {"type": S}},
            "additionalProperties": False,
        },
        "Lizard": {
            "type": ["object"],
            "required": ["petType", "scales"],
            "properties": {"petType": {"type": S}, "scales": {"type": I}},
        },
    }
    schema = {"oneOf": [ref("Cat"), ref("Lizard")], "discriminator": {"propertyName": "petType"}}
    for value in generate(schema, schemas, seeds=range(20)):
        assert value["petType"] == ("Lizard" if "scales" in value else "Cat")


def test_discriminator_respects_the_branch_own_enum() -> None:
    schemas = {
        "Cat": {
            "type": ["object"],
            "required": ["petType"],
            "properties": {"petType": {"enum": ["cat"]}},
        },
        "Dog": {
            "type": ["object"],
            "required": ["petType"],
            "properties": {"petType": {"enum": ["dog"]}},
        },
    }
    schema = {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "petType"}}
    assert {v["petType"] for v in generate(schema, schemas, seeds=range(20))} == {"cat", "dog"}


def test_ref_with_siblings_applies_both() -> None:
    schemas = {"Name": {"type": S, "minLength": 2}}
    for value in generate({**ref("Name"), "maxLength": 2}, schemas):
        assert len(value) == 2


def test_recursive_node_terminates(quality: Quality) -> None:
    schemas = {
        "Node": {
            "type": ["object"],
            "required": ["value", "children"],
            "properties": {
                "value": {"type": I},
                "children": {"type": ["array"], "items": ref("Node")},
            },
        }
    }
    for value in generate(ref("Node"), schemas, quality=quality):
        assert "children" in value


def test_mutual_recursion_through_required_optional_branch() -> None:
    schemas = {
        "A": {"type": ["object"], "required": ["b"], "properties": {"b": ref("B")}},
        "B": {"type": ["object", "null"], "required": ["a"], "properties": {"a": ref("A")}},
        "Tree": {"oneOf": [{"type": I}, {"type": ["array"], "items": ref("Tree"), "minItems": 2}]},
    }
    generate(ref("A"), schemas, quality=Quality.PRODUCTION)
    generate(ref("Tree"), schemas, quality=Quality.PRODUCTION)


def test_write_only_never_in_responses() -> None:
    schema = {
        "type": ["object"],
        "required": ["password", "id"],
        "properties": {
            "id": {"type": I},
            "password": {"type": S, "writeOnly": True},
            "secret": {"allOf": [{"writeOnly": True}]},
        },
    }
    for q in Quality:
        gen = Compiler({}, quality=q).compile(schema)
        for seed in range(10):
            value = gen(Random(seed))
            assert "password" not in value and "secret" not in value and "id" in value


def test_read_only_never_in_requests() -> None:
    schemas = {"Id": {"type": I, "readOnly": True}}
    schema = {
        "type": ["object"],
        "required": ["id", "name"],
        "properties": {"id": ref("Id"), "name": {"type": S}},
    }
    gen = Compiler(
        registry_of(schemas), quality=Quality.PRODUCTION, direction=Direction.REQUEST
    ).compile(schema)
    assert all("id" not in gen(Random(s)) for s in range(10))
    gen = Compiler(registry_of(schemas), quality=Quality.PRODUCTION).compile(schema)
    assert all("id" in gen(Random(s)) for s in range(10))


@pytest.mark.parametrize(
    ("schema", "keyword"),
    [
        ({"allOf": [{"type": S}, {"type": I}]}, "type"),
        ({"allOf": [{"enum": [1]}, {"enum": [2]}]}, "enum"),
        ({"type": I, "minimum": 5, "maximum": 1}, "minimum"),
        ({"type": I, "multipleOf": 10, "minimum": 1, "maximum": 9}, "multipleOf"),
        ({"type": ["object"], "required": ["a"], "additionalProperties": False}, "required"),
        ({"type": S, "enum": [1, 2]}, "enum"),
        (False, "false"),
    ],
    ids=["type", "enum", "range", "multipleOf", "required", "enum-type", "false"],
)
def test_unsatisfiable_schemas_raise_generation_error(schema: Any, keyword: str) -> None:
    with pytest.raises(GenerationError, match=keyword):
        Compiler({}).compile(schema)(Random(0))


def test_generation_error_points_at_the_schema() -> None:
    schemas = {
        "Bad": {
            "type": ["object"],
            "required": ["n"],
            "properties": {"n": {"type": I, "minimum": 3, "maximum": 1}},
        }
    }
    with pytest.raises(GenerationError) as info:
        Compiler(registry_of(schemas)).compile(ref("Bad"))(Random(0))
    assert "/components/schemas/Bad/properties/n" in str(info.value)


def test_unsatisfiable_optional_parts_are_left_out() -> None:
    schema = {
        "type": ["object"],
        "required": ["a"],
        "properties": {
            "a": {"type": ["array"], "items": {"allOf": [{"type": S}, {"type": I}]}},
            "b": {"enum": ["x"], "type": ["object"]},
        },
    }
    for value in generate(schema, quality=Quality.PRODUCTION):
        assert value == {"a": []}


def test_compile_is_memoised() -> None:
    schema = {"type": S}
    compiler = Compiler({})
    assert compiler.sub(schema, "x", "") is compiler.sub(schema, "x", "")


def test_discriminator_on_an_inherited_base() -> None:
    base = {
        "type": ["object"],
        "required": ["petType"],
        "properties": {"petType": {"type": S}, "name": {"type": S}},
        "discriminator": {"propertyName": "petType"},
    }
    schemas = {
        "Pet": base,
        "Cat": {
            "allOf": [
                ref("Pet"),
                {"required": ["hunts"], "properties": {"hunts": {"type": ["boolean"]}}},
            ]
        },
        "Dog": {
            "allOf": [
                ref("Pet"),
                {"required": ["barks"], "properties": {"barks": {"type": ["boolean"]}}},
            ]
        },
    }
    schema = {"oneOf": [ref("Cat"), ref("Dog")], "discriminator": {"propertyName": "petType"}}
    kinds = {v["petType"] for v in generate(schema, schemas, seeds=range(30))}
    assert kinds == {"Cat", "Dog"}


def test_one_of_separates_overlapping_open_objects() -> None:
    # Each branch accepts any object the other one produces unless told apart.
    schema = {
        "oneOf": [
            {
                "type": ["object"],
                "properties": {"id": {"type": S}, "position": {"type": ["object"]}},
            },
            {
                "type": ["object"],
                "properties": {"id": {"type": S}, "magnet": {"enum": ["TOP", "LEFT"]}},
            },
        ]
    }
    generate(schema, quality=Quality.BASIC, seeds=range(30))


def test_one_of_fills_optional_properties_to_decide() -> None:
    schema = {
        "oneOf": [
            {"type": ["object"], "properties": {"value": {"type": ["boolean", "null"]}}},
            {
                "type": ["object"],
                "properties": {"value": {"type": ["string", "null"], "format": "uri"}},
            },
        ]
    }
    for value in generate(schema, quality=Quality.BASIC, seeds=range(30)):
        assert value["value"] is not None
