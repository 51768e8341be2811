"""``explain``: why specmock answers a request the way it does, as plain data.

The same facts serve ``specmock inspect SPEC --explain 'GET /path'`` (without serving)
and the server's per-request debug trace (``--debug`` / ``MOCK_DEBUG=1``): the operation
the path routes to, each recognised pattern with its confidence and evidence, the
strategy chosen by confidence, the status and media type answered by default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from specmock.spec.routing import Router

if TYPE_CHECKING:
    from specmock.engine.core import Engine

__all__ = ["explain"]


def explain(engine: Engine, method: str, path: str, router: Router | None = None) -> dict[str, Any]:
    """What specmock does with ``method path``.

    Raises:
        SpecmockError: the path routes nowhere (``NoRoute``, naming the nearest paths) or
            the method is not documented there (``MethodNotAllowed``).

    Example:
        >>> from specmock.engine import Engine
        >>> facts = explain(Engine.from_source("examples/petstore.yaml"), "GET", "/pets/7")
        >>> facts["operation"], facts["path_params"], facts["patterns"][0]["name"]
        ('GET /pets/{petId}', {'petId': '7'}, 'crud')
    """
    spec = engine.spec
    route = (router or Router(spec.operations, spec.base_paths)).match(method, path)
    op = route.operation
    status = engine.default_status(op)
    response = op.responses[status]
    media = engine.choose_media(response)
    matches = engine.patterns(op)
    return {
        "operation": op.key,
        "operation_id": op.operation_id,
        "path_params": dict(route.params),
        "base_path": route.base_path,
        "patterns": [
            {
                "name": m.name,
                "confidence": round(m.confidence, 3),
                "detail": m.detail,
                "recognised": m.recognised,
                "evidence": list(m.evidence),
            }
            for m in matches
        ],
        "strategy": str(engine.choose_strategy(op, status, media)) if media else None,
        "status": status,
        "media_type": media.name if media else None,
        "examples": sorted(media.examples) if media else [],
    }
