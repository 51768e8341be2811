"""The brief's relationships, and what deleting a row does to its children.

Deleting a pattern deletes its generation rules and keeps its responses (unlinked);
deleting a response deletes its cache entries and keeps its environment configs
(unlinked). The database enforces it (``ON DELETE``), so a bulk ``DELETE`` behaves the
same as deleting through the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from specmock.store.tables import (
    CacheEntry,
    EnvironmentConfig,
    GenerationRule,
    Pattern,
    Response,
    ResponseSource,
)

RunStore = Callable[..., Any]


def _pattern() -> Pattern:
    return Pattern(spec_key="k", operation="GET /pets", name="crud", detail="list", confidence=0.9)


def _response(pattern: Pattern | None, version: int = 1) -> Response:
    return Response(
        pattern=pattern,
        spec_key="k",
        operation="GET /pets",
        request_key="abc",
        status=200,
        headers={"content-type": "application/json"},
        body=b'{"pets": []}',
        media_type="application/json",
        source=ResponseSource.RECORDED,
        version=version,
        environment="testing",
    )


async def _count(session: Any, model: type[Any], *where: Any) -> int:
    return int(await session.scalar(select(func.count()).select_from(model).where(*where)))


def test_pattern_has_responses_and_rules(store_url: str, run_store: RunStore) -> None:
    async def body(make: Any) -> None:
        async with make() as session, session.begin():
            pattern = _pattern()
            pattern.rules = [GenerationRule(field="name", rule={"faker": "name"}, priority=2)]
            session.add_all([pattern, _response(pattern), _response(pattern, 2)])
        async with make() as session:
            loaded = await session.get(Pattern, pattern.id)
            responses = await loaded.awaitable_attrs.responses
            rules = await loaded.awaitable_attrs.rules
            assert sorted(r.version for r in responses) == [1, 2]
            assert [(r.field, r.rule, r.enabled) for r in rules] == [
                ("name", {"faker": "name"}, True)
            ]
            assert (await responses[0].awaitable_attrs.pattern).id == pattern.id
        async with make() as session, session.begin():
            await session.execute(delete(Pattern).where(Pattern.id == pattern.id))
        async with make() as session:
            assert await _count(session, GenerationRule) == 0
            assert await _count(session, Response) == 2
            assert await _count(session, Response, Response.pattern_id.is_(None)) == 2

    run_store(store_url, body)


def test_response_has_cache_entries_and_environment_configs(
    store_url: str, run_store: RunStore
) -> None:
    async def body(make: Any) -> None:
        async with make() as session, session.begin():
            response = _response(None)
            response.cache_entries = [
                CacheEntry(
                    cache_key="c1", spec_digest="d" * 64, operation="GET /pets", value=b"v", size=1
                )
            ]
            response.environment_configs = [
                EnvironmentConfig(environment="testing", key="mode", value={"mode": "hybrid"})
            ]
            session.add(response)
        async with make() as session:
            loaded = await session.get(Response, response.id)
            entries = await loaded.awaitable_attrs.cache_entries
            configs = await loaded.awaitable_attrs.environment_configs
            assert [(e.cache_key, e.hits, e.expires_at) for e in entries] == [("c1", 0, None)]
            assert entries[0].created_at > 0
            assert [c.value for c in configs] == [{"mode": "hybrid"}]
        async with make() as session, session.begin():
            await session.execute(delete(Response).where(Response.id == response.id))
        async with make() as session:
            assert await _count(session, CacheEntry) == 0
            assert await _count(session, EnvironmentConfig) == 1
            config = (await session.scalars(select(EnvironmentConfig))).one()
            assert config.response_id is None

    run_store(store_url, body)


def test_orm_delete_of_a_pattern_cascades_the_same_way(store_url: str, run_store: RunStore) -> None:
    async def body(make: Any) -> None:
        async with make() as session, session.begin():
            pattern = _pattern()
            pattern.rules = [GenerationRule(field="id", rule={})]
            session.add_all([pattern, _response(pattern)])
        async with make() as session, session.begin():
            await session.delete(await session.get(Pattern, pattern.id))
        async with make() as session:
            assert await _count(session, GenerationRule) == 0
            assert await _count(session, Response, Response.pattern_id.is_(None)) == 1

    run_store(store_url, body)


def test_a_response_version_is_unique_per_request(store_url: str, run_store: RunStore) -> None:
    async def body(make: Any) -> None:
        async with make() as session, session.begin():
            session.add(_response(None))
        with pytest.raises(IntegrityError):
            async with make() as session, session.begin():
                session.add(_response(None))

    run_store(store_url, body)
