"""``Upstream``: the live API behind the mock, asked through httpx.

Rules:

- The request goes on as it came: method, path (appended to the target's own path),
  query, headers and body. Hop-by-hop headers, ``host`` and ``content-length`` are
  dropped (httpx sets them), and ``accept-encoding: identity`` is asked for, so the
  answer's bytes are the body itself (redaction and playback must see them); a server
  that compresses anyway is decoded, and its ``content-encoding`` dropped.
- The answer comes back unchanged but for hop-by-hop headers (and ``content-length``,
  which the server writes again); ``source`` is ``"live"``. An event stream, a chunked
  answer or one over 1 MiB is passed on as it arrives (``Response.stream``).
- A failure is an :class:`UpstreamError`: 504 for a timeout, 502 for anything else
  (refused, reset, bad TLS), one line naming the target. Callers that fall back (hybrid
  with ``--live-first``) catch it; the server turns it into problem+json.
- ``transport`` lets tests and the in-process mode pass any httpx transport.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx

from specmock.errors import SpecmockError
from specmock.models import Response

if TYPE_CHECKING:
    from specmock.models import Request

__all__ = ["DIRECT", "HOP_BY_HOP", "Upstream", "UpstreamError"]

#: An httpx request extension: this request goes to the network even while the pytest
#: plugin intercepts httpx (the upstream of a recording proxy must reach the real API).
DIRECT = "specmock.direct"

#: Headers that belong to one connection, never forwarded either way.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "proxy-authenticate",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "content-length",
        "host",
    }
)


class UpstreamError(SpecmockError, ConnectionError):
    """The live API could not be asked, or did not answer in time."""

    status = 502


class UpstreamTimeout(UpstreamError):
    """The live API did not answer in time."""

    status = 504


class Upstream:
    """Forwards requests to ``target`` and returns its answers.

    Example:
        >>> upstream = Upstream("https://api.example.com/v1")  # doctest: +SKIP
        >>> response = await upstream(Request("GET", "/pets/1"))  # doctest: +SKIP
        >>> response.source  # doctest: +SKIP
        'live'
    """

    def __init__(
        self,
        target: str,
        *,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        parts = httpx.URL(target)
        if parts.scheme not in ("http", "https") or not parts.host:
            raise UpstreamError(f"--target {target!r} is not an http(s) URL with a host")
        self.target = str(parts).rstrip("/")
        self._client = httpx.AsyncClient(
            timeout=timeout, transport=transport, follow_redirects=False
        )

    def url(self, request: Request) -> str:
        """The upstream URL for ``request`` (target path + request path + query)."""
        return self.target + request.path

    async def __call__(self, request: Request) -> Response:
        """The live answer to ``request``.

        Raises:
            UpstreamError: the target refused, reset or failed (502), or timed out (504).
        """
        headers = [(k, v) for k, v in request.headers if k not in HOP_BY_HOP]
        headers = [(k, v) for k, v in headers if k != "accept-encoding"]
        headers.append(("accept-encoding", "identity"))
        try:
            outgoing = self._client.build_request(
                request.method,
                self.url(request),
                params=list(request.query),
                headers=headers,
                content=request.body or None,
                extensions={DIRECT: True},  # never intercepted by the pytest plugin
            )
            answer = await self._client.send(outgoing, stream=True)
        except httpx.TimeoutException as error:
            raise UpstreamTimeout(f"{self.target} did not answer in time ({error})") from error
        except httpx.HTTPError as error:
            detail = str(error) or type(error).__name__
            raise UpstreamError(f"cannot reach {self.target}: {detail}") from error
        # httpx decodes a compressed body, so its content-encoding no longer applies
        dropped = HOP_BY_HOP | {"content-encoding"}
        kept = tuple(
            (k.decode("latin-1").lower(), v.decode("latin-1"))
            for k, v in answer.headers.raw
            if k.decode("latin-1").lower() not in dropped
        )
        if _streams(answer):
            return Response(answer.status_code, kept, b"", "live", stream=_chunks(answer))
        try:
            body = await answer.aread()
        except httpx.HTTPError as error:
            raise UpstreamError(f"{self.target} broke off its answer: {error}") from error
        finally:
            await answer.aclose()
        return Response(answer.status_code, kept, body, "live")

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._client.aclose()


#: Answers larger than this (or of unknown length) are passed on as they arrive.
STREAM_OVER = 1024 * 1024


def _streams(answer: httpx.Response) -> bool:
    """Whether to pass the answer on chunk by chunk: event streams, unknown or large sizes."""
    if answer.headers.get("content-type", "").startswith("text/event-stream"):
        return True
    length = answer.headers.get("content-length")
    if length is None:
        return "chunked" in answer.headers.get("transfer-encoding", "")
    return length.isdigit() and int(length) > STREAM_OVER


async def _chunks(answer: httpx.Response) -> AsyncIterator[bytes]:
    try:
        async for chunk in answer.aiter_bytes():
            yield chunk
    finally:
        await answer.aclose()
