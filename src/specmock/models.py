"""Transport-neutral values: a request, a response, a request's bound ``Inputs``.

Rules: frozen, built once at the edge (the CLI's ``--request``, the server, the httpx
transport); the engine reads them and never parses raw text itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from specmock.errors import SpecmockError

__all__ = ["FileInfo", "Inputs", "Request", "RequestError", "Response"]


class RequestError(SpecmockError, ValueError):
    """A request (or ``--request`` value) that cannot be understood."""

    status = 400


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What is known of an uploaded file: its name, size in bytes and media type."""

    filename: str
    size: int
    media_type: str = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Inputs:
    """The values of one request, bound to an operation's parameters.

    ``path``, ``query``, ``headers`` and ``cookies`` map parameter names to values
    (already typed where the description says so); ``body`` is the parsed body (JSON
    value or form fields); ``files`` the uploaded files by form field name; ``url`` where
    the request was sent, without its query (``http://127.0.0.1:4010/v1/pets``; the bare
    path when the host is not known, empty when there was no HTTP request), so that links
    in the answer lead back to the mock.
    """

    path: Mapping[str, Any] = field(default_factory=dict)
    query: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, Any] = field(default_factory=dict)
    cookies: Mapping[str, Any] = field(default_factory=dict)
    body: Any = None
    files: Mapping[str, FileInfo] = field(default_factory=dict)
    url: str = ""

    @classmethod
    def from_json(cls, value: Any) -> Inputs:
        """Build from ``{"path": {...}, "query": {...}, "headers": {...}, "body": ...}``.

        ``files`` maps a field name to ``{"filename", "size", "media_type"}``.

        Example:
            >>> Inputs.from_json({"path": {"petId": 42}, "query": {"limit": 5}}).path
            {'petId': 42}

        Raises:
            RequestError: naming the part that has the wrong shape.
        """
        if not isinstance(value, Mapping):
            raise RequestError("a request must be a JSON object with path/query/headers/body")
        unknown = set(value) - {"path", "query", "headers", "cookies", "body", "files"}
        if unknown:
            raise RequestError(
                f"unknown request part(s) {', '.join(sorted(unknown))}; "
                "expected path, query, headers, cookies, body, files"
            )
        parts: dict[str, Mapping[str, Any]] = {}
        for part in ("path", "query", "headers", "cookies", "files"):
            given = value.get(part, {})
            if not isinstance(given, Mapping):
                raise RequestError(f"request part {part!r} must be a JSON object")
            parts[part] = dict(given)
        files: dict[str, FileInfo] = {}
        for name, info in parts["files"].items():
            if not isinstance(info, Mapping) or not isinstance(info.get("filename"), str):
                raise RequestError(f"file {name!r} needs at least a 'filename'")
            files[name] = FileInfo(
                filename=info["filename"],
                size=int(info.get("size", 0)),
                media_type=str(info.get("media_type", "application/octet-stream")),
            )
        return cls(
            path=parts["path"],
            query=parts["query"],
            headers={k.lower(): v for k, v in parts["headers"].items()},
            cookies=parts["cookies"],
            body=value.get("body"),
            files=files,
        )


@dataclass(frozen=True, slots=True)
class Request:
    """An HTTP request as any adapter (ASGI, httpx transport) sees it, converted once.

    ``path`` is the path as sent, without the query string and still percent-encoded
    (the router splits on ``/`` first, so an encoded ``%2F`` stays inside a value);
    ``query`` and ``headers`` keep every value in order (header names lower-cased);
    ``client`` is the peer's address when known (rate limits are kept per client);
    ``scheme`` the URL scheme it came by.
    """

    method: str
    path: str
    query: tuple[tuple[str, str], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    client: str = ""
    scheme: str = "http"

    @property
    def url(self) -> str:
        """Where the request was sent, without its query: ``scheme://host/path`` where a
        ``Host`` header names the host, else the path.

        Example:
            >>> Request("GET", "/pets", headers=(("host", "127.0.0.1:4010"),)).url
            'http://127.0.0.1:4010/pets'
        """
        host = self.header("host")
        return f"{self.scheme}://{host}{self.path}" if host else self.path

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first value of a header (name case-insensitive)."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k == wanted), default)


@dataclass(frozen=True, slots=True)
class Response:
    """An HTTP response before an adapter writes it: status, headers, body bytes.

    ``source`` says where it came from (``generated``, ``example``, ``recorded``, ``live``).
    ``stream``, when set, yields the body in chunks as they arrive (a live answer of
    unknown length, such as server-sent events); ``body`` is then empty.
    """

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    source: str = "generated"
    stream: AsyncIterator[bytes] | None = field(default=None, compare=False, repr=False)
