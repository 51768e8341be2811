"""Recordings in the store: redacted exchanges as versioned ``mock_responses`` rows.

Rules:

- Plain async functions over an ``AsyncSession``; the caller commits.
- What arrives here is already redacted (``specmock.record.redact``): this module
  stores what it is given and nothing else.
- A row's ``request_key`` is a digest of the canonical request (method, path, query
  pairs sorted by name, body); its ``version`` counts the recordings of that request in
  that description, from 1. Two processes recording the same request at once may pick
  the same version: the unique constraint refuses one, which retries with the next.
- Loading returns the exchanges in recorded order (``created_at``, then row id), which
  is the order playback replays repeated requests in.
- The redaction key of a store (so the same real value always gets the same fake, in
  every process) lives in ``mock_environment_configs`` under environment ``*``.
"""

from __future__ import annotations

import base64
import secrets
import time
from hashlib import blake2b
from typing import Any

import orjson
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from specmock.record.exchange import Exchange, RecordedRequest, RecordedResponse
from specmock.store.database import session_url, translate_errors
from specmock.store.tables import EnvironmentConfig, Response, ResponseSource

__all__ = ["load_exchanges", "redaction_key", "request_key", "save_exchange"]

_RETRIES = 8
_KEY_ENVIRONMENT = "*"
_KEY_NAME = "redaction.key"


def request_key(request: RecordedRequest) -> str:
    """The digest naming a request: method, path, query sorted by name, body.

    Example:
        >>> a = RecordedRequest("GET", "http", "h", None, "/p", (("b", "2"), ("a", "1")))
        >>> b = RecordedRequest("GET", "http", "h", None, "/p", (("a", "1"), ("b", "2")))
        >>> request_key(a) == request_key(b)
        True
    """
    query = sorted(request.query, key=lambda pair: pair[0])
    digest = blake2b(digest_size=16)
    digest.update(orjson.dumps([request.method, request.path, query]))
    digest.update(request.body)
    return digest.hexdigest()


def _request_json(request: RecordedRequest) -> dict[str, Any]:
    return {
        "method": request.method,
        "scheme": request.scheme,
        "host": request.host,
        "port": request.port,
        "path": request.path,
        "query": [list(pair) for pair in request.query],
        "headers": [list(pair) for pair in request.headers],
    }


def _exchange(row: Response) -> Exchange:
    data = row.request or {}
    request = RecordedRequest(
        str(data.get("method", "GET")),
        str(data.get("scheme", "http")),
        str(data.get("host", "")),
        data.get("port"),
        str(data.get("path", "/")),
        tuple((str(k), str(v)) for k, v in data.get("query", [])),
        tuple((str(k), str(v)) for k, v in data.get("headers", [])),
        row.request_body or b"",
    )
    headers = tuple((str(k), str(v)) for k, v in (row.headers or []))
    response = RecordedResponse(row.status, headers, row.body or b"")
    return Exchange(request, response, row.created_at, row.duration_ms, row.operation)


async def save_exchange(
    session: AsyncSession,
    exchange: Exchange,
    *,
    spec_key: str,
    environment: str | None = None,
) -> int:
    """Store one (already redacted) exchange; returns the version it got.

    Args:
        session: the session (the caller commits).
        exchange: the exchange to keep.
        spec_key: the description's identity (or the live target's, when recording
            without a description).
        environment: the ``MOCK_ENVIRONMENT`` it was recorded in.
    """
    key = request_key(exchange.request)
    operation = exchange.operation or f"{exchange.request.method} {exchange.request.path}"
    operation = operation[:512]
    with translate_errors(session_url(session)):
        for _ in range(_RETRIES):
            latest = await session.scalar(
                select(func.max(Response.version)).where(
                    Response.spec_key == spec_key,
                    Response.operation == operation,
                    Response.request_key == key,
                )
            )
            version = int(latest or 0) + 1
            row = Response(
                spec_key=spec_key,
                operation=operation,
                request_key=key,
                status=exchange.response.status,
                headers=[list(pair) for pair in exchange.response.headers],
                body=exchange.response.body,
                media_type=exchange.response.media_type,
                source=ResponseSource.RECORDED.value,
                version=version,
                created_at=exchange.recorded_at or time.time(),
                environment=environment,
                request=_request_json(exchange.request),
                request_body=exchange.request.body,
                duration_ms=exchange.duration_ms,
            )
            try:
                async with session.begin_nested():
                    session.add(row)
            except IntegrityError:
                continue  # another process took this version: take the next
            return version
    raise RuntimeError(f"could not store a recording of {operation} after {_RETRIES} tries")


async def load_exchanges(
    session: AsyncSession, *, spec_key: str | None = None
) -> tuple[Exchange, ...]:
    """Every recorded exchange (of one description, when given), in recorded order."""
    query = select(Response).where(Response.source == ResponseSource.RECORDED.value)
    if spec_key is not None:
        query = query.where(Response.spec_key == spec_key)
    query = query.order_by(Response.created_at, Response.id)
    with translate_errors(session_url(session)):
        rows = (await session.scalars(query)).all()
    return tuple(_exchange(row) for row in rows)


async def redaction_key(session: AsyncSession) -> bytes:
    """The store's redaction key, made (and kept) on first use.

    Every process recording into one store gets the same key, so the same real value
    always becomes the same fake one.
    """
    where = (EnvironmentConfig.environment == _KEY_ENVIRONMENT, EnvironmentConfig.key == _KEY_NAME)
    with translate_errors(session_url(session)):
        found = await session.scalar(select(EnvironmentConfig.value).where(*where))
        if found is None:
            fresh = base64.b64encode(secrets.token_bytes(32)).decode()
            try:
                async with session.begin_nested():
                    session.add(
                        EnvironmentConfig(environment=_KEY_ENVIRONMENT, key=_KEY_NAME, value=fresh)
                    )
            except IntegrityError:
                pass  # another process made it first: use theirs
            found = await session.scalar(select(EnvironmentConfig.value).where(*where))
    return base64.b64decode(str(found))
