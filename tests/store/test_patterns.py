"""Pattern tables: seeding and syncing are idempotent, usage counts add up exactly."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select

from specmock.patterns import DETECTORS
from specmock.store.patterns import (
    PatternRow,
    add_usage,
    list_audit,
    popular_patterns,
    record_audit,
    seed_pattern_library,
    sync_patterns,
)
from specmock.store.tables import LibraryPattern, Pattern

KEY = "Pets 1.0 @ pets.yaml"
ROWS = (
    PatternRow("GET /pets", "crud", "list", 0.9, ("GET on a plural collection",)),
    PatternRow("GET /pets", "pagination", "page", 0.8, ("page parameter",)),
    PatternRow("GET /pets/{petId}", "crud", "read", 0.95),
    PatternRow("POST /login", "auth", "login", 0.97),
)

RunStore = Callable[..., Any]


async def _count(make: Any, model: type[Any]) -> int:
    async with make() as session:
        return int(await session.scalar(select(func.count()).select_from(model)))


def test_seed_pattern_library_is_idempotent(store_url: str, run_store: RunStore) -> None:
    async def body(make: Any) -> tuple[int, int, list[LibraryPattern]]:
        async with make() as session, session.begin():
            first = await seed_pattern_library(session)
        async with make() as session, session.begin():
            second = await seed_pattern_library(session)
        async with make() as session:
            rows = list((await session.scalars(select(LibraryPattern))).all())
        return first, second, rows

    first, second, rows = run_store(store_url, body)
    assert first == len(DETECTORS)
    assert second == 0
    assert sorted(r.name for r in rows) == sorted(d.name for d in DETECTORS)  # type: ignore[attr-defined]
    assert all(r.builtin and r.description and r.detector.startswith("specmock.") for r in rows)


def test_sync_patterns_is_idempotent_and_keeps_usage(store_url: str, run_store: RunStore) -> None:
    async def body(make: Any) -> tuple[int, int, Any]:
        async with make() as session, session.begin():
            await sync_patterns(session, KEY, ROWS)
        first = await _count(make, Pattern)
        async with make() as session, session.begin():
            await add_usage(session, {(KEY, "GET /pets", "crud"): 5})
        changed = (PatternRow("GET /pets", "crud", "list", 0.99, ("new",)), *ROWS[1:])
        async with make() as session, session.begin():
            await sync_patterns(session, KEY, changed)
        second = await _count(make, Pattern)
        async with make() as session:
            top = await popular_patterns(session, 1)
        return first, second, top[0]

    first, second, top = run_store(store_url, body)
    assert first == second == len(ROWS)
    assert (top.operation, top.name, top.usage_count, top.confidence) == (
        "GET /pets",
        "crud",
        5,
        0.99,
    )


def test_add_usage_adds_and_reports_unknown_patterns(store_url: str, run_store: RunStore) -> None:
    unknown = (KEY, "DELETE /nothing", "crud")

    async def body(make: Any) -> tuple[Any, Any]:
        async with make() as session, session.begin():
            await sync_patterns(session, KEY, ROWS)
        async with make() as session, session.begin():
            await add_usage(session, {(KEY, "POST /login", "auth"): 3})
        async with make() as session, session.begin():
            missing = await add_usage(
                session,
                {(KEY, "POST /login", "auth"): 4, (KEY, "GET /pets", "crud"): 0, unknown: 1},
            )
        async with make() as session:
            return missing, await popular_patterns(session, 2)

    missing, top = run_store(store_url, body)
    assert missing == (unknown,)
    assert (top[0].name, top[0].usage_count) == ("auth", 7)
    assert top[1].usage_count == 0


def test_concurrent_add_usage_from_separate_sessions_loses_nothing(
    store_url: str, run_store: RunStore
) -> None:
    target = (KEY, "GET /pets/{petId}", "crud")

    async def body(make: Any) -> int:
        async with make() as session, session.begin():
            await sync_patterns(session, KEY, ROWS)

        async def one(n: int) -> None:
            async with make() as session, session.begin():
                await add_usage(session, {target: n})

        await asyncio.gather(*(one(n) for n in range(1, 21)))
        async with make() as session:
            return (await popular_patterns(session, 1))[0].usage_count

    assert run_store(store_url, body) == sum(range(1, 21))


def test_popular_patterns_most_used_first(store_url: str, run_store: RunStore) -> None:
    async def body(make: Any) -> tuple[Any, Any, Any]:
        async with make() as session, session.begin():
            await sync_patterns(session, KEY, ROWS)
            await sync_patterns(session, "Other 2 @ other.yaml", ROWS[:1])
            await add_usage(
                session,
                {
                    (KEY, "GET /pets", "pagination"): 2,
                    (KEY, "POST /login", "auth"): 9,
                    (KEY, "GET /pets/{petId}", "crud"): 4,
                },
            )
        async with make() as session:
            return (
                await popular_patterns(session, 3),
                await popular_patterns(session, 10, key=KEY),
                await popular_patterns(session, 10),
            )

    top3, of_key, every = run_store(store_url, body)
    assert [(p.name, p.usage_count) for p in top3] == [("auth", 9), ("crud", 4), ("pagination", 2)]
    assert len(of_key) == len(ROWS)
    assert {p.spec_key for p in of_key} == {KEY}
    assert len(every) == len(ROWS) + 1
    # Unused patterns: the most confident first.
    assert [p.confidence for p in every[3:]] == sorted(
        (p.confidence for p in every[3:]), reverse=True
    )


def test_audit_log_round_trip(store_url: str, run_store: RunStore) -> None:
    async def body(make: Any) -> Any:
        async with make() as session, session.begin():
            await record_audit(session, "ana", "set", "testing/mode", None, {"mode": "hybrid"})
            await record_audit(session, "bo", "set", "testing/mode", {"mode": "hybrid"}, [1, "x"])
        async with make() as session:
            return await list_audit(session, 10), await list_audit(session, 1)

    entries, newest = run_store(store_url, body)
    assert [(e.actor, e.old, e.new) for e in entries] == [
        ("bo", {"mode": "hybrid"}, [1, "x"]),
        ("ana", None, {"mode": "hybrid"}),
    ]
    assert newest == entries[:1]
    assert entries[0].at >= entries[1].at
