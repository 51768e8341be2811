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
  otherwise it is edited, one other branch at a time, with the edits ``separate.py``
  finds for that pair of branches (searched once, only for pairs that overlapped), and
  the next tries fill every optional property.
- When no value comes out, the error says why: each branch's own contradiction, or
  which branches every value found also matched.
- ``not`` narrows by type and by single range keywords, then generates and verifies;
  ``if`` generates for one side of the condition and verifies.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from random import Random
from typing import TYPE_CHECKING, Any

from specmock.errors import GenerationError
from specmock.schema.merge import Unsatisfiable, flatten, merge_parts
from specmock.schema.separate import FAIL, MISSING, Edit, Separator, same, shape
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
        return _any_branch(c, branches, schema[keyword], where)
    check = c.checker(schema)
    plain = [b for _, b in branches]
    separate = _separating(c, plain, name, where)
    types = [shape(c, b).get("type") for _, b in branches]

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
        overlaps: dict[int, int] = {}
        failures: dict[int, GenerationError] = {}
        try:
            for attempt in range(_TRIES):
                # Past the first round, fill every optional property: overlapping
                # branches often differ only there.
                walk.full = full or attempt >= len(order)
                index = order[attempt % len(order)]
                try:
                    value = branches[index][0](rng, walk)
                except GenerationError as exc:
                    failures[index] = exc
                    continue
                if alone(index, value) or check(value):
                    return value
                separated = separate(index, value, rng, walk, overlaps)
                if separated is not None and check(separated):
                    return separated
        finally:
            walk.full = full
        if overlaps:
            raise c.error(where, keyword, _overlap_detail(c, schema[keyword], plain, overlaps))
        raise c.error(where, keyword, _failure_detail(schema[keyword], failures))

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
    the first of ``attempts`` that compiles wins (the discriminator-labelled form first).
    A branch that cannot compile raises the same error on every call."""
    cell: list[Gen] = []
    failed: list[GenerationError] = []

    def branch(rng: Random, walk: Walk) -> Any:
        if not cell:
            if failed:
                raise failed[0]
            for candidate in attempts:
                try:
                    cell.append(c.sub(candidate, name, where))
                    break
                except GenerationError as exc:
                    failure = exc
            else:
                failed.append(failure)
                raise failure
        return cell[0](rng, walk)

    return branch


def _any_branch(c: Compiler, branches: list[tuple[Gen, Any]], choice: list[Any], where: str) -> Gen:
    """``anyOf``: any branch will do (each one is compiled with the siblings merged in)."""

    def choose(rng: Random, walk: Walk) -> Any:
        order = list(range(len(branches)))
        if walk.shallow:
            order.sort(key=lambda j: c.min_depth(branches[j][1]))
        else:
            rng.shuffle(order)
        failures: dict[int, GenerationError] = {}
        for attempt in range(_TRIES):
            index = order[attempt % len(order)]
            try:
                return branches[index][0](rng, walk)
            except GenerationError as exc:
                failures[index] = exc
        raise c.error(where, "anyOf", _failure_detail(choice, failures))

    return choose


def _failure_detail(choice: list[Any], failures: dict[int, GenerationError]) -> str:
    """Why no branch produced a value: each branch's own error (the same ones grouped)."""
    if not failures:
        return "no branch produced a value"
    grouped: dict[str, list[int]] = {}
    for index, exc in sorted(failures.items()):
        grouped.setdefault(exc.message, []).append(index)
    said = "; ".join(
        f"branch{'es' if len(idx) > 1 else ''} "
        f"{', '.join(_branch_name(choice[i], i) for i in idx[:4])}"
        f"{', ...' if len(idx) > 4 else ''}: {message}"
        for message, idx in list(grouped.items())[:3]
    )
    more = f" (and {len(grouped) - 3} more)" if len(grouped) > 3 else ""
    return f"no branch produced a value: {said}{more}"


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


#: Per value, how many edit rounds may run while separating (other branches may revive).
_ROUNDS = 2

Separate = Callable[[int, Any, Random, Walk, dict[int, int]], Any]


def _separating(c: Compiler, branches: list[Any], name: str | None, where: str) -> Separate:
    """``separate(index, value, rng, walk, overlaps)``: ``value`` (of branch ``index``)
    edited until every other branch rejects it, or ``None``.

    The edits for each (branch, other branch) pair are searched on first need and
    memoised (see ``separate.py``); they are always tried in the same order, so the
    result depends on the random generator only (never on what was generated before).
    ``overlaps`` records, per branch, the other branch that could not be told apart
    (for the error message).
    """
    checks = [c.checker(b) for b in branches]
    memo: dict[tuple[int, int], list[Edit]] = {}
    finder = Separator(c, name, where)

    def edits(i: int, j: int) -> list[Edit]:
        found = memo.get((i, j))
        if found is None:
            found = memo[(i, j)] = finder.edits(branches[i], branches[j])
        return found

    def apart(index: int, j: int, value: Any, rng: Random, walk: Walk) -> Any:
        """``value`` edited so that branch ``j`` rejects it (``FAIL`` when no edit does)."""
        own, other = checks[index], checks[j]
        for edit in edits(index, j):
            edited = edit(value, rng, walk)
            if edited is not FAIL and edited is not MISSING and own(edited) and not other(edited):
                return edited
        return FAIL

    def separate(index: int, value: Any, rng: Random, walk: Walk, overlaps: dict[int, int]) -> Any:
        if not checks[index](value):
            return None
        for _ in range(_ROUNDS):
            clean = True
            for j, other in enumerate(checks):
                if j == index or not other(value):
                    continue
                clean = False
                value = apart(index, j, value, rng, walk)
                if value is FAIL:
                    overlaps[index] = j
                    return None
            if clean:
                return value
        return value

    return separate


def _branch_name(branch: Any, index: int) -> str:
    ref = branch.get("$ref") if isinstance(branch, Mapping) else None
    if isinstance(ref, str):
        segments = ref.rpartition("#")[2].split("/")
        tail = segments[-1:] if not segments[-1].isdigit() else segments[-3:]
        return f"{index} ({'/'.join(tail)})"
    return str(index)


def _overlap_detail(
    c: Compiler, choice: list[Any], branches: list[Any], overlaps: dict[int, int]
) -> str:
    """Why no value matched exactly one branch, naming the branches that overlap (and
    saying so when two of them are the same schema)."""
    said: list[str] = []
    for i, j in sorted(overlaps.items())[:2]:
        first, second = _branch_name(choice[i], i), _branch_name(choice[j], j)
        if same(c, branches[i], branches[j]):
            said.append(f"branches {first} and {second} are the same schema")
        else:
            said.append(f"every value found for branch {first} also matches branch {second}")
    return f"no value matches exactly one branch: {'; '.join(said)}"


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
