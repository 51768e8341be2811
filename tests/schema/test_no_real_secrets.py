"""Generated answers never hold a value that passes for a real secret or card."""

from __future__ import annotations

import random
import re

import pytest

from specmock.config import Quality
from specmock.schema import Compiler

#: Card numbers the networks publish for testing (Stripe's, Adyen's and Braintree's lists).
TEST_CARDS = {
    "4242424242424242",
    "4000056655665556",
    "5555555555554444",
    "2223003122003222",
    "5200828282828210",
    "378282246310005",
    "371449635398431",
    "6011111111111117",
    "3056930009020004",
    "36227206271667",
    "3566002020360505",
    "6200000000000005",
    "4111111111111111",
    "4012888888881881",
}
AWS_KEY = re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b")
STRIPE_LIVE = re.compile(r"\b(sk|pk|rk)_live_[0-9a-zA-Z]{10,}")
GITHUB = re.compile(r"\bgh[pousr]_[0-9A-Za-z]{36}\b")
JWT = re.compile(r"\beyJ[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+\.[0-9A-Za-z_-]+")
SECRETS = [
    "password",
    "api_key",
    "apikey",
    "access_token",
    "refresh_token",
    "token",
    "secret",
    "client_secret",
    "aws_access_key_id",
    "aws_secret_access_key",
    "private_key",
    "stripe_secret_key",
    "github_token",
    "session_token",
    "auth_token",
    "bearer",
    "signing_secret",
    "webhook_secret",
]
CARDS = ["card_number", "credit_card", "cc_number", "pan", "card"]


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


@pytest.mark.parametrize("quality", [Quality.BASIC, Quality.REALISTIC, Quality.PRODUCTION])
def test_secret_fields_are_clearly_test_data(quality: Quality) -> None:
    schema = {
        "type": ["object"],
        "required": SECRETS,
        "properties": {name: {"type": ["string"]} for name in SECRETS},
    }
    generate = Compiler({}, quality=quality).compile(schema, "Credentials")
    for seed in range(50):
        for name, value in generate(random.Random(seed)).items():
            for shape in (AWS_KEY, STRIPE_LIVE, GITHUB):
                assert not shape.search(value), f"{name}={value!r} looks like a real secret"
            if JWT.search(value):
                assert "mock" in value.lower() or value.startswith("mock_"), (name, value)


@pytest.mark.parametrize("quality", [Quality.REALISTIC, Quality.PRODUCTION])
def test_card_numbers_are_published_test_numbers(quality: Quality) -> None:
    schema = {
        "type": ["object"],
        "required": CARDS,
        "properties": {name: {"type": ["string"]} for name in CARDS},
    }
    generate = Compiler({}, quality=quality).compile(schema, "Payment")
    for seed in range(50):
        for name, value in generate(random.Random(seed)).items():
            digits = re.sub(r"[ -]", "", value)
            if digits.isdigit() and 13 <= len(digits) <= 19 and _luhn(digits):
                assert digits in TEST_CARDS, f"{name}={value!r} is not a test card number"
