"""Field-name realism, test-data rules, consistency within an object, quality levels."""

from __future__ import annotations

import json
import re
from random import Random
from typing import Any

import pytest

from schema.judging import generate, ref
from specmock.config import Quality
from specmock.schema import Compiler
from specmock.schema.semantics import contextual_name, find_provider, normalise_name
from specmock.schema.vocabulary import vocabulary

S = {"type": ["string"]}

PERSON = {
    "type": ["object"],
    "properties": {
        "id": {"type": ["string"], "format": "uuid"},
        "first_name": S,
        "last_name": S,
        "name": S,
        "email": {"type": ["string"], "format": "email"},
        "username": S,
        "phone": S,
        "created_at": {"type": ["string"], "format": "date-time"},
        "updatedAt": {"type": ["string"], "format": "date-time"},
        "start_date": {"type": ["string"], "format": "date"},
        "end_date": {"type": ["string"], "format": "date"},
        "min_price": {"type": ["number"]},
        "max_price": {"type": ["number"]},
        "currency": S,
        "amount": {"type": ["number"]},
        "country_code": {"type": ["string"], "minLength": 2, "maxLength": 2},
        "latitude": {"type": ["number"]},
        "age": {"type": ["integer"]},
        "website": {"type": ["string"], "format": "uri"},
        "api_token": S,
        "card_number": S,
        "ip_address": S,
        "version": S,
        "created": {"type": ["integer"]},
    },
}


@pytest.fixture(scope="module")
def people() -> list[dict[str, Any]]:
    values: list[dict[str, Any]] = generate(PERSON, quality=Quality.PRODUCTION, seeds=range(40))
    return values


def test_emails_use_reserved_domains(people: list[dict[str, Any]]) -> None:
    for person in people:
        assert re.fullmatch(r"[a-z.'-]+@example\.(com|org|net)", person["email"]), person["email"]


def test_one_person_per_object(people: list[dict[str, Any]]) -> None:
    for p in people:
        assert p["name"] == f"{p['first_name']} {p['last_name']}"
        assert p["email"].startswith(f"{p['first_name']}.{p['last_name']}".lower())
        assert p["username"].startswith(p["first_name"].lower())


def test_timelines_are_ordered(people: list[dict[str, Any]]) -> None:
    for p in people:
        assert p["created_at"] <= p["updatedAt"]
        assert p["start_date"] <= p["end_date"]
        assert p["min_price"] <= p["max_price"]
        assert 1609459200 <= p["created"] <= 1767225600


def test_test_data_looks_like_test_data(people: list[dict[str, Any]]) -> None:
    cards = {"4242424242424242", "4000056655665556", "5555555555554444", "378282246310005"}
    for p in people:
        assert re.fullmatch(r"\+1-202-555-01\d\d", p["phone"])
        assert p["api_token"].startswith("mock_")
        assert p["card_number"] in cards
        assert p["ip_address"].startswith(("192.0.2.", "198.51.100.", "203.0.113."))
        assert "example." in p["website"]
        assert "AKIA" not in json.dumps(p)


def test_realistic_ranges(people: list[dict[str, Any]]) -> None:
    for p in people:
        assert -90 <= p["latitude"] <= 90
        assert 18 <= p["age"] <= 90
        assert re.fullmatch(r"[A-Z]{2}", p["country_code"])
        assert re.fullmatch(r"\d+\.\d+\.\d+", p["version"])
        assert re.fullmatch(r"[A-Z]{3}", p["currency"])


def test_provider_yields_to_constraints() -> None:
    schema = {
        "type": ["object"],
        "required": ["email", "age", "id"],
        "properties": {
            "email": {"type": ["string"], "maxLength": 5},
            "age": {"type": ["integer"], "minimum": 200, "maximum": 210},
            "id": {"type": ["string"], "pattern": "^[a-z]{4}$"},
        },
    }
    for value in generate(schema, quality=Quality.PRODUCTION):
        assert len(value["email"]) <= 5 and 200 <= value["age"] <= 210


def test_name_means_full_name_only_beside_person_fields() -> None:
    assert contextual_name("name", ["email"]) == "full_name"
    assert contextual_name("name", ["price"]) == "name"
    assert normalise_name("createdAt") == "created_at"
    assert find_provider("unknown_thing", "string", None) is None
    assert find_provider("email", "string", "uuid") is None


def test_same_seed_same_output_different_seed_differs() -> None:
    gen = Compiler({}, quality=Quality.PRODUCTION).compile(PERSON)
    first = [json.dumps(gen(Random(s))) for s in range(5)]
    again = Compiler({}, quality=Quality.PRODUCTION).compile(PERSON)
    assert first == [json.dumps(again(Random(s))) for s in range(5)]
    assert len(set(first)) == 5


def test_quality_levels_differ() -> None:
    schemas = {
        "Pet": {
            "type": ["object"],
            "required": ["id"],
            "properties": {
                "id": {"type": ["integer"]},
                **{f"field_{i}": S for i in range(10)},
                "tags": {"type": ["array"], "items": S},
            },
        }
    }
    basic = generate(ref("Pet"), schemas, quality=Quality.BASIC)
    realistic = generate(ref("Pet"), schemas, quality=Quality.REALISTIC)
    production = generate(ref("Pet"), schemas, quality=Quality.PRODUCTION)
    assert all(set(v) == {"id"} for v in basic)
    assert all(len(v) == 12 for v in production)
    assert all(2 <= len(v["tags"]) <= 5 for v in production)
    sizes = [len(v) for v in realistic]
    assert min(sizes) > 1 and max(sizes) <= 12 and sum(sizes) / len(sizes) > 8
    lists = [v["tags"] for v in realistic if "tags" in v]
    assert all(1 <= len(t) <= 3 for t in lists)


def test_basic_arrays_are_not_empty() -> None:
    assert all(
        len(v) == 1 for v in generate({"type": ["array"], "items": S}, quality=Quality.BASIC)
    )
    assert generate({"type": ["array"], "maxItems": 0}, quality=Quality.BASIC, seeds=range(1)) == [
        []
    ]


def test_examples_are_used_when_valid() -> None:
    schema = {"type": ["string"], "examples": ["fido", 3], "maxLength": 10}
    values = generate(schema, quality=Quality.REALISTIC, seeds=range(40))
    assert "fido" in values and 3 not in values


def test_array_items_are_distinct_people() -> None:
    schema = {
        "type": ["array"],
        "items": {"type": ["string"], "format": "email"},
        "uniqueItems": True,
        "minItems": 4,
    }
    for value in generate(schema, name="emails", quality=Quality.PRODUCTION):
        assert len(set(value)) == len(value) >= 4


def test_amount_matches_its_currency() -> None:
    schema = {
        "type": ["object"],
        "required": ["amount", "currency"],
        "properties": {"amount": {"type": ["number"]}, "currency": {"type": ["string"]}},
    }
    for value in generate(schema, seeds=range(200)):
        if value["currency"] == "JPY":
            assert float(value["amount"]).is_integer()


@pytest.mark.parametrize(
    ("country", "forms"),
    [
        pytest.param({"type": ["string"]}, "countries", id="a-name-where-free"),
        pytest.param({"type": ["string"], "pattern": "^[A-Z]{2}$"}, "alpha2", id="alpha-2-pattern"),
        pytest.param({"type": ["string"], "maxLength": 3, "minLength": 3}, "alpha3", id="alpha-3"),
    ],
)
def test_a_country_is_written_in_the_form_its_schema_takes(
    country: dict[str, Any], forms: str
) -> None:
    schema = {"type": ["object"], "required": ["country"], "properties": {"country": country}}
    values = generate(schema, quality=Quality.REALISTIC, seeds=range(30))
    known = set(getattr(vocabulary(), forms))
    assert all(value["country"] in known for value in values), values[:3]
