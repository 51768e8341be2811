"""application/problem+json (RFC 9457) answers: the one shape every error takes.

Rules: ``type``, ``title``, ``status`` and ``detail`` always; extension members (such as
``errors`` or ``nearest``) only when they add something. No traceback, no internal
names: the detail is a sentence a client developer can act on.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

import orjson

from specmock.models import Response

__all__ = ["PROBLEM_MEDIA_TYPE", "problem"]

PROBLEM_MEDIA_TYPE = "application/problem+json"

#: Problem type URIs by status; clients can switch on these.
_TYPES: Mapping[int, str] = {
    400: "malformed-request",
    404: "no-route",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "payload-too-large",
    414: "uri-too-long",
    415: "unsupported-media-type",
    422: "validation-failed",
    500: "internal-error",
}


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
    **extensions: Any,
) -> Response:
    """A problem+json :class:`~specmock.models.Response`.

    Example:
        >>> problem(404, "no path matches '/x'").status
        404
    """
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error"
    body: dict[str, Any] = {
        "type": f"https://specmock.dev/problems/{_TYPES.get(status, 'error')}",
        "title": title or phrase,
        "status": status,
        "detail": detail,
    }
    body.update({k: v for k, v in extensions.items() if v is not None})
    return Response(
        status=status,
        headers=(("content-type", PROBLEM_MEDIA_TYPE), *headers),
        body=orjson.dumps(body),
        source="specmock",
    )
