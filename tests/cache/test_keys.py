"""Cache keys: one spelling per request, a new key for any difference."""

from __future__ import annotations

from typing import Any

import pytest

from specmock.cache import CacheError, CacheKey
from specmock.cache.keys import cache_key
from specmock.models import FileInfo, Inputs

SPEC = "9f2c" * 16  # a sha256-sized digest


def key(inputs: Inputs | None = None, **choices: Any) -> CacheKey:
    options: dict[str, Any] = {"quality": "standard", "seed": 7} | choices
    spec = options.pop("spec", SPEC)
    operation = options.pop("operation", "GET /pets/{petId}")
    return cache_key(spec, operation, inputs or Inputs(), **options)


def test_same_request_gives_the_same_key() -> None:
    inputs = Inputs(path={"petId": 1}, query={"limit": 5}, body={"a": [1, 2]})
    assert key(inputs) == key(inputs)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (Inputs(query={"a": 1, "b": 2}), Inputs(query={"b": 2, "a": 1})),
        (Inputs(path={"x": 1, "y": 2}), Inputs(path={"y": 2, "x": 1})),
        (
            Inputs(body={"a": 1, "b": {"c": 1, "d": 2}}),
            Inputs(body={"b": {"d": 2, "c": 1}, "a": 1}),
        ),
        (
            Inputs(headers={"Accept": "application/json"}),
            Inputs(headers={"accept": "application/json"}),
        ),
        (Inputs(query={"a": [1, 2]}), Inputs(query={"a": (1, 2)})),
    ],
    ids=["query-order", "path-order", "body-key-order", "header-case", "list-or-tuple"],
)
def test_order_and_spelling_do_not_matter(one: Inputs, other: Inputs) -> None:
    assert key(one) == key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (Inputs(path={"petId": 1}), Inputs(path={"petId": 2})),
        (Inputs(path={"petId": 1}), Inputs(path={"petId": "1"})),
        (Inputs(query={"tag": ["a", "b"]}), Inputs(query={"tag": ["b", "a"]})),
        (Inputs(query={"tag": "a"}), Inputs(query={"tags": "a"})),
        (Inputs(headers={"accept": "application/json"}), Inputs(headers={"accept": "text/csv"})),
        (Inputs(cookies={"session": "a"}), Inputs(cookies={"session": "b"})),
        (Inputs(body={"name": "Rex"}), Inputs(body={"name": "Max"})),
        (Inputs(body=None), Inputs(body={})),
        (Inputs(body=[1, 2]), Inputs(body=[2, 1])),
        (
            Inputs(files={"file": FileInfo("a.png", 10, "image/png")}),
            Inputs(files={"file": FileInfo("a.png", 11, "image/png")}),
        ),
        (
            Inputs(files={"file": FileInfo("a.png", 10, "image/png")}),
            Inputs(files={"file": FileInfo("a.png", 10, "image/jpeg")}),
        ),
    ],
    ids=[
        "path-value",
        "path-type",
        "multi-value-order",
        "query-name",
        "header-value",
        "cookie",
        "body-value",
        "body-absent-or-empty",
        "body-array-order",
        "file-size",
        "file-type",
    ],
)
def test_any_request_difference_gives_another_key(one: Inputs, other: Inputs) -> None:
    assert key(one).variant != key(other).variant


@pytest.mark.parametrize(
    "choice",
    [
        {"status": 404},
        {"media_type": "application/xml"},
        {"quality": "high"},
        {"seed": 8},
        {"seed": None},
        {"extra": "example=dog"},
    ],
    ids=["status", "media-type", "quality", "seed", "unseeded", "extra"],
)
def test_every_response_choice_is_part_of_the_variant(choice: dict[str, Any]) -> None:
    assert key(**choice).variant != key().variant


def test_a_changed_description_changes_the_key() -> None:
    old, new = key(spec="a" * 64), key(spec="b" * 64)
    assert old.variant == new.variant
    assert old != new and old.text != new.text


def test_operation_is_part_of_the_key() -> None:
    assert key(operation="GET /pets").text != key(operation="DELETE /pets").text


def test_bytes_and_odd_values_are_digested_without_error() -> None:
    class Odd:
        def __str__(self) -> str:
            return "odd"

    one = key(Inputs(body=b"\x00\x01", query={"s": {3, 1, 2}, "o": Odd()}))
    other = key(Inputs(body=b"\x00\x02", query={"s": {1, 2, 3}, "o": Odd()}))
    assert one.variant != other.variant
    assert one == key(Inputs(body=b"\x00\x01", query={"o": Odd(), "s": {2, 3, 1}}))


def test_text_stays_within_255_characters() -> None:
    long = key(operation="GET /" + "/".join(["{segment}"] * 200))
    assert len(long.text) <= 255
    assert long.operation_token.startswith("#")
    assert len(key().text) <= 255


def test_operation_with_a_colon_is_hashed_so_keys_split_one_way() -> None:
    colon = key(operation="POST /v1/things:batchGet")
    assert colon.operation_token.startswith("#")
    assert colon.text.count(":") == 2


@pytest.mark.parametrize("spec", ["", "has:colon", "x" * 65, "a*b"])
def test_bad_spec_digest_is_a_cache_error(spec: str) -> None:
    with pytest.raises(CacheError, match="cache key parts"):
        CacheKey(spec, "GET /pets", "v1")
