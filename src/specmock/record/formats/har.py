"""HAR 1.2 files (browser devtools, proxies, Playwright) in, and recordings out as HAR.

Rules:

- An entry's ``request.url`` is the request as sent; ``queryString`` is used only when
  the URL carries no query. ``postData.text`` is the body (``params`` when there is no
  text), ``response.content.text`` the answer (base64 when ``encoding`` is
  ``"base64"``). ``startedDateTime`` becomes ``recorded_at`` (epoch seconds) and
  ``time`` becomes ``duration_ms``. HTTP/2 pseudo-headers (``:authority``) are dropped.
- HAR stores the body *after* content decoding, while the headers still say
  ``content-encoding: gzip``. Replaying that pair would break every client, so when the
  content is plainly not in its declared coding the ``content-encoding`` header is
  dropped. Writing keeps such bodies exact: any body with a content coding, or that is
  not UTF-8, goes out base64-encoded with ``"encoding": "base64"`` (on ``postData`` too).
- What HAR cannot say exactly (epoch as a float, an unknown duration, the operation,
  extensions) travels in one custom ``_specmock`` object per entry, so
  ``load_har(dump_har(x)) == x``.
- A malformed file is one :class:`~specmock.record.formats.CassetteError` line naming
  the file and where (``#/log/entries/2/response/status``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import zlib
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl, urlencode

import orjson

from specmock.record.exchange import (
    Exchange,
    Headers,
    RecordedRequest,
    RecordedResponse,
    headers_of,
)
from specmock.record.formats import CassetteError, Reader, Source, read_source

__all__ = ["dump_har", "load_har"]

_IDENTITY = frozenset({"", "identity"})


def load_har(source: Source) -> tuple[Exchange, ...]:
    """The exchanges of a HAR file, in the order of its entries.

    Args:
        source: A path to the HAR file, or its JSON text.

    Raises:
        CassetteError: The file cannot be read or is not HAR; the one-line message names
            the file and where (``#/log/entries/0/request/url``).

    Example:
        >>> har = '''{"log": {"version": "1.2", "entries": [{
        ...   "startedDateTime": "2024-05-01T12:00:00Z", "time": 12.5,
        ...   "request": {"method": "GET", "url": "https://h/pets?limit=2", "headers": []},
        ...   "response": {"status": 200, "headers": [{"name": "Content-Type",
        ...     "value": "application/json"}], "content": {"text": "[]"}}}]}}'''
        >>> (x,) = load_har(har)
        >>> x.request.query, x.response.body, x.recorded_at, x.duration_ms
        ((('limit', '2'),), b'[]', 1714564800.0, 12.5)
    """
    text, name = read_source(source, "<har>")
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise CassetteError(f"not valid JSON: {error.msg}", file=name, line=error.lineno) from None
    return _Reader(name).har(data)


class _Reader(Reader):
    """Turns parsed HAR into exchanges, knowing where it is for errors."""

    __slots__ = ()

    def text(self, mapping: Mapping[str, Any], key: str, pointer: str) -> str:
        value = self.required(mapping, key, pointer)
        if not isinstance(value, str):
            raise self.fail(f"{pointer}/{key}", f"expected a string, found {self.kind(value)}")
        return value

    def har(self, data: Any) -> tuple[Exchange, ...]:
        log = self.mapping(self.required(self.mapping(data, ""), "log", ""), "/log")
        entries = self.listing(self.required(log, "entries", "/log"), "/log/entries")
        return tuple(
            self.entry(entry, f"/log/entries/{index}") for index, entry in enumerate(entries)
        )

    def entry(self, entry: Any, pointer: str) -> Exchange:
        entry = self.mapping(entry, pointer)
        request = self.request(self.required(entry, "request", pointer), pointer + "/request")
        response = self.response(self.required(entry, "response", pointer), pointer + "/response")
        ours = self.mapping(entry.get("_specmock", {}), pointer + "/_specmock")
        recorded_at = self.started(entry.get("startedDateTime"), pointer + "/startedDateTime")
        duration = self.number(entry.get("time"), pointer + "/time")
        if "recordedAt" in ours:
            recorded_at = self.number(ours["recordedAt"], pointer + "/_specmock/recordedAt")
        if "durationMs" in ours:
            duration = self.number(ours["durationMs"], pointer + "/_specmock/durationMs")
        operation = ours.get("operation")
        if operation is not None and not isinstance(operation, str):
            raise self.fail(
                pointer + "/_specmock/operation", f"expected a string, found {self.kind(operation)}"
            )
        extensions = self.pairs(ours.get("extensions"), pointer + "/_specmock/extensions")
        return Exchange(
            request,
            response,
            recorded_at=recorded_at or 0.0,
            duration_ms=None if duration is None or duration < 0 else duration,
            operation=operation,
            extensions=extensions,
        )

    def started(self, value: Any, pointer: str) -> float | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(pointer, f"expected an ISO 8601 date, found {self.kind(value)}")
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            raise self.fail(pointer, f"expected an ISO 8601 date, found {value!r}") from None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return when.timestamp()

    def number(self, value: Any, pointer: str) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(pointer, f"expected a number, found {self.kind(value)}")
        return float(value)

    def pairs(self, value: Any, pointer: str) -> tuple[tuple[str, str], ...]:
        found = []
        for index, pair in enumerate(self.listing(value, pointer)):
            if not (
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
            ):
                raise self.fail(f"{pointer}/{index}", "expected a [name, value] pair of strings")
            found.append((pair[0], pair[1]))
        return tuple(found)

    def named(self, value: Any, pointer: str) -> list[tuple[str, str]]:
        """``[{name, value}]`` as pairs, HTTP/2 pseudo-headers left out."""
        found = []
        for index, item in enumerate(self.listing(value, pointer)):
            here = f"{pointer}/{index}"
            item = self.mapping(item, here)
            name, text = self.text(item, "name", here), self.text(item, "value", here)
            if not name.startswith(":"):
                found.append((name, text))
        return found

    def request(self, request: Any, pointer: str) -> RecordedRequest:
        request = self.mapping(request, pointer)
        method = self.text(request, "method", pointer)
        url = self.text(request, "url", pointer)
        if "://" not in url:
            raise self.fail(pointer + "/url", f"expected an absolute URL, found {url!r}")
        headers = self.named(request.get("headers"), pointer + "/headers")
        body = b""
        if request.get("postData") is not None:
            body = self.post_data(request["postData"], pointer + "/postData")
        try:
            parsed = RecordedRequest.from_url(method, url, headers, body)
        except ValueError as error:
            raise self.fail(pointer + "/url", f"bad URL: {error}") from None
        if not parsed.query and request.get("queryString"):
            query = self.named(request["queryString"], pointer + "/queryString")
            parsed = RecordedRequest(
                parsed.method,
                parsed.scheme,
                parsed.host,
                parsed.port,
                parsed.path,
                tuple(query),
                parsed.headers,
                parsed.body,
            )
        return parsed

    def post_data(self, post: Any, pointer: str) -> bytes:
        post = self.mapping(post, pointer)
        if "text" in post and post["text"] is not None:
            return self.content_bytes(post, pointer)
        params = self.listing(post.get("params"), pointer + "/params")
        pairs = []
        for index, item in enumerate(params):
            here = f"{pointer}/params/{index}"
            item = self.mapping(item, here)
            value = item.get("value", "")
            if not isinstance(value, str):
                raise self.fail(here + "/value", f"expected a string, found {self.kind(value)}")
            pairs.append((self.text(item, "name", here), value))
        return urlencode(pairs).encode("ascii")

    def content_bytes(self, content: Mapping[str, Any], pointer: str) -> bytes:
        text = content.get("text")
        if text is None:
            return b""
        if not isinstance(text, str):
            raise self.fail(pointer + "/text", f"expected a string, found {self.kind(text)}")
        encoding = content.get("encoding", content.get("_encoding"))
        if encoding in (None, ""):
            return text.encode("utf-8")
        if encoding != "base64":
            raise self.fail(pointer + "/encoding", f"unsupported encoding {encoding!r}")
        try:
            return base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise self.fail(pointer + "/text", "text is not valid base64") from None

    def response(self, response: Any, pointer: str) -> RecordedResponse:
        response = self.mapping(response, pointer)
        status = self.required(response, "status", pointer)
        if isinstance(status, bool) or not isinstance(status, int) or not 0 <= status <= 999:
            raise self.fail(
                pointer + "/status", f"expected a status code, found {self.kind(status)}"
            )
        headers = headers_of(self.named(response.get("headers"), pointer + "/headers"))
        content = self.mapping(response.get("content", {}), pointer + "/content")
        body = self.content_bytes(content, pointer + "/content")
        if not _still_encoded(headers, body, content):
            # The browser stored the decoded body: its content-encoding no longer applies.
            headers = tuple((k, v) for k, v in headers if k != "content-encoding")
        return RecordedResponse(status, headers, body)


def _coding(headers: Headers) -> str:
    return ",".join(v.strip().lower() for k, v in headers if k == "content-encoding")


def _still_encoded(headers: Headers, body: bytes, content: Mapping[str, Any]) -> bool:
    coding = _coding(headers)
    if coding in _IDENTITY or not body:
        return True
    if content.get("encoding") != "base64":
        return False
    if coding in ("gzip", "x-gzip"):
        return body[:2] == b"\x1f\x8b"
    if coding == "deflate":
        for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
            try:
                zlib.decompressobj(wbits).decompress(body[:64])
            except zlib.error:
                continue
            return True
        return False
    # br, zstd and stacked codings cannot be checked here: trust that base64 means raw.
    return True


def _content(body: bytes, headers: Headers) -> dict[str, Any]:
    """``text`` (and ``encoding``) for a body: text when UTF-8 and not content-coded."""
    if _coding(headers) in _IDENTITY:
        try:
            return {"text": body.decode("utf-8")}
        except UnicodeDecodeError:
            pass
    return {"text": base64.b64encode(body).decode("ascii"), "encoding": "base64"}


def _named(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"name": name, "value": value} for name, value in pairs]


def _content_type(headers: Headers) -> str:
    return next((v for k, v in headers if k == "content-type"), "")


def _request(request: RecordedRequest) -> dict[str, Any]:
    har: dict[str, Any] = {
        "method": request.method,
        "url": request.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _named(request.headers),
        "queryString": _named(request.query),
        "headersSize": -1,
        "bodySize": len(request.body),
    }
    if request.body:
        post: dict[str, Any] = {"mimeType": _content_type(request.headers)}
        post.update(_content(request.body, request.headers))
        if request.media_type == "application/x-www-form-urlencoded" and "encoding" not in post:
            post["params"] = _named(parse_qsl(post["text"], keep_blank_values=True))
        har["postData"] = post
    return har


def _response(response: RecordedResponse) -> dict[str, Any]:
    content: dict[str, Any] = {
        "size": len(response.body),
        "mimeType": _content_type(response.headers),
    }
    content.update(_content(response.body, response.headers))
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    return {
        "status": response.status,
        "statusText": reason,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": _named(response.headers),
        "content": content,
        "redirectURL": next((v for k, v in response.headers if k == "location"), ""),
        "headersSize": -1,
        "bodySize": len(response.body),
    }


def _entry(exchange: Exchange) -> dict[str, Any]:
    started = dt.datetime.fromtimestamp(exchange.recorded_at, dt.UTC)
    duration = exchange.duration_ms
    ours: dict[str, Any] = {"recordedAt": exchange.recorded_at, "durationMs": duration}
    if exchange.operation is not None:
        ours["operation"] = exchange.operation
    if exchange.extensions:
        ours["extensions"] = [list(pair) for pair in exchange.extensions]
    return {
        "startedDateTime": started.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "time": duration or 0,
        "request": _request(exchange.request),
        "response": _response(exchange.response),
        "cache": {},
        "timings": {"send": 0, "wait": duration or 0, "receive": 0},
        "_specmock": ours,
    }


def dump_har(exchanges: Iterable[Exchange], *, creator: str = "specmock") -> str:
    """A HAR 1.2 document holding ``exchanges``, as JSON text.

    Args:
        exchanges: The recordings, written in order.
        creator: ``log.creator.name``.

    Example:
        >>> request = RecordedRequest.from_url("GET", "https://h/pets?tag=a&tag=b")
        >>> x = Exchange(request, RecordedResponse(200, body=b"\\xff"), recorded_at=1.5)
        >>> load_har(dump_har([x])) == (x,)
        True
    """
    from specmock import __version__ as version

    document = {
        "log": {
            "version": "1.2",
            "creator": {"name": creator, "version": version},
            "entries": [_entry(exchange) for exchange in exchanges],
        }
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
