"""The admin API under ``/__specmock/``: health, operations, chaos, state reset, cache.

Rules: only the exact endpoints listed in ``Admin`` are answered here, so a description's
own paths under ``/__specmock`` stay served by the mock. ``GET`` (and ``HEAD``) reads an
endpoint; other methods go to the endpoint's actions (``PUT chaos``), 405 otherwise.
Who may call which route is decided by :func:`specmock.http.access.authorize` over its
one table of roles (``read`` for reading, ``admin`` for changes; tokens compared in
constant time); tokens are given by the caller, never read from the environment here.
Every change (chaos, reset, cache clear) is written to the audit log when an auditor is
given, with the token's name as the actor.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import orjson

from specmock.http.access import Tokens, authorize
from specmock.http.chaos import Chaos, ChaosError
from specmock.http.problem import problem
from specmock.models import Response

if TYPE_CHECKING:
    from specmock.analytics import Collector
    from specmock.cache import Cache
    from specmock.engine import Engine
    from specmock.spec.model import Operation

__all__ = ["ADMIN_PREFIX", "Admin", "Auditor"]

#: Writes one audit entry: ``(actor, action, target, old, new)``.
Auditor = Callable[[str, str, str, Any, Any], Awaitable[None]]

ADMIN_PREFIX = "/__specmock/"


class Admin:
    """Answers the admin endpoints for one engine.

    Example:
        >>> from specmock.engine import Engine  # doctest: +SKIP
        >>> admin = Admin(Engine.from_source("examples/petstore.yaml"))  # doctest: +SKIP
        >>> asyncio.run(admin("GET", "health", ())).status  # doctest: +SKIP
        200
    """

    def __init__(
        self,
        engine: Engine,
        tokens: Tokens | str | None = None,
        chaos: Chaos | None = None,
        reset: Callable[[], Awaitable[None]] | None = None,
        cache: Cache | None = None,
        audit: Auditor | None = None,
        analytics: Collector | None = None,
    ) -> None:
        self.analytics = analytics
        self.engine = engine
        self.cache = cache  # the response cache; None when caching is off
        self.tokens = (
            tokens if isinstance(tokens, Tokens) else Tokens.from_specs(admin_token=tokens)
        )
        self.audit = audit
        self.chaos = chaos if chaos is not None else Chaos()
        self.reset = reset  # clears stateful mode's store; None when not stateful
        self._endpoints: dict[str, Callable[[], Response | Awaitable[Response]]] = {
            "health": self._health,
            "operations": self._operations,
            "chaos": self._chaos,
            "reset": self._reset_info,
            "cache": self._cache_stats,
            "stats": self._stats,
            "metrics": self._metrics,
        }
        # (method, endpoint) -> handler of the request body, for what is not a read.
        self._actions: dict[tuple[str, str], Callable[[bytes], Response | Awaitable[Response]]] = {
            ("PUT", "chaos"): self._put_chaos,
            ("POST", "reset"): self._reset,
            ("DELETE", "cache"): self._clear_cache,
        }

    async def __call__(
        self,
        method: str,
        endpoint: str,
        headers: tuple[tuple[str, str], ...],
        body: bytes = b"",
    ) -> Response | None:
        """The answer for ``/__specmock/<endpoint>``; ``None`` when it is no admin endpoint."""
        name = endpoint.rstrip("/")
        handler = self._endpoints.get(name)
        if handler is None:
            return None
        authorization = next((v for k, v in headers if k == "authorization"), None)
        refused = authorize(self.tokens, method, name, authorization)
        if refused is not None:
            return refused
        action = self._actions.get((method, name))
        if action is not None:
            before = await self._state_of(name)
            answer = action(body)
            answer = answer if isinstance(answer, Response) else await answer
            if self.audit is not None and answer.status < 400:
                grant = self.tokens.grant_of(authorization)
                actor = grant.name if grant is not None else "anonymous (no admin token)"
                await self.audit(
                    actor, f"{name}.{method.lower()}", name, before, await self._state_of(name)
                )
            return answer
        if method not in ("GET", "HEAD"):
            allowed = ", ".join(["GET", "HEAD", *(m for m, e in self._actions if e == name)])
            return problem(405, f"{method} is not allowed here", headers=(("allow", allowed),))
        answer = handler()
        return answer if isinstance(answer, Response) else await answer

    async def _stats(self) -> Response:
        from specmock.analytics import Collector
        from specmock.analytics.render import stats_document

        collector = self.analytics if self.analytics is not None else Collector()
        cache = await self.cache.stats() if self.cache is not None else None
        return _json(200, stats_document(collector.snapshot(), cache))

    async def _metrics(self) -> Response:
        from specmock.analytics import Collector
        from specmock.analytics.prometheus import CONTENT_TYPE, render

        collector = self.analytics if self.analytics is not None else Collector()
        cache = await self.cache.stats() if self.cache is not None else None
        body = render(collector.snapshot(), cache)
        return Response(200, (("content-type", CONTENT_TYPE),), body, source="specmock")

    async def _state_of(self, endpoint: str) -> Any:
        """What an action changes, before and after, for the audit log."""
        if endpoint == "chaos":
            return self.chaos.as_json()
        if endpoint == "cache" and self.cache is not None:
            return {"size": (await self.cache.stats()).size}
        return None

    async def _cache_stats(self) -> Response:
        if self.cache is None:
            return _json(200, {"enabled": False})
        stats = await self.cache.stats()
        return _json(200, {"enabled": True, **stats.as_dict()})

    async def _clear_cache(self, body: bytes) -> Response:
        """Clear everything, or one operation's answers (``{"operation": "GET /pets"}``)."""
        if self.cache is None:
            return _json(200, {"cleared": 0, "detail": "caching is off"})
        try:
            wanted = orjson.loads(body) if body.strip() else {}
        except orjson.JSONDecodeError:
            wanted = None
        if not isinstance(wanted, dict) or not set(wanted) <= {"operation"}:
            return problem(400, 'the body must be empty or {"operation": "METHOD /path"}')
        operation = wanted.get("operation")
        if operation is not None:
            try:
                operation = self.engine.spec.operation(str(operation)).key
            except LookupError as error:
                return problem(404, str(error))
        cleared = await self.cache.clear(spec=self.engine.spec.digest, operation=operation)
        return _json(200, {"cleared": cleared})

    def _reset_info(self) -> Response:
        return problem(405, "POST here to reset the state", headers=(("allow", "POST"),))

    async def _reset(self, body: bytes) -> Response:
        if self.reset is None:
            return _json(200, {"reset": False, "detail": "not serving --stateful: no state"})
        await self.reset()
        return _json(200, {"reset": True})

    def _health(self) -> Response:
        return _json(200, {"status": "ok"})

    def _operations(self) -> Response:
        rows = []
        for op in self.engine.spec.operations:
            matches = self.engine.patterns(op)
            rows.append(
                {
                    "method": op.method.upper(),
                    "path": op.path,
                    "operationId": op.operation_id,
                    "patterns": [
                        {"name": m.name, "confidence": m.confidence, "detail": m.detail}
                        for m in matches
                    ],
                    "strategy": _strategy(self.engine, op),
                }
            )
        return _json(200, {"operations": rows})

    def _chaos(self) -> Response:
        return _json(200, self.chaos.as_json())

    def _put_chaos(self, body: bytes) -> Response:
        try:
            settings = orjson.loads(body)
        except orjson.JSONDecodeError:
            return problem(400, "the chaos settings must be a JSON object")
        try:
            self.chaos.put(settings, self.engine.spec.operation)
        except ChaosError as error:
            return problem(422, str(error))
        return self._chaos()


def _strategy(engine: Engine, op: Operation) -> str | None:
    """The strategy the engine uses for the operation's default answer."""
    try:
        status = engine.default_status(op)
        media = engine.choose_media(op.responses[status])
    except Exception:  # a strategy is informative only: never fail the listing
        return None
    return engine.choose_strategy(op, status, media).value if media is not None else None


def _json(status: int, body: Any) -> Response:
    return Response(
        status, (("content-type", "application/json"),), orjson.dumps(body), source="specmock"
    )
