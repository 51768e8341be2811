"""OpenTelemetry spans around the engine, the cache and the store, when it is configured.

Rules:

- ``opentelemetry`` is an optional extra (``pip install 'specmock[otel]'``). Spans are
  made only when a tracer provider is configured (``trace.set_tracer_provider``, or the
  ``opentelemetry-instrument`` wrapper); with OpenTelemetry absent or unconfigured,
  :func:`span` returns one shared no-op context (measured: the API's own no-op spans
  cost several microseconds each, a third of a cached answer).
- Span names are ``specmock.<area>.<action>`` (``specmock.engine.generate``,
  ``specmock.cache.get``, ``specmock.store.record``); attributes carry the operation and
  outcome, never request or response values.
- Importing this module imports nothing heavy; OpenTelemetry is looked up on first use.
"""

from __future__ import annotations

import contextlib
import os
from typing import Any

__all__ = ["span"]

_UNSET: Any = object()
_trace: Any = _UNSET  # the opentelemetry.trace module, or None when not installed
_from_environment = False  # OTEL_PYTHON_TRACER_PROVIDER names a provider to load
#: (provider, tracer) by the provider's identity; the provider is held so that its id is
#: never reused by another one while its tracer is cached
_tracers: dict[int, tuple[Any, Any]] = {}
_NULL = contextlib.nullcontext()


def _module() -> Any:
    global _trace, _from_environment  # one import attempt per process
    if _trace is _UNSET:
        try:
            import opentelemetry.trace as trace
        except ImportError:
            _trace = None
        else:
            _trace = trace
            _from_environment = "OTEL_PYTHON_TRACER_PROVIDER" in os.environ
    return _trace


def span(name: str, **attributes: str | int | float | bool | None) -> Any:
    """A context manager: a span named ``name`` with ``attributes`` (``None`` values left
    out), or a shared no-op when no tracer provider is configured.

    Example:
        >>> with span("specmock.engine.generate", operation="GET /pets"):
        ...     pass
    """
    trace = _trace if _trace is not _UNSET else _module()
    if trace is None:
        return _NULL
    # The API's own lookup reads os.environ on every call (a microsecond per span);
    # its global is None until a provider is set, and the variable is read once here.
    if getattr(trace, "_TRACER_PROVIDER", _UNSET) is None and not _from_environment:
        return _NULL
    provider = trace.get_tracer_provider()
    if isinstance(provider, trace.ProxyTracerProvider | trace.NoOpTracerProvider):
        return _NULL
    cached = _tracers.get(id(provider))
    if cached is None or cached[0] is not provider:
        cached = _tracers[id(provider)] = (provider, provider.get_tracer("specmock"))
    tracer = cached[1]
    kept = {k: v for k, v in attributes.items() if v is not None}
    return tracer.start_as_current_span(name, attributes=kept)
