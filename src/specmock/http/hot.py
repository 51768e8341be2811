"""The server's hot path: a request seen before, answered from the cache without parsing.

Rules:

- Only where the answer is the cache's answer and nothing else decides it: mock-only
  mode, a cache, not stateful, no rate limits, no debug trace, chaos inactive (checked
  per request). :class:`~specmock.http.app.App` decides; this module only remembers.
- The key is the request exactly as the ASGI server gave it: method, raw path, raw query
  string, every header (names lower case, in order) and the body. Two requests with the
  same key were parsed, routed and keyed identically, so the key is only ever more
  specific than the cache key it maps to.
- An entry maps that key to the operation and the cache key, learnt from the cache
  (:data:`~specmock.engine.cached.CACHE_ENTRY`) while the request took the full path;
  and to the answer's ASGI messages, prepared once for the :class:`Response` object the
  cache's memo hands out. The cache is still asked on every request, so TTL, clearing
  and statistics hold; a different answer from it is prepared again.
- Bounded: at most :data:`LIMIT` entries (then it starts again); bodies and answers over
  64 KiB are not remembered. Nothing sensitive is remembered: the cache never keeps it.
- With analytics, an entry also holds the :class:`~specmock.analytics.collector.Slot` a
  hit on it counts in (operation, source, status, fallback and quality are the prepared
  answer's), made once by the ``counting`` function the app passes to
  :meth:`HotAnswers.learn`: a repeat is counted by appending its duration, nothing else
  (``docs/analytics.md``).
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from specmock.engine.cached import CACHE_ENTRY

if TYPE_CHECKING:
    from specmock.analytics import Slot
    from specmock.cache import CacheKey
    from specmock.models import Response
    from specmock.spec.model import Operation

__all__ = ["LIMIT", "HotAnswers", "HotEntry", "messages"]

#: Entries kept before the memo starts again.
LIMIT = 4096
_SIZE_LIMIT = 64 * 1024

Scope = MutableMapping[str, Any]
Key = tuple[object, ...]
#: The analytics slot a cache hit answered with a response counts in: (operation, the
#: response, whether it carries an ``X-Specmock-Warning``) -> slot.
Counting = Callable[["Operation", "Response", bool], "Slot"]


def messages(response: Response) -> tuple[dict[str, Any], dict[str, Any]]:
    """The ``http.response.start`` and ``http.response.body`` messages of ``response``."""
    headers = [(k.encode("latin-1"), v.encode("latin-1", "replace")) for k, v in response.headers]
    headers.append((b"content-length", str(len(response.body)).encode()))
    return (
        {"type": "http.response.start", "status": response.status, "headers": headers},
        {"type": "http.response.body", "body": response.body},
    )


@dataclass(frozen=True, slots=True)
class HotEntry:
    """What one exact request maps to."""

    op: Operation
    key: CacheKey
    response: Response
    start: dict[str, Any]
    body: dict[str, Any]
    #: Where a hit answered with ``response`` is counted (``None``: analytics are off).
    counted: Slot | None


class HotAnswers:
    """Exact requests to their cache keys and prepared answers (one per app)."""

    __slots__ = ("entries",)

    def __init__(self) -> None:
        self.entries: dict[Key, HotEntry] = {}

    @staticmethod
    def key(scope: Scope, body: bytes) -> Key:
        """The exact request: method, raw path, raw query, headers, body."""
        return (
            scope["method"],
            scope.get("raw_path") or scope["path"],
            scope.get("query_string", b""),
            tuple(scope["headers"]),
            body,
        )

    def learn(
        self, key: Key, body: bytes, response: Response, counting: Counting | None = None
    ) -> HotEntry | None:
        """Remember ``response`` for ``key`` (whose body is ``body``) when the cache just
        gave or kept it; ``counting`` gives the analytics slot of a hit on it."""
        found = CACHE_ENTRY.get()
        if (
            found is None
            or response.stream is not None
            or len(response.body) > _SIZE_LIMIT
            or len(body) > _SIZE_LIMIT
        ):
            return None
        entries = self.entries
        if len(entries) >= LIMIT:
            entries.clear()
        start, sent = messages(response)
        op, cache_key = found
        counted = None
        if counting is not None:
            warned = any(k == "x-specmock-warning" for k, _ in response.headers)
            counted = counting(op, response, warned)
        entry = entries[key] = HotEntry(op, cache_key, response, start, sent, counted)
        return entry
