"""Strings matching a regular expression, generated from Python's own parse of it.

Rules:

- The pattern is parsed once with ``re._parser`` (the ``sre_parse`` AST) and compiled
  into closures: literals, classes (ranges, negation, ``\\d\\w\\s`` categories), ``.``,
  repeats with bounds, groups and back-references, alternation, anchors.
- Lookarounds are skipped while emitting; every candidate is verified with
  ``re.search(pattern, s)`` and the length bounds (code points), so a returned string
  always matches. ``None`` means "no candidate found within the retry budget".
- ECMA-262 spellings Python lacks (``(?<name>``, ``\\p{L}``...) are rewritten first.
- All randomness comes from the ``random.Random`` passed in.
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from random import Random
from typing import Any

# The parser behind ``re`` (``sre_parse``): private, but stable across 3.11-3.13 and the
# only exact account of what Python's engine accepts. Imported by name: no stubs exist.
sre_parse: Any = importlib.import_module("re._parser")
sre_c: Any = importlib.import_module("re._constants")

__all__ = ["RegexGenerator", "compile_regex"]

_Emit = Callable[[Random, list[str], dict[int, str], int], None]

# Characters offered for "any" / negated classes: printable, no newline, JSON-friendly.
_SAFE = string.ascii_letters + string.digits + "-_.~ @:+"
_CATEGORY_CHARS: dict[Any, str] = {
    sre_c.CATEGORY_DIGIT: string.digits,
    sre_c.CATEGORY_NOT_DIGIT: string.ascii_letters + "-_",
    sre_c.CATEGORY_WORD: string.ascii_letters + string.digits + "_",
    sre_c.CATEGORY_NOT_WORD: " -.:@",
    sre_c.CATEGORY_SPACE: " ",
    sre_c.CATEGORY_NOT_SPACE: string.ascii_letters + string.digits,
    sre_c.CATEGORY_LINEBREAK: "\n",
    sre_c.CATEGORY_NOT_LINEBREAK: string.ascii_letters,
}
_ECMA_REWRITES = (
    (re.compile(r"\(\?<(?=[A-Za-z_])"), "(?P<"),
    (re.compile(r"\\p\{(?:L|Letter|Alpha|Alphabetic)\}"), "[^\\\\W\\\\d_]"),
    (re.compile(r"\\p\{(?:Lu|Uppercase_Letter)\}"), "[A-Z]"),
    (re.compile(r"\\p\{(?:Ll|Lowercase_Letter)\}"), "[a-z]"),
    (re.compile(r"\\p\{(?:N|Nd|Number|Decimal_Number)\}"), "\\\\d"),
    (re.compile(r"\\P\{(?:L|Letter)\}"), "[\\\\W\\\\d_]"),
)
_REPEAT_OPS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None))


def python_pattern(pattern: str) -> str:
    """Rewrite common ECMA-262-only spellings into Python's.

    Example:
        >>> python_pattern("(?<year>\\\\d{4})")
        '(?P<year>\\\\d{4})'
    """
    for rx, repl in _ECMA_REWRITES:
        pattern = rx.sub(repl, pattern)
    return pattern


#: UTF-16 surrogates: no JSON text holds one alone (``[\\u0020-\\uFFFF]`` spans them).
_SURROGATES = (0xD800, 0xDFFF)


def _without_surrogates(lo: int, hi: int) -> list[tuple[int, int]]:
    """A code point range with the surrogates taken out: zero, one or two ranges."""
    parts = [(lo, min(hi, _SURROGATES[0] - 1)), (max(lo, _SURROGATES[1] + 1), hi)]
    return [(a, b) for a, b in parts if a <= b]


def _class_chars(items: list[tuple[Any, Any]]) -> tuple[str, bool, list[tuple[int, int]]]:
    """Characters, negation flag and wide ranges of an ``IN`` class."""
    chars: list[str] = []
    ranges: list[tuple[int, int]] = []
    negate = False
    for op, av in items:
        if op is sre_c.NEGATE:
            negate = True
        elif op is sre_c.LITERAL:
            if not _SURROGATES[0] <= av <= _SURROGATES[1]:
                chars.append(chr(av))
        elif op is sre_c.RANGE:
            for lo, hi in _without_surrogates(*av):
                if hi - lo <= 200:
                    chars.extend(chr(c) for c in range(lo, hi + 1))
                else:
                    safe = [c for c in _SAFE if lo <= ord(c) <= hi]
                    chars.extend(safe) if safe else ranges.append((lo, hi))
        elif op is sre_c.CATEGORY:
            chars.extend(_CATEGORY_CHARS.get(av, ""))
    return "".join(dict.fromkeys(chars)), negate, ranges


def _in(items: list[tuple[Any, Any]], flags: int) -> _Emit:
    chars, negate, ranges = _class_chars(items)
    if negate:
        matcher = re.compile(_items_source(items), flags)
        pool = "".join(c for c in _SAFE + "!#$%&*,/;=?^`|" if matcher.fullmatch(c))
        pool = pool or "".join(chr(c) for c in range(0xA1, 0x17F) if matcher.fullmatch(chr(c)))
        chars, ranges = pool, []
    if not chars and not ranges:
        chars = "a"
    size = len(chars)

    def emit(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
        if ranges and (not size or rng.random() < 0.2):
            lo, hi = ranges[rng.randrange(len(ranges))]
            out.append(chr(rng.randint(lo, hi)))
        else:
            out.append(chars[rng.randrange(size)])

    return emit


def _items_source(items: list[tuple[Any, Any]]) -> str:
    """Rebuild a class (without negation) as source, to test candidate characters."""
    parts: list[str] = []
    negate = False
    for op, av in items:
        if op is sre_c.NEGATE:
            negate = True
        elif op is sre_c.LITERAL:
            parts.append(re.escape(chr(av)))
        elif op is sre_c.RANGE:
            parts.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre_c.CATEGORY:
            name = {
                sre_c.CATEGORY_DIGIT: r"\d",
                sre_c.CATEGORY_NOT_DIGIT: r"\D",
                sre_c.CATEGORY_WORD: r"\w",
                sre_c.CATEGORY_NOT_WORD: r"\W",
                sre_c.CATEGORY_SPACE: r"\s",
                sre_c.CATEGORY_NOT_SPACE: r"\S",
            }.get(av, "")
            parts.append(name)
    return "[" + ("^" if negate else "") + "".join(parts) + "]"


def _seq(sub: Any, flags: int) -> _Emit:
    emits = [_node(op, av, flags) for op, av in sub]
    if len(emits) == 1:
        return emits[0]

    def emit(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
        for e in emits:
            e(rng, out, groups, stretch)

    return emit


def _nothing(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
    return None


def _node(op: Any, av: Any, flags: int) -> _Emit:
    if op is sre_c.LITERAL:
        ch = chr(av)

        def literal(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
            out.append(ch)

        return literal
    if op is sre_c.NOT_LITERAL:
        return _in([(sre_c.NEGATE, None), (sre_c.LITERAL, av)], flags)
    if op is sre_c.ANY:
        return _in([(sre_c.CATEGORY, sre_c.CATEGORY_WORD)], flags)
    if op is sre_c.IN:
        return _in(list(av), flags)
    if op is sre_c.BRANCH:
        options = [_seq(s, flags) for s in av[1]]

        def branch(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
            options[rng.randrange(len(options))](rng, out, groups, stretch)

        return branch
    if op is sre_c.SUBPATTERN:
        group, _add, _del, sub = av
        inner = _seq(sub, flags)
        if group is None:
            return inner

        def capture(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
            start = len(out)
            inner(rng, out, groups, stretch)
            groups[group] = "".join(out[start:])

        return capture
    if op is sre_c.ATOMIC_GROUP:
        return _seq(av, flags)
    if op in _REPEAT_OPS:
        low, high, sub = av
        inner = _seq(sub, flags)
        top = low + 64 if high is sre_c.MAXREPEAT else high

        def repeat(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
            # stretch > 0: up to ``stretch`` extra repetitions; < 0: exactly that many.
            upper = min(top, low + abs(stretch))
            for _ in range(upper if stretch < 0 else rng.randint(low, max(low, upper))):
                inner(rng, out, groups, stretch)

        return repeat
    if op is sre_c.GROUPREF:

        def backref(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
            out.append(groups.get(av, ""))

        return backref
    if op is sre_c.GROUPREF_EXISTS:
        group, yes, no = av
        yes_emit = _seq(yes, flags)
        no_emit = _seq(no, flags) if no is not None else _nothing

        def exists(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
            (yes_emit if group in groups else no_emit)(rng, out, groups, stretch)

        return exists
    # AT (anchors), ASSERT / ASSERT_NOT (lookarounds): emit nothing, verify later.
    return _nothing


@dataclass(frozen=True, slots=True)
class RegexGenerator:
    """Generates strings ``s`` with ``re.search(pattern, s)`` true and bounded length.

    Build it with :func:`compile_regex`.
    """

    pattern: str
    compiled: re.Pattern[str] | None
    emit: _Emit
    anchored_start: bool
    anchored_end: bool

    def __call__(
        self, rng: Random, min_length: int = 0, max_length: int | None = None, tries: int = 24
    ) -> str | None:
        """A matching string within ``[min_length, max_length]`` code points, or ``None``.

        Example:
            >>> gen = compile_regex(r"^[A-Z]{3}-\\d{2,4}$")
            >>> s = gen(Random(1), 6, 7)
            >>> bool(re.fullmatch(r"[A-Z]{3}-\\d{2,4}", s)) and 6 <= len(s) <= 7
            True
        """
        check = self.compiled
        stretch_max = max(8, min_length) if max_length is None else max(1, max_length)
        # Short repeats first (cheap, realistic); then bisect an exact repetition count
        # ("exactly k extra", a negative stretch) between the length bounds.
        k_lo, k_hi = 0, stretch_max
        for attempt in range(tries):
            if attempt < 6:
                stretch = 1 + attempt // 3
            else:
                if k_lo > k_hi:
                    k_lo, k_hi = 0, stretch_max
                stretch = -((k_lo + k_hi) // 2) or -rng.randint(0, 1)
            out: list[str] = []
            self.emit(rng, out, {}, stretch)
            s = "".join(out)
            if len(s) < min_length:
                padded = self._pad(rng, s, min_length)
                if len(padded) == len(s):
                    k_lo = max(k_lo, -stretch + 1) if stretch <= 0 else k_lo
                    continue
                s = padded
            if max_length is not None and len(s) > max_length:
                k_hi = min(k_hi, -stretch - 1) if stretch <= 0 else k_hi
                continue
            if check is None or check.search(s) is not None:
                return s
            if stretch <= 0:
                k_lo, k_hi = k_lo + rng.randint(0, 1), k_hi - rng.randint(0, 1)
        return None

    def _pad(self, rng: Random, s: str, min_length: int) -> str:
        """Lengthen an unanchored match with filler outside the matched part."""
        need = min_length - len(s)
        filler = "".join(rng.choice(string.ascii_lowercase) for _ in range(need))
        if not self.anchored_end:
            return s + filler
        if not self.anchored_start:
            return filler + s
        return s


def _anchors(parsed: Any) -> tuple[bool, bool]:
    items = list(parsed)
    starts = (sre_c.AT_BEGINNING, sre_c.AT_BEGINNING_STRING)
    ends = (sre_c.AT_END, sre_c.AT_END_STRING)
    first = bool(items) and items[0][0] is sre_c.AT and items[0][1] in starts
    last = bool(items) and items[-1][0] is sre_c.AT and items[-1][1] in ends
    # An alternation of anchored branches (^a$|^b$) counts as anchored both ways.
    if len(items) == 1 and items[0][0] is sre_c.BRANCH:
        return True, True
    if len(items) == 1 and items[0][0] is sre_c.SUBPATTERN:
        return _anchors(items[0][1][3])
    return first, last


@lru_cache(maxsize=1024)
def compile_regex(pattern: str) -> RegexGenerator:
    """Compile ``pattern`` (ECMA-262 or Python syntax) into a :class:`RegexGenerator`.

    A pattern Python cannot compile yields a generator of plain words, unverified.

    Example:
        >>> compile_regex("^[a-z]+$")(Random(0)).isalpha()
        True
    """
    source = python_pattern(pattern)
    try:
        compiled = re.compile(source)
        parsed = sre_parse.parse(source)
    except (re.error, OverflowError, RecursionError):
        words = _in([(sre_c.RANGE, (ord("a"), ord("z")))], 0)

        def fallback(rng: Random, out: list[str], groups: dict[int, str], stretch: int) -> None:
            for _ in range(max(3, stretch)):
                words(rng, out, groups, stretch)

        return RegexGenerator(pattern, None, fallback, False, False)
    start, end = _anchors(parsed)
    return RegexGenerator(pattern, compiled, _seq(parsed, compiled.flags), start, end)
