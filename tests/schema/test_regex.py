"""The regex generator: every string it returns matches with re.search and fits the bounds."""

from __future__ import annotations

import re
from random import Random

import pytest

from specmock.schema.regex import compile_regex, python_pattern

PATTERNS = [
    r"^[A-Z]{3}-\d{2,4}$",
    r"^\d{5}(-\d{4})?$",
    r"[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}",
    r"^(\+\d{1,3})?\d{10}$",
    r"^[^@\s]+@[^@\s]+$",
    r"^(a|bc)+\1$",
    r"^#[0-9a-fA-F]{6}$",
    r"^[\w.-]+$",
    r"^v\d+\.\d+\.\d+$",
    r"abc",
    r"^\S+$",
    r"^[^\d]{2}$",
    r"(?i)^[a-f]+$",
    r"^$",
    r"^[a-z]+(?:-[a-z]+)*$",
    r"\bword\b",
    r"^.{3}$",
    r"^[\u0400-\u04FF]+$",
    r"^(?=.*\d)[a-z\d]{6,}$",
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_generated_strings_match(pattern: str) -> None:
    gen = compile_regex(pattern)
    rng = Random(0)
    found = [gen(rng) for _ in range(30)]
    assert all(s is not None and re.search(pattern, s) for s in found)


@pytest.mark.parametrize(
    ("pattern", "low", "high"),
    [
        (r"^[a-z]+$", 10, 12),
        (r"\d", 8, 8),
        (r"^[A-Z]{3}-\d{2,4}$", 6, 7),
        (r"^v\d+\.\d+\.\d+$", 10, 12),
    ],
)
def test_length_bounds_are_respected(pattern: str, low: int, high: int) -> None:
    gen = compile_regex(pattern)
    rng = Random(1)
    for _ in range(20):
        s = gen(rng, low, high)
        assert s is not None and low <= len(s) <= high and re.search(pattern, s)


def test_impossible_bounds_give_none() -> None:
    assert compile_regex(r"^\d{3}$")(Random(0), 5, 6) is None


def test_ecma_spellings_are_rewritten() -> None:
    assert python_pattern(r"(?<year>\d{4})") == r"(?P<year>\d{4})"
    s = compile_regex(r"^\p{L}+$")(Random(0))
    assert s is not None and s.isalpha()


@pytest.mark.parametrize("pattern", [r"^[\u0020-\uFFFF]{5,20}$", r"^[\uD700-\uE0FF]+$"])
def test_no_lone_surrogate_is_generated(pattern: str) -> None:
    # AWS's "[\u0020-\uD7FF\uE000-\uFFFD...]"-style classes written as one wide range span
    # the surrogates; a string holding one is no JSON text (the validator raised on it)
    gen = compile_regex(pattern)
    assert gen is not None
    for seed in range(300):
        value = gen(Random(seed), 0, None)
        assert value is not None
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in value), repr(value)
        value.encode("utf-8")
