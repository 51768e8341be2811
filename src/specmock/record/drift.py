"""Drift: where recorded live answers and the description disagree.

Rules:

- Each recorded exchange is routed through the description like a request. Findings:
  ``undocumented_operation`` (no path or method matches), ``undocumented_status`` (the
  status has no response, no ``NXX`` range and no ``default``), and for JSON bodies
  with a schema: ``missing_field`` (a ``required`` property absent), ``type_mismatch``
  (a value of another type), ``added_field`` (a property the schema does not declare,
  even where ``additionalProperties`` allows it: the description does not say it
  exists), ``invalid`` (any other keyword, e.g. an enum value not listed).
- Findings are grouped by operation, kind and location, with array indices written
  ``*`` so a hundred items with the same problem are one finding with a count.
- The judge is the compiled response validator of the engine, the same one generated
  answers are verified with; the walk for added fields follows ``$ref`` and ``allOf``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from specmock.errors import SpecmockError
from specmock.http.binding import find_media
from specmock.schema.navigate import array_items, object_view
from specmock.spec.routing import Router

if TYPE_CHECKING:
    from specmock.engine import Engine
    from specmock.record.exchange import Exchange
    from specmock.spec.model import Schema

__all__ = ["Finding", "drift"]

_INDEX = re.compile(r"/\d+(?=/|$)")
_KINDS = {"required": "missing_field", "type": "type_mismatch"}
_MAX_DEPTH = 32


@dataclass(frozen=True, slots=True)
class Finding:
    """One way recordings contradict the description, and how often it was seen."""

    operation: str
    kind: str
    pointer: str
    detail: str
    count: int = 1

    def as_dict(self) -> dict[str, Any]:
        """The finding as plain JSON values."""
        return {
            "operation": self.operation,
            "kind": self.kind,
            "pointer": self.pointer,
            "detail": self.detail,
            "count": self.count,
        }


def _added(
    value: Any, schema: Schema, registry: Any, pointer: str, depth: int = 0
) -> Iterable[tuple[str, str]]:
    if depth > _MAX_DEPTH or not isinstance(schema, dict):
        return
    if isinstance(value, dict):
        view = object_view(schema, registry)
        if not view.properties:
            return
        for name, item in value.items():
            where = f"{pointer}/{name.replace('~', '~0').replace('/', '~1')}"
            if name not in view.properties:
                yield where, f"field {name!r} is not in the description"
            else:
                yield from _added(item, view.properties[name], registry, where, depth + 1)
    elif isinstance(value, list):
        items = array_items(schema, registry)
        if isinstance(items, dict):
            for index, item in enumerate(value):
                yield from _added(item, items, registry, f"{pointer}/{index}", depth + 1)


def drift(engine: Engine, exchanges: Iterable[Exchange]) -> tuple[Finding, ...]:
    """Every way ``exchanges`` contradict ``engine``'s description, grouped and counted.

    Example:
        >>> drift(engine, recorder_exchanges)  # doctest: +SKIP
        (Finding(operation='GET /pets/{petId}', kind='added_field', pointer='/nickname', ...),)
    """
    spec = engine.spec
    router = Router(spec.operations, spec.base_paths)
    seen: Counter[tuple[str, str, str, str]] = Counter()
    for exchange in exchanges:
        request, response = exchange.request, exchange.response
        try:
            op = router.match(request.method, request.path).operation
        except SpecmockError:
            where = f"{request.method} {request.path}"
            seen[(where, "undocumented_operation", "", "no operation of the description")] += 1
            continue
        status = str(response.status)
        documented = op.documented(status)
        if documented is None:
            listed = ", ".join(op.responses)
            seen[
                (op.key, "undocumented_status", "", f"status {status} (documented: {listed})")
            ] += 1
            continue
        spec_response = op.responses[documented]
        media = find_media(spec_response.content, response.media_type or "")
        if media is None or not media.is_json or media.schema is None or not response.body:
            continue
        try:
            body = orjson.loads(response.body)
        except orjson.JSONDecodeError:
            seen[(op.key, "invalid", "", "the body is not JSON")] += 1
            continue
        for violation in engine.validator(media).errors(body):
            kind = _KINDS.get(violation.keyword, "invalid")
            pointer = _INDEX.sub("/*", violation.instance_path)
            seen[(op.key, kind, pointer, violation.message)] += 1
        for pointer, detail in _added(body, media.schema, spec.schemas, ""):
            seen[(op.key, "added_field", _INDEX.sub("/*", pointer), detail)] += 1
    return tuple(
        Finding(operation, kind, pointer, detail, count)
        for (operation, kind, pointer, detail), count in sorted(seen.items())
    )
