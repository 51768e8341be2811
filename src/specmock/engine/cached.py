"""``Cached``: a responder that answers repeated requests from a cache.

Rules:

- The answer to a request is a pure function of the description, the operation and the
  parts of the request the responder reads, so a cached answer is the answer. The key
  (:func:`request_key`) is the description's digest, the operation, and a digest of the
  method, the path as sent, the query pairs sorted by name (values in order), the body
  bytes, and the headers that shape the answer: ``accept``, ``prefer``,
  ``content-type``, the operation's documented header parameters and ``cookie`` when it
  has cookie parameters. Editing the description changes its digest: nothing stale is
  served.
- Routing runs first (it is cheap) so the key knows its operation; a request that does
  not route is answered by the responder and never cached.
- Answers of 500 and above are not cached. Answers of operations recognised as ``auth``
  (tokens, sessions) and answers that set cookies are passed as ``sensitive``, which
  every cache tier refuses to store.
- A value is ``orjson([status, headers, source]) + NUL + body``: JSON never holds a raw
  NUL byte, so the first one splits it.
- Two bounded in-process memos keep the hot path short, without changing what is
  answered: the exact request (every header included, so it is only ever more specific
  than the key) to its operation and key, and a cached value to its decoded response.
  The cache itself is still asked on every request, so TTL, clearing and statistics
  hold.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

import orjson

from specmock.cache.keys import cache_key
from specmock.errors import SpecmockError
from specmock.models import Inputs, Response
from specmock.tracing import span

if TYPE_CHECKING:
    from specmock.cache import Cache, CacheKey
    from specmock.engine.respond import Responder
    from specmock.models import Request
    from specmock.spec.model import Operation

__all__ = ["CACHE_ENTRY", "CACHE_OUTCOME", "Cached", "decode", "encode", "request_key"]

#: What the cache did for the current request ("hit", "miss", "refused": not stored as
#: sensitive), for the server's debug trace; ``None`` when no cache was asked.
CACHE_OUTCOME: ContextVar[str | None] = ContextVar("specmock_cache_outcome", default=None)
#: The operation and key of the answer the cache just gave or kept for the current
#: request (``None``: it gave or kept none); the server's hot path learns from it.
CACHE_ENTRY: ContextVar[tuple[Operation, CacheKey] | None] = ContextVar(
    "specmock_cache_entry", default=None
)

_ALWAYS = ("accept", "content-type", "prefer")
#: Entries of each in-process memo before it starts again (bounded memory).
_MEMO_LIMIT = 4096
#: Larger bodies and values are not memoised (the memos stay under ~256 MiB at worst).
_MEMO_VALUE_LIMIT = 64 * 1024


def encode(response: Response) -> bytes:
    """The bytes a cache keeps for ``response``.

    Example:
        >>> decode(encode(Response(200, (("a", "b"),), b"{}"))) == Response(
        ...     200, (("a", "b"),), b"{}")
        True
    """
    head = orjson.dumps([response.status, response.headers, response.source])
    return head + b"\0" + response.body


def decode(value: bytes) -> Response:
    """The response :func:`encode` wrote."""
    head, _, body = value.partition(b"\0")
    status, headers, source = orjson.loads(head)
    return Response(status, tuple((k, v) for k, v in headers), body, source)


def request_key(
    digest: str, op: Operation, request: Request, headers: tuple[str, ...], quality: str, seed: int
) -> CacheKey:
    """The cache key of ``request`` to ``op``; ``headers`` are the names that count."""
    query: dict[str, list[str]] = {}
    for name, value in request.query:
        query.setdefault(name, []).append(value)
    inputs = Inputs(
        path={"": request.path},
        query=query,
        headers={name: [v for k, v in request.headers if k == name] for name in headers},
        body=request.body or None,
        url=request.url,
    )
    return cache_key(digest, op.key, inputs, quality=quality, seed=seed, extra=request.method)


class Cached:
    """Answers from ``cache`` when it can, else from ``responder``, keeping the answer.

    Example:
        >>> from specmock.cache import MemoryCache  # doctest: +SKIP
        >>> answer = Cached(Responder(engine), MemoryCache())  # doctest: +SKIP
        >>> response = await answer(Request("GET", "/pets/1"))  # doctest: +SKIP
    """

    def __init__(self, responder: Responder, cache: Cache, *, ttl: float | None = None) -> None:
        self.responder = responder
        self.cache = cache
        self.ttl = ttl
        self._headers: dict[str, tuple[str, ...]] = {}
        self._sensitive: dict[str, bool] = {}
        # Exact request (every header included) -> its operation and key: a request seen
        # before skips routing and key building. Only ever more specific than the key.
        self._keys: dict[tuple[object, ...], tuple[Operation, CacheKey]] = {}
        # A cached value (the same bytes object while it lives) -> its decoded response.
        self._decoded: dict[bytes, Response] = {}

    async def __call__(self, request: Request) -> Response:
        """The answer to ``request``, cached or fresh."""
        responder = self.responder
        exact = (request.method, request.path, request.query, request.headers, request.body)
        known = self._keys.get(exact)
        if known is None:
            try:
                op = responder.router.match(request.method, request.path).operation
            except SpecmockError:
                return responder(request)
            engine = responder.engine
            key = request_key(
                engine.spec.digest,
                op,
                request,
                self._header_names(op),
                str(engine.quality),
                engine.seed,
            )
            if len(request.body) <= _MEMO_VALUE_LIMIT:
                if len(self._keys) >= _MEMO_LIMIT:
                    self._keys.clear()
                self._keys[exact] = (op, key)
        else:
            op, key = known
        hit = await self.fetch(op, key)
        if hit is not None:
            return self.recall(op, key, hit)
        return await self.fill(request, op, key)

    async def fetch(self, op: Operation, key: CacheKey) -> bytes | None:
        """The cached value of ``key`` (``op``'s answer), or ``None``."""
        with span("specmock.cache.get", operation=op.key):
            return await self.cache.get(key)

    def recall(self, op: Operation, key: CacheKey, hit: bytes) -> Response:
        """The response a value :meth:`fetch` returned holds (counted as a hit).

        The same value (equal bytes) gives the same :class:`Response` object while the
        memo keeps it, which lets the server reuse what it prepared for that object.
        """
        CACHE_OUTCOME.set("hit")
        observe = self.responder.observe
        if observe is not None:
            observe(op)
        response = self._decoded.get(hit)
        if response is None:
            response = decode(hit)
            if len(hit) <= _MEMO_VALUE_LIMIT:
                if len(self._decoded) >= _MEMO_LIMIT:
                    self._decoded.clear()
                self._decoded[hit] = response
        CACHE_ENTRY.set((op, key))
        return response

    async def fill(self, request: Request, op: Operation, key: CacheKey) -> Response:
        """Answer a miss from the responder, and keep the answer (unless sensitive)."""
        response = self.responder(request)
        if response.status < 500:
            sensitive = self._is_sensitive(op) or any(
                k == "set-cookie" for k, _ in response.headers
            )
            CACHE_OUTCOME.set("refused" if sensitive else "miss")
            with span("specmock.cache.set", operation=op.key, sensitive=sensitive):
                await self.cache.set(key, encode(response), ttl=self.ttl, sensitive=sensitive)
            if not sensitive:
                CACHE_ENTRY.set((op, key))
        return response

    def _header_names(self, op: Operation) -> tuple[str, ...]:
        names = self._headers.get(op.key)
        if names is None:
            declared = {p.name.lower() for p in op.parameters if p.location == "header"}
            if any(p.location == "cookie" for p in op.parameters):
                declared.add("cookie")
            names = self._headers[op.key] = tuple(sorted(declared.union(_ALWAYS)))
        return names

    def _is_sensitive(self, op: Operation) -> bool:
        found = self._sensitive.get(op.key)
        if found is None:
            found = self._sensitive[op.key] = any(
                m.name == "auth" for m in self.responder.engine.patterns(op)
            )
        return found
