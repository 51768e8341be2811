"""Looking inside normalised schemas: an object's properties, an array's items.

Rules: read-only views for code that shapes generated values (the engine's pattern
templates). ``$ref`` keys are followed and ``allOf`` parts are combined (properties by
name, ``required`` united); ``oneOf``/``anyOf`` are not chosen between (a view of a
choice is empty). Depth is bounded and cycles are safe. Nothing is generated here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from specmock.spec.model import Schema

__all__ = [
    "ObjectView",
    "array_items",
    "item_bounds",
    "object_view",
    "ref_key",
    "resolve",
    "types_of",
]

_MAX_HOPS = 16


def resolve(schema: Schema, registry: Mapping[str, Schema]) -> Schema:
    """Follow a lone ``$ref`` chain to the schema it names (siblings are kept by callers)."""
    hops = 0
    while isinstance(schema, Mapping) and "$ref" in schema and len(schema) == 1:
        target = registry.get(schema["$ref"])
        if target is None or hops >= _MAX_HOPS:
            return schema
        schema = target
        hops += 1
    return schema


def ref_key(schema: Schema, registry: Mapping[str, Schema]) -> str | None:
    """The registry key a schema is a reference to (the last of a chain), if any."""
    key: str | None = None
    hops = 0
    while isinstance(schema, Mapping) and "$ref" in schema and hops < _MAX_HOPS:
        key = schema["$ref"]
        target = registry.get(key)
        if target is None:
            break
        schema = target
        hops += 1
    return key


def types_of(schema: Schema, registry: Mapping[str, Schema]) -> frozenset[str]:
    """The JSON types a schema allows, as far as its ``type``/``allOf`` say (empty: any)."""
    view = _parts(schema, registry)
    found: frozenset[str] | None = None
    for part in view:
        declared = part.get("type")
        if declared is None:
            continue
        kinds = frozenset(declared if isinstance(declared, list) else [declared])
        if "number" in kinds:
            kinds |= {"integer"}
        found = kinds if found is None else found & kinds
    return found or frozenset()


@dataclass(frozen=True, slots=True)
class ObjectView:
    """The properties of an object schema, combined over ``$ref`` and ``allOf``."""

    properties: Mapping[str, Schema] = field(default_factory=dict)
    required: frozenset[str] = frozenset()

    def get(self, name: str) -> Schema | None:
        """The schema of property ``name`` (``None`` when it is not declared)."""
        return self.properties.get(name)


def object_view(schema: Schema, registry: Mapping[str, Schema]) -> ObjectView:
    """The declared properties and required names of an object schema.

    Example:
        >>> object_view({"properties": {"id": {"type": ["integer"]}}, "required": ["id"]}, {})
        ObjectView(properties={'id': {'type': ['integer']}}, required=frozenset({'id'}))
    """
    properties: dict[str, Schema] = {}
    required: set[str] = set()
    for part in _parts(schema, registry):
        for name, sub in (part.get("properties") or {}).items():
            if name in properties:
                properties[name] = {"allOf": [properties[name], sub]}
            else:
                properties[name] = sub
        required.update(part.get("required") or ())
    return ObjectView(properties, frozenset(required))


def array_items(schema: Schema, registry: Mapping[str, Schema]) -> Schema | None:
    """The item schema of an array schema, or ``None`` when it is no array."""
    if "array" not in types_of(schema, registry):
        return None
    found = [part["items"] for part in _parts(schema, registry) if part.get("items") is not None]
    # a generic page's untyped items narrowed by the part that extends it
    # (allOf [Page {content: {items: {}}}, {content: {items: Review}}]): every part holds
    specific = [items for items in found if items not in ({}, True)]
    if len(specific) > 1:
        return {"allOf": specific}
    return specific[0] if specific else (found[0] if found else True)


def item_bounds(schema: Schema, registry: Mapping[str, Schema]) -> tuple[int, int | None]:
    """``(minItems, maxItems)`` of an array schema, tightest over its ``allOf`` parts."""
    low, high = 0, None
    for part in _parts(schema, registry):
        low = max(low, int(part.get("minItems", 0)))
        if "maxItems" in part:
            high = int(part["maxItems"]) if high is None else min(high, int(part["maxItems"]))
    return low, high


def _parts(schema: Schema, registry: Mapping[str, Schema]) -> list[Mapping[str, Any]]:
    """The schema and its ``allOf`` parts, ``$ref``s followed, depth-first, each once."""
    out: list[Mapping[str, Any]] = []
    seen: set[int] = set()
    stack: list[tuple[Schema, int]] = [(schema, 0)]
    while stack:
        current, depth = stack.pop()
        if not isinstance(current, Mapping) or id(current) in seen or depth > _MAX_HOPS:
            continue
        seen.add(id(current))
        out.append(current)
        for part in reversed(current.get("allOf") or ()):
            stack.append((part, depth + 1))
        key = current.get("$ref")
        if isinstance(key, str) and key in registry:
            stack.append((registry[key], depth + 1))
    return out
