"""The audit log: stored configuration changes write who, when, old and new; secrets never."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from specmock.audit import (
    REDACTED,
    audit_change,
    delete_environment_config,
    get_environment_config,
    list_changes,
    looks_secret,
    redact,
    set_environment_config,
)
from specmock.store.patterns import Audit
from specmock.store.tables import AuditEntry, EnvironmentConfig

Make = async_sessionmaker[AsyncSession]
Run = Any  # the ``run`` fixture of conftest.py


def test_set_environment_config_writes_old_and_new(run: Run) -> None:
    before = time.time()

    async def body(make: Make) -> tuple[tuple[Audit, ...], Any, int]:
        async with make() as session, session.begin():
            await set_environment_config(session, "testing", "quality", "basic", actor="alice")
        async with make() as session, session.begin():
            await set_environment_config(session, "testing", "quality", "production", actor="bob")
        async with make() as session, session.begin():  # unchanged: no entry
            await set_environment_config(session, "testing", "quality", "production", actor="carol")
        async with make() as session:
            rows = await session.scalar(select(func.count()).select_from(EnvironmentConfig))
            value = await get_environment_config(session, "testing", "quality")
            return await list_changes(session), value, int(rows or 0)

    changes, value, rows = run(body)
    assert value == "production"
    assert rows == 1
    assert [(c.actor, c.action, c.target, c.old, c.new) for c in changes] == [
        ("bob", "config.set", "testing/quality", "basic", "production"),
        ("alice", "config.set", "testing/quality", None, "basic"),
    ]
    assert all(before <= c.at <= time.time() for c in changes)


def test_the_row_and_its_entry_are_one_transaction(run: Run) -> None:
    async def body(make: Make) -> tuple[int, int]:
        with pytest.raises(RuntimeError):
            async with make() as session, session.begin():
                await set_environment_config(session, "*", "mode", "hybrid", actor="alice")
                raise RuntimeError("rolled back")
        async with make() as session:
            configs = await session.scalar(select(func.count()).select_from(EnvironmentConfig))
            entries = await session.scalar(select(func.count()).select_from(AuditEntry))
            return int(configs or 0), int(entries or 0)

    assert run(body) == (0, 0)


def test_deleting_a_config_is_audited(run: Run) -> None:
    async def body(make: Make) -> tuple[bool, bool, tuple[Audit, ...]]:
        async with make() as session, session.begin():
            await set_environment_config(session, "staging", "cache_ttl", 60, actor="alice")
        async with make() as session, session.begin():
            first = await delete_environment_config(session, "staging", "cache_ttl", actor="bob")
            second = await delete_environment_config(session, "staging", "cache_ttl", actor="bob")
        async with make() as session:
            return first, second, await list_changes(session)

    first, second, changes = run(body)
    assert (first, second) == (True, False)
    assert [(c.action, c.old, c.new) for c in changes] == [
        ("config.delete", 60, None),
        ("config.set", None, 60),
    ]


def test_secrets_are_redacted_in_audit_values(run: Run) -> None:
    async def body(make: Make) -> tuple[tuple[Audit, ...], Any]:
        async with make() as session, session.begin():
            await set_environment_config(
                session, "*", "upstream.api_key", "sk-live-123", actor="alice"
            )
            await set_environment_config(
                session,
                "*",
                "database_url",
                "postgresql://app:hunter2@db/mocks",
                actor="alice",
            )
            await audit_change(
                session,
                actor="ci",
                action="chaos.put",
                target="chaos",
                old={},
                new={"headers": {"Authorization": "Bearer abc", "X-Trace": "1"}, "rate": 0.5},
            )
        async with make() as session:
            stored = await get_environment_config(session, "*", "upstream.api_key")
            return await list_changes(session), stored

    changes, stored = run(body)
    assert stored == "sk-live-123"  # the setting itself is kept ...
    by_target = {c.target: c for c in changes}
    assert by_target["*/upstream.api_key"].new == REDACTED  # ... its log entry is not
    assert by_target["*/database_url"].new == "postgresql://app:***@db/mocks"
    assert by_target["chaos"].new == {
        "headers": {"Authorization": REDACTED, "X-Trace": "1"},
        "rate": 0.5,
    }
    text = repr(changes)
    assert "sk-live-123" not in text and "hunter2" not in text and "Bearer abc" not in text


def test_list_changes_is_newest_first_and_limited(run: Run) -> None:
    async def body(make: Make) -> tuple[Audit, ...]:
        async with make() as session, session.begin():
            for ttl in range(1, 8):
                await set_environment_config(session, "testing", "cache_ttl", ttl, actor="a")
        async with make() as session:
            return await list_changes(session, limit=3)

    assert [c.new for c in run(body)] == [7, 6, 5]


@pytest.mark.parametrize(
    ("key", "secret"),
    [
        ("token", True),
        ("admin.token.ci", True),
        ("apiKey", True),
        ("X-API-KEY", True),
        ("DB_PASSWORD", True),
        ("client_secret", True),
        ("redaction.key", True),
        ("Authorization", True),
        ("quality", False),
        ("cache_ttl", False),
        ("monkey", False),
        ("keyboard", False),
        ("database_url", False),
    ],
    ids=str,
)
def test_looks_secret(key: str, secret: bool) -> None:
    assert looks_secret(key) is secret


def test_redact_walks_lists_and_keeps_none() -> None:
    assert redact([{"password": "p"}, {"name": "n"}], "users") == [
        {"password": REDACTED},
        {"name": "n"},
    ]
    assert redact(["a", "b"], "tokens") == [REDACTED, REDACTED]
    assert redact(None, "token") is None
    assert redact("redis://:pw@cache:6379/0", "redis_url") == "redis://:***@cache:6379/0"
