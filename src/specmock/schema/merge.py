"""``allOf`` and ``$ref``-with-siblings folded into one schema, so generation sees one shape.

Rules:

- ``flatten`` resolves ``$ref`` targets one level at a time (nested ``$ref``s stay lazy,
  so cycles are safe) and inlines nested ``allOf``; ``merge`` intersects two schemas:
  types (``integer`` inside ``number``), enums/consts, ranges, lengths, counts, union of
  ``required``, properties merged per name as ``{"allOf": [a, b]}`` (merged lazily when
  that property is compiled), ``additionalProperties`` applied across sides,
  ``multipleOf`` by least common multiple.
- What cannot be merged exactly (two patterns, two formats, ``if``/``then``...) is kept
  in a residual ``allOf`` and the result is marked inexact: the compiler then verifies
  generated values against the original schema.
- A contradiction raises :class:`Unsatisfiable` naming the keyword.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import orjson

from specmock.spec.model import Schema

__all__ = ["Merged", "Unsatisfiable", "canonical", "check_bounds", "flatten", "merge_parts"]


class Unsatisfiable(Exception):
    """No value satisfies the schemas being merged."""

    def __init__(self, keyword: str, detail: str) -> None:
        super().__init__(f"{keyword}: {detail}")
        self.keyword = keyword
        self.detail = detail


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def canonical(value: Any) -> bytes:
    """Canonical JSON of a value: equal under JSON Schema equality iff equal bytes.

    Example:
        >>> canonical({"b": 1.0, "a": [True]}) == canonical({"a": [True], "b": 1})
        True
    """
    return orjson.dumps(_plain(value), option=orjson.OPT_SORT_KEYS)


def flatten(
    schema: Schema, registry: Mapping[str, Schema], seen: tuple[str, ...] = ()
) -> list[Mapping[str, Any]]:
    """The conjuncts of ``schema``: itself minus ``$ref``/``allOf``, plus theirs, inlined.

    Raises:
        Unsatisfiable: a ``false`` conjunct, a missing ``$ref`` or an ``allOf`` cycle.
    """
    if schema is True:
        return []
    if schema is False:
        raise Unsatisfiable("false", "the schema false admits no value")
    assert isinstance(schema, Mapping)
    own = {k: v for k, v in schema.items() if k not in ("$ref", "allOf")}
    parts: list[Mapping[str, Any]] = [own] if own else []
    ref = schema.get("$ref")
    if isinstance(ref, str):
        if ref in seen:
            raise Unsatisfiable("$ref", f"{ref} includes itself through allOf/$ref")
        if ref not in registry:
            raise Unsatisfiable("$ref", f"unresolvable reference {ref}")
        parts.extend(flatten(registry[ref], registry, (*seen, ref)))
    for member in schema.get("allOf") or ():
        parts.extend(flatten(member, registry, seen))
    return parts


class Merged:
    """The result of folding conjuncts: ``schema`` and whether it is exact."""

    __slots__ = ("exact", "schema")

    def __init__(self, schema: dict[str, Any], exact: bool) -> None:
        self.schema = schema
        self.exact = exact


def _types(x: list[str], y: list[str]) -> list[str]:
    out = [t for t in x if t in y]
    if "integer" not in out and (
        ("integer" in x and "number" in y) or ("number" in x and "integer" in y)
    ):
        out.append("integer")
    if not out:
        raise Unsatisfiable("type", f"no type is both {x} and {y}")
    return out


def _enum(x: list[Any], y: list[Any]) -> list[Any]:
    keys = {canonical(v) for v in y}
    out = [v for v in x if canonical(v) in keys]
    if not out:
        raise Unsatisfiable("enum", f"no value is in both {x!r} and {y!r}")
    return out


def _fraction(x: float) -> Fraction:
    return Fraction(str(x)) if isinstance(x, float) else Fraction(x)


def _multiple(x: float, y: float) -> float:
    fx, fy = _fraction(x), _fraction(y)
    lcm = Fraction(math.lcm(fx.numerator, fy.numerator), math.gcd(fx.denominator, fy.denominator))
    if lcm.denominator == 1 and not (isinstance(x, float) or isinstance(y, float)):
        return int(lcm)
    return lcm.numerator if lcm.denominator == 1 else float(lcm)


def _both(x: Any, y: Any) -> Any:
    return {"allOf": [x, y]}


_Merge = Callable[[Any, Any], Any]

#: keyword -> how two values of it combine (absent keywords simply carry over).
MERGERS: Mapping[str, _Merge] = {
    "type": _types,
    "enum": _enum,
    "minimum": max,
    "exclusiveMinimum": max,
    "maximum": min,
    "exclusiveMaximum": min,
    "minLength": max,
    "maxLength": min,
    "minItems": max,
    "maxItems": min,
    "minProperties": max,
    "maxProperties": min,
    "minContains": max,
    "maxContains": min,
    "multipleOf": _multiple,
    "uniqueItems": lambda x, y: bool(x or y),
    "readOnly": lambda x, y: bool(x or y),
    "writeOnly": lambda x, y: bool(x or y),
    "required": lambda x, y: list(dict.fromkeys([*x, *y])),
    "items": _both,
    "additionalProperties": _both,
    "propertyNames": _both,
    "not": lambda x, y: {"anyOf": [x, y]},
    "dependentRequired": lambda x, y: {
        k: list(dict.fromkeys([*x.get(k, ()), *y.get(k, ())])) for k in {**x, **y}
    },
}
#: Annotations: the first one written wins.
_FIRST_WINS = frozenset(
    {"title", "description", "default", "examples", "discriminator", "deprecated", "$comment"}
)


def _normalise(part: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(part)
    if "const" in out:
        const = out.pop("const")
        out["enum"] = _enum([const], out["enum"]) if "enum" in out else [const]
    return out


def _pattern_match(name: str, patterns: Mapping[str, Any]) -> list[Any]:
    import re

    out = []
    for pattern, schema in patterns.items():
        try:
            if re.search(pattern, name):
                out.append(schema)
        except re.error:
            continue
    return out


def _cross_additional(own: dict[str, Any], other: Mapping[str, Any]) -> None:
    """Apply ``other``'s ``additionalProperties`` to ``own`` properties it does not name."""
    extra = other.get("additionalProperties", True)
    if extra is True or "additionalProperties" not in other:
        return
    names = other.get("properties") or {}
    patterns = other.get("patternProperties") or {}
    props = dict(own.get("properties") or {})
    for name, schema in props.items():
        if name in names or _pattern_match(name, patterns):
            continue
        props[name] = False if extra is False else _both(schema, extra)
    if props:
        own["properties"] = props


class _Folder:
    __slots__ = ("exact", "residual")

    def __init__(self) -> None:
        self.exact = True
        self.residual: list[Any] = []

    def merge(self, a: dict[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
        b = _normalise(b)
        a_side, b_side = dict(a), dict(b)
        _cross_additional(a_side, b)
        _cross_additional(b_side, a)
        out = a_side
        for key, bv in b_side.items():
            if key not in out:
                out[key] = bv
                continue
            av = out[key]
            if key in MERGERS:
                out[key] = MERGERS[key](av, bv)
            elif key in ("properties", "patternProperties"):
                out[key] = {n: _both(av[n], s) if n in av else s for n, s in bv.items()} | {
                    n: s for n, s in av.items() if n not in bv
                }
            elif key == "prefixItems":
                out[key] = self._prefix(av, bv, a.get("items"), b.get("items"))
            elif key in ("oneOf", "anyOf"):
                out[key] = [{"allOf": [x, y]} for x in av for y in bv]
                self.exact = False
            elif key in _FIRST_WINS:
                continue
            elif av != bv:
                self.residual.append({key: bv})
                self.exact = False
        if "oneOf" in out and "anyOf" in out:
            # generate from oneOf branches, each carrying the anyOf; verify afterwards.
            any_of = out.pop("anyOf")
            out["oneOf"] = [{"allOf": [x, {"anyOf": any_of}]} for x in out["oneOf"]]
        return out

    def _prefix(self, x: list[Any], y: list[Any], x_items: Any, y_items: Any) -> list[Any]:
        out = []
        for i in range(max(len(x), len(y))):
            left = x[i] if i < len(x) else (x_items if x_items is not None else True)
            right = y[i] if i < len(y) else (y_items if y_items is not None else True)
            out.append(_both(left, right))
        return out


def merge_parts(parts: list[Mapping[str, Any]]) -> Merged:
    """Fold conjuncts (from :func:`flatten`) into one schema.

    Raises:
        Unsatisfiable: when the conjuncts contradict each other.

    Example:
        >>> merge_parts([{"type": ["number"], "minimum": 1}, {"type": ["integer"]}]).schema
        {'type': ['integer'], 'minimum': 1}
    """
    folder = _Folder()
    out: dict[str, Any] = {}
    for part in parts:
        out = folder.merge(out, part) if out else _normalise(part)
    if folder.residual:
        out["allOf"] = folder.residual
    check_bounds(out)
    return Merged(out, folder.exact and "not" not in out)


def check_bounds(schema: Mapping[str, Any]) -> None:
    """Raise :class:`Unsatisfiable` when a lower bound exceeds its upper bound."""
    for lo, hi in (
        ("minLength", "maxLength"),
        ("minItems", "maxItems"),
        ("minProperties", "maxProperties"),
    ):
        if lo in schema and hi in schema and schema[lo] > schema[hi]:
            raise Unsatisfiable(lo, f"{lo} {schema[lo]} exceeds {hi} {schema[hi]}")
    low = schema.get("minimum")
    high = schema.get("maximum")
    if low is not None and high is not None and low > high:
        raise Unsatisfiable("minimum", f"minimum {low} exceeds maximum {high}")
