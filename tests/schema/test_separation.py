"""``oneOf`` branches that overlap: values told apart deep down, and clear errors when
no value can match exactly one branch. Every value is judged by openapi-schema-validator."""

from __future__ import annotations

from random import Random
from typing import Any

import pytest

from schema.judging import generate, judge, ref, registry_of
from specmock.config import Quality
from specmock.errors import GenerationError
from specmock.schema import Compiler
from specmock.schema.separate import Separator

S = ["string"]
I = ["integer"]  # noqa: E741
O = ["object"]  # noqa: E741
A = ["array"]


def _matched(schema: dict[str, Any], schemas: dict[str, Any], value: Any) -> list[int]:
    """The indexes of the ``oneOf`` branches the judge says ``value`` satisfies."""
    return [i for i, branch in enumerate(schema["oneOf"]) if judge(branch, schemas).is_valid(value)]


def _branches_seen(
    schema: dict[str, Any], schemas: dict[str, Any], quality: Quality, seeds: int = 40
) -> set[int]:
    seen: set[int] = set()
    for value in generate(schema, schemas, quality=quality, seeds=range(seeds)):
        (index,) = _matched(schema, schemas, value)
        seen.add(index)
    return seen


def test_loose_objects_told_apart_through_array_items(quality: Quality) -> None:
    # Both sides are {count, messages: [...]}: only the items' schemas differ, and neither
    # requires anything. {"messages": [{"error-text": 1}]} matches the first side only.
    schemas = {
        "Message": {
            "type": O,
            "properties": {"to": {"type": S}, "status": {"type": S}, "network": {"type": S}},
        },
        "ErrorMessage": {
            "type": O,
            "properties": {"status": {"type": S}, "error-text": {"type": S}},
        },
        "Sms": {
            "type": O,
            "properties": {
                "message-count": {"type": S},
                "messages": {"type": A, "items": ref("Message")},
            },
        },
        "Error": {
            "type": O,
            "properties": {
                "message-count": {"type": S},
                "messages": {"type": A, "items": ref("ErrorMessage")},
            },
        },
    }
    schema = {"oneOf": [ref("Sms"), ref("Error")]}
    assert _branches_seen(schema, schemas, quality) == {0, 1}


def test_enum_difference_deep_inside_all_of_parts(quality: Quality) -> None:
    shared = [f"k{i}" for i in range(12)]  # a random pick is rarely one side's own value
    schemas = {
        "Base": {"type": O, "properties": {"id": {"type": S}}},
        "Left": {"type": O, "properties": {"kind": {"type": S, "enum": ["left", *shared]}}},
        "Right": {"type": O, "properties": {"kind": {"type": S, "enum": [*shared, "right"]}}},
        "One": {"allOf": [ref("Base"), {"properties": {"detail": ref("Left")}}]},
        "Two": {"allOf": [ref("Base"), {"properties": {"detail": ref("Right")}}]},
    }
    schema = {"oneOf": [ref("One"), ref("Two")]}
    assert _branches_seen(schema, schemas, quality) == {0, 1}


def test_type_difference_of_nested_items(quality: Quality) -> None:
    schema = {
        "oneOf": [
            {
                "type": O,
                "properties": {"tags": {"type": A, "items": {"type": ["string", "integer"]}}},
            },
            {"type": O, "properties": {"tags": {"type": A, "items": {"type": S}}}},
        ]
    }
    seen = _branches_seen(schema, {}, quality)
    assert 0 in seen
    for value in generate(schema, quality=quality, seeds=range(20)):
        if _matched(schema, {}, value) == [0]:
            assert any(isinstance(t, int) for t in value["tags"])


def test_required_difference_deep_down(quality: Quality) -> None:
    inner = {"type": O, "properties": {"x": {"type": S}, "y": {"type": I}}}
    schema = {
        "oneOf": [
            {"type": O, "required": ["inner"], "properties": {"inner": inner}},
            {
                "type": O,
                "required": ["inner"],
                "properties": {"inner": {**inner, "required": ["x"]}},
            },
        ]
    }
    # Every value of the second side is one of the first: only the first can be alone.
    for value in generate(schema, quality=quality, seeds=range(20)):
        assert "x" not in value["inner"]


def test_property_forbidden_by_the_other_side(quality: Quality) -> None:
    schema = {
        "oneOf": [
            {"type": O, "properties": {"a": {"type": S}, "b": {"type": I}}},
            {"type": O, "properties": {"a": {"type": S}}, "additionalProperties": False},
        ]
    }
    # Every value of the second side is one of the first: the first one adds ``b``.
    for value in generate(schema, quality=quality, seeds=range(20)):
        assert _matched(schema, {}, value) == [0]
        assert "b" in value


def test_other_side_with_its_own_choice_is_failed_branch_by_branch(quality: Quality) -> None:
    schema = {
        "oneOf": [
            {"type": O, "properties": {"v": {"type": ["string", "integer", "boolean"]}}},
            {
                "type": O,
                "properties": {"v": {"anyOf": [{"type": S}, {"type": I}]}},
            },
        ]
    }
    for value in generate(schema, quality=quality, seeds=range(20)):
        if _matched(schema, {}, value) == [0]:
            assert isinstance(value.get("v"), bool)


def test_separation_runs_only_where_branches_overlap(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: Separator, a: Any, b: Any) -> list[Any]:
        raise AssertionError("searched for a difference between disjoint branches")

    monkeypatch.setattr(Separator, "edits", refuse)
    schema = {
        "oneOf": [
            {"type": O, "required": ["a"], "properties": {"a": {"const": 1}}},
            {"type": O, "required": ["a"], "properties": {"a": {"const": 2}}},
            {"type": S},
        ]
    }
    generate(schema, quality=Quality.PRODUCTION, seeds=range(30))


def test_identical_branches_are_a_clear_error() -> None:
    # Branches 1 and 2 are the same schema, and every value of 0 satisfies them too.
    same = {"type": O, "required": ["id"], "properties": {"id": {"type": S}}}
    schemas = {
        "User": {"allOf": [same, {"properties": {"id": {"type": S, "enum": ["u"]}}}]},
        "Same": same,
        "Also": same,
    }
    schema = {"oneOf": [ref("User"), ref("Same"), ref("Also")]}
    with pytest.raises(GenerationError) as info:
        Compiler(registry_of(schemas)).compile(schema)(Random(0))
    message = str(info.value)
    assert "cannot satisfy 'oneOf'" in message
    assert "no value matches exactly one branch" in message
    assert "also matches branch 1 (Same)" in message
    assert "branches 1 (Same) and 2 (Also) are the same schema" in message
    assert "\n" not in message


def test_any_of_whose_branches_all_contradict_names_each_reason() -> None:
    schema = {
        "allOf": [
            {"anyOf": [{"type": O}, {"type": S}]},
            {"type": A},
        ]
    }
    with pytest.raises(GenerationError) as info:
        Compiler({}).compile(schema)(Random(0))
    message = str(info.value)
    assert "cannot satisfy 'anyOf'" in message
    assert "no type is both" in message
    assert "['object']" in message and "['string']" in message


def test_one_of_whose_branches_all_contradict_names_each_reason() -> None:
    schema = {"type": O, "oneOf": [{"type": A}, {"type": S, "enum": [1]}]}
    with pytest.raises(GenerationError) as info:
        Compiler({}).compile(schema)(Random(0))
    message = str(info.value)
    assert "no branch produced a value: branch 0: cannot satisfy" in message
    assert "'type'" in message


def test_enum_against_type_names_both_sides() -> None:
    schema = {
        "type": O,
        "required": ["result"],
        "properties": {
            "result": {"allOf": [{"type": O}, {"type": ["object", "null"], "enum": [None]}]}
        },
    }
    with pytest.raises(GenerationError) as info:
        Compiler({}).compile(schema)(Random(0))
    message = str(info.value)
    assert "/properties/result" in message
    assert "enum [None] vs type ['object']" in message


def test_separated_values_depend_on_the_seed_only() -> None:
    schemas = {
        "A": {"type": O, "properties": {"items": {"type": A, "items": {"type": O}}}},
        "B": {
            "type": O,
            "properties": {"items": {"type": A, "items": {"properties": {"n": {"type": I}}}}},
        },
    }
    schema = {"oneOf": [ref("A"), ref("B")]}
    warm = Compiler(registry_of(schemas)).compile(schema)
    for seed in range(15):
        warm(Random(seed))
    for seed in range(5):
        fresh = Compiler(registry_of(schemas)).compile(schema)
        assert warm(Random(seed)) == fresh(Random(seed))


def test_errors_inside_an_inline_schema_point_into_its_document() -> None:
    schema = {
        "type": O,
        "required": ["result"],
        "properties": {"result": {"allOf": [{"type": O}, {"type": A}]}},
    }
    source = "file:///api.yaml#/paths/~1x/get/responses/200/content/application~1json/schema"
    with pytest.raises(GenerationError) as info:
        Compiler({}).compile(schema, source=source)(Random(0))
    assert info.value.location is not None
    assert info.value.location.file == "file:///api.yaml"
    assert info.value.location.pointer.endswith("application~1json/schema/properties/result")
    assert "no type is both ['object'] and ['array']" in str(info.value)


def test_length_past_the_other_side_bound(quality: Quality) -> None:
    # Every value of the first side is one of the second: only a string longer than the
    # first side allows matches exactly one (the field name's provider gives 36 chars).
    schema = {
        "type": O,
        "required": ["id"],
        "properties": {"id": {"oneOf": [{"type": S, "maxLength": 36}, {"type": S}]}},
    }
    for value in generate(schema, quality=quality, seeds=range(20)):
        assert len(value["id"]) > 36


def test_numeric_bound_of_the_other_side(quality: Quality) -> None:
    schema = {"oneOf": [{"type": I, "minimum": 0}, {"type": I, "maximum": 100}]}
    for value in generate(schema, quality=quality, seeds=range(20)):
        assert value < 0 or value > 100
