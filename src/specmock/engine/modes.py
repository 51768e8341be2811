"""Modes: where answers come from, each one a line of composition of responders.

Rules:

- A responder here is ``async (Request) -> Response | None``; ``None`` means "not mine,
  ask the next". :func:`first_of` asks in order. Leaves: :func:`mocked` (the
  description's answers; ``None`` when it has no such operation), :func:`replayed`
  (recordings), :func:`live` (the upstream). Wrappers: :func:`recording` (keep what the
  upstream said, redacted), :func:`tolerant` (an upstream that fails, times out or
  answers 5xx is ``None``, so the next responder answers).
- ``PIPELINES`` maps each :class:`~specmock.config.Mode` to its composition; nothing
  else in specmock branches on the mode.
- Every answer says where it came from in ``x-specmock-source``: ``generated`` or
  ``example`` (the description), ``recorded``, ``live``.
- A live answer is recorded only after it was returned by the upstream, redacted by the
  recorder before anything else sees it, and added to playback (redacted) so a repeat of
  the request in hybrid mode replays it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import TYPE_CHECKING

from specmock.config import Mode
from specmock.errors import SpecmockError
from specmock.models import Request, Response
from specmock.record.exchange import Exchange, RecordedRequest, RecordedResponse

if TYPE_CHECKING:
    from specmock.http.upstream import Upstream
    from specmock.record.cassette import CassetteRecorder
    from specmock.record.matchers import Playback
    from specmock.record.recorder import Recorder
    from specmock.spec.routing import Router

__all__ = [
    "PIPELINES",
    "ModeOptions",
    "Parts",
    "Pipeline",
    "first_of",
    "live",
    "mocked",
    "recorded_request",
    "recording",
    "replayed",
    "tolerant",
]

Pipeline = Callable[[Request], Awaitable[Response | None]]


@dataclass(frozen=True, slots=True)
class ModeOptions:
    """How a server or transport answers: the mode and its switches.

    ``store_url`` is where recordings are kept and read (the SQL store);
    ``spec_key`` names them (the description's identity, or the live target's).
    """

    mode: Mode = Mode.MOCK_ONLY
    fallback_to_live: bool = False
    live_first: bool = False
    record_on_miss: bool = False
    match_on: tuple[str, ...] = ("method", "path", "query", "body")
    store_url: str | None = None
    spec_key: str = ""
    environment: str | None = None
    #: Redaction rules beyond the defaults: secret field names, regexes, allowed fields.
    redact_fields: tuple[str, ...] = ()
    redact_patterns: tuple[str, ...] = ()
    allow_fields: tuple[str, ...] = ()

    @property
    def records(self) -> bool:
        """Whether this mode writes recordings."""
        return self.mode is Mode.RECORD or (self.mode is Mode.HYBRID and self.record_on_miss)

    @property
    def replays(self) -> bool:
        """Whether this mode reads recordings."""
        return self.mode in (Mode.PLAYBACK, Mode.HYBRID)

    @property
    def needs_upstream(self) -> bool:
        """Whether this mode asks the live API."""
        return self.mode in (Mode.DISABLED, Mode.RECORD) or (
            self.mode is Mode.HYBRID
            and (self.fallback_to_live or self.live_first or self.record_on_miss)
        )


@dataclass(frozen=True, slots=True)
class Parts:
    """What a mode is composed of; a part a mode does not need may be ``None``."""

    mock: Callable[[Request], Awaitable[Response]]
    router: Router
    upstream: Upstream | None = None
    recorder: Recorder | CassetteRecorder | None = None
    playback: Playback | None = None
    fallback_to_live: bool = False
    live_first: bool = False
    record_on_miss: bool = False
    scheme: str = "http"
    host: str = "localhost"
    port: int | None = None


def recorded_request(parts: Parts, request: Request) -> RecordedRequest:
    """The server's request as a recording sees it (the upstream's scheme and host)."""
    return RecordedRequest(
        request.method.upper(),
        parts.scheme,
        parts.host,
        parts.port,
        request.path,
        request.query,
        request.headers,
        request.body,
    )


def _sourced(response: Response, source: str) -> Response:
    headers = tuple((k, v) for k, v in response.headers if k != "x-specmock-source")
    return replace(response, headers=(*headers, ("x-specmock-source", source)), source=source)


def first_of(*responders: Pipeline) -> Pipeline:
    """The first answer any of ``responders`` gives."""

    async def answer(request: Request) -> Response | None:
        for responder in responders:
            response = await responder(request)
            if response is not None:
                return response
        return None

    return answer


def mocked(parts: Parts) -> Pipeline:
    """The description's answer, or ``None`` when it has no such operation."""

    async def answer(request: Request) -> Response | None:
        try:
            parts.router.match(request.method, request.path)
        except SpecmockError:
            return None
        return await parts.mock(request)

    return answer


def replayed(parts: Parts, *, strict: bool) -> Pipeline:
    """The recorded answer; a miss is ``None``, or with ``strict`` a 404 naming the nearest."""
    from specmock.record.matchers import NoRecording, replay_headers

    async def answer(request: Request) -> Response | None:
        playback, recorder = parts.playback, parts.recorder
        if playback is None:
            return None
        incoming = recorded_request(parts, request)
        if recorder is not None:
            incoming = recorder.redact_request(incoming)  # recordings hold redacted values
        try:
            found = playback.find(incoming)
        except NoRecording:
            if strict:
                raise
            return None
        headers = replay_headers(found.response.headers)
        return _sourced(Response(found.response.status, headers, found.response.body), "recorded")

    return answer


def live(parts: Parts) -> Pipeline:
    """The upstream's answer (errors raise :class:`~specmock.http.upstream.UpstreamError`)."""

    async def answer(request: Request) -> Response | None:
        if parts.upstream is None:
            return None
        return _sourced(await parts.upstream(request), "live")

    return answer


def tolerant(responder: Pipeline) -> Pipeline:
    """``responder``, with failures, timeouts and 5xx answers as ``None`` (ask the next)."""
    from specmock.http.upstream import UpstreamError

    async def answer(request: Request) -> Response | None:
        try:
            response = await responder(request)
        except UpstreamError:
            return None
        if response is not None and response.status >= 500:
            if isinstance(response.stream, AsyncGenerator):
                await response.stream.aclose()  # let go of the upstream connection
            return None
        return response

    return answer


def recording(parts: Parts, responder: Pipeline) -> Pipeline:
    """``responder``'s answers, each kept (redacted) by the recorder and added to playback."""

    async def answer(request: Request) -> Response | None:
        started = time.perf_counter()
        response = await responder(request)
        recorder = parts.recorder
        if response is None or recorder is None:
            return response
        elapsed = (time.perf_counter() - started) * 1000
        operation: str | None = None
        with contextlib.suppress(SpecmockError):
            operation = parts.router.match(request.method, request.path).operation.key

        async def keep(body: bytes) -> None:
            exchange = Exchange(
                recorded_request(parts, request),
                RecordedResponse(response.status, response.headers, body),
                time.time(),
                elapsed,
                operation,
            )
            stored = await recorder.record(exchange)
            if parts.playback is not None:
                parts.playback.add(stored)

        if response.stream is None:
            await keep(response.body)
            return response
        return replace(response, stream=_teed(response.stream, keep))

    return answer


async def _teed(
    stream: AsyncIterator[bytes], keep: Callable[[bytes], Awaitable[None]]
) -> AsyncIterator[bytes]:
    """``stream`` passed on chunk by chunk; the whole body is kept once it has ended."""
    chunks: list[bytes] = []
    async for chunk in stream:
        chunks.append(chunk)
        yield chunk
    await keep(b"".join(chunks))


def _hybrid(parts: Parts) -> Pipeline:
    upstream: Pipeline = live(parts)
    if parts.record_on_miss:
        upstream = recording(parts, upstream)
    if parts.live_first:
        return first_of(tolerant(upstream), replayed(parts, strict=False), mocked(parts))
    fallback = (upstream,) if parts.fallback_to_live else ()
    return first_of(replayed(parts, strict=False), mocked(parts), *fallback)


#: Each mode's composition.
PIPELINES: Mapping[Mode, Callable[[Parts], Pipeline]] = MappingProxyType(
    {
        Mode.DISABLED: live,
        Mode.MOCK_ONLY: lambda parts: parts.mock,
        Mode.HYBRID: _hybrid,
        Mode.RECORD: lambda parts: recording(parts, live(parts)),
        Mode.PLAYBACK: lambda parts: replayed(parts, strict=True),
    }
)
