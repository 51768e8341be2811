"""Property tests: whatever a (ref-free) schema says, its normalised form keeps the contract."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from specmock.spec.read import Located, Reader
from specmock.spec.schemas import Flavour, Schemas

TYPES = st.sampled_from(
    ["string", "integer", "number", "boolean", "array", "object", "null", "file"]
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=3))


def schemas() -> st.SearchStrategy[Any]:
    leaf = st.fixed_dictionaries(
        {},
        optional={
            "type": st.one_of(TYPES, st.lists(TYPES, max_size=3)),
            "nullable": st.booleans(),
            "x-nullable": st.booleans(),
            "x-vendor": SCALARS,
            "minimum": st.integers(),
            "maximum": st.integers(),
            "exclusiveMinimum": st.one_of(st.booleans(), st.integers()),
            "exclusiveMaximum": st.one_of(st.booleans(), st.integers()),
            "enum": st.lists(SCALARS, max_size=3),
            "example": SCALARS,
        },
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(
                lambda s, p: {**s, "properties": p},
                leaf,
                st.dictionaries(st.text(max_size=3), inner, max_size=3),
            ),
            st.builds(
                lambda s, i: {**s, "items": i}, leaf, st.one_of(inner, st.lists(inner, max_size=2))
            ),
            st.builds(lambda s, a: {**s, "anyOf": a}, leaf, st.lists(inner, max_size=2)),
        ),
        max_leaves=8,
    )


def check(schema: Any) -> None:
    if isinstance(schema, bool):
        return
    assert not any(key.startswith("x-") or key == "nullable" for key in schema)
    if "type" in schema:
        assert isinstance(schema["type"], list)
        assert "file" not in schema["type"]
    for key in ("exclusiveMinimum", "exclusiveMaximum"):
        assert not isinstance(schema.get(key, 0), bool)
    assert "example" not in schema
    assert not isinstance(schema.get("items", {}), list)
    for sub in schema.get("properties", {}).values():
        check(sub)
    for sub in schema.get("anyOf", []) + schema.get("prefixItems", []):
        check(sub)
    if isinstance(schema.get("items"), dict):
        check(schema["items"])


@settings(max_examples=150, deadline=None)
@given(schema=schemas(), flavour=st.sampled_from(list(Flavour)))
def test_normalised_schema_keeps_the_contract(schema: Any, flavour: Flavour) -> None:
    registry = Schemas(Reader(timeout=1), flavour, "file:///api.yaml")

    check(registry.inline(Located("file:///api.yaml", "/s", schema)))
