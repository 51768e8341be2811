"""Builders for scalar schemas: strings, integers, numbers, booleans, null, enums.

Rules:

- A builder runs once per schema and returns a closure; the closure never looks at the
  schema again.
- Order of preference for a value: a valid ``examples``/``default`` (sometimes), the
  field-name provider (kept only when it satisfies the schema), then the
  constraint-driven value (pattern, format, length, range, ``multipleOf``).
- ``multipleOf`` values are integer multiples of the step, checked the way Python's
  ``jsonschema`` checks them (``int(v / m) == v / m`` for float steps).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from fractions import Fraction
from random import Random
from typing import TYPE_CHECKING, Any

from specmock.config import Quality
from specmock.errors import SpecError
from specmock.schema.formats import FITTERS, NUMERIC_RANGES
from specmock.schema.merge import check_bounds
from specmock.schema.regex import compile_regex
from specmock.schema.semantics import Forms, find_provider
from specmock.schema.vocabulary import vocabulary
from specmock.schema.walk import Gen, Walk

if TYPE_CHECKING:
    from specmock.schema.compile import Compiler

__all__ = [
    "build_boolean",
    "build_enum",
    "build_integer",
    "build_null",
    "build_number",
    "build_string",
    "listed_values",
]

_TRIES = 24


def _fmt(schema: Mapping[str, Any]) -> str | None:
    fmt = schema.get("format")
    return fmt if isinstance(fmt, str) else None


def listed_values(schema: Mapping[str, Any]) -> list[Any]:
    """The values a (resolved) schema lists itself: its examples (the loader gathers
    ``example`` and ``x-example`` there) and its default; generation sometimes answers one."""
    return [*(schema.get("examples") or ()), *([schema["default"]] if "default" in schema else [])]


def _with_examples(c: Compiler, schema: Mapping[str, Any], gen: Gen) -> Gen:
    """Sometimes answer with one of the schema's own valid examples (or its default)."""
    candidates = listed_values(schema)
    if not candidates or c.quality is Quality.BASIC:
        return gen
    check = c.checker(schema)
    valid = [v for v in candidates if check(v)]
    if not valid:
        return gen

    def example_or_gen(rng: Random, walk: Walk) -> Any:
        if rng.random() < 0.3:
            return valid[rng.randrange(len(valid))]
        return gen(rng, walk)

    return example_or_gen


def build_string(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """Strings honouring ``minLength``/``maxLength`` (code points), ``pattern`` and ``format``."""
    check_bounds(schema)
    min_len = int(schema.get("minLength", 0))
    max_len: int | None = schema.get("maxLength")
    fmt = _fmt(schema)
    fmt_gen = c.formats.get(fmt) if fmt else None
    fit = FITTERS.get(fmt) if fmt_gen is not None and fmt else None
    patterns = [schema.get("pattern")] + [
        p.get("pattern") for p in schema.get("allOf") or () if isinstance(p, Mapping)
    ]
    regexes = [compile_regex(p) for p in patterns if isinstance(p, str)]
    regex = regexes[0] if regexes else None
    provider = find_provider(name, "string", fmt if fmt_gen else None, c.providers)
    check = c.checker(schema)
    words = vocabulary().words
    rich = c.quality is not Quality.BASIC

    def plain(rng: Random) -> str:
        s = words[rng.randrange(len(words))]
        if rich and rng.random() < 0.3:
            s += " " + words[rng.randrange(len(words))]
        while len(s) < min_len:
            s += " " + words[rng.randrange(len(words))]
        if max_len is not None and len(s) > max_len:
            s = s[:max_len].rstrip() if len(s[:max_len].rstrip()) >= min_len else s[:max_len]
        return s

    constrained = regex is not None or fmt_gen is not None

    forms = provider.forms if isinstance(provider, Forms) else (provider,) if provider else ()

    def gen(rng: Random, walk: Walk) -> str:
        for form in forms:
            value = form(rng, walk.obj)
            if check(value):
                return value  # type: ignore[no-any-return]
        if not constrained:
            return plain(rng)
        for attempt in range(_TRIES):
            if regexes and (fmt_gen is None or attempt % 2 == 0):
                s = regexes[attempt % len(regexes)](rng, min_len, max_len)
            else:
                assert fmt_gen is not None
                s = fmt_gen(rng)
                outside = len(s) < min_len or (max_len is not None and len(s) > max_len)
                if fit is not None and outside:
                    s = fit(s, min_len, max_len, rng)  # 2024-05-01T12:30:00+00:00 for 25
                if s is not None and regexes and not check(s):
                    # a pattern that spells the format in one case: a uuid in upper-case hex
                    s = next((v for v in (s.upper(), s.lower()) if check(v)), s)
            if s is not None and check(s):
                return s
        raise c.error(where, "pattern" if regex else "format", "no string satisfies it")

    return _with_examples(c, schema, gen)


def _bounds(
    schema: Mapping[str, Any], integer: bool
) -> tuple[float | None, bool, float | None, bool]:
    """(low, low exclusive, high, high exclusive) from the range keywords and ``format``."""
    lo: float | None = schema.get("minimum")
    hi: float | None = schema.get("maximum")
    lo_x = hi_x = False
    xlo, xhi = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if isinstance(xlo, int | float) and not isinstance(xlo, bool) and (lo is None or xlo >= lo):
        lo, lo_x = xlo, True
    if isinstance(xhi, int | float) and not isinstance(xhi, bool) and (hi is None or xhi <= hi):
        hi, hi_x = xhi, True
    if integer:
        if lo is not None:
            lo, lo_x = (math.floor(lo) + 1 if lo_x else math.ceil(lo)), False
        if hi is not None:
            hi, hi_x = (math.ceil(hi) - 1 if hi_x else math.floor(hi)), False
    return lo, lo_x, hi, hi_x


def multiple_ok(value: float, step: float) -> bool:
    """True when ``value`` is a multiple of ``step`` exactly as Python ``jsonschema`` decides.

    Example:
        >>> multiple_ok(0.07, 0.01), multiple_ok(0.5, 0.01)
        (False, True)
    """
    if isinstance(step, float):
        try:
            quotient = value / step
            return math.isfinite(quotient) and int(quotient) == quotient
        except (OverflowError, ZeroDivisionError):
            return False
    return value % step == 0


def _default_range(lo: float | None, hi: float | None) -> tuple[float, float]:
    if lo is None and hi is None:
        return 1, 1000
    if hi is None:
        assert lo is not None
        return lo, lo + 1000
    if lo is None:
        return (max(hi - 1000, 1) if hi >= 1 else hi - 1000), hi
    return lo, hi


def _clamp_format(lo: float, hi: float, fmt: str | None) -> tuple[float, float]:
    limits = NUMERIC_RANGES.get(fmt or "")
    if limits is None:
        return lo, hi
    return max(lo, limits[0]), min(hi, limits[1])


def _build_numeric(
    c: Compiler, schema: Mapping[str, Any], name: str | None, where: str, integer: bool
) -> Gen:
    lo_, lo_x, hi_, hi_x = _bounds(schema, integer)
    lo, hi = _clamp_format(*_default_range(lo_, hi_), _fmt(schema))
    if lo > hi or (lo == hi and (lo_x or hi_x)):
        raise c.error(where, "minimum", f"no number lies in the range [{lo}, {hi}]")
    step = schema.get("multipleOf")
    kind = "integer" if integer else "number"
    provider = find_provider(name, kind, None, c.providers)
    check = c.checker(schema)

    def accept(v: Any) -> bool:
        if isinstance(v, bool) or not isinstance(v, int | float):
            return False
        return check(v) and (step is None or multiple_ok(v, step))

    draw = _multiples(c, lo, lo_x, hi, hi_x, step, integer, where) if step else None

    def gen(rng: Random, walk: Walk) -> Any:
        if provider is not None:
            value = provider(rng, walk.obj)
            if integer and isinstance(value, float) and math.isfinite(value):
                value = round(value)  # Python int: draft-4 judges reject 3.0 as an integer
            if accept(value):
                return value
        if draw is not None:
            return draw(rng)
        if integer:
            return rng.randint(int(lo), int(hi))
        v = rng.uniform(lo, hi)
        r = round(v, 2)
        if lo < r < hi or (r == lo and not lo_x) or (r == hi and not hi_x):
            return r
        if (v == lo and lo_x) or (v == hi and hi_x):
            return (lo + hi) / 2
        return v

    return _with_examples(c, schema, gen)


def _multiples(
    c: Compiler,
    lo: float,
    lo_x: bool,
    hi: float,
    hi_x: bool,
    step: float,
    integer: bool,
    where: str,
) -> Callable[[Random], float]:
    exact = Fraction(str(step)) if isinstance(step, float) else Fraction(step)
    unit = Fraction(exact.numerator) if integer else exact  # integers: lcm(step, 1)
    k_lo = math.ceil(Fraction(lo) / unit)
    k_hi = math.floor(Fraction(hi) / unit)
    if lo_x and k_lo * unit == Fraction(lo):
        k_lo += 1
    if hi_x and k_hi * unit == Fraction(hi):
        k_hi -= 1
    if k_lo > k_hi:
        raise c.error(where, "multipleOf", f"no multiple of {step} lies in [{lo}, {hi}]")
    as_int = integer or (exact.denominator == 1 and not isinstance(step, float))

    def value(k: int) -> float:
        v = k * unit
        return int(v) if as_int else float(v)

    def draw(rng: Random) -> float:
        for _ in range(_TRIES):
            v = value(rng.randint(k_lo, k_hi))
            if multiple_ok(v, step):
                return v
        for k in (0, k_lo, k_hi):
            if k_lo <= k <= k_hi and multiple_ok(value(k), step):
                return value(k)
        raise c.error(where, "multipleOf", f"no float multiple of {step} passes the check")

    return draw


def build_integer(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """Integers in range (``format`` int32/int64 bounds included), ``multipleOf`` honoured."""
    return _build_numeric(c, schema, name, where, integer=True)


def build_number(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """Numbers in range, two decimals when that stays in range; ``multipleOf`` honoured."""
    return _build_numeric(c, schema, name, where, integer=False)


def build_boolean(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """Booleans; a field-name provider may bias them (``active`` is mostly true)."""
    provider = find_provider(name, "boolean", None, c.providers)
    if provider is not None:
        found = provider

        def named(rng: Random, walk: Walk) -> bool:
            return bool(found(rng, walk.obj))

        return named

    def coin(rng: Random, walk: Walk) -> bool:
        return rng.random() < 0.5

    return coin


def build_null(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """Always ``None``."""

    def null(rng: Random, walk: Walk) -> None:
        return None

    return null


def build_enum(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """One of the ``enum``/``const`` values that also satisfies the sibling keywords.

    ``null`` is chosen only when it is the only valid value.
    """
    values = list(schema["enum"]) if "enum" in schema else [schema["const"]]
    check = c.checker(schema)
    valid = [v for v in values if check(v)]
    if not valid:
        raise c.error(where, "enum", _enum_conflict(c, schema, values))
    preferred = [v for v in valid if v is not None] or valid
    if len(preferred) == 1:
        only = preferred[0]

        def constant(rng: Random, walk: Walk) -> Any:
            return only

        return constant

    def choose(rng: Random, walk: Walk) -> Any:
        return preferred[rng.randrange(len(preferred))]

    return choose


def _enum_conflict(c: Compiler, schema: Mapping[str, Any], values: list[Any]) -> str:
    """Which keyword rejects the listed values, e.g. ``enum [None] vs type ['object']``."""
    listed = repr(values) if len(repr(values)) <= 80 else repr(values)[:77] + "..."
    kind = "enum" if "enum" in schema else "const"
    rest = {k: v for k, v in schema.items() if k not in ("enum", "const")}
    try:
        violations = c.validators.get(rest).errors(values[0]) if values else []
    except SpecError:  # an invalid schema: only the message depends on it
        violations = []
    if not violations:
        return f"no listed value satisfies the other keywords ({kind} {listed})"
    keyword = violations[0].keyword
    bound = rest.get(keyword)
    other = f"{keyword} {bound!r}" if bound is not None and len(repr(bound)) <= 80 else keyword
    return f"no listed value satisfies the other keywords: {kind} {listed} vs {other}"
