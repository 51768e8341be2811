"""Pattern usage: answered operations add up in the store, from any number of servers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

import httpx
import pytest

from serving import PETSTORE, serving
from specmock.cache import MemoryCache
from specmock.engine import Engine
from specmock.http import create_app
from specmock.http.usage import Usage
from specmock.store.database import open_engine, sessions
from specmock.store.patterns import PopularPattern, popular_patterns


def _popular(url: str) -> tuple[PopularPattern, ...]:
    async def read() -> tuple[PopularPattern, ...]:
        engine = open_engine(url)
        try:
            async with sessions(engine)() as session:
                return await popular_patterns(session, limit=50)
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_answers_count_as_pattern_usage_cached_or_not(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = Engine.from_source(PETSTORE)
    for _ in range(2):  # two server lifetimes on one store add up
        app = create_app(engine, cache=MemoryCache(), usage=Usage(engine, url, interval=0.05))
        with serving(app) as base:
            for _ in range(3):
                assert httpx.get(f"{base}/pets/5").status_code == 200  # 1 miss, 2 hits
            assert httpx.get(f"{base}/pets", params={"limit": 2}).status_code == 200
    found = {(p.operation, p.name): p.usage_count for p in _popular(url)}
    assert found[("GET /pets/{petId}", "crud")] == 6
    assert found[("GET /pets", "crud")] == 2
    assert found[("POST /pets", "crud")] == 0  # synced, never asked
    top = _popular(url)[0]
    assert (top.operation, top.usage_count) == ("GET /pets/{petId}", 6)


def test_a_broken_store_warns_once_and_serving_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    engine = Engine.from_source(PETSTORE)
    usage = Usage(engine, f"sqlite:///{blocker / 'store.db'}", interval=0.01)
    with (
        caplog.at_level(logging.WARNING, "specmock.http"),
        serving(create_app(engine, usage=usage)) as base,
    ):
        for _ in range(5):
            assert httpx.get(f"{base}/pets/1").status_code == 200
    warnings = [r for r in caplog.records if "pattern usage is not recorded" in r.message]
    assert len(warnings) == 1
    assert usage.enabled is False


@pytest.mark.parametrize("delay", [0.0, 0.005, 0.02, 0.05, 0.1, 0.2])
def test_stopping_during_a_flush_loses_no_count(tmp_path: Path, delay: float) -> None:
    """The server stops (the task is cancelled) at any moment of the first flush, which
    migrates the store in a thread before writing: every count still reaches the store."""
    url = f"sqlite:///{tmp_path / 'store.db'}"
    engine = Engine.from_source(PETSTORE)
    usage = Usage(engine, url, interval=60)
    for _ in range(4):
        usage.count(engine.operation("GET /pets/{petId}"))

    async def serve_then_stop() -> None:
        task = asyncio.create_task(usage.run())
        await asyncio.sleep(delay)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(serve_then_stop())
    found = {(p.operation, p.name): p.usage_count for p in _popular(url)}
    assert found[("GET /pets/{petId}", "crud")] == 4
