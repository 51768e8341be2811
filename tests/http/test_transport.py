"""The httpx transport: sync and async clients answered in-process, every mode included."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from serving import PETSTORE, serving
from specmock.config import Mode
from specmock.engine import Engine
from specmock.engine.modes import ModeOptions
from specmock.http import create_app
from specmock.http.transport import MockTransport
from specmock.http.upstream import Upstream
from specmock.spec.model import Spec
from upstream import Upstream as UpstreamApp


def test_sync_client_gets_the_mock_answers() -> None:
    transport = MockTransport(create_app(Engine.from_source(PETSTORE)))
    with httpx.Client(transport=transport, base_url="https://api.example.com") as client:
        pet = client.get("/pets/42")
        bad = client.get("/pets/not-a-number")
        listed = client.get("/pets", params={"limit": 3})
    assert pet.status_code == 200 and pet.json()["id"] == 42
    assert pet.headers["x-specmock-source"] in ("generated", "example")
    assert bad.status_code in (400, 422)
    assert len(listed.json()["data"]) == 3


def test_async_client_gets_the_same_answers() -> None:
    app = create_app(Engine.from_source(PETSTORE))
    with httpx.Client(transport=MockTransport(app), base_url="http://x") as client:
        expected = client.get("/pets/7").content

    async def go() -> bytes:
        transport = MockTransport(create_app(Engine.from_source(PETSTORE)))
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as client:
            answers = await asyncio.gather(*(client.get("/pets/7") for _ in range(5)))
        assert {a.status_code for a in answers} == {200}
        return answers[0].content

    assert asyncio.run(go()) == expected


def test_record_then_replay_in_process(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'store.db'}"
    upstream = UpstreamApp()
    with serving(upstream) as target:  # type: ignore[arg-type]
        modes = ModeOptions(Mode.RECORD, store_url=store, spec_key=f"live {target}")
        app = create_app(Engine(Spec.empty(target)), modes=modes, upstream=Upstream(target))
        with httpx.Client(transport=MockTransport(app), base_url=target) as client:
            live = [client.get("/count").json()["n"] for _ in range(2)]
    assert live == [1, 2]
    modes = ModeOptions(Mode.PLAYBACK, store_url=store, spec_key=f"live {target}")
    app = create_app(Engine(Spec.empty(target)), modes=modes)
    with httpx.Client(transport=MockTransport(app), base_url=target) as client:
        replayed = [client.get("/count") for _ in range(3)]
    assert [r.json()["n"] for r in replayed] == [1, 2, 2]
    assert replayed[0].headers["x-specmock-source"] == "recorded"
    assert upstream.requests == 2
