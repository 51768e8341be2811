"""VCR.py / pytest-recording YAML cassettes (format version 1), in and out.

A cassette is ``{interactions: [{request: {body, headers, method, uri}, response:
{status: {code, message}, headers, body: {string}}}], version: 1}`` with headers as a
mapping of names to lists of values.

Rules:

- Reading is ``yaml.safe_load`` semantics (the C loader when present) plus the tags old
  VCR.py wrote for plain strings and bytes (``!!python/unicode``, ``!!python/str``,
  ``!!python/bytes``, ``!!python/tuple``). Any other ``!!python/...`` tag is refused
  with one line naming the file, the line and the tag: a cassette never runs code.
- Bodies may be ``null``, text (stored as UTF-8), ``!!binary`` bytes or ``{string: ...}``;
  bytes stay as they are, so gzip-encoded bodies replay exactly.
- The older httpx layout (``status_code``, ``content``) is read too.
- Writing produces what VCR.py writes: text bodies as strings, anything that is not
  UTF-8 as ``!!binary``, a request without a body as ``null``. The format groups
  headers by name, so repeated headers come back next to each other; the format keeps
  no timing, reason phrase aside from the standard one, or operation.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from typing import Any

import yaml

from specmock.record.exchange import (
    Exchange,
    Headers,
    RecordedRequest,
    RecordedResponse,
    headers_of,
)
from specmock.record.formats import CassetteError, Reader, Source, read_source

__all__ = ["dump_cassette", "load_cassette"]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_YAML_TAG = "tag:yaml.org,2002:"


class _UnsupportedTag(Exception):
    def __init__(self, tag: str, line: int) -> None:
        super().__init__(tag)
        self.tag = tag.replace(_YAML_TAG, "!!", 1)
        self.line = line


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML plus the harmless tags Python 2 era VCR.py wrote."""


def _construct_text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))  # type: ignore[arg-type]


def _construct_bytes(loader: yaml.SafeLoader, node: yaml.Node) -> bytes:
    text = str(loader.construct_scalar(node))  # type: ignore[arg-type]
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as error:
        raise yaml.constructor.ConstructorError(
            None, None, f"bad base64 in {node.tag}: {error}", node.start_mark
        ) from None


def _construct_list(loader: yaml.SafeLoader, node: yaml.Node) -> list[Any]:
    return loader.construct_sequence(node)  # type: ignore[arg-type]


def _refuse(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    raise _UnsupportedTag(node.tag, node.start_mark.line + 1)


_Loader.add_constructor(_YAML_TAG + "python/unicode", _construct_text)
_Loader.add_constructor(_YAML_TAG + "python/str", _construct_text)
_Loader.add_constructor(_YAML_TAG + "python/bytes", _construct_bytes)
_Loader.add_constructor(_YAML_TAG + "python/tuple", _construct_list)
_Loader.add_multi_constructor(_YAML_TAG + "python/", _refuse)
_Loader.add_multi_constructor("!", _refuse)


def load_cassette(source: Source) -> tuple[Exchange, ...]:
    """The exchanges of a VCR.py / pytest-recording cassette, in recorded order.

    Args:
        source: A path to the cassette, or its YAML (or JSON) text.

    Raises:
        CassetteError: The file cannot be read or is not a version 1 cassette; the one-line
            message names the file and where (``#/interactions/0/request/uri``).

    Example:
        >>> text = '''
        ... interactions:
        ... - request: {method: GET, uri: 'https://api.example.com/pets?limit=2',
        ...             body: null, headers: {Accept: [application/json]}}
        ...   response:
        ...     status: {code: 200, message: OK}
        ...     headers: {Content-Type: [application/json]}
        ...     body: {string: '[]'}
        ... version: 1
        ... '''
        >>> (exchange,) = load_cassette(text)
        >>> exchange.request.path, exchange.request.query, exchange.response.body
        ('/pets', (('limit', '2'),), b'[]')
    """
    text, name = read_source(source, "<cassette>")
    try:
        data = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except _UnsupportedTag as error:
        raise CassetteError(
            f"unsupported YAML tag {error.tag}; cassettes may use plain YAML and !!binary",
            file=name,
            line=error.line,
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise CassetteError(
            f"not valid YAML: {problem}",
            file=name,
            line=None if mark is None else mark.line + 1,
        ) from None
    return _Reader(name).cassette(data)


class _Reader(Reader):
    """Turns a parsed cassette into exchanges, knowing where it is for errors."""

    __slots__ = ()

    OBJECT = "a mapping"
    ARRAY = "a list"

    def cassette(self, data: Any) -> tuple[Exchange, ...]:
        if isinstance(data, list):
            raise self.fail("", "a list at the top: not a version 1 cassette (re-record it)")
        top = self.mapping(data, "")
        version = top.get("version", 1)
        if version != 1:
            raise self.fail("/version", f"unsupported cassette version {version!r}; expected 1")
        interactions = self.required(top, "interactions", "")
        if interactions is None:
            return ()
        if not isinstance(interactions, list):
            raise self.fail("/interactions", f"expected a list, found {self.kind(interactions)}")
        return tuple(
            self.interaction(item, f"/interactions/{index}")
            for index, item in enumerate(interactions)
        )

    def interaction(self, item: Any, pointer: str) -> Exchange:
        item = self.mapping(item, pointer)
        request = self.mapping(self.required(item, "request", pointer), pointer + "/request")
        response = self.mapping(self.required(item, "response", pointer), pointer + "/response")
        return Exchange(
            self.request(request, pointer + "/request"),
            self.response(response, pointer + "/response"),
        )

    def request(self, request: Mapping[Any, Any], pointer: str) -> RecordedRequest:
        method = self.required(request, "method", pointer)
        uri = self.required(request, "uri", pointer)
        if not isinstance(method, str) or not method:
            raise self.fail(
                pointer + "/method", f"expected a method name, found {self.kind(method)}"
            )
        if not isinstance(uri, str) or "://" not in uri:
            raise self.fail(pointer + "/uri", f"expected an absolute URL, found {self.kind(uri)}")
        headers = self.headers(request.get("headers"), pointer + "/headers")
        body = self.body(request.get("body"), pointer + "/body")
        try:
            return RecordedRequest.from_url(method, uri, headers, body)
        except ValueError as error:
            raise self.fail(pointer + "/uri", f"bad URL: {error}") from None

    def response(self, response: Mapping[Any, Any], pointer: str) -> RecordedResponse:
        if "status" in response:
            status = response["status"]
            where = pointer + "/status"
            if isinstance(status, Mapping):
                status = self.required(status, "code", where)
                where += "/code"
        else:
            status = self.required(response, "status_code", pointer)
            where = pointer + "/status_code"
        if isinstance(status, str) and status.isdigit():
            status = int(status)
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 999:
            raise self.fail(where, f"expected a status code, found {self.kind(status)}")
        headers = self.headers(response.get("headers"), pointer + "/headers")
        if "body" in response or "content" not in response:
            body = self.body(response.get("body"), pointer + "/body")
        else:
            body = self.body(response["content"], pointer + "/content")
        return RecordedResponse(status, headers_of(headers), body)

    def headers(self, headers: Any, pointer: str) -> list[tuple[str, str]]:
        if headers is None:
            return []
        pairs: list[tuple[str, str]] = []
        for name, values in self.mapping(headers, pointer).items():
            here = f"{pointer}/{name}"
            for value in values if isinstance(values, list) else [values]:
                text = _scalar_text(value)
                if text is None:
                    raise self.fail(here, f"expected header values, found {self.kind(value)}")
                pairs.append((str(name), text))
        return pairs

    def body(self, body: Any, pointer: str) -> bytes:
        if isinstance(body, Mapping):
            body = self.required(body, "string", pointer)
            pointer += "/string"
        if body is None:
            return b""
        if isinstance(body, bytes):
            return body
        if isinstance(body, str):
            return body.encode("utf-8")
        raise self.fail(pointer, f"expected text or !!binary, found {self.kind(body)}")


def _scalar_text(value: Any) -> str | None:
    # Hand-written cassettes leave values unquoted; YAML then reads numbers and dates.
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return None


def _body(body: bytes) -> str | bytes:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body


def _headers(headers: Headers) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name, []).append(value)
    return grouped


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def dump_cassette(exchanges: Iterable[Exchange]) -> str:
    """A VCR.py cassette (format version 1) holding ``exchanges``, as YAML text.

    Example:
        >>> request = RecordedRequest.from_url("GET", "https://h/pets")
        >>> text = dump_cassette([Exchange(request, RecordedResponse(200, body=b"\\x1f\\x8b"))])
        >>> "!!binary" in text, load_cassette(text)[0].response.body
        (True, b'\\x1f\\x8b')
    """
    interactions = [
        {
            "request": {
                "body": _body(x.request.body) if x.request.body else None,
                "headers": _headers(x.request.headers),
                "method": x.request.method,
                "uri": x.request.url,
            },
            "response": {
                "body": {"string": _body(x.response.body)},
                "headers": _headers(x.response.headers),
                "status": {"code": x.response.status, "message": _reason(x.response.status)},
            },
        }
        for x in exchanges
    ]
    return yaml.dump(
        {"interactions": interactions, "version": 1},
        Dumper=_BaseDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=120,
    )
