"""Builders for choices: ``oneOf``, ``anyOf`` (with ``discriminator``), ``not``, ``if``.

Rules:

- A branch is compiled with the siblings of the choice merged in, lazily (nested
  choices would multiply at compile time); in the inheritance pattern the parent's own
  ``oneOf`` inside a branch is dropped, not distributed again.
- With a ``discriminator``, the branch is first compiled with its property fixed to the
  branch's name (the ``mapping`` key naming the branch's ``$ref``, else the ref's last
  segment); when that contradicts the branch, the branch's own value is kept.
- ``anyOf``: any branch value is valid. ``oneOf``: a candidate is accepted when no other
  branch admits its JSON type, or the compiled validator says exactly one branch holds;
  otherwise the next tries fill every optional property, or give a property the branch
  does not declare (but a sibling constrains) a wrong-typed value.
- ``not`` narrows by type and by single range keywords, then generates and verifies;
  ``if`` generates for one side of the condition and verifies.
"""

from __future__ import annotations

from collections.abc import Mapping
from random import Random
from typing import TYPE_CHECKING, Any

from specmock.errors import GenerationError
from specmock.schema.merge import Unsatisfiable, flatten, merge_parts
from specmock.schema.walk import Gen, Walk

if TYPE_CHECKING:
    from specmock.schema.compile import Compiler

__all__ = ["build_any_of", "build_if", "build_not", "build_one_of"]

_TRIES = 12
#: ``not: {k: x}`` for a single range keyword ``k`` equals ``{_COMPLEMENTS[k]: x}``.
_COMPLEMENTS = {
    "minimum": "exclusiveMaximum",
    "maximum": "exclusiveMinimum",
    "exclusiveMinimum": "maximum",
    "exclusiveMaximum": "minimum",
}
_ALL_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")


def _branch_label(c: Compiler, branch: Any, mapping: Mapping[str, str]) -> str | None:
    ref = branch.get("$ref") if isinstance(branch, Mapping) else None
    if not isinstance(ref, str):
        return None
    for label, target in mapping.items():
        if target == ref:
            return label
    return ref.rsplit("/", 1)[-1]


def _build_choice(
    c: Compiler, schema: Mapping[str, Any], name: str | None, where: str, keyword: str
) -> Gen:
    base = {k: v for k, v in schema.items() if k not in (keyword, "discriminator")}
    disc = schema.get("discriminator")
    prop = disc.get("propertyName") if isinstance(disc, Mapping) else None
    mapping = (disc.get("mapping") or {}) if isinstance(disc, Mapping) else {}
    branches: list[tuple[Gen, Any]] = []
    for i, branch in enumerate(schema[keyword]):
        parts = _branch_parts(c, base, branch, keyword, schema[keyword])
        label = _branch_label(c, branch, mapping) if prop else None
        attempts: list[Any] = []
        if label is not None:
            attempts.append(
                {"allOf": [*parts, {"properties": {prop: {"const": label}}, "required": [prop]}]}
            )
        attempts.append({"allOf": parts})
        branches.append((_lazy_branch(c, attempts, name, f"{where}/{keyword}/{i}"), attempts[-1]))
    if keyword == "anyOf":
        return _any_branch(c, branches, where)
    check = c.checker(schema)
    spoilers = [_spoilers(c, i, [b for _, b in branches]) for i in range(len(branches))]
    types = [_shape(c, b).get("type") for _, b in branches]

    def alone(index: int, value: Any) -> bool:
        """True when no other branch admits the value's JSON type (no validation needed)."""
        kinds = _json_types(value)
        for j, allowed in enumerate(types):
            if j != index and (not isinstance(allowed, list) or kinds & set(allowed)):
                return False
        return True

    def choose(rng: Random, walk: Walk) -> Any:
        order = list(range(len(branches)))
        if walk.shallow:
            order.sort(key=lambda j: c.min_depth(branches[j][1]))
        else:
            rng.shuffle(order)
        full = walk.full
        try:
            for attempt in range(_TRIES):
                # Past the first round, fill every optional property: overlapping
                # branches often differ only there.
                walk.full = full or attempt >= len(order)
                index = order[attempt % len(order)]
                try:
                    value = branches[index][0](rng, walk)
                except GenerationError:
                    continue
                if alone(index, value) or check(value):
                    return value
                for spoiled in _spoiled(value, spoilers[index]):
                    if check(spoiled):
                        return spoiled
        finally:
            walk.full = full
        raise c.error(where, keyword, "no candidate matched exactly the required branches")

    return choose


def _branch_parts(
    c: Compiler, base: Mapping[str, Any], branch: Any, keyword: str, choice: list[Any]
) -> list[Any]:
    """The conjuncts of one branch, minus the choice being made.

    In the inheritance pattern (``Pet: {oneOf: [Cat, Dog]}``, ``Cat: {allOf: [Pet, ...]}``)
    a branch includes its parent's own ``oneOf``: that choice is the one being decided
    here, so it is dropped instead of being distributed again (and again).
    """
    try:
        parts = flatten({"allOf": [base, branch]} if base else branch, c.registry)
    except Unsatisfiable:
        return [base, branch] if base else [branch]
    out: list[Any] = []
    for part in parts:
        if part.get(keyword) is choice or part.get(keyword) == choice:
            part = {k: v for k, v in part.items() if k not in (keyword, "discriminator")}
        out.append(part)
    return out


def _lazy_branch(c: Compiler, attempts: list[Any], name: str | None, where: str) -> Gen:
    """A branch compiled on first use (nested choices would multiply at compile time);
    the first of ``attempts`` that compiles wins (the discriminator-labelled form first)."""
    cell: list[Gen] = []

    def branch(rng: Random, walk: Walk) -> Any:
        if not cell:
            failure: GenerationError | None = None
            for candidate in attempts:
                try:
                    cell.append(c.sub(candidate, name, where))
                    break
                except GenerationError as exc:
                    failure = exc
            else:
                assert failure is not None
                raise failure
        return cell[0](rng, walk)

    return branch


def _any_branch(c: Compiler, branches: list[tuple[Gen, Any]], where: str) -> Gen:
    """``anyOf``: any branch will do (each one is compiled with the siblings merged in)."""

    def choose(rng: Random, walk: Walk) -> Any:
        order = list(range(len(branches)))
        if walk.shallow:
            order.sort(key=lambda j: c.min_depth(branches[j][1]))
        else:
            rng.shuffle(order)
        for attempt in range(_TRIES):
            try:
                return branches[order[attempt % len(order)]][0](rng, walk)
            except GenerationError:
                continue
        raise c.error(where, "anyOf", "no branch produced a value")

    return choose


def _json_types(value: Any) -> set[str]:
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    if isinstance(value, float):
        return {"integer", "number"} if value.is_integer() else {"number"}
    if isinstance(value, str):
        return {"string"}
    return {"array"} if isinstance(value, list) else {"object"}


def _shape(c: Compiler, schema: Any) -> Mapping[str, Any]:
    """``schema`` with its top-level ``$ref``/``allOf`` folded (``{}`` when that fails)."""
    try:
        return merge_parts(flatten(schema, c.registry)).schema
    except Unsatisfiable:
        return {}


_SPOILERS: tuple[tuple[str, Any], ...] = (
    ("integer", 0),
    ("string", "mock"),
    ("boolean", True),
    ("array", []),
    ("object", {}),
)


def _spoilers(c: Compiler, index: int, branches: list[Any]) -> list[tuple[str, Any]]:
    """(property, value) pairs that branch ``index`` allows and some other branch rejects.

    A branch that accepts any extra property cannot tell itself apart from a sibling
    that constrains a property it does not declare; giving that property a value of
    another type makes the sibling fail while this branch still holds.
    """
    own = _shape(c, branches[index])
    if own.get("additionalProperties", True) is not True or own.get("patternProperties"):
        return []
    declared = own.get("properties") or {}
    out: list[tuple[str, Any]] = []
    for j, other in enumerate(branches):
        if j == index:
            continue
        for prop, sub in (_shape(c, other).get("properties") or {}).items():
            if prop in declared or len(out) >= 8:
                continue
            types = _shape(c, sub).get("type")
            if isinstance(types, list):
                value = next(
                    (
                        v
                        for t, v in _SPOILERS
                        if t not in types and not (t == "integer" and "number" in types)
                    ),
                    None,
                )
                if value is not None:
                    out.append((prop, value))
    return out


def _spoiled(value: Any, spoilers: list[tuple[str, Any]]) -> list[Any]:
    if not isinstance(value, dict) or not spoilers:
        return []
    return [{**value, prop: spoil} for prop, spoil in spoilers]


def build_one_of(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """``oneOf``: a branch (with the siblings merged in) whose value fails every other branch."""
    return _build_choice(c, schema, name, where, "oneOf")


def build_any_of(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """``anyOf``: a branch with the siblings merged in."""
    return _build_choice(c, schema, name, where, "anyOf")


def build_not(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """``not``: generate from the rest, keep a value the ``not`` schema rejects."""
    rest = {k: v for k, v in schema.items() if k != "not"}
    excluded = schema["not"].get("type") if isinstance(schema["not"], Mapping) else None
    if isinstance(excluded, list):
        # A value of a type the ``not`` schema rejects always satisfies ``not``.
        allowed = rest.get("type") or list(_ALL_TYPES)
        outside = [
            t
            for t in allowed
            if t not in excluded and not (t == "integer" and "number" in excluded)
        ]
        if outside:
            rest["type"] = outside
    negated = schema["not"]
    if isinstance(negated, Mapping) and len(negated) == 1:
        ((key, bound),) = negated.items()
        if key in _COMPLEMENTS and isinstance(bound, int | float):
            rest = merge_parts([rest, {_COMPLEMENTS[key]: bound}]).schema
    gen = c.build(rest, name, where)
    return c.verified(gen, schema, where, "not")


def build_if(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """``if``/``then``/``else``: generate for one side of the condition, verify the result."""
    rest = {k: v for k, v in schema.items() if k not in ("if", "then", "else")}
    condition = schema["if"]
    sides = [
        [rest, condition, schema.get("then", True)],
        [rest, {"not": condition}, schema.get("else", True)],
    ]
    gens: list[Gen] = []
    for i, parts in enumerate(sides):
        try:
            gens.append(c.sub({"allOf": parts}, name, f"{where}/{('then', 'else')[i]}"))
        except GenerationError:
            continue
    if not gens:
        raise c.error(where, "if", "neither side of the condition can be generated")
    check = c.checker(schema)

    def either(rng: Random, walk: Walk) -> Any:
        for attempt in range(_TRIES):
            try:
                value = gens[(attempt + rng.randrange(2)) % len(gens)](rng, walk)
            except GenerationError:
                continue
            if check(value):
                return value
        raise c.error(where, "if", "no candidate satisfied the condition")

    return either
