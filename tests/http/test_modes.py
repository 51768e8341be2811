"""Modes against a real upstream on 127.0.0.1: record, playback, hybrid, disabled."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from serving import PETSTORE, serving
from specmock.config import Mode
from specmock.engine import Engine
from specmock.engine.modes import ModeOptions
from specmock.http import create_app
from specmock.http.app import App
from specmock.http.upstream import Upstream
from specmock.spec.model import Spec
from specmock.store.database import open_engine, sessions
from specmock.store.recordings import load_exchanges
from upstream import PLANTED
from upstream import Upstream as UpstreamApp


@pytest.fixture
def live() -> Iterator[tuple[str, UpstreamApp]]:
    """The upstream API, served on a free port."""
    app = UpstreamApp()
    with serving(app) as url:  # type: ignore[arg-type]
        yield url, app


def _app(
    tmp_path: Path,
    mode: Mode,
    target: str | None,
    *,
    spec: bool = False,
    **switches: bool,
) -> App:
    store = f"sqlite:///{tmp_path / 'store.db'}"
    key = f"live {target}" if target else ""
    engine = Engine.from_source(PETSTORE) if spec else Engine(Spec.empty(target or "x"))
    modes = ModeOptions(mode, store_url=store, spec_key=key, **switches)
    upstream = Upstream(target) if target is not None else None
    return create_app(engine, modes=modes, upstream=upstream, validate=False)


def _stored(tmp_path: Path) -> int:
    async def count() -> int:
        engine = open_engine(f"sqlite:///{tmp_path / 'store.db'}")
        try:
            async with sessions(engine)() as session:
                return len(await load_exchanges(session))
        finally:
            await engine.dispose()

    return asyncio.run(count())


def test_record_then_play_back_with_the_upstream_stopped(tmp_path: Path) -> None:
    upstream = UpstreamApp()
    with serving(upstream) as target:  # type: ignore[arg-type]
        with serving(_app(tmp_path, Mode.RECORD, target)) as mock:
            recorded = [httpx.get(f"{mock}/count") for _ in range(3)]
            listed = httpx.get(f"{mock}/pets")
            created = httpx.post(f"{mock}/pets", json={"name": "Tom"})
        assert upstream.requests == 5
    assert [r.json()["n"] for r in recorded] == [1, 2, 3]
    assert all(r.headers["x-specmock-source"] == "live" for r in recorded)
    # the upstream is gone; a new process replays what the first one stored
    with serving(_app(tmp_path, Mode.PLAYBACK, target)) as mock:
        replayed = [httpx.get(f"{mock}/count").json()["n"] for _ in range(4)]
        again = httpx.get(f"{mock}/pets")
        posted = httpx.post(f"{mock}/pets", json={"name": "Tom"})
    assert replayed == [1, 2, 3, 3]  # recorded order, then the last again
    assert (again.status_code, again.content) == (listed.status_code, listed.content)
    assert again.headers["x-upstream"] == "yes"
    assert again.headers["x-specmock-source"] == "recorded"
    assert (posted.status_code, posted.json()) == (201, created.json())


def test_playback_miss_names_the_nearest_recording(tmp_path: Path, live) -> None:
    target, _ = live
    with serving(_app(tmp_path, Mode.RECORD, target)) as mock:
        httpx.get(f"{mock}/pets", params={"limit": "10"})
    with serving(_app(tmp_path, Mode.PLAYBACK, target)) as mock:
        missed = httpx.get(f"{mock}/pets", params={"limit": "5"})
    assert missed.status_code == 404
    assert missed.headers["content-type"] == "application/problem+json"
    problem = missed.json()
    assert "limit=10" in problem["detail"] and "query" in problem["detail"]
    assert problem["nearest"]


def test_nothing_planted_reaches_the_store_or_the_logs(
    tmp_path: Path, live, caplog: pytest.LogCaptureFixture
) -> None:
    target, _ = live
    with caplog.at_level(logging.DEBUG), serving(_app(tmp_path, Mode.RECORD, target)) as mock:
        answer = httpx.get(
            f"{mock}/pets/7",
            params={"email": PLANTED["email"]},
            headers={"authorization": PLANTED["bearer"], "cookie": PLANTED["cookie"]},
        )
    assert answer.json()["owner"]["email"] == PLANTED["email"]  # the caller sees it all
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("store.db*"))
    # what specmock and its server log (httpx/httpcore's own DEBUG traces of raw traffic
    # are third-party logs that specmock never turns on)
    ours = ("specmock", "uvicorn")
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith(ours))
    assert "recorded GET /pets/7?email=" in logged  # the recorder logs, redacted
    for kind, value in PLANTED.items():
        for form in {value, value.replace(" ", ""), value.split("=", 1)[-1]}:
            assert form.encode() not in stored, f"{kind} reached the store"
            assert form not in logged, f"{kind} reached the logs"
    assert _stored(tmp_path) == 1


def test_hybrid_replays_then_generates_then_goes_live(tmp_path: Path, live) -> None:
    target, upstream = live
    with serving(_app(tmp_path, Mode.RECORD, target)) as mock:
        httpx.get(f"{mock}/pets/1")
    asked = upstream.requests
    app = _app(tmp_path, Mode.HYBRID, target, spec=True, fallback_to_live=True)
    with serving(app) as mock:
        recorded = httpx.get(f"{mock}/pets/1")
        generated = httpx.get(f"{mock}/pets/2")
        live_answer = httpx.get(f"{mock}/count")  # not in the description
    assert recorded.headers["x-specmock-source"] == "recorded"
    assert generated.headers["x-specmock-source"] in ("generated", "example")
    assert live_answer.headers["x-specmock-source"] == "live"
    assert upstream.requests == asked + 1


def test_hybrid_live_first_falls_back_to_the_mock(tmp_path: Path, live) -> None:
    target, _ = live
    with serving(_app(tmp_path, Mode.HYBRID, target, spec=True, live_first=True)) as mock:
        fine = httpx.get(f"{mock}/pets/3")
        failing = httpx.get(f"{mock}/fail")
    assert fine.headers["x-specmock-source"] == "live"
    assert failing.status_code == 404  # neither the description nor a recording has /fail
    with serving(
        _app(tmp_path, Mode.HYBRID, "http://127.0.0.1:9", spec=True, live_first=True)
    ) as mock:
        down = httpx.get(f"{mock}/pets/3")
    assert down.status_code == 200
    assert down.headers["x-specmock-source"] in ("generated", "example")


def test_record_on_miss_records_once_then_replays(tmp_path: Path, live) -> None:
    target, upstream = live
    app = _app(tmp_path, Mode.HYBRID, target, spec=True, fallback_to_live=True, record_on_miss=True)
    with serving(app) as mock:
        first = httpx.get(f"{mock}/count")
        second = httpx.get(f"{mock}/count")
    assert first.headers["x-specmock-source"] == "live"
    assert second.headers["x-specmock-source"] == "recorded"
    assert first.json() == second.json()
    assert upstream.requests == 1


def test_disabled_always_asks_the_live_api(tmp_path: Path, live) -> None:
    target, upstream = live
    with serving(_app(tmp_path, Mode.DISABLED, target, spec=True)) as mock:
        numbers = [httpx.get(f"{mock}/count").json()["n"] for _ in range(2)]
    assert numbers == [1, 2]
    assert upstream.requests == 2
    assert _stored(tmp_path) == 0


def test_an_unreachable_upstream_is_a_502_problem(tmp_path: Path) -> None:
    with serving(_app(tmp_path, Mode.RECORD, "http://127.0.0.1:9")) as mock:
        answer = httpx.get(f"{mock}/pets")
    assert answer.status_code == 502
    assert answer.headers["content-type"] == "application/problem+json"
    assert "127.0.0.1:9" in answer.json()["detail"]


def test_concurrent_recording_loses_no_exchange(tmp_path: Path, live) -> None:
    target, _ = live
    with (
        serving(_app(tmp_path, Mode.RECORD, target)) as mock,
        ThreadPoolExecutor(max_workers=20) as pool,
    ):
        # what is asserted is that nothing is lost, not speed: a loaded two-core machine
        # can take longer than httpx's default 5 s for some of the 100
        answers = list(pool.map(lambda n: httpx.get(f"{mock}/pets/{n}", timeout=60), range(100)))
    assert all(a.status_code == 200 for a in answers)
    assert _stored(tmp_path) == 100


def test_nothing_planted_reaches_postgresql_or_redis(
    live, caplog: pytest.LogCaptureFixture
) -> None:
    """Hybrid, recording on miss, over PostgreSQL with a Redis cache tier: search every byte."""
    import psycopg
    import redis

    from services import database_url, drop_database, redis_url, unique_namespace
    from specmock.cache import open_cache

    target, _ = live
    store, cache_redis, namespace = database_url(), redis_url(), unique_namespace()
    try:
        modes = ModeOptions(
            Mode.HYBRID,
            store_url=store,
            spec_key=f"live {target}",
            fallback_to_live=True,
            record_on_miss=True,
        )
        cache = open_cache("hybrid", redis_url=cache_redis, namespace=namespace)
        app = create_app(
            Engine.from_source(PETSTORE),
            modes=modes,
            upstream=Upstream(target),
            cache=cache,
            validate=False,
        )
        with caplog.at_level(logging.DEBUG, "specmock"), serving(app) as mock:
            first = httpx.get(f"{mock}/count", headers={"authorization": PLANTED["bearer"]})
            leaked = httpx.get(f"{mock}/pets-owner/7")  # not in the description: live
            again = httpx.get(f"{mock}/pets-owner/7")  # replayed, redacted
            generated = httpx.get(f"{mock}/pets/7")  # the description's answer, cached
        assert first.headers["x-specmock-source"] == "live"
        assert leaked.headers["x-specmock-source"] == "live"
        assert again.headers["x-specmock-source"] == "recorded"
        assert generated.headers["x-specmock-source"] in ("generated", "example")
        # every row of every table of the store, as text
        with psycopg.connect(store.replace("postgresql+psycopg", "postgresql")) as connection:
            tables = [
                row[0]
                for row in connection.execute(
                    "select tablename from pg_tables where schemaname = 'public'"
                )
            ]
            dumped = "\n".join(
                str(row)
                for table in tables
                for row in connection.execute(f'select t::text from "{table}" t')
            )
        client = redis.Redis.from_url(cache_redis)
        try:
            keys = list(client.scan_iter(match=f"specmock:cache:{namespace}:*"))
            assert keys, "the generated answer was cached in Redis"
            cached = b"".join(client.get(k) or b"" for k in keys).decode("utf-8", "replace")
            client.delete(*keys)
        finally:
            client.close()
        logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("specmock"))
        for kind, value in PLANTED.items():
            for form in {value, value.replace(" ", ""), value.split("=", 1)[-1]}:
                for where, text in (("store", dumped), ("redis", cached), ("logs", logged)):
                    assert form not in text, f"{kind} reached the {where}"
    finally:
        drop_database(store)


def test_replaying_recordings_that_drifted_warns_once(
    tmp_path: Path, live, caplog: pytest.LogCaptureFixture
) -> None:
    target, _ = live
    with serving(_app(tmp_path, Mode.RECORD, target)) as mock:
        httpx.get(f"{mock}/pets/7")  # the upstream's pet has fields the description lacks
    with (
        caplog.at_level(logging.WARNING, "specmock.http"),
        serving(_app(tmp_path, Mode.HYBRID, target, spec=True)) as mock,
    ):
        assert httpx.get(f"{mock}/pets/7").headers["x-specmock-source"] == "recorded"
        httpx.get(f"{mock}/pets/7")
    warnings = [r.getMessage() for r in caplog.records if "disagree" in r.getMessage()]
    assert len(warnings) == 1 and "specmock drift" in warnings[0]


def test_custom_redaction_rules_apply_before_storing(tmp_path: Path, live) -> None:
    target, _ = live
    store = f"sqlite:///{tmp_path / 'store.db'}"
    modes = ModeOptions(
        Mode.RECORD,
        store_url=store,
        spec_key=f"live {target}",
        redact_fields=("name",),
        allow_fields=("api_key",),
    )
    app = create_app(Engine(Spec.empty(target)), modes=modes, upstream=Upstream(target))
    with serving(app) as mock:
        assert httpx.get(f"{mock}/pets/7").json()["name"] == "Rex"
    with serving(_app(tmp_path, Mode.PLAYBACK, target)) as mock:
        replayed = httpx.get(f"{mock}/pets/7").json()
    assert replayed["name"] != "Rex"  # a field named by the user
    assert replayed["api_key"] == PLANTED["api_key"]  # allowed by the user


def test_a_bad_redaction_regex_is_one_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            *(sys.executable, "-m", "specmock", "record", "--target", "http://127.0.0.1:9"),
            *("--redact-pattern", "([unclosed"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: --redact-pattern") and done.stderr.count("\n") == 1


def test_event_streams_pass_through_as_they_arrive_and_are_recorded_whole(
    tmp_path: Path, live
) -> None:
    import time

    target, _ = live
    with serving(_app(tmp_path, Mode.RECORD, target)) as mock:
        started = time.monotonic()
        arrivals: list[float] = []
        body = b""
        with httpx.stream("GET", f"{mock}/events", timeout=10) as answer:
            assert answer.headers["content-type"] == "text/event-stream"
            assert answer.headers["x-specmock-source"] == "live"
            for chunk in answer.iter_raw():
                arrivals.append(time.monotonic() - started)
                body += chunk
    assert body.count(b"data: ") == 3 and PLANTED["email"].encode() in body
    # the upstream sends one event every 0.4 s: passed on as they come, the first and the
    # last arrive about 0.8 s apart (buffered whole, they would arrive together)
    assert arrivals[-1] - arrivals[0] > 0.5
    with serving(_app(tmp_path, Mode.PLAYBACK, target)) as mock:
        replayed = httpx.get(f"{mock}/events")
    assert replayed.content.count(b"data: ") == 3  # recorded whole, after the stream ended
    assert PLANTED["email"].encode() not in replayed.content  # and redacted
