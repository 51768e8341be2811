"""``specmock stats``: the store's totals as tables and JSON, and a server's document."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from specmock.analytics import Collector
from specmock.analytics.flush import AnalyticsFlusher
from specmock.analytics.render import read_document, stats_document
from specmock.cli import main


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A store with two flushed processes of two environments."""
    url = f"sqlite:///{tmp_path / 's.db'}"
    staging, testing = Collector("staging"), Collector("testing")
    for ms in (1, 2, 3, 4):
        staging.observe(
            "GET /pets",
            seconds=ms / 1000,
            source="generated",
            status=200,
            cache_hit=True,
            valid=True,
        )
    testing.observe("POST /pets", seconds=0.02, source="live", status=500, valid=True)

    async def flush() -> None:
        for c in (staging, testing):
            flusher = AnalyticsFlusher(c, url)
            await flusher.flush()
            await flusher._close()

    asyncio.run(flush())
    return url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(["stats", *args])
    captured = capsys.readouterr()
    assert done.value.code == 0, captured.err
    return captured.out


def test_stats_json_adds_the_store_up(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(run(capsys, "--json", "--database-url", url))
    document = read_document(data)
    overall = document.analytics.overall
    assert (overall.requests, overall.mock, overall.live, overall.errors) == (5, 4, 1, 1)
    assert set(data["analytics"]["environments"]) == {"staging", "testing"}
    assert list(data["analytics"]["operations"]) == ["GET /pets", "POST /pets"]
    assert data["cache"]["size"] == 0
    assert data["patterns"] == []

    only = json.loads(run(capsys, "--json", "--environment", "testing", "--database-url", url))
    assert only["analytics"]["overall"]["requests"] == 1


def test_stats_tables_and_chart(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = run(capsys, "--database-url", url)
    for expected in (
        "specmock analytics",
        "staging",
        "testing",
        "top operations",
        "GET /pets",
        "latency (ms)",
        "p99",
        "quality",
        "mock:real",
        "█",
    ):
        assert expected in out, expected


def test_stats_patterns_still_works(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(run(capsys, "patterns", "--json", "--database-url", url)) == []


def test_stats_server_reads_the_admin_document(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx

    c = Collector("dev")
    c.observe("GET /pets", seconds=0.001, source="generated", status=200, valid=True)
    document = stats_document(c.snapshot())
    asked: list[str] = []

    def get(url: str, **_: object) -> httpx.Response:
        asked.append(url)
        return httpx.Response(200, json=document)

    monkeypatch.setattr(httpx, "get", get)
    assert json.loads(run(capsys, "--json", "--server", "http://mock:8000/")) == document
    assert asked == ["http://mock:8000/__specmock/stats"]
    assert "dev" in run(capsys, "--server", "http://mock:8000")


def test_an_unreachable_server_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["stats", "--server", "http://127.0.0.1:1"])
    assert done.value.code == 2
    assert capsys.readouterr().err.startswith("error: cannot reach http://127.0.0.1:1/")
