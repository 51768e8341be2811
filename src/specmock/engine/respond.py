"""``respond``: the one place where a request becomes a response.

Rules:

- Order: route (404/405/400/414) → ``Prefer`` (400) → bind (400/415) → validate (422)
  → choose status (``Prefer: code`` or the lowest 2xx) → negotiate (406) → generate
  with the bound inputs, so pattern-aware answers agree with the request → serialise.
- Every error is application/problem+json; nothing here writes to a socket.
- Documented response headers are generated from their schemas with a generator
  seeded like the body; ``Location`` on a 201 points at the created item.
- A :class:`Responder` holds what is compiled once per engine (the router, header
  generators); :func:`respond` keeps one per engine in a weak memo.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from xml.sax.saxutils import escape

import orjson

from specmock.config import Quality
from specmock.engine.seeding import rng_for
from specmock.errors import GenerationError, SpecmockError
from specmock.http.binding import bind
from specmock.http.negotiation import negotiate, parse_prefer
from specmock.http.problem import problem
from specmock.http.validation import validate as validate_request
from specmock.models import Response
from specmock.schema import Compiler, compile_validator
from specmock.spec.model import Header, MediaType, Operation, ResponseSpec
from specmock.spec.routing import MethodNotAllowed, NoRoute, Route, Router

if TYPE_CHECKING:
    from collections.abc import Callable
    from random import Random

    from specmock.engine.core import Engine
    from specmock.http.negotiation import Preferences
    from specmock.models import Inputs, Request

__all__ = ["Prepared", "Responder", "error_response", "respond"]

_NO_BODY = frozenset({204, 205, 304})
_ID_NAMES = ("id", "uuid", "key", "name")


class Responder:
    """Answers requests for one engine; the router and generators are built once.

    Example:
        >>> from specmock.engine import Engine  # doctest: +SKIP
        >>> from specmock.models import Request  # doctest: +SKIP
        >>> answer = Responder(Engine.from_source("examples/petstore.yaml"))  # doctest: +SKIP
        >>> answer(Request("GET", "/pets/42")).status  # doctest: +SKIP
        200
    """

    def __init__(self, engine: Engine, *, validate: bool = True) -> None:
        self.engine = engine
        self.validate = validate
        self.router = Router(engine.spec.operations, engine.spec.base_paths)
        self._compilers: dict[Quality, Compiler] = {}
        #: Called with each routed request's operation (the server counts usage with it).
        self.observe: Callable[[Operation], None] | None = None

    def __call__(self, request: Request) -> Response:
        """The response to one request; problems become problem+json, never exceptions."""
        try:
            return self._respond(request)
        except SpecmockError as error:
            return error_response(error)

    def _respond(self, request: Request) -> Response:
        prepared = self.prepare(request)
        if isinstance(prepared, Response):
            return prepared
        return self.generated(prepared)

    def prepare(self, request: Request) -> Prepared | Response:
        """Route, read ``Prefer``, bind and validate, choose the status and media type.

        Returns the :class:`Prepared` exchange, or the problem answering the request.

        Raises:
            SpecmockError: routing or ``Prefer`` failed (see :func:`error_response`).
        """
        route = self.router.match(request.method, request.path)
        op = route.operation
        if self.observe is not None:
            self.observe(op)
        prefs = parse_prefer(v for k, v in request.headers if k == "prefer")
        registry = self.engine.spec.schemas
        bound = bind(op, request, route.params, registry)
        if self.validate or any(i.status in (400, 415) for i in bound.issues):
            issues = list(bound.issues)
            for refusal in (415, 400):
                picked = [i for i in issues if i.status == refusal]
                if picked:
                    return problem(refusal, picked[0].message, errors=[i.as_json() for i in picked])
            if self.validate:
                issues.extend(validate_request(op, bound, registry))
            if issues:
                count = len(issues)
                return problem(
                    422,
                    f"the request breaks the description in {count} place"
                    + ("s" if count > 1 else ""),
                    errors=[i.as_json() for i in issues],
                )
        prepared = Prepared(request, route, prefs, bound.inputs, "", 0, None, None)
        return self.with_status(prepared, prefs.code)

    def with_status(self, prepared: Prepared, wanted: int | None) -> Prepared | Response:
        """The exchange answering with another status (its media type negotiated again).

        Raises:
            SpecmockError: ``wanted`` is not documented for the operation (400).
        """
        op = prepared.route.operation
        status, code = self._status(op, wanted)
        spec = op.responses[status]
        media_name = self._negotiate(prepared.request, spec)
        if media_name is None:
            return problem(
                406,
                f"none of the documented media types ({', '.join(spec.content)}) is acceptable",
                available=list(spec.content),
            )
        media = self.engine.choose_media(spec, media_name or None)
        return replace(prepared, status=status, code=code, response=spec, media=media)

    def generated(self, prepared: Prepared) -> Response:
        """The answer from the description: a named example or a generated body."""
        prefs, media, status = prepared.prefs, prepared.media, prepared.status
        warnings: tuple[str, ...] = ()
        if prefs.example is not None:
            if media is None or prefs.example not in media.examples:
                names = ", ".join(media.examples) if media else ""
                return problem(
                    400,
                    f"no example named {prefs.example!r} for status {status}"
                    + (f" (examples: {names})" if names else ""),
                )
            body: Any = media.examples[prefs.example]
            source = "example"
        else:
            result = self.engine.generate(
                prepared.route.operation,
                status=status,
                media_type=media.name if media else None,
                quality=prefs.quality,
                seed=prefs.seed,
                strategy=prefs.strategy,
                inputs=prepared.inputs,
            )
            body, source, warnings = result.body, result.source, result.problems
        return self.answer(prepared, body, source, warnings)

    def answer(
        self,
        prepared: Prepared,
        body: Any,
        source: str,
        warnings: tuple[str, ...] = (),
        *,
        stored: int | None = None,
    ) -> Response:
        """Headers and serialisation of ``body`` as the prepared status and media type.

        ``stored`` is how many items a page of stored items (stateful mode) is one page of:
        its ``Link`` header leads through those.
        """
        request, media, code = prepared.request, prepared.media, prepared.code
        assert prepared.response is not None, "answer() needs a prepared status"
        headers: list[tuple[str, str]] = []
        if warnings:
            warning = " ".join(warnings[0].split())
            headers.append(("x-specmock-warning", warning.encode("ascii", "replace").decode()))
        headers.append(("x-specmock-source", source))
        prefs = prepared.prefs
        seed = self.engine.seed if prefs.seed is None else prefs.seed
        headers.extend(
            self._headers(
                prepared.route.operation,
                prepared.response,
                prepared.route,
                request,
                body,
                code,
                prefs.quality,
                seed,
                self._link(prepared, body, source, stored),
            )
        )
        if code in _NO_BODY or media is None or request.method.upper() == "HEAD":
            payload = b""
            if media is not None and code not in _NO_BODY:
                headers.insert(0, ("content-type", media.name))
        else:
            payload = serialise(body, media)
            headers.insert(0, ("content-type", _content_type(media.name)))
        return Response(code, tuple(headers), payload, source)

    def _status(self, op: Operation, wanted: int | None) -> tuple[str, int]:
        """The documented status key and the numeric status to send."""
        if wanted is None:
            default = self.engine.default_status(op)
            return default, _numeric(default)
        key = op.documented(wanted)
        if key is not None:
            return key, wanted
        documented = ", ".join(op.responses)
        raise _NotDocumented(f"Prefer code={wanted} is not documented for {op.key} ({documented})")

    @staticmethod
    def _negotiate(request: Request, spec: ResponseSpec) -> str | None:
        accepts = [v for k, v in request.headers if k == "accept"]
        return negotiate(", ".join(accepts) if accepts else None, list(spec.content))

    def _link(
        self, prepared: Prepared, body: Any, source: str, stored: int | None = None
    ) -> str | None:
        """The ``Link`` header of a page of a paged listing that documents one: the next,
        previous, first and last pages, where its template shaped the page or it is a page
        of ``stored`` items."""
        response, media, op = prepared.response, prepared.media, prepared.route.operation
        if response is None or media is None or (source != "generated" and stored is None):
            return None
        header = next((h for n, h in response.headers.items() if n.lower() == "link"), None)
        if header is None:
            return None
        prefs = prepared.prefs
        template = self.engine.template(op, media, quality=prefs.quality, seed=prefs.seed)
        if template is None or not template.plan.lists:
            return None
        link = template.link_header(body, op, prepared.inputs, stored)
        schema = header.schema
        if link is None or (
            schema is not None
            and not compile_validator(schema, self.engine.spec.schemas).is_valid(link)
        ):
            return None
        return link

    def _headers(
        self,
        op: Operation,
        spec: ResponseSpec,
        route: Route,
        request: Request,
        body: Any,
        code: int,
        quality: Quality | None,
        seed: int,
        link: str | None = None,
    ) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for name, header in spec.headers.items():
            lower = name.lower()
            if lower in ("content-type", "content-length", "transfer-encoding"):
                continue
            if lower == "location":
                out.append(("location", _location(request.path, body)))
                continue
            if lower == "link" and (link is not None or not header.required):
                # pages the mock can lead to, or none: a made-up value is no link a
                # client could follow
                if link is not None:
                    out.append(("link", link))
                continue
            value = self._header_value(op, spec.status, header, quality, seed)
            if value is not None:
                out.append((lower, value))
        if code == 201 and "location" not in {k for k, _ in out} and spec.headers.get("Location"):
            out.append(("location", _location(request.path, body)))
        return out

    def _header_value(
        self, op: Operation, status: str, header: Header, quality: Quality | None, seed: int
    ) -> str | None:
        level = quality or self.engine.quality
        try:
            generate: Callable[[Random], Any] = self._compiler(level).compile(
                header.schema, header.name
            )
            value = generate(rng_for(self.engine.spec.digest, op.key, status, header.name, seed))
        except (GenerationError, RecursionError, ValueError, TypeError):
            return None
        text = _header_text(value)
        return text if text.isascii() and "\n" not in text and "\r" not in text else None

    def _compiler(self, quality: Quality) -> Compiler:
        compiler = self._compilers.get(quality)
        if compiler is None:
            compiler = Compiler(self.engine.spec.schemas, quality=quality)
            self._compilers[quality] = compiler
        return compiler


@dataclass(frozen=True, slots=True)
class Prepared:
    """A request that passed routing and validation, with the status it will answer."""

    request: Request
    route: Route
    prefs: Preferences
    inputs: Inputs
    status: str  # the documented status key ("200", "4XX", "default")
    code: int  # the numeric status sent
    response: ResponseSpec | None
    media: MediaType | None


def error_response(error: SpecmockError) -> Response:
    """The problem+json answer for an error raised while answering a request."""
    if isinstance(error, MethodNotAllowed):
        return problem(405, str(error), headers=(("allow", ", ".join(error.allowed)),))
    if isinstance(error, NoRoute):
        return problem(404, str(error), nearest=list(error.nearest))
    if isinstance(error, GenerationError):
        return problem(500, f"no answer can be generated: {error}")
    status = error.status if 400 <= error.status < 600 else 500
    return problem(status, str(error))


class _NotDocumented(SpecmockError, LookupError):
    status = 400


def _numeric(key: str) -> int:
    if key.isdigit():
        return int(key)
    if key[:1].isdigit():
        return int(key[0]) * 100
    return 200  # "default" answers as a success when asked for nothing else


def _header_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_header_text(v) for v in value)
    if isinstance(value, Mapping):
        return ",".join(f"{k},{_header_text(v)}" for k, v in value.items())
    return "" if value is None else str(value)


def _location(path: str, body: Any) -> str:
    """The created item's URL: the collection path plus the body's id when it has one."""
    url = _item_url(path, body)
    # A generated id must not smuggle a header or a non-ASCII byte onto the wire.
    return quote(url, safe="/:@!$&'()*+,;=-._~%")


def _item_url(path: str, body: Any) -> str:
    """The collection path plus the body's id, or the id of the one item an envelope
    holds (``{"order": {"id": …}, "errors": []}``)."""
    base = path.rstrip("/") or "/"
    if not isinstance(body, Mapping):
        return base
    found = _named_id(body)
    if found is None:
        found = next(
            (f"{v}" for name, v in body.items() if name.lower().endswith("id") and _id_like(v)),
            None,
        )
    held = [v for v in body.values() if isinstance(v, Mapping)]
    if found is None and len(held) == 1:
        found = _named_id(held[0])
    return base if found is None else f"{base.rstrip('/')}/{found}"


def _id_like(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _named_id(body: Mapping[str, Any]) -> str | None:
    """The value of the first field of ``_ID_NAMES`` that holds a string or integer."""
    return next((f"{body[n]}" for n in _ID_NAMES if _id_like(body.get(n))), None)


def _content_type(name: str) -> str:
    base = name.split(";", 1)[0].strip().lower()
    if base.startswith("text/") and "charset" not in name.lower():
        return f"{name}; charset=utf-8"
    return name


def serialise(body: Any, media: MediaType) -> bytes:
    """Bytes for a body of a media type: JSON, text, XML or binary.

    Example:
        >>> serialise({"a": 1}, MediaType("application/json", None))
        b'{"a":1}'
    """
    base = media.name.split(";", 1)[0].strip().lower()
    if media.is_json or base == "*/*":
        return orjson.dumps(body, option=orjson.OPT_NON_STR_KEYS)
    if isinstance(body, bytes):
        return body
    if base.endswith("xml"):
        return _xml(body, "root").encode()
    if isinstance(body, str):
        return body.encode()
    if body is None:
        return b""
    if base.startswith("text/"):
        return (
            _header_text(body).encode()
            if not isinstance(body, Mapping | list)
            else (orjson.dumps(body))
        )
    return orjson.dumps(body)


def _xml(value: Any, tag: str) -> str:
    if isinstance(value, str) and tag == "root" and value.lstrip().startswith("<"):
        return value
    if isinstance(value, Mapping):
        inner = "".join(_xml(v, str(k)) for k, v in value.items())
    elif isinstance(value, list):
        inner = "".join(_xml(v, "item") for v in value)
    else:
        inner = escape(_header_text(value))
    return f"<{tag}>{inner}</{tag}>"


_MEMO: weakref.WeakKeyDictionary[Engine, Responder] = weakref.WeakKeyDictionary()


def respond(engine: Engine, request: Request) -> Response:
    """Answer ``request`` from ``engine``'s description (validating it first).

    The :class:`Responder` is built on first use and kept for the engine's life.

    Example:
        >>> from specmock.engine import Engine  # doctest: +SKIP
        >>> from specmock.models import Request  # doctest: +SKIP
        >>> respond(Engine.from_source("examples/petstore.yaml"), Request("GET", "/pets/7"))
        ... # doctest: +SKIP
        Response(status=200, ...)
    """
    responder = _MEMO.get(engine)
    if responder is None:
        responder = _MEMO[engine] = Responder(engine)
    return responder(request)
