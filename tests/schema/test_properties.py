"""Random satisfiable schemas: every generated value passes the independent judge."""

from __future__ import annotations

import json
from random import Random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schema.judging import judge
from specmock.config import Quality
from specmock.schema import Compiler, Direction

PATTERNS = [
    r"^[A-Z]{3}-\d{4}$",
    r"^\d{5}(-\d{4})?$",
    r"^[a-z0-9-]+$",
    r"^\+?[0-9]{7,15}$",
    r"^[A-Z]{2}$",
    r"^#[0-9a-fA-F]{6}$",
    r"^v\d+\.\d+\.\d+$",
    r"^[A-Za-z ]+$",
    r"\d",
    r"^[^\s@]+@example\.com$",
]
FORMATS = [
    "date-time", "date", "time", "duration", "email", "hostname", "ipv4", "ipv6",
    "uri", "uri-reference", "uuid", "byte", "password", "json-pointer", "unknown",
]  # fmt: skip
NAMES = [
    "id", "name", "email", "first_name", "created_at", "updated_at", "price", "amount",
    "country_code", "currency", "description", "url", "status", "count", "age", "tags",
    "phone", "latitude", "is_active", "title", "zip", "token", "x", "value",
]  # fmt: skip
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-50, 50), st.text("abcxyz", max_size=4))


@st.composite
def strings(draw: st.DrawFn) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": ["string"]}
    kind = draw(st.sampled_from(["plain", "lengths", "pattern", "format"]))
    if kind == "lengths":
        low = draw(st.integers(0, 8))
        schema |= {"minLength": low, "maxLength": low + draw(st.integers(0, 30))}
    elif kind == "pattern":
        schema["pattern"] = draw(st.sampled_from(PATTERNS))
        if draw(st.booleans()):
            schema |= {"minLength": 1, "maxLength": 64}
    elif kind == "format":
        schema["format"] = draw(st.sampled_from(FORMATS))
    return schema


@st.composite
def numbers(draw: st.DrawFn) -> dict[str, Any]:
    integer = draw(st.booleans())
    schema: dict[str, Any] = {"type": ["integer" if integer else "number"]}
    low = draw(st.one_of(st.none(), st.integers(-1000, 1000)))
    width = draw(st.integers(20, 5000))
    if low is not None:
        schema["exclusiveMinimum" if draw(st.booleans()) else "minimum"] = low
    if draw(st.booleans()):
        high = (low if low is not None else 0) + width
        schema["exclusiveMaximum" if draw(st.booleans()) else "maximum"] = high
    steps = [2, 3, 5, 0.5] if integer else [0.01, 0.1, 0.25, 2, 0.05]
    if draw(st.booleans()):
        schema["multipleOf"] = draw(st.sampled_from(steps))
    if integer and draw(st.booleans()):
        schema["format"] = draw(st.sampled_from(["int32", "int64"]))
    if not integer and draw(st.booleans()):
        schema["format"] = draw(st.sampled_from(["float", "double"]))
    return schema


def leaves() -> st.SearchStrategy[dict[str, Any]]:
    return st.one_of(
        strings(),
        numbers(),
        st.just({"type": ["boolean"]}),
        st.lists(SCALARS, min_size=1, max_size=4).map(lambda v: {"enum": v}),
        SCALARS.map(lambda v: {"const": v}),
    )


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "type" in schema and "null" not in schema["type"]:
        return {**schema, "type": [*schema["type"], "null"]}
    return schema


@st.composite
def objects(draw: st.DrawFn, children: st.SearchStrategy[Any]) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))
    props = {n: draw(children) for n in names}
    required = [n for n in names if draw(st.booleans())]
    schema: dict[str, Any] = {"type": ["object"], "properties": props, "required": required}
    if draw(st.booleans()):
        schema["additionalProperties"] = draw(st.sampled_from([False, {"type": ["integer"]}]))
    return schema


@st.composite
def arrays(draw: st.DrawFn, children: st.SearchStrategy[Any]) -> dict[str, Any]:
    low = draw(st.integers(0, 3))
    schema: dict[str, Any] = {"type": ["array"], "items": draw(children), "minItems": low}
    if draw(st.booleans()):
        schema["maxItems"] = low + draw(st.integers(0, 4))
    return schema


@st.composite
def combinations(draw: st.DrawFn, children: st.SearchStrategy[Any]) -> dict[str, Any]:
    kind = draw(st.sampled_from(["allOf", "oneOf", "anyOf", "nullable"]))
    if kind == "allOf":
        a = draw(objects(children))
        b = draw(objects(children))
        shared = a["properties"].keys() & b["properties"].keys()
        b["properties"] = {k: v for k, v in b["properties"].items() if k not in shared}
        b["required"] = [r for r in b["required"] if r not in shared]
        a.pop("additionalProperties", None)
        b.pop("additionalProperties", None)
        return {"allOf": [a, b]}
    if kind == "oneOf":
        string = draw(strings())
        integer = {"type": ["integer"], "minimum": draw(st.integers(0, 10))}
        obj = draw(objects(children))
        return {"oneOf": draw(st.permutations([string, integer, obj]))}
    if kind == "anyOf":
        return {"anyOf": draw(st.lists(children, min_size=1, max_size=3))}
    return nullable(draw(children))


schemas = st.recursive(
    leaves(),
    lambda children: st.one_of(objects(children), arrays(children), combinations(children)),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    schema=schemas,
    quality=st.sampled_from(list(Quality)),
    seed=st.integers(0, 2**32),
)
def test_every_generated_value_is_valid(schema: Any, quality: Quality, seed: int) -> None:
    gen = Compiler({}, quality=quality, direction=Direction.RESPONSE).compile(schema)
    validator = judge(schema)
    for offset in range(3):
        value = gen(Random(seed + offset))
        errors = [e.message for e in validator.iter_errors(value)]
        assert not errors, f"{json.dumps(value)}: {errors}"


@settings(max_examples=60, deadline=None)
@given(schema=schemas, seed=st.integers(0, 2**32))
def test_same_seed_same_value(schema: Any, seed: int) -> None:
    first = Compiler({}).compile(schema)(Random(seed))
    second = Compiler({}).compile(schema)(Random(seed))
    assert json.dumps(first) == json.dumps(second)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=schemas, seed=st.integers(0, 2**32))
def test_values_through_refs_are_valid(schema: Any, seed: int) -> None:
    from schema.judging import ref, registry_of

    stored = {"Item": schema}
    root = {"type": ["array"], "items": ref("Item"), "minItems": 1}
    gen = Compiler(registry_of(stored), quality=Quality.PRODUCTION).compile(root)
    value = gen(Random(seed))
    errors = [e.message for e in judge(root, stored).iter_errors(value)]
    assert not errors, f"{json.dumps(value)}: {errors}"
