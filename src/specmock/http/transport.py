"""``MockTransport``: specmock inside an httpx client, sync or async, without a socket.

Rules:

- An httpx transport (both ``BaseTransport`` and ``AsyncBaseTransport``), so code under
  test keeps its own ``httpx.Client`` / ``AsyncClient`` and only its transport changes;
  no monkeypatching. Everything the server does holds here: modes, recording with
  redaction, playback, caching, stateful mode, chaos and the admin API.
- The app runs on the transport's own event loop in a background thread, whichever
  thread or loop the caller uses: the store's connections and the upstream's pool are
  bound to one loop, and a sync client has no loop at all.
- The request's path is passed on percent-encoded, as sent; the answer's headers and
  body come back unchanged (``content-length`` recomputed by httpx).
- :meth:`close` (or ``with``) stops the loop after closing the app's resources.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl

import httpx

from specmock.models import Request

if TYPE_CHECKING:
    from specmock.http.app import App
    from specmock.models import Response

__all__ = ["MockTransport"]

_T = TypeVar("_T")


class MockTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Answers an httpx client's requests with a specmock :class:`~specmock.http.app.App`.

    Example:
        >>> from specmock.engine import Engine
        >>> from specmock.http import create_app
        >>> app = create_app(Engine.from_source("examples/petstore.yaml"))
        >>> with httpx.Client(transport=MockTransport(app), base_url="http://api") as client:
        ...     client.get("/pets/7").json()["id"]
        7
    """

    def __init__(self, app: App) -> None:
        self.app = app
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="specmock-transport", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    def _run(self, work: Coroutine[Any, Any, _T]) -> _T:
        return asyncio.run_coroutine_threadsafe(work, self._running_loop()).result()

    async def _answer(self, request: httpx.Request) -> Response:
        body = request.content  # read by the caller, on its own loop
        raw_path, _, raw_query = request.url.raw_path.decode("ascii").partition("?")
        query = tuple(parse_qsl(raw_query, keep_blank_values=True))
        headers = tuple(
            (k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in request.headers.raw
        )
        answer = await self.app.respond(
            Request(
                request.method, raw_path or "/", query, headers, body, scheme=request.url.scheme
            )
        )
        if answer.stream is not None:  # a streamed live answer: an httpx body is whole
            whole = b"".join([chunk async for chunk in answer.stream])
            answer = replace(answer, body=whole, stream=None)
        return answer

    @staticmethod
    def _response(answer: Response, request: httpx.Request) -> httpx.Response:
        headers = [(k, v) for k, v in answer.headers if k != "content-length"]
        return httpx.Response(answer.status, headers=headers, content=answer.body, request=request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer a sync client's request."""
        request.read()
        return self._response(self._run(self._answer(request)), request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer an async client's request."""
        await request.aread()
        future = asyncio.run_coroutine_threadsafe(self._answer(request), self._running_loop())
        return self._response(await asyncio.wrap_future(future), request)

    def close(self) -> None:
        """Close the app's resources and stop the transport's loop."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        asyncio.run_coroutine_threadsafe(self.app.aclose(), loop).result()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()

    async def aclose(self) -> None:
        """:meth:`close`, from async code."""
        await asyncio.to_thread(self.close)
