"""``Exchange``: one recorded request and the answer it got, as every part of record/ sees it.

Rules:

- Values only (frozen, slotted): the recorder builds them, redaction returns new ones,
  the store and the cassette formats read and write them.
- Headers keep their order and repetitions; names are lower-cased once, here, at
  construction (:func:`headers_of`).
- Bodies are bytes exactly as sent and received (a recording is byte-faithful);
  ``media_type`` is the ``content-type`` without parameters, for whoever needs to parse.
- The URL is split once: ``scheme``, ``host``, ``port``, ``path`` (percent-encoded, as
  sent), ``query`` (pairs in order) — so matchers compare parts, not strings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = ["Exchange", "RecordedRequest", "RecordedResponse", "headers_of"]

Headers = tuple[tuple[str, str], ...]


def headers_of(pairs: Iterable[tuple[str, str]]) -> Headers:
    """Header pairs with lower-cased names, order and repetitions kept.

    Example:
        >>> headers_of([("Content-Type", "application/json"), ("X-A", "1")])
        (('content-type', 'application/json'), ('x-a', '1'))
    """
    return tuple((name.lower(), value) for name, value in pairs)


def _media_type(headers: Headers) -> str | None:
    value = next((v for k, v in headers if k == "content-type"), None)
    if value is None:
        return None
    return value.split(";", 1)[0].strip().lower() or None


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """The request as it went to the upstream."""

    method: str
    scheme: str
    host: str
    port: int | None
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: Headers = ()
    body: bytes = b""

    @classmethod
    def from_url(
        cls,
        method: str,
        url: str,
        headers: Iterable[tuple[str, str]] = (),
        body: bytes = b"",
    ) -> RecordedRequest:
        """A request from a full URL.

        Example:
            >>> r = RecordedRequest.from_url("get", "https://api.example.com:8443/v1/pets?limit=2")
            >>> r.method, r.host, r.port, r.path, r.query
            ('GET', 'api.example.com', 8443, '/v1/pets', (('limit', '2'),))
        """
        parts = urlsplit(url)
        return cls(
            method.upper(),
            parts.scheme.lower(),
            (parts.hostname or "").lower(),
            parts.port,
            parts.path or "/",
            tuple(parse_qsl(parts.query, keep_blank_values=True)),
            headers_of(headers),
            body,
        )

    @property
    def url(self) -> str:
        """The full URL again (the query re-encoded from its pairs)."""
        netloc = self.host if self.port is None else f"{self.host}:{self.port}"
        query = f"?{urlencode(self.query)}" if self.query else ""
        return f"{self.scheme}://{netloc}{self.path}{query}"

    @property
    def media_type(self) -> str | None:
        """The body's media type, without parameters."""
        return _media_type(self.headers)


@dataclass(frozen=True, slots=True)
class RecordedResponse:
    """The upstream's answer."""

    status: int
    headers: Headers = ()
    body: bytes = b""

    @property
    def media_type(self) -> str | None:
        """The body's media type, without parameters."""
        return _media_type(self.headers)


@dataclass(frozen=True, slots=True)
class Exchange:
    """A request, its answer, when it happened (epoch seconds) and how long it took."""

    request: RecordedRequest
    response: RecordedResponse
    recorded_at: float = 0.0
    duration_ms: float | None = None
    #: The description's operation it answered (``"GET /pets/{id}"``), when known.
    operation: str | None = None
    extensions: tuple[tuple[str, str], ...] = field(default=())
