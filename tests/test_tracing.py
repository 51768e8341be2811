"""OpenTelemetry spans around the engine, the cache and the store, with the real SDK."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("opentelemetry.sdk", reason="the otel extra is not installed")

from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from serving import PETSTORE, InProcess, serving
from specmock import tracing
from specmock.cache import MemoryCache
from specmock.engine import Engine
from specmock.http import create_app


@pytest.fixture
def spans(monkeypatch: pytest.MonkeyPatch) -> Iterator[InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    # what trace.set_tracer_provider(provider) does, undone after the test (the API
    # allows setting it once per process)
    monkeypatch.setattr(trace, "_TRACER_PROVIDER", provider)
    yield exporter
    provider.shutdown()


def test_engine_and_cache_calls_are_spans(spans: InMemorySpanExporter) -> None:
    client = InProcess(create_app(Engine.from_source(PETSTORE), cache=MemoryCache()))
    client.request("GET", "/pets/3", headers={"authorization": "Bearer secret-value"})
    client.request("GET", "/pets/3", headers={"authorization": "Bearer secret-value"})
    names = [s.name for s in spans.get_finished_spans()]
    assert names.count("specmock.engine.generate") == 1  # the second answer was cached
    assert names.count("specmock.cache.get") == 2 and names.count("specmock.cache.set") == 1
    generate = next(s for s in spans.get_finished_spans() if s.name.endswith("generate"))
    assert generate.attributes["operation"] == "GET /pets/{petId}"
    everything = str([dict(s.attributes or {}) for s in spans.get_finished_spans()])
    assert "secret-value" not in everything


def test_recordings_are_store_spans(spans: InMemorySpanExporter, tmp_path: Path) -> None:
    import httpx

    from tests_support import record_app
    from upstream import Upstream

    with (
        serving(Upstream()) as target,  # type: ignore[arg-type]
        serving(record_app(target, f"sqlite:///{tmp_path / 's.db'}")) as mock,
    ):
        httpx.get(f"{mock}/count")
        # the exchange is stored once the answer has gone out: wait for its span (a loaded
        # machine may answer the client first)
        deadline = time.monotonic() + 5
        while not spans.get_finished_spans() and time.monotonic() < deadline:
            time.sleep(0.01)
    assert [s.name for s in spans.get_finished_spans()] == ["specmock.store.record"]


def test_an_unconfigured_opentelemetry_costs_a_shared_no_op() -> None:
    # no provider set: OpenTelemetry's proxy provider, so specmock makes no span at all
    assert isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider)
    assert tracing.span("specmock.engine.generate", operation="GET /x") is tracing._NULL


def test_a_new_provider_never_gets_a_dead_ones_tracer(spans: InMemorySpanExporter) -> None:
    # a provider's id can be reused once it is gone: the cache must not hand the new one
    # the old one's tracer (as if the id of a shut-down provider were the current one's)
    stale = TracerProvider()
    tracing._tracers[id(trace.get_tracer_provider())] = (stale, stale.get_tracer("old"))
    with tracing.span("specmock.engine.generate", operation="GET /x"):
        pass
    assert [s.name for s in spans.get_finished_spans()] == ["specmock.engine.generate"]
