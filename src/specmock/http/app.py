"""The ASGI application: parse the request once, ask the responder, write the answer.

Rules:

- A plain ASGI 3 callable (no framework): ``http`` and ``lifespan`` scopes only.
- The body is read up to ``max_body`` bytes and no further: a larger ``Content-Length``
  is refused before reading, a stream that grows past the limit is cut off (413).
- The query string must be UTF-8 (400 otherwise); header values are read as Latin-1,
  as HTTP defines them. The path is passed on percent-encoded, as sent (the router
  decodes each segment).
- ``/__specmock/`` endpoints go to the admin API (``http/admin.py``); other paths,
  including a description's own ``/__specmock...`` paths, go to the responder.
- Chaos (``http/chaos.py``), when active, delays with ``asyncio.sleep`` (never blocking
  the loop) and answers a drawn error through the responder as ``Prefer: code=N``.
- ``--watch`` (``http/reload.py``) runs in a task of the ASGI lifespan and swaps the
  engine with :meth:`App.use`: one assignment between two requests.
- Any unexpected exception becomes a 500 problem without a traceback, and is logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from dataclasses import replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl

import httpx

from specmock.analytics import Collector, Slot
from specmock.analytics.flush import AnalyticsFlusher
from specmock.config import Mode, Quality
from specmock.engine.cached import CACHE_ENTRY, CACHE_OUTCOME, Cached
from specmock.engine.modes import PIPELINES, ModeOptions, Parts, Pipeline
from specmock.engine.respond import Responder, error_response
from specmock.engine.stateful import Stateful
from specmock.errors import SpecmockError
from specmock.http.access import Tokens
from specmock.http.admin import ADMIN_PREFIX, Admin
from specmock.http.chaos import Chaos
from specmock.http.hot import HotAnswers, HotEntry, messages
from specmock.http.problem import problem
from specmock.http.ratelimit import RateLimits, too_many
from specmock.http.reload import Watcher
from specmock.http.usage import Usage
from specmock.models import Request, Response
from specmock.record.matchers import NoRecording

if TYPE_CHECKING:
    from specmock.cache import Cache
    from specmock.engine import Engine
    from specmock.engine.state import State
    from specmock.http.upstream import Upstream
    from specmock.record.cassette import CassetteRecorder
    from specmock.record.matchers import Playback
    from specmock.record.recorder import Recorder
    from specmock.record.redact import RedactionSummary
    from specmock.spec.model import Operation

__all__ = ["ADMIN_PREFIX", "DEFAULT_MAX_BODY", "App", "create_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

#: Request bodies larger than this are refused with 413 (10 MiB).
DEFAULT_MAX_BODY = 10 * 1024 * 1024

_log = logging.getLogger("specmock.http")

#: The operation the current request was routed to (``None`` until routed).
ANSWERED: ContextVar[str | None] = ContextVar("specmock_answered", default=None)


#: Seconds after start-up at which every operation's patterns are recognised.
_RECOGNISE_AFTER = 0.5
#: Sources whose answers were checked against the description (``valid`` in analytics).
_CHECKED = frozenset({"generated", "example"})


def _note_operation(op: Operation) -> None:
    ANSWERED.set(op.key)


class _TooLarge(Exception):
    pass


class App:
    """The ASGI app serving one engine's description (``create_app`` is this class).

    Args:
        engine: the engine whose description is served.
        validate: check requests against the description (400/415/422 problems).
        admin_token: a token (role admin) or :class:`~specmock.http.access.Tokens`; when
            set, the admin API under ``/__specmock/`` wants one as a bearer, by role.
        max_body: the largest request body accepted, in bytes (413 beyond).
        chaos: latency and error injection (off when ``None``); the admin API changes it.
        watch: reload the description when its files change (while the ASGI lifespan runs).
        state: stateful mode's store (``specmock.engine.state``); ``None`` answers every
            request from the description alone.
        cache: answers repeated requests from this cache (``specmock.cache``); stateful
            answers are never cached.
        cache_ttl: seconds a cached answer lives (``None``: until evicted).
        usage: counts answered operations into the store's pattern usage
            (``specmock stats patterns``); ``None`` counts nothing.
        modes: where answers come from (``MOCK_MODE`` and its switches; the default
            answers from the description only).
        upstream: the live API, for the modes that ask it.
        debug: trace every answer on the ``specmock.trace`` logger (no request values).
        limits: rate limits per client, operation and expensive answer (429 beyond).
        audit_url: the store the admin API's changes are audited in (none: not audited).
        analytics: counts every answer (``/__specmock/stats`` and ``/metrics`` show it).
        analytics_url: the store the analytics are flushed to every 10 s (none: kept here).

    Example:
        >>> import httpx  # doctest: +SKIP
        >>> app = create_app(Engine.from_source("examples/petstore.yaml"))  # doctest: +SKIP
        >>> transport = httpx.ASGITransport(app=app)  # doctest: +SKIP
    """

    def __init__(
        self,
        engine: Engine,
        *,
        validate: bool = True,
        admin_token: str | Tokens | None = None,
        max_body: int = DEFAULT_MAX_BODY,
        chaos: Chaos | None = None,
        watch: bool = False,
        state: State | None = None,
        cache: Cache | None = None,
        cache_ttl: float | None = None,
        usage: Usage | None = None,
        modes: ModeOptions | None = None,
        upstream: Upstream | None = None,
        debug: bool = False,
        limits: RateLimits | None = None,
        audit_url: str | None = None,
        analytics: Collector | None = None,
        analytics_url: str | None = None,
    ) -> None:
        self.engine = engine
        self.debug = debug
        self.analytics = analytics
        self._flusher = (
            AnalyticsFlusher(analytics, analytics_url)
            if analytics is not None and analytics_url
            else None
        )
        if analytics is not None:
            analytics.pattern_confidence(
                lambda: [m for op in engine.spec.operations for m in engine.patterns(op)]
            )
        self.limits = limits
        self._auditor = _StoreAuditor(audit_url) if audit_url else None
        self.usage = usage
        self.modes = modes if modes is not None else ModeOptions()
        self._hybrid = self.modes.mode is Mode.HYBRID
        self.upstream = upstream
        self.recorder: Recorder | CassetteRecorder | None = None
        self.playback: Playback | None = None
        self._pipeline: Pipeline | None = None
        self._opening = asyncio.Lock()
        #: What redaction did while recording (kept after the recorder closes).
        self.redaction: RedactionSummary | None = None
        self.validate = validate
        self.responder = self._responder(engine)
        self.state = state
        self.stateful = Stateful(state) if state is not None else None
        self.cache = cache
        self.cache_ttl = cache_ttl
        self.cached = Cached(self.responder, cache, ttl=cache_ttl) if cache is not None else None
        self.chaos = chaos if chaos is not None else Chaos()
        self.admin = Admin(
            engine,
            admin_token,
            self.chaos,
            state.reset if state is not None else None,
            cache,
            self._auditor,
            analytics,
        )
        self.max_body = max_body
        self.watch = watch
        self._hot = self._hot_answers()

    def _hot_answers(self) -> HotAnswers | None:
        """The hot path's memo, where the cache's answer is the whole answer
        (``http/hot.py``); ``None`` elsewhere."""
        plain = (
            self.modes.mode is Mode.MOCK_ONLY
            and self.cached is not None
            and self.stateful is None
            and self.limits is None
            and not self.debug
        )
        return HotAnswers() if plain else None

    def use(self, engine: Engine) -> None:
        """Serve ``engine`` from the next request on (``--watch`` calls this)."""
        responder = self._responder(engine)
        if self.usage is not None:
            self.usage.use(engine)
        cached = (
            Cached(responder, self.cache, ttl=self.cache_ttl) if self.cache is not None else None
        )
        self.engine, self.responder, self.cached, self.admin.engine = (
            engine,
            responder,
            cached,
            engine,
        )
        self._pipeline = None  # rebuilt around the new router on the next request
        self._hot = self._hot_answers()

    def _responder(self, engine: Engine) -> Responder:
        responder = Responder(engine, validate=self.validate)
        usage = self.usage
        if usage is not None:

            def observe(op: Operation) -> None:
                ANSWERED.set(op.key)
                usage.count(op)

            responder.observe = observe
        else:
            responder.observe = _note_operation
        return responder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one ASGI connection scope."""
        kind = scope["type"]
        if kind == "lifespan":
            await self._lifespan(receive, send)
            return
        if kind != "http":
            return
        entry: HotEntry | None = None
        try:
            body = await self._read_body(scope["headers"], receive)
            hot = self._hot
            if hot is None or self.chaos.active:
                response = await self._handle(scope, body)
            else:
                response, entry = await self._hot_answer(hot, scope, body)
        except _TooLarge:
            response = problem(413, f"the request body is larger than {self.max_body} bytes")
        except Exception:
            _log.exception("unexpected error answering %s %s", scope.get("method"), scope["path"])
            response = problem(500, "specmock failed to answer this request; see its log")
        if entry is not None and entry.response is response:
            await send(entry.start)
            await send(entry.body)
            return
        await self._write(send, response)

    async def _hot_answer(
        self, hot: HotAnswers, scope: Scope, body: bytes
    ) -> tuple[Response, HotEntry | None]:
        """The answer to a request seen before, from the cache without parsing it again
        (``http/hot.py``); else the full path, remembering what the cache did."""
        key = hot.key(scope, body)
        entry = hot.entries.get(key)
        cached = self.cached
        # a caller may drive several requests in one task (httpx's ASGITransport does)
        CACHE_ENTRY.set(None)
        analytics = self.analytics
        if entry is None or cached is None:
            response = await self._handle(scope, body)
            return response, hot.learn(key, body, response, self._counting())
        started = time.perf_counter() if analytics is not None else 0.0
        hit = await cached.fetch(entry.op, entry.key)
        if hit is not None:
            response = cached.recall(entry.op, entry.key, hit)
            if response is entry.response:  # the remembered answer: its slot is known
                counted = entry.counted
                if counted is not None:
                    counted.add(time.perf_counter() - started)
                return response, entry
        else:
            request = self._request(scope, body)
            if isinstance(request, Response):
                return request, None
            response = await cached.fill(request, entry.op, entry.key)
        if analytics is not None:
            self._count(response, time.perf_counter() - started)
        if response is entry.response:
            return response, entry
        return response, hot.learn(key, body, response, self._counting())

    async def _handle(self, scope: Scope, body: bytes) -> Response:
        request = self._request(scope, body)
        if isinstance(request, Response):
            return request
        return await self.respond(request)

    @staticmethod
    def _request(scope: Scope, body: bytes) -> Request | Response:
        """The request of an ASGI scope, or the 400 problem of a query that is not UTF-8."""
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        path = raw_path.decode("latin-1").split("?", 1)[0]
        headers = tuple(
            (k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in scope["headers"]
        )
        raw_query: bytes = scope.get("query_string", b"")
        try:
            query = (
                tuple(parse_qsl(raw_query.decode("utf-8"), keep_blank_values=True, errors="strict"))
                if raw_query
                else ()
            )
        except (UnicodeDecodeError, ValueError):
            return problem(400, "the query string is not valid percent-encoded UTF-8")
        peer = scope.get("client")
        client = str(peer[0]) if peer else ""
        scheme = str(scope.get("scheme") or "http")
        return Request(scope["method"], path, query, headers, body, client, scheme)

    async def respond(self, request: Request) -> Response:
        """The answer to one request: the admin API, chaos, then the mode's pipeline.

        The ASGI entry point and the httpx transport (``http/transport.py``) both come here.
        With ``debug``, each answer is traced (``specmock.trace``).
        """
        if not self.debug and self.analytics is None:
            return await self._respond(request)
        # each request runs in its own task, so CACHE_OUTCOME and ANSWERED start unset
        started = time.perf_counter()
        response = await self._respond(request)
        elapsed = time.perf_counter() - started
        if self.analytics is not None and not request.path.startswith(ADMIN_PREFIX):
            self._count(response, elapsed)
        if self.debug:
            self._trace(request, response, elapsed * 1000)
        return response

    def _count(self, response: Response, elapsed: float) -> None:
        """Count one answer in the slot of its operation, source, status and cache result."""
        outcome = CACHE_OUTCOME.get()
        cache_hit = None if outcome is None else outcome == "hit"
        self._slot(ANSWERED.get() or "unmatched", response, cache_hit).add(elapsed)

    def _counting(self) -> Callable[[Operation, Response, bool], Slot] | None:
        """What the hot path's memo counts a hit on a remembered answer with (``None``:
        analytics are off)."""
        return None if self.analytics is None else self._hit_slot

    def _hit_slot(self, op: Operation, response: Response, warned: bool) -> Slot:
        """The slot a cache hit of ``op`` answered with ``response`` counts in (the hot
        path keeps it with the remembered answer)."""
        return self._slot(op.key, response, True, warned)

    def _slot(
        self, operation: str, response: Response, cache_hit: bool | None, warned: bool | None = None
    ) -> Slot:
        """The analytics slot of an answer; ``warned``: whether it carries a fallback
        warning, when known."""
        assert self.analytics is not None
        source = response.source
        valid: bool | None = None
        if source in _CHECKED:
            if warned is None:
                warned = any(k == "x-specmock-warning" for k, _ in response.headers)
            valid = not warned
        else:
            warned = False
        return self.analytics.slot(
            operation,
            source=source,
            status=response.status,
            cache_hit=cache_hit,
            fallback=warned or (self._hybrid and source == "live"),
            valid=valid,
        )

    def _trace(self, request: Request, response: Response, elapsed_ms: float) -> None:
        """One debug line: operation, pattern match, strategy, cache, source (no values)."""
        from specmock.engine.explain import explain
        from specmock.logs import TRACE

        facts: dict[str, Any] = {}
        with contextlib.suppress(SpecmockError):
            facts = explain(self.engine, request.method, request.path, self.responder.router)
        fields = {
            "method": request.method,
            "operation": facts.get("operation"),
            "path_params": sorted(facts.get("path_params", {})),
            "patterns": [
                {"name": m["name"], "confidence": m["confidence"], "evidence": m["evidence"]}
                for m in facts.get("patterns", [])
            ],
            "strategy": facts.get("strategy"),
            "cache": CACHE_OUTCOME.get() or ("off" if self.cache is None else "not asked"),
            "source": response.source,
            "status": response.status,
            "ms": round(elapsed_ms, 3),
        }
        TRACE.debug("answered %s %s", request.method, fields["operation"], extra=fields)

    async def _respond(self, request: Request) -> Response:
        if request.path.startswith(ADMIN_PREFIX):
            endpoint = request.path[len(ADMIN_PREFIX) :]
            answer = await self.admin(request.method, endpoint, request.headers, request.body)
            if answer is not None:
                return answer
        if self.limits is not None:
            refused = self._limited(request)
            if refused is not None:
                return refused
        if self.chaos.active:
            return await self._chaotic(request)
        return await self._answer(request)

    def _limited(self, request: Request) -> Response | None:
        """The 429 answer when a rate limit is exhausted, else ``None``."""
        assert self.limits is not None
        operation: str | None = None
        with contextlib.suppress(SpecmockError):
            operation = self.responder.router.match(request.method, request.path).operation.key
        expensive = self.engine.quality is Quality.PRODUCTION or "quality=production" in (
            request.header("prefer") or ""
        )
        wait = self.limits.check(request.client or "unknown", operation, expensive)
        return None if wait is None else too_many(wait)

    async def _answer(self, request: Request) -> Response:
        """The answer of the mode's pipeline (recordings, the description, the live API)."""
        pipeline = self._pipeline or await self._build()
        try:
            response = await pipeline(request)
        except NoRecording as error:
            return problem(404, str(error), nearest=[str(c) for c in error.nearest])
        except SpecmockError as error:
            return error_response(error)
        if response is None:
            return problem(
                404,
                f"nothing answers {request.method} {request.path}: no recording, no operation "
                "of the description, and no live API to ask",
            )
        return response

    async def _mock(self, request: Request) -> Response:
        """The description's answer: from the state in stateful mode, else generated."""
        if self.stateful is not None:
            return await self.stateful.respond(self.responder, request)
        if self.cached is not None:
            return await self.cached(request)
        return self.responder(request)

    async def _build(self) -> Pipeline:
        """The mode's pipeline; the store is opened on first use (once)."""
        async with self._opening:
            modes = self.modes
            if (modes.records or modes.replays) and modes.store_url and self.recorder is None:
                from specmock.record.cassette import CassetteRecorder, is_cassette
                from specmock.record.matchers import Playback
                from specmock.record.recorder import Recorder
                from specmock.record.redact import Rules

                rules = Rules.default().with_(
                    fields=modes.redact_fields,
                    patterns=modes.redact_patterns,
                    allow=modes.allow_fields,
                )
                if is_cassette(modes.store_url):
                    self.recorder = await CassetteRecorder.open(modes.store_url, rules=rules)
                else:
                    self.recorder = await Recorder.open(
                        modes.store_url,
                        spec_key=modes.spec_key,
                        environment=modes.environment,
                        rules=rules,
                    )
                self.playback = Playback(await self.recorder.exchanges(), modes.match_on)
            if modes.replays and self.playback is not None and self.engine.spec.operations:
                self._warn_drift(self.playback)
            target = httpx.URL(self.upstream.target) if self.upstream is not None else None
            parts = Parts(
                self._mock,
                self.responder.router,
                self.upstream,
                self.recorder,
                self.playback,
                fallback_to_live=modes.fallback_to_live,
                live_first=modes.live_first,
                record_on_miss=modes.record_on_miss,
                scheme=target.scheme if target is not None else "http",
                host=target.host if target is not None else "localhost",
                port=target.port if target is not None else None,
            )
            self._pipeline = PIPELINES[modes.mode](parts)
            return self._pipeline

    def _warn_drift(self, playback: Playback) -> None:
        """One warning when recordings disagree with the (possibly new) description."""
        from specmock.record.drift import drift

        findings = drift(self.engine, playback.exchanges)
        if findings:
            operations = len({f.operation for f in findings})
            _log.warning(
                "%d recorded answers of %d operations disagree with the description "
                "(%d findings): run `specmock drift %s`",
                sum(f.count for f in findings),
                operations,
                len(findings),
                self.engine.spec.source,
            )

    async def aclose(self) -> None:
        """Release what the app holds open (the ASGI lifespan's shutdown calls this)."""
        if self.state is not None:
            await self.state.aclose()
        if self.cache is not None:
            await self.cache.aclose()
        if self.recorder is not None:
            self.redaction = self.recorder.redactor.summary()
            await self.recorder.aclose()
            self.recorder = None
        if self.upstream is not None:
            await self.upstream.aclose()
        if self._auditor is not None:
            await self._auditor.aclose()

    async def _chaotic(self, request: Request) -> Response:
        """The answer with the chaos drawn for its operation; misses are answered as usual."""
        responder = self.responder
        try:
            op = responder.router.match(request.method, request.path).operation
        except SpecmockError:
            return await self._answer(request)
        fault = self.chaos.draw(op)
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.error is None:
            response = await self._answer(request)
        elif fault.documented:
            # First Prefer value wins, so this overrides any code the client asked for.
            forced = (("prefer", f"code={fault.error}"), *request.headers)
            response = await self._answer(replace(request, headers=forced))
        else:
            response = responder(request)
            if response.status < 400:  # invalid requests keep their 400/422, as above
                response = problem(
                    fault.error, f"an injected failure (chaos: error rate) of {op.key}"
                )
        labels = ["latency"] if fault.delay else []
        if fault.error is not None and response.status == fault.error:
            labels.append("error")
        if not labels:
            return response
        return replace(
            response, headers=(*response.headers, ("x-specmock-chaos", ", ".join(labels)))
        )

    async def _read_body(self, headers: list[tuple[bytes, bytes]], receive: Receive) -> bytes:
        for name, value in headers:  # ASGI header names are lower case
            if name == b"content-length":
                # refused before reading (nor is an "Expect: 100-continue" client asked on)
                if value.strip().isdigit() and int(value) > self.max_body:
                    raise _TooLarge
                break
        message = await receive()
        if message["type"] == "http.request" and not message.get("more_body", False):
            whole: bytes = message.get("body", b"")  # all of it arrived (most requests)
            if len(whole) > self.max_body:
                raise _TooLarge
            return whole
        chunks: list[bytes] = []
        size = 0
        while True:
            if message["type"] != "http.request":
                break  # the client went away; answer what was read
            chunk: bytes = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                raise _TooLarge
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
            message = await receive()
        return b"".join(chunks)

    async def _recognise_soon(self) -> None:
        """:meth:`_recognise_all` in a thread, after uvicorn has bound its socket (a
        thread busy with Python slows every other step of start-up)."""
        await asyncio.sleep(_RECOGNISE_AFTER)
        await asyncio.to_thread(self._recognise_all)

    def _recognise_all(self) -> None:
        """Recognise the patterns of every operation (in a thread, at start-up)."""
        engine = self.engine
        for op in engine.spec.operations:
            engine.patterns(op)
        if self.analytics is not None:
            self.analytics.settle()

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        watching: asyncio.Task[None] | None = None
        warming: asyncio.Task[None] | None = None
        counting: asyncio.Task[None] | None = None
        flushing: asyncio.Task[Any] | None = None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                # recognising every operation takes a second or more on a large description:
                # done in a thread once the server answers (usage and analytics need it;
                # answers recognise what they need on their own)
                warming = asyncio.create_task(self._recognise_soon())
                if self.watch:
                    watching = asyncio.create_task(Watcher(self.engine, self.use).run())
                if self.usage is not None:
                    counting = asyncio.create_task(self.usage.run(after=warming))
                if self._flusher is not None:
                    flushing = asyncio.create_task(self._flusher.run())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                # the usage task first: cancelled once, it writes what it counted (waiting
                # for the recognition no longer); then the recognition, if still pending
                for task in (counting, flushing):
                    if task is not None:
                        task.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await task
                if warming is not None:
                    warming.cancel()  # a thread already started finishes on its own
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await warming
                await self.aclose()
                if watching is not None:
                    watching.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await watching
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    async def _write(send: Send, response: Response) -> None:
        if response.stream is not None:  # a live answer passed on as it arrives
            headers = [
                (k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in response.headers
            ]
            start = {"type": "http.response.start", "status": response.status}
            await send({**start, "headers": headers})
            async for chunk in response.stream:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
            return
        for message in messages(response):
            await send(message)


#: The ASGI app mocking an engine's description (the documented name of :class:`App`).
create_app = App


class _StoreAuditor:
    """Writes the admin API's changes to the store's audit log (opened on first use).

    A store that fails logs one warning and stops auditing; the change itself stands.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Any = None
        self._broken = False

    async def __call__(self, actor: str, action: str, target: str, old: Any, new: Any) -> None:
        if self._broken:
            return
        from specmock.audit import audit_change
        from specmock.store.database import open_engine, sessions, upgrade

        try:
            if self._engine is None:
                await asyncio.to_thread(upgrade, self.url)
                self._engine = open_engine(self.url, auto_upgrade=False)
            async with sessions(self._engine)() as session, session.begin():
                await audit_change(
                    session, actor=actor, action=action, target=target, old=old, new=new
                )
        except (SpecmockError, OSError) as error:
            self._broken = True
            _log.warning("admin changes are not audited: %s", error)

    async def aclose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None
