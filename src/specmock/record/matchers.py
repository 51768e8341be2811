"""Which recording answers a request: the matcher table, replay order and misses.

Rules:

- :data:`MATCHERS` is the one visible table, keyed by VCR.py's matcher names. A matcher
  is ``(incoming, recorded) -> None`` when they agree, else a short reason a user can
  act on (``query differs: limit=5 vs limit=10``). Users extend by argument
  (``Playback(..., matchers={**MATCHERS, "tenant": mine})``), never by registration.
- ``match_on`` names the matchers that must all agree; :data:`DEFAULT_MATCH_ON` is
  method, path, query and body. Config text (``"method,path,query"``) becomes a tuple
  once, in :func:`parse_match_on`.
- Comparison is about meaning, not spelling: default ports equal no port, query pairs
  are a multiset, JSON bodies compare parsed (key order and whitespace do not count,
  ``1`` and ``true`` still differ), form bodies compare as pair multisets. ``raw_body``
  is the byte-exact escape hatch.
- Each recording answers once, in recorded order, among the requests it matches; when
  all of a request's matches have answered, the last one repeats. So identical
  requests replay in order and distinct requests advance independently (a cursor per
  request, kept as the set of played recordings). That set changes under a lock and
  :meth:`Playback.find` never awaits, so one event loop or several threads are safe.
- A miss explains itself: :class:`NoRecording` names the nearest recordings (fewest
  failed matchers, then the most similar path) and why each did not match.
- Replayed headers drop hop-by-hop ones and ``content-length`` (the server recomputes
  it); everything else, ``content-encoding`` included, goes out as recorded, because
  the body goes out byte for byte.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson

from specmock.errors import SpecmockError
from specmock.record.exchange import Exchange, Headers, RecordedRequest

__all__ = [
    "DEFAULT_MATCH_ON",
    "HOP_BY_HOP",
    "MATCHERS",
    "Candidate",
    "MatchError",
    "Matcher",
    "NoRecording",
    "Playback",
    "parse_match_on",
    "replay_headers",
]

#: ``(incoming, recorded) -> None`` when they agree, else why not, in a few words.
Matcher = Callable[[RecordedRequest, RecordedRequest], str | None]

DEFAULT_MATCH_ON: tuple[str, ...] = ("method", "path", "query", "body")

#: Headers that describe one connection, not the message (RFC 9110 7.6.1), plus
#: ``content-length``, which whoever writes the replayed body recomputes.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "content-length",
    }
)

# Headers a client sets on its own; a recording made with curl must still answer httpx.
_HEADERS_IGNORED = HOP_BY_HOP | {"user-agent", "accept-encoding", "host"}

_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443}

_PREVIEW = 40


class MatchError(SpecmockError, ValueError):
    """A ``match_on`` value names a matcher that does not exist."""

    status = 400


@dataclass(frozen=True, slots=True)
class Candidate:
    """A recording that nearly answered a request, and why it did not."""

    index: int
    exchange: Exchange
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return f"{describe(self.exchange.request)} ({', '.join(self.reasons)})"


class NoRecording(SpecmockError, LookupError):
    """No recording answers a request; ``nearest`` holds up to three near misses."""

    status = 404

    def __init__(self, request: RecordedRequest, nearest: Sequence[Candidate]) -> None:
        self.request = request
        self.nearest = tuple(nearest)
        if nearest:
            where = "nearest: " + "; ".join(str(c) for c in self.nearest[:1])
        else:
            where = "there are no recordings"
        super().__init__(f"no recording matches {describe(request)}; {where}")


def describe(request: RecordedRequest) -> str:
    """A request as a user reads it: method, path and query.

    Example:
        >>> describe(RecordedRequest.from_url("get", "https://h/pets?limit=5"))
        'GET /pets?limit=5'
    """
    query = f"?{urlencode(request.query)}" if request.query else ""
    return f"{request.method} {request.path}{query}"


def _preview(value: str) -> str:
    return value if len(value) <= _PREVIEW else value[: _PREVIEW - 1] + "…"


def _differs(what: str, incoming: object, recorded: object) -> str:
    return f"{what} differs: {_preview(str(incoming))} vs {_preview(str(recorded))}"


def _pairs(pairs: Iterable[tuple[str, str]]) -> str:
    return urlencode(list(pairs)) or "(none)"


def _multiset_reason(
    what: str, incoming: Iterable[tuple[str, str]], recorded: Iterable[tuple[str, str]]
) -> str | None:
    left, right = Counter(incoming), Counter(recorded)
    if left == right:
        return None
    # Name only the pairs that differ, so a long query still reads as one short line.
    only_in = sorted((left - right).elements())
    only_rec = sorted((right - left).elements())
    return _differs(what, _pairs(only_in), _pairs(only_rec))


def match_method(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """The methods are equal (case-insensitively).

    Example:
        >>> a = RecordedRequest.from_url("GET", "http://h/")
        >>> match_method(a, RecordedRequest.from_url("POST", "http://h/"))
        'method differs: GET vs POST'
    """
    if incoming.method.upper() == recorded.method.upper():
        return None
    return _differs("method", incoming.method.upper(), recorded.method.upper())


def match_scheme(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """The URL schemes are equal.

    Example:
        >>> a = RecordedRequest.from_url("GET", "http://h/")
        >>> match_scheme(a, RecordedRequest.from_url("GET", "https://h/"))
        'scheme differs: http vs https'
    """
    if incoming.scheme.lower() == recorded.scheme.lower():
        return None
    return _differs("scheme", incoming.scheme, recorded.scheme)


def match_host(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """The hosts are equal (case-insensitively).

    Example:
        >>> a = RecordedRequest.from_url("GET", "http://a.example/")
        >>> match_host(a, RecordedRequest.from_url("GET", "http://A.example/")) is None
        True
    """
    if incoming.host.lower() == recorded.host.lower():
        return None
    return _differs("host", incoming.host, recorded.host)


def _port(request: RecordedRequest) -> int | None:
    if request.port is not None:
        return request.port
    return _DEFAULT_PORTS.get(request.scheme.lower())


def match_port(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """The ports are equal, a missing port counting as its scheme's default.

    Example:
        >>> a = RecordedRequest.from_url("GET", "https://h/")
        >>> match_port(a, RecordedRequest.from_url("GET", "https://h:443/")) is None
        True
        >>> match_port(a, RecordedRequest.from_url("GET", "https://h:8443/"))
        'port differs: 443 vs 8443'
    """
    left, right = _port(incoming), _port(recorded)
    if left == right:
        return None
    return _differs("port", left, right)


def match_path(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """The paths are equal, exactly as sent (percent-encoding included).

    Example:
        >>> a = RecordedRequest.from_url("GET", "http://h/pets")
        >>> match_path(a, RecordedRequest.from_url("GET", "http://h/pets/1"))
        'path differs: /pets vs /pets/1'
    """
    if incoming.path == recorded.path:
        return None
    return _differs("path", incoming.path, recorded.path)


def match_query(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """The query pairs are equal as a multiset: order does not count, repeats do.

    Example:
        >>> a = RecordedRequest.from_url("GET", "http://h/?b=2&a=1")
        >>> match_query(a, RecordedRequest.from_url("GET", "http://h/?a=1&b=2")) is None
        True
        >>> match_query(a, RecordedRequest.from_url("GET", "http://h/?a=1&b=3"))
        'query differs: b=2 vs b=3'
    """
    return _multiset_reason("query", incoming.query, recorded.query)


def _grouped(headers: Headers) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name.lower(), []).append(value)
    return grouped


def match_headers(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """Every recorded header is in the incoming request with the same value(s).

    Extra incoming headers are fine; hop-by-hop headers, ``content-length``,
    ``user-agent``, ``accept-encoding`` and ``host`` are not compared.

    Example:
        >>> rec = RecordedRequest.from_url("GET", "http://h/", [("X-Api", "2")])
        >>> inc = RecordedRequest.from_url("GET", "http://h/", [("x-api", "2"), ("x-b", "1")])
        >>> match_headers(inc, rec) is None
        True
        >>> match_headers(RecordedRequest.from_url("GET", "http://h/"), rec)
        'headers differ: x-api missing (recorded 2)'
    """
    have = _grouped(incoming.headers)
    for name, values in _grouped(recorded.headers).items():
        if name in _HEADERS_IGNORED:
            continue
        got = have.get(name)
        if got is None:
            return f"headers differ: {name} missing (recorded {_preview(', '.join(values))})"
        if got != values:
            return f"headers differ: {name}: {_preview(', '.join(got))} vs " + _preview(
                ", ".join(values)
            )
    return None


def _text(body: bytes) -> str:
    return body.decode("utf-8", "replace")


def _bytes_reason(incoming: bytes, recorded: bytes) -> str:
    if not incoming:
        return f"body differs: (empty) vs {len(recorded)} bytes"
    if not recorded:
        return f"body differs: {len(incoming)} bytes vs (empty)"
    return _differs("body", _text(incoming), _text(recorded))


def match_raw_body(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """The bodies are equal byte for byte.

    Example:
        >>> a = RecordedRequest.from_url("POST", "http://h/", body=b'{"a":1}')
        >>> match_raw_body(a, RecordedRequest.from_url("POST", "http://h/", body=b'{"a": 1}'))
        'body differs: {"a":1} vs {"a": 1}'
    """
    if incoming.body == recorded.body:
        return None
    return _bytes_reason(incoming.body, recorded.body)


_NOT_JSON = object()


def _json(request: RecordedRequest) -> Any:
    media = request.media_type or ""
    start = request.body.lstrip()[:1]
    if not (media.endswith("json") or start in (b"{", b"[")):
        return _NOT_JSON
    try:
        return orjson.loads(request.body)
    except orjson.JSONDecodeError:
        return _NOT_JSON


def _json_kind(value: Any) -> str:
    # bool before int: in Python True == 1, in JSON they differ.
    for kind, types in (("bool", bool), ("number", int | float), ("string", str)):
        if isinstance(value, types):
            return kind
    return "null" if value is None else type(value).__name__


def _json_difference(left: Any, right: Any, pointer: str = "") -> str | None:
    """The first place two parsed JSON values differ, as ``at /a/0: 1 vs 2``."""
    same_kind = _json_kind(left) == _json_kind(right)
    if same_kind and isinstance(left, dict):
        for key in sorted(left.keys() | right.keys()):
            here = f"{pointer}/{key.replace('~', '~0').replace('/', '~1')}"
            if key not in right:
                return f"at {here}: present vs missing"
            if key not in left:
                return f"at {here}: missing vs present"
            found = _json_difference(left[key], right[key], here)
            if found:
                return found
        return None
    if same_kind and isinstance(left, list):
        for i, (a, b) in enumerate(zip(left, right, strict=False)):
            found = _json_difference(a, b, f"{pointer}/{i}")
            if found:
                return found
        if len(left) == len(right):
            return None
        return f"at {pointer or '/'}: {len(left)} items vs {len(right)}"
    if same_kind and left == right:
        return None
    shown = [_preview(orjson.dumps(v).decode()) for v in (left, right)]
    return f"at {pointer or '/'}: {shown[0]} vs {shown[1]}"


def _is_form(request: RecordedRequest) -> bool:
    return request.media_type == "application/x-www-form-urlencoded"


def _form(body: bytes) -> list[tuple[str, str]]:
    return parse_qsl(_text(body), keep_blank_values=True)


def match_body(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """The bodies mean the same: equal bytes, equal JSON, or equal form pairs.

    JSON is compared parsed when both bodies are JSON (key order and whitespace do not
    count); ``application/x-www-form-urlencoded`` bodies compare as pair multisets.

    Example:
        >>> a = RecordedRequest.from_url("POST", "http://h/", body=b'{"a": 1, "b": [2]}')
        >>> b = RecordedRequest.from_url("POST", "http://h/", body=b'{"b":[2],"a":1}')
        >>> match_body(a, b) is None
        True
        >>> match_body(a, RecordedRequest.from_url("POST", "http://h/", body=b'{"a":1,"b":[3]}'))
        'body differs at /b/0: 2 vs 3'
    """
    if incoming.body == recorded.body:
        return None
    left, right = _json(incoming), _json(recorded)
    if left is not _NOT_JSON and right is not _NOT_JSON:
        found = _json_difference(left, right)
        return None if found is None else f"body differs {found}"
    if _is_form(incoming) or _is_form(recorded):
        return _multiset_reason("body", _form(incoming.body), _form(recorded.body))
    return _bytes_reason(incoming.body, recorded.body)


def match_uri(incoming: RecordedRequest, recorded: RecordedRequest) -> str | None:
    """Scheme, host, port, path and query all match (VCR.py's ``uri``).

    Example:
        >>> a = RecordedRequest.from_url("GET", "http://h/pets?a=1")
        >>> match_uri(a, RecordedRequest.from_url("GET", "http://h:80/pets?a=1")) is None
        True
    """
    parts = (match_scheme, match_host, match_port, match_path, match_query)
    reasons = [r for r in (part(incoming, recorded) for part in parts) if r]
    return ", ".join(reasons) or None


#: VCR.py's matcher names, each to its function: the one table ``match_on`` reads.
MATCHERS: Mapping[str, Matcher] = {
    "method": match_method,
    "scheme": match_scheme,
    "host": match_host,
    "port": match_port,
    "path": match_path,
    "query": match_query,
    "headers": match_headers,
    "body": match_body,
    "raw_body": match_raw_body,
    "uri": match_uri,
}


def parse_match_on(
    value: str | Iterable[str], matchers: Mapping[str, Matcher] = MATCHERS
) -> tuple[str, ...]:
    """A ``match_on`` setting as a tuple of known matcher names, duplicates dropped.

    Args:
        value: ``"method,path,query"`` (commas and/or spaces) or a sequence of names.
        matchers: The table the names must come from.

    Raises:
        MatchError: A name is not in ``matchers``, or no name is given.

    Example:
        >>> parse_match_on("method, path,query")
        ('method', 'path', 'query')
        >>> parse_match_on(["method", "METHOD", "uri"])
        ('method', 'uri')
    """
    items = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    names = tuple(dict.fromkeys(name.strip().lower() for name in items if name.strip()))
    known = ", ".join(sorted(matchers))
    unknown = [name for name in names if name not in matchers]
    if unknown:
        raise MatchError(f"unknown matcher {', '.join(unknown)} in match_on; known: {known}")
    if not names:
        raise MatchError(f"match_on names no matcher; known: {known}")
    return names


class Playback:
    """Answers requests from recorded exchanges, in recorded order.

    Each request gets the first matching recording not played yet; once every match
    has played, the last one repeats. So identical requests replay in recorded order
    and distinct requests move independently, each through its own recordings; a
    recording :meth:`add`-ed later becomes the next (and then the repeated) answer.

    Example:
        >>> from specmock.record.exchange import RecordedResponse
        >>> req = RecordedRequest.from_url("GET", "http://h/n")
        >>> playback = Playback(
        ...     [Exchange(req, RecordedResponse(200, body=b"1")),
        ...      Exchange(req, RecordedResponse(200, body=b"2"))]
        ... )
        >>> [playback.find(req).response.body for _ in range(3)]
        [b'1', b'2', b'2']
    """

    __slots__ = ("_exchanges", "_index", "_indexed", "_lock", "_matchers", "_played", "match_on")

    def __init__(
        self,
        exchanges: Iterable[Exchange],
        match_on: str | Iterable[str] = DEFAULT_MATCH_ON,
        *,
        matchers: Mapping[str, Matcher] = MATCHERS,
    ) -> None:
        self._exchanges: tuple[Exchange, ...] = tuple(exchanges)
        self.match_on: tuple[str, ...] = parse_match_on(match_on, matchers)
        self._matchers = tuple(matchers[name] for name in self.match_on)
        self._played: set[int] = set()
        self._lock = threading.Lock()
        # Recordings by (method, path) when both must match exactly (the usual case), so
        # a find compares against a handful of candidates, not every recording.
        self._indexed = (
            matchers is MATCHERS and "method" in self.match_on and "path" in self.match_on
        )
        self._index: dict[tuple[str, str], list[int]] = {}
        for position, exchange in enumerate(self._exchanges):
            self._file(position, exchange)

    def _file(self, position: int, exchange: Exchange) -> None:
        if self._indexed:
            key = (exchange.request.method.upper(), exchange.request.path)
            self._index.setdefault(key, []).append(position)

    @property
    def exchanges(self) -> tuple[Exchange, ...]:
        """The recordings, in recorded order."""
        return self._exchanges

    def add(self, exchange: Exchange) -> None:
        """Append a recording (made while serving); it answers after those before it.

        Example:
            >>> from specmock.record.exchange import RecordedResponse
            >>> req = RecordedRequest.from_url("GET", "http://h/n")
            >>> playback = Playback([Exchange(req, RecordedResponse(200, body=b"old"))])
            >>> playback.find(req).response.body
            b'old'
            >>> playback.add(Exchange(req, RecordedResponse(200, body=b"new")))
            >>> playback.find(req).response.body
            b'new'
        """
        with self._lock:
            # A new tuple, so a find running meanwhile keeps a consistent snapshot.
            self._exchanges = (*self._exchanges, exchange)
            self._file(len(self._exchanges) - 1, exchange)

    def reasons(self, request: RecordedRequest, recorded: RecordedRequest) -> tuple[str, ...]:
        """Why ``recorded`` does not answer ``request`` under ``match_on`` (empty: it does).

        Example:
            >>> a = RecordedRequest.from_url("GET", "http://h/pets?limit=5")
            >>> Playback([]).reasons(a, RecordedRequest.from_url("GET", "http://h/pets"))
            ('query differs: limit=5 vs (none)',)
        """
        return tuple(r for r in (m(request, recorded) for m in self._matchers) if r)

    def _matches(self, request: RecordedRequest, recorded: RecordedRequest) -> bool:
        return all(m(request, recorded) is None for m in self._matchers)

    def find(self, request: RecordedRequest) -> Exchange:
        """The next recorded exchange that answers ``request``.

        Raises:
            NoRecording: Nothing matches; the error names the nearest recordings.

        Example:
            >>> from specmock.record.exchange import RecordedResponse
            >>> rec = RecordedRequest.from_url("GET", "http://h/pets?limit=10")
            >>> playback = Playback([Exchange(rec, RecordedResponse(200))])
            >>> playback.find(RecordedRequest.from_url("GET", "http://h/pets?limit=5"))
            Traceback (most recent call last):
            ...
            specmock.record.matchers.NoRecording: no recording matches GET /pets?limit=5; \
nearest: GET /pets?limit=10 (query differs: limit=5 vs limit=10)
        """
        exchanges = self._exchanges
        candidates: Iterable[int] = (
            self._index.get((request.method.upper(), request.path), ())
            if self._indexed
            else range(len(exchanges))
        )
        group = [
            i
            for i in candidates
            if i < len(exchanges) and self._matches(request, exchanges[i].request)
        ]
        if not group:
            misses = [
                Candidate(i, x, self.reasons(request, x.request)) for i, x in enumerate(exchanges)
            ]
            raise NoRecording(request, _nearest(request, misses))
        with self._lock:
            index = next((i for i in group if i not in self._played), group[-1])
            self._played.add(index)
        return exchanges[index]

    def reset(self) -> None:
        """Start every request's replay from its first recording again."""
        with self._lock:
            self._played.clear()


def _nearest(request: RecordedRequest, misses: Sequence[Candidate]) -> tuple[Candidate, ...]:
    def rank(candidate: Candidate) -> tuple[int, float, int]:
        similarity = SequenceMatcher(None, request.path, candidate.exchange.request.path).ratio()
        return (len(candidate.reasons), -similarity, candidate.index)

    chosen: list[Candidate] = []
    seen: set[str] = set()
    for candidate in sorted(misses, key=rank):
        # The same request recorded five times is one near miss, not five.
        shown = str(candidate)
        if shown not in seen:
            seen.add(shown)
            chosen.append(candidate)
        if len(chosen) == 3:
            break
    return tuple(chosen)


def replay_headers(headers: Iterable[tuple[str, str]]) -> Headers:
    """Recorded response headers fit to send again: hop-by-hop ones dropped, order kept.

    Headers named in ``Connection`` are hop-by-hop too. ``content-length`` goes, as
    whoever writes the body recomputes it.

    Example:
        >>> replay_headers([("content-type", "text/plain"), ("Connection", "close, x-t"),
        ...                 ("X-T", "1"), ("content-length", "3"), ("x-a", "2")])
        (('content-type', 'text/plain'), ('x-a', '2'))
    """
    pairs = list(headers)
    dropped = set(HOP_BY_HOP)
    for name, value in pairs:
        if name.lower() == "connection":
            dropped.update(token.strip().lower() for token in value.split(","))
    return tuple((name, value) for name, value in pairs if name.lower() not in dropped)
