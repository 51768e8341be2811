"""What a generated suite holds: per operation, one valid request, its answer and a verdict.

Rules:

- Pure over a loaded ``Spec`` and a seed: the same description and seed give the same
  plan, byte for byte once rendered. Values never depend on the description's digest,
  so editing one operation leaves every other operation's plan unchanged.
- A request is built from the description alone: the required parameters (their first
  valid example, else a generated value) and, when there is a body, a JSON body (else a
  form, a multipart upload with a small file, or raw content). It is then *sent to the
  mock* in process; a request the mock refuses is rebuilt with a derived seed a few times
  and the test is skipped with the mock's reason when none is accepted.
- The mock's answer to that request is kept as the operation's fixture, and checked with
  specmock's own validator: an answer that breaks the description makes the test an
  ``xfail`` (a specmock limitation, not the API's), so suites pass out of the box.
- Names are Python identifiers derived from operationIds (snake_case) or method and
  path, unique in the whole suite; modules are grouped by first tag, else by first path
  segment.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import parse_qsl, quote

import httpx
import orjson

from specmock.config import Quality
from specmock.engine import Engine
from specmock.engine.respond import respond
from specmock.engine.seeding import rng_for
from specmock.errors import SpecmockError
from specmock.http.negotiation import negotiate
from specmock.models import Request
from specmock.schema import Compiler, Direction, Validator, compile_validator
from specmock.spec.model import MediaType, Operation, Parameter, ParamLocation, Spec

__all__ = ["Call", "Case", "Fixture", "Suite", "plan_suite", "slug"]

#: Derived seeds tried before an operation's test is skipped.
ATTEMPTS = 4
#: At most this many operations get a response-time test.
PERFORMANCE_CASES = 3
#: Base URL of requests sent to the mock while planning (what the plugin uses too).
MOCK_BASE = "http://specmock.test"
#: Module names the suite reserves for itself.
RESERVED_MODULES = frozenset({"mock_structure", "performance"})
#: Headers the transport computes; a documented parameter of that name is not sent.
_TRANSPORT_HEADERS = frozenset({"content-length", "host"})
#: Headers httpx sends by default: an optional documented one is sent to override it.
_DEFAULT_HEADERS = frozenset({"accept", "accept-encoding", "user-agent", "connection"})
_REFUSALS = frozenset({400, 413, 414, 415, 422})
_SMALL_FILE = ("hello.txt", "hello from specmock\n", "text/plain")
#: Header parameters whose value names a media type (see ``_Planner.media_value``).
_MEDIA_HEADERS = frozenset({"accept", "content-type"})


@dataclass(frozen=True, slots=True)
class Call:
    """One HTTP request as the generated test writes it.

    ``body_kind`` is ``"none"``, ``"json"``, ``"form"``, ``"multipart"`` or ``"content"``;
    ``files`` names multipart file fields (each gets a small text file).
    """

    method: str
    url: str
    params: tuple[tuple[str, Any], ...] = ()
    headers: tuple[tuple[str, str], ...] = ()
    body_kind: str = "none"
    body: Any = None
    files: tuple[str, ...] = ()

    def to_request(self, client: httpx.Client) -> Request:
        """The engine's :class:`~specmock.models.Request` for this call, as the httpx
        transport converts what ``client`` would send."""
        built = self.to_httpx(client)
        raw_path, _, raw_query = built.url.raw_path.decode("ascii").partition("?")
        return Request(
            built.method,
            raw_path,
            tuple(parse_qsl(raw_query, keep_blank_values=True)),
            tuple((k.decode("latin-1").lower(), v.decode("latin-1")) for k, v in built.headers.raw),
            built.read(),
            scheme=built.url.scheme,
        )

    def to_httpx(self, client: httpx.Client) -> httpx.Request:
        """The ``httpx.Request`` the test will send through ``client`` (built, never sent).

        The client's own headers (``Accept-Encoding``...) are part of what is sent.
        """
        kwargs: dict[str, Any] = {}
        if self.params:
            kwargs["params"] = [
                (name, item)
                for name, value in self.params
                for item in (value if isinstance(value, list) else [value])
            ]
        if self.headers:
            kwargs["headers"] = list(self.headers)
        if self.body_kind == "json":
            kwargs["json"] = self.body
        elif self.body_kind == "form":
            kwargs["data"] = self.body
        elif self.body_kind == "multipart":
            if self.files:
                kwargs["data"] = self.body
                kwargs["files"] = dict.fromkeys(self.files, _SMALL_FILE)
            else:  # fields only: still multipart, not a form
                kwargs["files"] = _fields_as_parts(self.body)
        elif self.body_kind == "content":
            kwargs["content"] = self.body
        return client.build_request(self.method.upper(), self.url, **kwargs)


@dataclass(frozen=True, slots=True)
class Fixture:
    """The mock's answer to a case's request, kept as ``fixtures/<name>.json``."""

    status: int
    media_type: str
    body: Any


@dataclass(frozen=True, slots=True)
class Case:
    """One operation's test: its names, request, expected status and verdict."""

    operation: str  # "GET /pets/{petId}"
    name: str  # unique snake_case slug; the test is ``test_<name>``
    module: str  # the test module is ``test_<module>.py``
    summary: str
    call: Call | None
    status: int | None
    skip: str | None = None  # no valid request could be built
    xfail: str | None = None  # the mock's answer breaks the description
    fixture: Fixture | None = None


@dataclass(frozen=True, slots=True)
class Suite:
    """Everything a suite holds, before rendering."""

    cases: tuple[Case, ...]
    performance: tuple[Case, ...]

    def modules(self) -> dict[str, tuple[Case, ...]]:
        """Cases by module name, modules sorted, cases in description order."""
        grouped: dict[str, list[Case]] = {}
        for case in self.cases:
            grouped.setdefault(case.module, []).append(case)
        return {name: tuple(grouped[name]) for name in sorted(grouped)}


def slug(text: str) -> str:
    """A snake_case Python identifier for an operationId, tag or path.

    Example:
        >>> slug("listPets"), slug("GET /pets/{petId}"), slug("2fa.Verify")
        ('list_pets', 'get_pets_pet_id', 'n2fa_verify')
    """
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    words = re.sub(r"[^0-9A-Za-z]+", "_", text.encode("ascii", "ignore").decode()).strip("_")
    name = re.sub(r"_+", "_", words.lower()) or "operation"
    if name[0].isdigit():
        name = "n" + name
    return name + "_" if keyword.iskeyword(name) else name


def module_of(op: Operation) -> str:
    """The module an operation's test goes in: its first tag, else its first path segment."""
    if op.tags:
        name = slug(op.tags[0])
    else:
        literal = [s for s in op.path.split("/") if s and "{" not in s]
        name = slug(literal[0]) if literal else "root"
    return f"{name}_api" if name in RESERVED_MODULES else name


def plan_suite(
    spec: Spec,
    *,
    seed: int = 0,
    only: frozenset[str] | None = None,
    progress: Callable[[Operation], None] | None = None,
) -> Suite:
    """Plan the suite of a description: a verified request and answer per operation.

    Args:
        spec: the loaded description.
        seed: varies every generated value; the same seed gives the same suite.
        only: operation keys (``"GET /pets"``) to plan requests for; the others keep
            their names and modules but no request (used to regenerate a few modules).
        progress: called once per operation planned.

    Example:
        >>> from specmock.spec import load
        >>> suite = plan_suite(load("examples/petstore.yaml"))  # doctest: +SKIP
        >>> suite.cases[0].call.url  # doctest: +SKIP
        '/pets'
    """
    # Answers must not depend on the whole description's digest (see the rules above).
    engine = Engine(replace(spec, digest="specmock-testgen"), seed=seed)
    planner = _Planner(engine, seed)
    try:
        return _plan(spec, planner, only, progress)
    finally:
        planner.client.close()


def _plan(
    spec: Spec,
    planner: _Planner,
    only: frozenset[str] | None,
    progress: Callable[[Operation], None] | None,
) -> Suite:
    names: set[str] = set()
    cases: list[Case] = []
    for op in spec.operations:
        base = slug(op.operation_id) if op.operation_id else slug(f"{op.method} {op.path}")
        name, n = base, 1
        while name in names:
            n += 1
            name = f"{base}_{n}"
        names.add(name)
        case = Case(op.key, name, module_of(op), _one_line(op.summary), None, None)
        if only is None or op.key in only:
            case = planner.plan(op, case)
        cases.append(case)
        if progress is not None:
            progress(op)
    fast = [
        c
        for c in cases
        if c.call is not None
        and c.call.method == "get"
        and c.skip is None
        and c.xfail is None
        and c.status is not None
        and 200 <= c.status < 300
    ]
    return Suite(tuple(cases), tuple(fast[:PERFORMANCE_CASES]))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:120]


class _Planner:
    """Builds and verifies one operation's request (memoised compilers)."""

    def __init__(self, engine: Engine, seed: int) -> None:
        self.engine = engine
        self.seed = seed
        schemas = engine.spec.schemas
        hidden = engine.spec.version.startswith("3.1")
        self.params = Compiler(
            schemas, Quality.REALISTIC, Direction.REQUEST, required_hidden=hidden
        )
        self.bodies = Compiler(schemas, Quality.BASIC, Direction.REQUEST, required_hidden=hidden)
        self.client = httpx.Client(base_url=MOCK_BASE)  # builds requests, never sends one

    def plan(self, op: Operation, case: Case) -> Case:
        reason = "no request could be built"
        try:
            self.engine.default_status(op)
        except SpecmockError as error:
            return replace(case, skip=_first_line(error))
        for attempt in range(ATTEMPTS):
            try:
                call = self.call(op, attempt)
            except (SpecmockError, ValueError, TypeError, RecursionError) as error:
                reason = f"no valid request could be built: {_first_line(error)}"
                continue
            if isinstance(call, str):
                return replace(case, skip=call)
            verdict = self.verify(op, call)
            if isinstance(verdict, str):
                reason = verdict
                continue
            status, fixture, problem = verdict
            return replace(case, call=call, status=status, fixture=fixture, xfail=problem)
        return replace(case, skip=reason)

    # -- building ------------------------------------------------------------------------

    def value(self, schema: Any, name: str, where: tuple[object, ...], body: bool) -> Any:
        compiler = self.bodies if body else self.params
        return compiler.compile(schema, name)(rng_for("testgen", *where, self.seed))

    def parameter(self, op: Operation, param: Parameter, attempt: int) -> Any:
        validator = compile_validator(param.schema, self.engine.spec.schemas, Direction.REQUEST)
        if param.location is ParamLocation.HEADER and param.name.lower() in _MEDIA_HEADERS:
            media = self.media_value(op, param, validator)
            if media is not None:
                return media
        if attempt == 0:
            for example in param.examples.values():
                if validator.is_valid(example):
                    return example
        where = (op.key, param.location.value, param.name, attempt)
        return self.value(param.schema, param.name, where, body=False)

    def media_value(self, op: Operation, param: Parameter, validator: Validator) -> str | None:
        """A documented ``Accept`` or ``Content-Type`` header parameter's value: the first
        the parameter allows (its examples, default, enum, else the media types
        documented) that names a media type the operation has: one the answer expected can
        be sent as, one the body can be sent as. A made-up string would be refused."""
        if param.name.lower() == "accept":
            response = op.responses.get(self.engine.default_status(op))
            documented = list(response.content) if response is not None else []
        else:
            documented = list(op.body.content) if op.body is not None else []
        schema = param.schema if isinstance(param.schema, Mapping) else {}
        candidates = [
            *param.examples.values(),
            *([schema["default"]] if "default" in schema else []),
            *(schema.get("enum") or ()),
            *(schema.get("examples") or ()),
            *documented,
        ]
        for value in candidates:
            if not isinstance(value, str) or not validator.is_valid(value):
                continue
            if param.name.lower() == "accept":
                if negotiate(value, documented) is not None:
                    return value
            elif value.split(";")[0].strip().lower() in {
                m.split(";")[0].strip().lower() for m in documented
            }:
                return value
        return None

    def call(self, op: Operation, attempt: int) -> Call | str:
        """The request, or why none is built (a string)."""
        url = quote(op.path, safe="/:@!$&'()*+,;={}")
        params: list[tuple[str, Any]] = []
        headers: list[tuple[str, str]] = []
        cookies: list[str] = []
        for param in op.parameters:
            default = param.location is ParamLocation.HEADER and (
                param.name.lower() in _DEFAULT_HEADERS
            )
            if not param.required and param.location is not ParamLocation.PATH and not default:
                continue
            value = self.parameter(op, param, attempt)
            if param.location is ParamLocation.PATH:
                text = quote(_path_text(param, value), safe=",;=")
                url = url.replace("{" + param.name + "}", text.replace("{", "%7B"))
            elif param.location is ParamLocation.QUERY:
                params.extend(_query_pairs(param, value))
            elif param.location is ParamLocation.HEADER:
                if param.name.lower() not in _TRANSPORT_HEADERS:
                    headers.append((param.name, _header_text(value)))
            else:
                cookies.append(f"{param.name}={quote(_simple(value, param.explode), safe='')}")
        if cookies:
            headers.append(("Cookie", "; ".join(cookies)))
        for name, text in headers:
            if not (text.isascii() and text.isprintable() and text == text.strip()):
                raise ValueError(f"header {name} would be {text!r}")
        if "{" in url:
            raise ValueError(f"a path parameter is not documented: {url}")
        kind, body, files = "none", None, tuple[str, ...]()
        if op.body is not None and op.body.content:
            built = self.body(op, attempt)
            if isinstance(built, str):
                if op.body.required:
                    return built
            else:
                kind, body, files, media_name = built
                if kind == "json" and body is None:
                    kind, body = "content", "null"  # httpx sends no body for json=None
                if kind in ("form", "multipart"):  # httpx writes the type (and boundary)
                    headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
                typed = any(name.lower() == "content-type" for name, _ in headers)
                plain_json = kind == "json" and media_name.split(";")[0] == "application/json"
                if kind in ("json", "content") and not typed and not plain_json:
                    headers.append(("Content-Type", media_name))
        return Call(op.method, url, tuple(params), tuple(headers), kind, body, files)

    def body(self, op: Operation, attempt: int) -> tuple[str, Any, tuple[str, ...], str] | str:
        assert op.body is not None
        content = op.body.content
        where = (op.key, "body", attempt)
        json_media = next((m for m in content.values() if m.is_json), None)
        if json_media is not None:
            return "json", self.json_body(json_media, where, attempt), (), json_media.name
        base = {name.split(";", 1)[0].strip().lower(): m for name, m in content.items()}
        form = base.get("application/x-www-form-urlencoded")
        if form is not None:
            value = self.json_body(form, where, attempt)
            if value == {} and form.schema is not None:  # an empty form is no body at all
                value = self.value(form.schema, "body", where, body=False)
            if isinstance(value, Mapping) and all(_flat(v) for v in value.values()):
                fields = {k: _form_value(v) for k, v in value.items()}
                return "form", fields, (), form.name
            return "the form body has nested fields, which a test cannot send as a form"
        multipart = base.get("multipart/form-data")
        built = self.multipart(multipart, where) if multipart is not None else None
        if built is not None and not (isinstance(built, tuple) and not built[1] and not built[2]):
            return built
        # an empty multipart body (its schema a bare file, as converted from Swagger 2.0)
        # is no body: raw content is sent instead where the description allows it
        for name, media in base.items():
            if name.startswith("text/") or name in ("application/octet-stream", "*/*"):
                media_type = "application/octet-stream" if name == "*/*" else media.name
                return "content", "hello from specmock", (), media_type
        if built is not None:
            return built
        return f"the request body's media type ({', '.join(content)}) cannot be generated"

    def json_body(self, media: MediaType, where: tuple[object, ...], attempt: int) -> Any:
        if media.schema is None:
            return next(iter(media.examples.values()), {})
        if attempt == 0 and media.examples:
            validator = self.engine.validator(media.schema)
            for example in media.examples.values():
                if validator.is_valid(example):
                    return example
        return self.value(media.schema, "body", where, body=True)

    def multipart(
        self, media: MediaType, where: tuple[object, ...]
    ) -> tuple[str, Any, tuple[str, ...], str] | str:
        schema = media.schema if isinstance(media.schema, Mapping) else {}
        props = _properties(schema, self.engine.spec.schemas)
        value = self.value(schema, "body", where, body=True) if schema else {}
        if value == {} and schema:  # nothing required: send the optional fields, not nothing
            value = self.value(schema, "body", where, body=False)
        if not isinstance(value, Mapping):
            return "the multipart body is not an object"
        files = tuple(k for k, v in props.items() if _is_binary(v, self.engine.spec.schemas))
        required = set(_required(schema, self.engine.spec.schemas))
        files = tuple(k for k in files if k in required or k in value) or files[:1]
        fields = {k: _form_value(v) for k, v in value.items() if k not in files}
        if not files:  # sent as parts, one text per field
            fields = {k: v if isinstance(v, str) else ",".join(v) for k, v in fields.items()}
        if not all(_flat(v) for v in value.values() if v is not None):
            return "the multipart body has nested fields"
        return "multipart", fields, files, media.name

    # -- verifying -----------------------------------------------------------------------

    def verify(self, op: Operation, call: Call) -> tuple[int, Fixture | None, str | None] | str:
        """The mock's answer (status, fixture, problem), or why it refused the request."""
        answer = respond(self.engine, call.to_request(self.client))
        media_type = dict(answer.headers).get("content-type", "")
        if answer.status in _REFUSALS and "problem+json" in media_type:
            return f"the mock refuses every request built: {_problem_text(answer.body)}"
        if answer.status >= 500 and "problem+json" in media_type:
            return f"the mock cannot answer: {_problem_text(answer.body)}"
        expected = self.engine.default_status(op)
        if not _status_matches(expected, answer.status):
            return f"the mock answered {answer.status}, not the documented {expected}"
        response = _documented(op, answer.status)
        fixture: Fixture | None = None
        problem: str | None = None
        media = None
        if response is not None and media_type:
            base = media_type.split(";", 1)[0].strip()
            media = next(
                (m for name, m in response.content.items() if name.split(";")[0] == base),
                None,
            )
        if media is not None and media.is_json and answer.body:
            body = orjson.loads(answer.body)
            fixture = Fixture(answer.status, media.name, body)
            if media.schema is not None:
                errors = self.engine.validator(media).errors(body)
                if errors:
                    first = errors[0]
                    problem = (
                        f"specmock's answer breaks the description: {first.keyword} at "
                        f"{first.instance_path or '/'}"
                    )
        return answer.status, None if problem else fixture, problem


def _fields_as_parts(fields: Any) -> dict[str, Any]:
    """Multipart parts with no file: ``(None, value)`` per field (httpx's spelling)."""
    parts: dict[str, Any] = {}
    for name, value in (fields or {}).items():
        parts[name] = (None, value)
    return parts


def _status_matches(documented: str, status: int) -> bool:
    if documented.isdigit():
        return status == int(documented)
    if documented[1:].upper() == "XX":
        return str(status)[0] == documented[0]
    return True  # "default": whatever the mock chose


def _documented(op: Operation, status: int) -> Any:
    key = op.documented(status)
    return None if key is None else op.responses[key]


def _problem_text(body: bytes) -> str:
    try:
        problem = orjson.loads(body)
    except orjson.JSONDecodeError:
        return "no reason given"
    errors = problem.get("errors") if isinstance(problem, dict) else None
    if errors and isinstance(errors[0], dict):
        first = errors[0]
        where = " ".join(str(first.get(k, "")) for k in ("in", "name", "pointer")).strip()
        return f"{where}: {first.get('message', '')}".strip(": ")
    if not isinstance(problem, dict):
        return "no reason given"
    return str(problem.get("detail") or problem.get("title") or "no reason given")[:300]


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0][:200] if text else type(error).__name__


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return orjson.dumps(value).decode()
    return str(value)


def _simple(value: Any, explode: bool) -> str:
    """``simple`` style: arrays comma-joined, objects ``k,v`` (``k=v`` exploded)."""
    if isinstance(value, list):
        return ",".join(_scalar_text(v) for v in value)
    if isinstance(value, dict):
        if explode:
            return ",".join(f"{k}={_scalar_text(v)}" for k, v in value.items())
        return ",".join(f"{k},{_scalar_text(v)}" for k, v in value.items())
    return _scalar_text(value)


def _path_text(param: Parameter, value: Any) -> str:
    if param.style == "label":
        separator = "." if param.explode else ","
        if isinstance(value, list):
            return "." + separator.join(_scalar_text(v) for v in value)
        return "." + _simple(value, param.explode)
    if param.style == "matrix":
        if isinstance(value, list) and param.explode:
            return "".join(f";{param.name}={_scalar_text(v)}" for v in value)
        return f";{param.name}={_simple(value, param.explode)}"
    text = _simple(value, param.explode)
    if not text:
        raise ValueError(f"path parameter {param.name} would be empty")
    return text


def _query_pairs(param: Parameter, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        if param.style == "deepObject":
            return [(f"{param.name}[{k}]", _scalar_text(v)) for k, v in value.items()]
        if param.explode:
            return [(k, _scalar_text(v)) for k, v in value.items()]
        return [(param.name, _simple(value, False))]
    if isinstance(value, list):
        if param.style == "form" and param.explode:
            return [(param.name, [_plain(v) for v in value])]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(param.style, ",")
        return [(param.name, separator.join(_scalar_text(v) for v in value))]
    return [(param.name, _plain(value))]


def _plain(value: Any) -> Any:
    """A query value as the test writes it: numbers and strings stay literal."""
    if isinstance(value, (bool, dict, list)) or value is None:
        return _scalar_text(value)
    return value


def _header_text(value: Any) -> str:
    return _simple(value, False)


def _flat(value: Any) -> bool:
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return not isinstance(value, dict)


def _form_value(value: Any) -> Any:
    if isinstance(value, list):
        return [_scalar_text(v) for v in value]
    return _scalar_text(value)


def _resolved(schema: Any, registry: Mapping[str, Any], depth: int = 0) -> Mapping[str, Any]:
    if not isinstance(schema, Mapping) or depth > 16:
        return {}
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref in registry:
        merged = dict(_resolved(registry[ref], registry, depth + 1))
        merged.update({k: v for k, v in schema.items() if k != "$ref"})
        return merged
    return schema


def _properties(schema: Any, registry: Mapping[str, Any]) -> dict[str, Any]:
    node = _resolved(schema, registry)
    props: dict[str, Any] = dict(node.get("properties") or {})
    for sub in node.get("allOf") or ():
        props.update(_properties(sub, registry))
    return props


def _required(schema: Any, registry: Mapping[str, Any]) -> list[str]:
    node = _resolved(schema, registry)
    names = list(node.get("required") or ())
    for sub in node.get("allOf") or ():
        names += _required(sub, registry)
    return names


def _is_binary(schema: Any, registry: Mapping[str, Any]) -> bool:
    node = _resolved(schema, registry)
    if node.get("format") in ("binary", "byte") or "contentMediaType" in node:
        return node.get("format") != "byte"
    items = node.get("items")
    return items is not None and _is_binary(items, registry)
