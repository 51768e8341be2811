"""OpenTelemetry spans around the engine, the cache and the store, when it is there.

Rules:

- ``opentelemetry`` is an optional extra (``pip install 'specmock[otel]'``). When it is
  not installed, :func:`span` is a no-op costing one attribute lookup; when it is
  installed but no tracer provider is configured, OpenTelemetry's own no-op tracer runs.
- Span names are ``specmock.<area>.<action>`` (``specmock.engine.generate``,
  ``specmock.cache.get``, ``specmock.store.record``); attributes carry the operation and
  outcome, never request or response values.
- The module is imported by the hot paths, so importing it imports nothing heavy: the
  tracer is looked up on first use.
"""

from __future__ import annotations

import contextlib
from typing import Any

__all__ = ["span"]

_UNSET: Any = object()
_tracer: Any = _UNSET


def _get_tracer() -> Any:
    global _tracer  # one lookup per process: the tracer itself is OpenTelemetry's state
    if _tracer is _UNSET:
        try:
            import opentelemetry.trace as trace
        except ImportError:
            _tracer = None
        else:
            _tracer = trace.get_tracer("specmock")
    return _tracer


_NULL = contextlib.nullcontext()


def span(name: str, **attributes: str | int | float | bool | None) -> Any:
    """A context manager: a span named ``name`` with ``attributes`` (``None`` values left
    out), or a shared no-op when OpenTelemetry is not installed.

    Example:
        >>> with span("specmock.engine.generate", operation="GET /pets"):
        ...     pass
    """
    tracer = _tracer if _tracer is not _UNSET else _get_tracer()
    if tracer is None:
        return _NULL
    kept = {k: v for k, v in attributes.items() if v is not None}
    return tracer.start_as_current_span(name, attributes=kept)
