"""Database URLs are normalised once; every user error is one line naming the URL."""

from __future__ import annotations

import pytest

from specmock.errors import SpecmockError
from specmock.store.database import StoreError, async_url, current, mask, normalise_url, upgrade


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///.specmock/specmock.db", "sqlite:///.specmock/specmock.db"),
        ("sqlite:////abs/x.db", "sqlite:////abs/x.db"),
        ("sqlite://", "sqlite://"),
        ("sqlite+aiosqlite:///x.db", "sqlite:///x.db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u:p@h:5432/db", "postgresql+psycopg://u:p@h:5432/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("  POSTGRESQL://u@h/db ", "postgresql+psycopg://u@h/db"),
    ],
    ids=[
        "relative",
        "absolute",
        "memory",
        "aiosqlite",
        "postgres",
        "postgresql",
        "psycopg",
        "case",
    ],
)
def test_normalise_url(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


def test_async_url() -> None:
    assert async_url("sqlite:///x.db") == "sqlite+aiosqlite:///x.db"
    assert async_url("sqlite://") == "sqlite+aiosqlite://"
    assert async_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


@pytest.mark.parametrize(
    "url",
    ["mysql://me:secret@h/db", "redis://h", "not a url", "sqlite://relative.db"],
    ids=["mysql", "redis", "garbage", "two-slashes"],
)
def test_a_bad_url_is_one_line_with_the_password_masked(url: str) -> None:
    with pytest.raises(StoreError) as caught:
        normalise_url(url)
    message = str(caught.value)
    assert "\n" not in message
    assert "secret" not in message
    assert isinstance(caught.value, SpecmockError)
    assert isinstance(caught.value, RuntimeError)


def test_mask_hides_only_the_password() -> None:
    assert (
        mask("postgresql+psycopg://me:s3cr@t@db:5432/x") == "postgresql+psycopg://me:***@db:5432/x"
    )
    assert mask("postgresql://me@db/x") == "postgresql://me@db/x"


def test_an_unreachable_server_is_one_line_naming_it() -> None:
    url = "postgresql://me:secret@127.0.0.1:1/nothing"
    for call in (upgrade, current):
        with pytest.raises(StoreError, match=r"127\.0\.0\.1:1") as caught:
            call(url)
        assert "\n" not in str(caught.value)
        assert "secret" not in str(caught.value)
