"""Telling overlapping ``oneOf`` branches apart: edits that make a value fail another branch.

Rules:

- ``Separator(c, name, where).edits(a, b)`` returns a few *edits* for the schema pair: an
  edit takes a value of ``a`` (or ``MISSING``: it then generates one from ``a``) and
  returns a changed value meant to still satisfy ``a`` and fail ``b``, ``MISSING`` (leave
  the property out) or ``FAIL``. Edits are guesses: the caller keeps an edited value only
  when validators say it still satisfies ``a`` and no longer ``b``.
- The search walks both sides together, ``$ref``/``allOf`` folded at each level: through
  properties (declared on either side, the other side's ``patternProperties`` or
  ``additionalProperties`` standing in for an undeclared one), array ``items`` and the
  branches of a choice in ``b`` (each one failed in turn). At each level it tries: a type
  ``a`` allows and ``b`` does not, an ``enum``/``const`` value ``a`` lists and ``b`` does
  not, leaving out a property ``b`` requires and ``a`` does not, a property ``a`` allows and
  ``b`` forbids; for scalars, a value of ``a`` verified to fail ``b``.
- Shallow differences come before deep ones; two sides that fold into the same schema
  (annotations aside) are not searched: nothing tells them apart. The search is bounded:
  ``_MAX_DEPTH`` levels, ``_MAX_VISITS`` schema pairs and ``_MAX_EDITS`` edits per pair;
  callers memoise per (branch, other branch), so it runs only where branches overlap.
- Edits are plain functions of the value and the random generator: the same seed gives
  the same result whatever was generated before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from random import Random
from typing import TYPE_CHECKING, Any

from specmock.errors import GenerationError
from specmock.schema.merge import Unsatisfiable, canonical, flatten, merge_parts
from specmock.schema.walk import Gen, Walk

if TYPE_CHECKING:
    from specmock.schema.compile import Compiler

__all__ = ["FAIL", "MISSING", "Edit", "Separator", "same", "shape"]


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: An absent property (as an edit's input: generate one; as its output: leave it out).
MISSING: Any = _Marker("MISSING")
#: An edit that does not apply to the value it was given.
FAIL: Any = _Marker("FAIL")

#: ``edit(value, rng, walk) -> value | MISSING | FAIL``.
Edit = Callable[[Any, Random, Walk], Any]

_MAX_DEPTH = 8
_MAX_VISITS = 96
_MAX_EDITS = 6
_ALL_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")
_SCALARS = frozenset({"string", "number", "integer", "boolean", "null"})
_CHOICES = ("oneOf", "anyOf")


def shape(c: Compiler, schema: Any) -> Mapping[str, Any]:
    """``schema`` with its top-level ``$ref``/``allOf`` folded (``{}`` when that fails)."""
    if schema is True or not isinstance(schema, Mapping):
        return {}
    try:
        return merge_parts(flatten(schema, c.registry)).schema
    except Unsatisfiable:
        return {}


_NOTES = frozenset(
    {"title", "description", "examples", "example", "default", "$comment", "deprecated", "xml"}
)
_NAMED = frozenset({"properties", "patternProperties", "dependentSchemas", "$defs"})
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
_SCHEMA_ONE = frozenset(
    {"items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"}
)


def _bare(schema: Any) -> Any:
    """A schema without its annotations (which never change what it accepts)."""
    if not isinstance(schema, Mapping):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _NOTES:
            continue
        if key in _NAMED and isinstance(value, Mapping):
            out[key] = {n: _bare(v) for n, v in value.items()}
        elif key in _SCHEMA_LISTS and isinstance(value, list):
            out[key] = [_bare(v) for v in value]
        elif key in _SCHEMA_ONE:
            out[key] = _bare(value)
        else:
            out[key] = value
    return out


def _same_shape(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    try:
        return canonical(_bare(x)) == canonical(_bare(y))
    except TypeError:  # not JSON-serialisable: cannot tell
        return False


def _implies(x: Mapping[str, Any], y: Mapping[str, Any]) -> bool:
    """True when ``x`` repeats every keyword of ``y`` (annotations aside): then every value
    of ``x`` satisfies ``y`` (a sufficient test, not a necessary one)."""
    bare_x, bare_y = _bare(x), _bare(y)
    try:
        return all(k in bare_x and canonical(bare_x[k]) == canonical(v) for k, v in bare_y.items())
    except TypeError:  # not JSON-serialisable: cannot tell
        return False


#: ``b``'s keyword -> the keyword (and offset) of a value just past it.
_PAST: tuple[tuple[str, str, int], ...] = (
    ("maxLength", "minLength", 1),
    ("minLength", "maxLength", -1),
    ("maxItems", "minItems", 1),
    ("minItems", "maxItems", -1),
    ("maximum", "exclusiveMinimum", 0),
    ("exclusiveMaximum", "minimum", 0),
    ("minimum", "exclusiveMaximum", 0),
    ("exclusiveMinimum", "maximum", 0),
)


def _beyond(sb: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Constraints whose values fail one of ``b``'s lengths, counts or bounds."""
    out: list[dict[str, Any]] = []
    for keyword, opposite, offset in _PAST:
        bound = sb.get(keyword)
        if isinstance(bound, bool) or not isinstance(bound, int | float):
            continue
        past = bound + offset
        if past < 0 and offset:
            continue
        out.append({opposite: past})
    return out


def same(c: Compiler, x: Any, y: Any) -> bool:
    """True when two schemas fold into the same one, annotations aside (written twice, or
    reached through two ``$ref``s): no value tells them apart."""
    return x is y or _same_shape(shape(c, x), shape(c, y))


def _types(schema: Mapping[str, Any]) -> list[str] | None:
    """The JSON types a folded schema admits (``None``: any), ``integer`` inside ``number``."""
    declared = schema.get("type")
    if declared is None:
        return None
    kinds = [declared] if isinstance(declared, str) else list(declared)
    if "number" in kinds and "integer" not in kinds:
        kinds.append("integer")
    return kinds


def _outside(a: list[str] | None, b: list[str]) -> list[str]:
    """Types ``a`` admits and ``b`` does not."""
    return [t for t in (a if a is not None else _ALL_TYPES) if t not in b]


def _admits(kinds: list[str] | None, kind: str) -> bool:
    return kinds is None or kind in kinds


def _matches(pattern: str, name: str) -> bool:
    import re

    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False


def _property_schema(schema: Mapping[str, Any], prop: str) -> Any:
    """What a folded object schema asks of property ``prop`` (``True``: anything)."""
    props = schema.get("properties") or {}
    if prop in props:
        return props[prop]
    matching = [s for p, s in (schema.get("patternProperties") or {}).items() if _matches(p, prop)]
    if matching:
        return matching[0] if len(matching) == 1 else {"allOf": matching}
    return schema.get("additionalProperties", True)


def _identity(value: Any, rng: Random, walk: Walk) -> Any:
    return value


class Separator:
    """Searches edits separating schema pairs, for one ``oneOf`` (see the module rules)."""

    __slots__ = ("_c", "_name", "_visits", "_where")

    def __init__(self, c: Compiler, name: str | None, where: str) -> None:
        self._c = c
        self._name = name
        self._where = where
        self._visits = 0

    def edits(self, a: Any, b: Any) -> list[Edit]:
        """Edits turning a value of ``a`` into one ``b`` rejects (best first, maybe none)."""
        self._visits = 0
        return self._edits(a, b, 0, self._name)

    # --- the search -------------------------------------------------------------------

    def _generator(self, schema: Any, name: str | None) -> Callable[[Random, Walk], Any]:
        """A generator of ``schema`` compiled on first use (``FAIL`` when none exists)."""
        c, where = self._c, self._where
        cell: list[Gen | None] = []

        def gen(rng: Random, walk: Walk) -> Any:
            if not cell:
                try:
                    cell.append(c.sub(schema, name, where))
                except GenerationError:
                    cell.append(None)
            compiled = cell[0]
            if compiled is None:
                return FAIL
            try:
                return compiled(rng, walk)
            except GenerationError:
                return FAIL

        return gen

    def _fresh(self, schema: Any, name: str | None) -> Edit:
        """An edit replacing the value by a new one of ``schema``."""
        gen = self._generator(schema, name)

        def edit(value: Any, rng: Random, walk: Walk) -> Any:
            return gen(rng, walk)

        return edit

    def _edits(self, a: Any, b: Any, depth: int, name: str | None) -> list[Edit]:
        if b is False:
            return [_identity] if a is not False else []
        if a is False or b is True or not isinstance(b, Mapping) or not b:
            return []
        if depth > _MAX_DEPTH or self._visits >= _MAX_VISITS:
            return []
        self._visits += 1
        sa, sb = shape(self._c, a), shape(self._c, b)
        if not sb or a is b or _implies(sa, sb):
            return []  # every value of ``a`` satisfies ``b``: nothing to tell apart
        ta, tb = _types(sa), _types(sb)
        out: list[Edit] = []
        # A type ``a`` allows and ``b`` does not.
        if tb is not None:
            outside = _outside(ta, tb)
            if outside:
                narrowed = {"type": outside} if not sa else {"allOf": [a, {"type": outside}]}
                out.append(self._fresh(narrowed, name))
        # A listed value ``a`` allows and ``b`` does not.
        if "enum" in sb:
            listed = {canonical(v) for v in sb["enum"]}
            if "enum" in sa:
                spare = [v for v in sa["enum"] if canonical(v) not in listed]
                if spare:
                    out.append(self._fresh({"allOf": [a, {"enum": spare}]}, name))
            elif ta is None or set(ta) <= _SCALARS:
                out.append(self._fresh({"allOf": [a, {"not": {"enum": sb["enum"]}}]}, name))
        # A length, count or bound past ``b``'s.
        for beyond in _beyond(sb):
            out.append(self._fresh({"allOf": [a, beyond]}, name))
        objects = _admits(ta, "object") and _admits(tb, "object")
        if objects:
            out.extend(self._object_edits(a, sa, sb, depth, name))
        if _admits(ta, "array") and _admits(tb, "array"):
            out.extend(self._array_edits(a, sa, sb, depth, name))
        for keyword in _CHOICES:
            if sb.get(keyword) and len(out) < _MAX_EDITS:
                composed = self._fail_each(a, sb[keyword], depth, name)
                if composed is not None:
                    out.append(composed)
        # A scalar of ``a`` verified to fail ``b``.
        if ta is not None and set(ta) <= _SCALARS and len(out) < _MAX_EDITS:
            out.append(self._fresh({"allOf": [a, {"not": b}]}, name))
        return out[:_MAX_EDITS]

    def _object_edits(
        self,
        a: Any,
        sa: Mapping[str, Any],
        sb: Mapping[str, Any],
        depth: int,
        name: str | None,
    ) -> list[Edit]:
        c = self._c
        out: list[Edit] = []
        own = self._generator(a, name)
        a_props: Mapping[str, Any] = sa.get("properties") or {}
        b_props: Mapping[str, Any] = sb.get("properties") or {}
        a_required = set(sa.get("required") or ())
        # Leave out a property ``b`` requires and ``a`` does not.
        for prop in sb.get("required") or ():
            if prop not in a_required:
                out.append(self._at(prop, lambda v, r, w: MISSING, own))
        # Then properties, those ``a`` does not declare first (their values are free).
        names = [p for p in b_props if p not in a_props] + list(a_props)
        for prop in names:
            if len(out) >= _MAX_EDITS or self._visits >= _MAX_VISITS:
                break
            a_sub = a_props[prop] if prop in a_props else _property_schema(sa, prop)
            if a_sub is False or (prop in a_props and c.hidden(a_sub)):
                continue
            b_sub = _property_schema(sb, prop)
            if b_sub is True or (isinstance(b_sub, Mapping) and not b_sub):
                continue
            for sub in self._edits(a_sub, b_sub, depth + 1, prop)[:2]:
                out.append(self._at(prop, sub, own))
        return out

    def _at(self, prop: str, sub: Edit, own: Callable[[Random, Walk], Any]) -> Edit:
        """Apply ``sub`` to property ``prop`` of the value (generated first when missing)."""

        def edit(value: Any, rng: Random, walk: Walk) -> Any:
            if value is MISSING:
                value = own(rng, walk)
            if not isinstance(value, dict):
                return FAIL
            new = sub(value.get(prop, MISSING), rng, walk)
            if new is FAIL:
                return FAIL
            out = dict(value)
            if new is MISSING:
                out.pop(prop, None)
            else:
                out[prop] = new
            return out

        return edit

    def _array_edits(
        self,
        a: Any,
        sa: Mapping[str, Any],
        sb: Mapping[str, Any],
        depth: int,
        name: str | None,
    ) -> list[Edit]:
        if sa.get("prefixItems") or sb.get("prefixItems"):
            return []
        own = self._generator(a, name)
        return [
            self._in_items(sub, own)
            for sub in self._edits(sa.get("items", True), sb.get("items", True), depth + 1, name)[
                :2
            ]
        ]

    def _in_items(self, sub: Edit, own: Callable[[Random, Walk], Any]) -> Edit:
        """Apply ``sub`` to the first item (adding one to an empty array)."""

        def edit(value: Any, rng: Random, walk: Walk) -> Any:
            if value is MISSING:
                value = own(rng, walk)
            if not isinstance(value, list):
                return FAIL
            new = sub(value[0] if value else MISSING, rng, walk)
            if new is FAIL or new is MISSING:
                return FAIL
            return [new, *value[1:]]

        return edit

    def _fail_each(self, a: Any, branches: list[Any], depth: int, name: str | None) -> Edit | None:
        """One edit per branch of a choice in ``b``, applied in turn: a value failing them all."""
        steps: list[Edit] = []
        for branch in branches:
            found = self._edits(a, branch, depth + 1, name)
            if not found:
                return None
            steps.append(found[0])

        def edit(value: Any, rng: Random, walk: Walk) -> Any:
            for step in steps:
                value = step(value, rng, walk)
                if value is FAIL or value is MISSING:
                    return FAIL
            return value

        return edit
