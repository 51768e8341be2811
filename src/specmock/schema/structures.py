"""Builders for objects and arrays: which properties, how many items, in what order.

Rules:

- Properties: ``basic`` emits required ones only, ``realistic`` each optional one with
  probability 0.8, ``production`` all of them; past the depth budget, required only.
  Properties hidden in the compiler's direction (``writeOnly`` in responses,
  ``readOnly`` in requests) are never emitted, unless they are required and the
  compiler keeps required ones (``required_hidden``: JSON Schema's rule, OpenAPI 3.1).
- ``dependentRequired``, ``minProperties``/``maxProperties``, ``patternProperties``,
  ``additionalProperties`` and ``propertyNames`` shape the key set; extra keys appear
  only when needed or when the object is a map (no ``properties``).
- Arrays: ``basic`` ``max(minItems, 1)`` items, ``realistic`` 1-3, ``production`` 2-5,
  within ``minItems``/``maxItems``; ``minItems`` when shallow. ``uniqueItems`` dedupes
  by canonical JSON and redraws.
- In ``production``, ordered pairs (``min_x``/``max_x``, ``start``/``end``,
  ``created_at``/``updated_at``) are put in order when both values allow it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from random import Random
from typing import TYPE_CHECKING, Any

from specmock.config import Quality
from specmock.errors import GenerationError
from specmock.schema.merge import canonical, check_bounds
from specmock.schema.regex import compile_regex
from specmock.schema.semantics import contextual_name, normalise_name
from specmock.schema.vocabulary import vocabulary
from specmock.schema.walk import Gen, Walk

if TYPE_CHECKING:
    from collections.abc import Callable

    from specmock.schema.compile import Compiler

__all__ = ["build_array", "build_object", "singular"]

_INCLUDE = {Quality.BASIC: 0.0, Quality.REALISTIC: 0.8, Quality.PRODUCTION: 1.0}
_ITEMS = {Quality.BASIC: (1, 1), Quality.REALISTIC: (1, 3), Quality.PRODUCTION: (2, 5)}
_TRIES = 12
_ORDERED = (
    (re.compile(r"(.*_)?(min)(_.*)?"), "max"),
    (re.compile(r"(.*_)?(start)(_.*)?"), "end"),
    (re.compile(r"(.*_)?(from)(_.*)?"), "to"),
    (re.compile(r"(.*_)?(created)(_.*)?"), "updated"),
    (re.compile(r"(.*_)?(begin)(_.*)?"), "end"),
)


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def singular(name: str | None) -> str | None:
    """The item name of an array field: ``"tags"`` -> ``"tag"``, ``"addresses"`` -> ``"address"``.

    Example:
        >>> singular("categories"), singular("photoUrls")
        ('category', 'photoUrl')
    """
    if not name:
        return None
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith(("sses", "shes", "ches", "xes")):
        return name[:-2]
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return name


def _matches(pattern: str, name: str) -> bool:
    try:
        return re.search(pattern, name) is not None
    except re.error:
        return False


def _ordered_pairs(names: list[str]) -> list[tuple[str, str]]:
    """Property pairs whose values should be ordered (low, high)."""
    by_norm = {normalise_name(n): n for n in names}
    pairs = []
    for norm, original in by_norm.items():
        for rx, high in _ORDERED:
            m = rx.fullmatch(norm)
            if m is None:
                continue
            partner = f"{m.group(1) or ''}{high}{m.group(3) or ''}"
            if partner in by_norm:
                pairs.append((original, by_norm[partner]))
    return pairs


class _Field:
    __slots__ = ("gen", "name", "required")

    def __init__(self, name: str, gen: Gen, required: bool) -> None:
        self.name = name
        self.gen = gen
        self.required = required


def build_object(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """Objects: properties per quality and direction, then the key-set keywords."""
    check_bounds(schema)
    properties: Mapping[str, Any] = schema.get("properties") or {}
    required: list[str] = list(schema.get("required") or ())
    patterns: Mapping[str, Any] = schema.get("patternProperties") or {}
    additional = schema.get("additionalProperties", True)
    dependent: Mapping[str, list[str]] = schema.get("dependentRequired") or {}
    min_props = int(schema.get("minProperties", 0))
    max_props: int | None = schema.get("maxProperties")
    names = list(properties)
    hidden = {
        n
        for n, s in properties.items()
        if c.hidden(s) and not (c.required_hidden and n in required)
    }
    fields: list[_Field] = []
    for pname, pschema in properties.items():
        if pname in hidden:
            continue
        if pschema is False:
            if pname in required:
                raise c.error(
                    f"{where}/properties/{_escape(pname)}",
                    "required",
                    f"'{pname}' is required but forbidden",
                )
            continue
        matching = [s for p, s in patterns.items() if _matches(p, pname)]
        sub: Any = {"allOf": [pschema, *matching]} if matching else pschema
        try:
            gen = c.sub(sub, contextual_name(pname, names), f"{where}/properties/{_escape(pname)}")
        except GenerationError:
            if pname in required:
                raise
            continue  # an optional property no value satisfies is simply left out
        fields.append(_Field(pname, gen, pname in required))
    for rname in required:
        if rname in properties or rname in hidden:
            continue
        matching = [s for p, s in patterns.items() if _matches(p, rname)]
        if matching:
            sub = {"allOf": matching}
        elif additional is False:
            raise c.error(
                where, "required", f"'{rname}' is required but additionalProperties is false"
            )
        else:
            sub = True if additional is True else additional
        fields.append(_Field(rname, c.sub(sub, rname, f"{where}/required"), True))
    by_name = {f.name: f for f in fields}
    include = _INCLUDE[c.quality]
    extra = _extra_entries(c, schema, name, where, set(properties))
    is_map = (
        not properties and extra is not None and (additional not in (True, False) or bool(patterns))
    )
    lo_n, hi_n = _ITEMS[c.quality]
    pairs = _ordered_pairs(list(by_name)) if c.quality is Quality.PRODUCTION else []
    pair_checks = {n: c.checker(properties[n]) for pair in pairs for n in pair if n in properties}
    needs_check = bool(patterns) or "propertyNames" in schema or bool(dependent)
    check = c.checker(schema) if needs_check else None

    def choose(rng: Random, shallow: bool, full: bool) -> list[_Field]:
        rate = 1.0 if full else include
        chosen = [
            f
            for f in fields
            if f.required or (not shallow and rate > 0 and (rate >= 1 or rng.random() < rate))
        ]
        if dependent:
            present = {f.name for f in chosen}
            queue = list(present)
            while queue:
                for dep in dependent.get(queue.pop(), ()):
                    if dep not in present and dep in by_name:
                        present.add(dep)
                        queue.append(dep)
            chosen = [f for f in fields if f.name in present]
        if max_props is not None and len(chosen) > max_props:
            keep = [f for f in chosen if f.required]
            optional = [f for f in chosen if not f.required]
            chosen = keep + optional[: max(0, max_props - len(keep))]
            chosen.sort(key=fields.index)
        if len(chosen) < min_props:
            missing = [f for f in fields if f not in chosen][: min_props - len(chosen)]
            chosen = sorted(chosen + missing, key=fields.index)
        return chosen

    def fill(rng: Random, walk: Walk) -> dict[str, Any]:
        c.walk_guard(walk, where)
        walk.budget -= 1
        shallow = walk.shallow
        keyed, walk.keyed = walk.keyed, None  # this object's key; its fields get their own
        chosen = choose(rng, shallow, walk.full)
        saved = walk.obj
        walk.obj = {} if keyed is None else {"entity": keyed}
        walk.depth += 1
        try:
            out = {}
            for f in chosen:
                draw = rng
                if keyed is not None:
                    # the field by its name, and an object or list in it by its path
                    draw = Random(f"{keyed}\x1f{f.name}")
                    walk.keyed = f"{keyed}/{f.name}"
                try:
                    out[f.name] = f.gen(draw, walk)
                except GenerationError:
                    if f.required:
                        raise
                    continue  # optional: leaving it out is always valid
                finally:
                    walk.keyed = None
            needed = wanted = min_props - len(out)
            if is_map and not shallow:
                count = rng.randint(lo_n, hi_n)
                wanted = max(
                    wanted, count if max_props is None else min(count, max_props - len(out))
                )
            if wanted > 0:
                if extra is None:
                    raise c.error(where, "minProperties", "needs more properties than may be added")
                extra(rng, walk, out, wanted, needed)
        finally:
            walk.depth -= 1
            walk.obj = saved
        for low, high in pairs:
            a, b = out.get(low), out.get(high)
            if _out_of_order(a, b) and pair_checks[low](b) and pair_checks[high](a):
                out[low], out[high] = b, a
        return out

    if check is None:
        return fill

    def checked(rng: Random, walk: Walk) -> dict[str, Any]:
        for _ in range(_TRIES):
            value = fill(rng, walk)
            if check(value):
                return value
        raise c.error(where, "patternProperties", "no generated object satisfied the key rules")

    return checked


def _out_of_order(a: Any, b: Any) -> bool:
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return False
    if isinstance(a, int | float) and isinstance(b, int | float):
        return a > b
    if isinstance(a, str) and isinstance(b, str) and len(a) == len(b):
        return a > b
    return False


def _extra_entries(
    c: Compiler, schema: Mapping[str, Any], name: str | None, where: str, taken: set[str]
) -> Callable[[Random, Walk, dict[str, Any], int, int], None] | None:
    """A filler adding up to ``wanted`` keys not in ``properties`` (failing below
    ``needed``), or ``None`` when none may be added."""
    patterns: Mapping[str, Any] = schema.get("patternProperties") or {}
    additional = schema.get("additionalProperties", True)
    names_schema = schema.get("propertyNames")
    sources: list[tuple[Callable[[Random], str | None], Gen]] = []
    for i, (pattern, sub) in enumerate(patterns.items()):
        regex = compile_regex(pattern)
        sources.append((regex, c.sub(sub, None, f"{where}/patternProperties/{i}")))
    if additional is not False:
        value_gen = c.sub(
            True if additional is True else additional,
            singular(name),
            f"{where}/additionalProperties",
        )
        if names_schema is not None:
            key_gen = c.sub(
                {"allOf": [{"type": ["string"]}, names_schema]}, None, f"{where}/propertyNames"
            )

            def named_key(rng: Random) -> str | None:
                key = key_gen(rng, Walk(0))
                return key if isinstance(key, str) else None

            sources.append((named_key, value_gen))
        else:
            words = vocabulary().words

            def word_key(rng: Random) -> str | None:
                return words[rng.randrange(len(words))]

            sources.append((word_key, value_gen))
    if not sources:
        return None

    def add(rng: Random, walk: Walk, out: dict[str, Any], wanted: int, needed: int) -> None:
        added = 0
        for _ in range(wanted * 8):
            if added >= wanted:
                return
            key_of, value_of = sources[rng.randrange(len(sources))]
            key = key_of(rng)
            if key is None or key in out or key in taken:
                continue
            out[key] = value_of(rng, walk)
            added += 1
        if added < needed:
            raise c.error(where, "minProperties", "could not invent enough distinct keys")

    return add


def build_array(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """Arrays: count per quality within bounds; ``prefixItems``, ``uniqueItems``, ``contains``."""
    check_bounds(schema)
    min_items = int(schema.get("minItems", 0))
    max_items: int | None = schema.get("maxItems")
    prefix = [
        c.sub(s, singular(name), f"{where}/prefixItems/{i}")
        for i, s in enumerate(schema.get("prefixItems") or ())
    ]
    items = schema.get("items", True)
    if items is False:
        max_items = len(prefix) if max_items is None else min(max_items, len(prefix))
        if min_items > max_items:
            raise c.error(
                where, "minItems", f"needs {min_items} items but only {max_items} are allowed"
            )
        item_gen: Gen | None = None
    else:
        try:
            item_gen = c.sub(items, singular(name), f"{where}/items")
        except GenerationError:
            if min_items > len(prefix):
                raise
            item_gen, max_items = None, len(prefix)  # only the prefix (or nothing) is possible
    contains = schema.get("contains")
    contains_gen = None
    min_contains = 0
    if contains is not None:
        min_contains = int(schema.get("minContains", 1))
        both = contains if items is True else {"allOf": [items, contains]}
        contains_gen = c.sub(both, singular(name), f"{where}/contains")
        wanted = len(prefix) + min_contains
        min_items = max(min_items, wanted if max_items is None else min(wanted, max_items))
    unique = bool(schema.get("uniqueItems"))
    lo_n, hi_n = _ITEMS[c.quality]
    cap = max_items if max_items is not None else 10**9

    def count(rng: Random, shallow: bool) -> int:
        if shallow:
            return min_items
        low = max(min_items, lo_n)
        high = max(low, min(hi_n, cap))
        return min(rng.randint(low, high), cap)

    def fill(rng: Random, walk: Walk) -> list[Any]:
        c.walk_guard(walk, where)
        walk.budget -= 1
        n = count(rng, walk.shallow)
        out: list[Any] = []
        seen: set[bytes] = set()
        walk.depth += 1
        saved = walk.obj
        keyed, walk.keyed = walk.keyed, None  # a keyed list keys each item by its place
        try:
            for i in range(n):
                walk.obj = {}  # each item is its own thing: its own person, its own timeline
                draw = rng
                if keyed is not None:
                    draw, walk.keyed = Random(f"{keyed}\x1f{i}"), f"{keyed}/{i}"
                if i < len(prefix):
                    gen = prefix[i]
                elif contains_gen is not None and i - len(prefix) < min_contains:
                    gen = contains_gen
                else:
                    assert item_gen is not None
                    gen = item_gen
                value = gen(draw, walk)
                walk.keyed = None
                if unique:
                    for _ in range(_TRIES):
                        key = canonical(value)
                        if key not in seen:
                            break
                        value = gen(rng, walk)
                    else:
                        if len(out) >= min_items:
                            break
                        raise c.error(
                            where, "uniqueItems", f"cannot find {min_items} distinct items"
                        )
                    seen.add(key)
                out.append(value)
        finally:
            walk.depth -= 1
            walk.obj = saved
            walk.keyed = None
        return out

    return fill
