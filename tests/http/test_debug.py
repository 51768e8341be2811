"""The debug trace (one record per answer) and the structlog configuration."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from serving import PETSTORE, InProcess
from specmock.cache import MemoryCache
from specmock.config import Environment
from specmock.engine import Engine
from specmock.http import create_app
from specmock.logs import configure


def test_debug_traces_pattern_strategy_cache_and_source(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app(Engine.from_source(PETSTORE), cache=MemoryCache(), debug=True)
    client = InProcess(app)
    with caplog.at_level(logging.DEBUG, "specmock.trace"):
        for _ in range(2):
            client.request("GET", "/pets/7", params={"owner": "ada@example.com"})
    first, second = (r for r in caplog.records if r.name == "specmock.trace")
    assert first.operation == "GET /pets/{petId}"  # type: ignore[attr-defined]
    assert first.path_params == ["petId"]  # type: ignore[attr-defined]
    assert first.patterns[0]["name"] == "crud" and first.patterns[0]["evidence"]  # type: ignore[attr-defined]
    assert first.strategy == "template"  # crud read at 0.90 with a shape the template knows  # type: ignore[attr-defined]
    assert (first.cache, second.cache) == ("miss", "hit")  # type: ignore[attr-defined]
    assert first.source in ("generated", "example") and first.status == 200  # type: ignore[attr-defined]
    text = "\n".join(r.getMessage() + str(r.__dict__) for r in caplog.records)
    assert "ada@example.com" not in text  # no request values in the trace


def test_no_trace_without_debug(caplog: pytest.LogCaptureFixture) -> None:
    client = InProcess(create_app(Engine.from_source(PETSTORE)))
    with caplog.at_level(logging.DEBUG, "specmock.trace"):
        client.request("GET", "/pets/7")
    assert not [r for r in caplog.records if r.name == "specmock.trace"]


@pytest.fixture
def restored() -> Iterator[None]:
    logger = logging.getLogger("specmock")
    saved = (logger.handlers[:], logger.propagate, logger.level)
    yield
    logger.handlers, logger.propagate, logger.level = saved[0], saved[1], saved[2]


def test_production_logs_are_json_lines(restored: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure(Environment.PRODUCTION)
    logging.getLogger("specmock.http").warning(
        "reload failed: %s", "bad yaml", extra={"file": "a.yaml"}
    )
    line = capsys.readouterr().err.strip().splitlines()[-1]
    event = json.loads(line)
    assert event["event"] == "reload failed: bad yaml"
    assert event["level"] == "warning" and event["logger"] == "specmock.http"
    assert event["file"] == "a.yaml" and "timestamp" in event


def test_development_logs_are_readable(restored: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure(Environment.DEVELOPMENT, debug=True)
    logging.getLogger("specmock.trace").debug("answered %s", "GET /pets")
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert "answered GET /pets" in line and not line.startswith("{")
