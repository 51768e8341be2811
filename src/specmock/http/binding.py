"""Binding: a request's raw strings and bytes become an operation's typed ``Inputs``.

Rules:

- Parameters are read by their ``style`` and ``explode`` (OpenAPI 3 serialisation):
  ``form`` (query, cookie), ``simple`` (path, header), ``label``, ``matrix``,
  ``spaceDelimited``, ``pipeDelimited`` and ``deepObject``; arrays and objects are
  rebuilt, and each scalar is converted by its schema's type (integer, number, boolean)
  when it parses as one. A value that does not convert stays a string, so validation
  reports the type mismatch where it is.
- Bodies are read by content type: JSON, ``application/x-www-form-urlencoded``,
  ``multipart/form-data`` (file parts become :class:`~specmock.models.FileInfo`), text.
  Undecodable input (bad JSON, bad UTF-8, a broken multipart) is an :class:`Issue` with
  ``malformed=True`` (400); an undocumented content type is a 415 issue.
- Binding never raises for bad input and never looks at the network or the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

import orjson

from specmock.models import FileInfo, Inputs, Request
from specmock.spec.model import MediaType, Operation, Parameter, ParamLocation, Schema

__all__ = ["Bound", "Issue", "bind", "find_media", "schema_types"]


@dataclass(frozen=True, slots=True)
class Issue:
    """One thing wrong with a request, where it is and what kind (400, 415 or 422)."""

    location: str  # "path", "query", "header", "cookie", "body"
    name: str
    pointer: str
    message: str
    status: int = 422

    def as_json(self) -> dict[str, str]:
        """The entry of the problem's ``errors`` list."""
        return {
            "in": self.location,
            "name": self.name,
            "pointer": self.pointer,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Bound:
    """The bound inputs, which parameters were present, and what could not be read."""

    inputs: Inputs
    issues: tuple[Issue, ...]
    media: MediaType | None  # the documented request media type that matched
    sent: bool = False  # the request carried body bytes (binary ones are not parsed)


def _resolve(schema: Any, registry: Mapping[str, Schema], depth: int = 0) -> Mapping[str, Any]:
    if not isinstance(schema, Mapping) or depth > 16:
        return {}
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref in registry:
        merged = dict(_resolve(registry[ref], registry, depth + 1))
        merged.update({k: v for k, v in schema.items() if k != "$ref"})
        return merged
    return schema


def schema_types(schema: Any, registry: Mapping[str, Schema]) -> set[str]:
    """The type names a schema allows, looking through ``$ref``, ``allOf`` and ``oneOf``.

    Example:
        >>> sorted(schema_types({"type": ["integer", "null"]}, {}))
        ['integer', 'null']
    """
    found: set[str] = set()
    _collect_types(schema, registry, found, 0)
    return found


def _collect_types(schema: Any, registry: Mapping[str, Schema], out: set[str], depth: int) -> None:
    node = _resolve(schema, registry)
    if not node or depth > 8:
        return
    types = node.get("type")
    if isinstance(types, str):
        out.add(types)
    elif isinstance(types, list):
        out.update(t for t in types if isinstance(t, str))
    for key in ("allOf", "anyOf", "oneOf"):
        for sub in node.get(key) or ():
            _collect_types(sub, registry, out, depth + 1)
    if "enum" in node and not types:
        out.update(_json_type(v) for v in node["enum"])


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string" if isinstance(value, str) else "object"


def _sub(schema: Any, registry: Mapping[str, Schema], key: str) -> Any:
    """``items`` or ``properties`` of a schema, through ``$ref`` and ``allOf`` (and, for
    properties, the branches of ``oneOf``/``anyOf``: any branch's may be sent)."""
    node = _resolve(schema, registry)
    if key == "properties":
        props: dict[str, Any] = dict(node.get("properties") or {})
        for sub in node.get("allOf") or ():
            props.update(_sub(sub, registry, "properties"))
        for sub in (*(node.get("oneOf") or ()), *(node.get("anyOf") or ())):
            for name, value in _sub(sub, registry, "properties").items():
                props.setdefault(name, value)
        return props
    if key in node:
        return node[key]
    for sub in node.get("allOf") or ():
        found = _sub(sub, registry, key)
        if found is not None:
            return found
    return None


def convert(text: str, schema: Any, registry: Mapping[str, Schema]) -> Any:
    """A string converted to the scalar type its schema wants, or left as it is.

    Example:
        >>> convert("5", {"type": ["integer"]}, {}), convert("x", {"type": ["integer"]}, {})
        (5, 'x')
    """
    types = schema_types(schema, registry)
    if not types or "string" in types:
        return text
    if "integer" in types and re.fullmatch(r"[+-]?\d+", text.strip()):
        return int(text)
    if "number" in types:
        try:
            number = float(text)
        except ValueError:
            pass
        else:
            if number == number and abs(number) != float("inf"):
                return int(number) if re.fullmatch(r"[+-]?\d+", text.strip()) else number
    if "boolean" in types and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if "null" in types and text in ("", "null"):
        return None
    start = text.lstrip()[:1]
    if ("object" in types and start == "{") or ("array" in types and start == "["):
        # an object where OpenAPI defines no serialisation (an item of an array in a
        # query: Tags={"Key": "a"}) is read as the JSON text it is sent as
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return text


def _array(parts: Iterable[str], schema: Any, registry: Mapping[str, Schema]) -> list[Any]:
    items = _sub(schema, registry, "items")
    return [convert(p, items, registry) for p in parts]


def _object(pairs: Iterable[tuple[str, str]], schema: Any, registry: Mapping[str, Schema]) -> Any:
    props = _sub(schema, registry, "properties") or {}
    return {k: convert(v, props.get(k, {}), registry) for k, v in pairs}


def _pairs_of(parts: list[str], explode: bool) -> list[tuple[str, str]]:
    if explode:
        return [(k, v) for k, _, v in (p.partition("=") for p in parts)]
    return list(zip(parts[0::2], parts[1::2], strict=False))


def _from_text(
    param: Parameter, text: str, registry: Mapping[str, Schema], *, separator: str = ","
) -> Any:
    """One serialised value (path, header, cookie, or a non-exploded query value)."""
    types = schema_types(param.schema, registry)
    style = param.style
    if style == "label":
        text = text.removeprefix(".")
        separator = "." if param.explode else ","
    elif style == "matrix":
        prefix = f";{param.name}="
        if param.explode and "array" in types:
            parts = [p.removeprefix(f"{param.name}=") for p in text.split(";") if p]
            return _array(parts, param.schema, registry)
        text = text.removeprefix(prefix) if text.startswith(prefix) else text.removeprefix(";")
        if param.explode and "object" in types:
            separator = ";"
    if "array" in types and "string" not in types:
        return _array(text.split(separator) if text else [], param.schema, registry)
    if "object" in types and "string" not in types:
        parts = [p.strip() for p in text.split(separator)] if text else []
        return _object(_pairs_of(parts, param.explode), param.schema, registry)
    return convert(text, param.schema, registry)


_DELIMITERS = {"spaceDelimited": " ", "pipeDelimited": "|", "form": ","}


def _query_value(
    param: Parameter, query: list[tuple[str, str]], registry: Mapping[str, Schema]
) -> tuple[bool, Any]:
    types = schema_types(param.schema, registry)
    is_array = "array" in types and "string" not in types
    is_object = "object" in types and "string" not in types
    # a value that is a number or an object (pandascore's page: 2, or page's number and
    # size): sent under its own name, it is the number
    scalar = bool(types & {"integer", "number", "boolean"}) and any(
        k == param.name for k, _ in query
    )
    if param.style == "deepObject" or (is_object and param.explode and not scalar):
        if param.style == "deepObject":
            prefix = param.name + "["
            pairs = [
                (k[len(prefix) : -1], v)
                for k, v in query
                if k.startswith(prefix) and k.endswith("]")
            ]
        else:
            props = _sub(param.schema, registry, "properties") or {}
            pairs = [(k, v) for k, v in query if k in props]
        return (bool(pairs), _object(pairs, param.schema, registry) if pairs else None)
    values = [v for k, v in query if k == param.name]
    if not values:
        return False, None
    if is_array:
        separator = _DELIMITERS.get(param.style, ",")
        if param.explode and param.style == "form":
            parts = values
        else:
            parts = [p for v in values for p in (v.split(separator) if v else [])]
        return True, _array(parts, param.schema, registry)
    if is_object and not scalar:
        parts = values[0].split(",") if values[0] else []
        return True, _object(_pairs_of(parts, False), param.schema, registry)
    return True, convert(values[0], param.schema, registry)


def _cookies(request: Request) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in request.headers:
        if name != "cookie":
            continue
        for item in value.split(";"):
            key, sep, val = item.strip().partition("=")
            if sep and key:
                out.setdefault(key, val)
    return out


def find_media(content: Mapping[str, MediaType], content_type: str) -> MediaType | None:
    """The documented media type for a ``Content-Type``: exact, then ``type/*``, ``*/*``.

    Example:
        >>> find_media({"application/json": MediaType("application/json", None)},
        ...            "application/json; charset=utf-8").name
        'application/json'
    """
    base = content_type.split(";", 1)[0].strip().lower()
    by_base = {name.split(";", 1)[0].strip().lower(): media for name, media in content.items()}
    kind = base.partition("/")[0]
    for key in (base, f"{kind}/*", "*/*"):
        if key in by_base:
            return by_base[key]
    return None


def bind(
    op: Operation, request: Request, path_params: Mapping[str, str], registry: Mapping[str, Schema]
) -> Bound:
    """Bind a request to an operation: typed parameters, parsed body, files, issues.

    Example:
        >>> from specmock.spec.model import Operation, Parameter, ParamLocation
        >>> p = Parameter("limit", ParamLocation.QUERY, False, {"type": ["integer"]}, "form", True)
        >>> op = Operation("get", "/pets", None, "#", parameters=(p,))
        >>> bind(op, Request("GET", "/pets", query=(("limit", "5"),)), {}, {}).inputs.query
        {'limit': 5}
    """
    issues: list[Issue] = []
    parts: dict[ParamLocation, dict[str, Any]] = {loc: {} for loc in ParamLocation}
    query = list(request.query)
    cookies = _cookies(request)
    for param in op.parameters:
        present, value = False, None
        if param.location is ParamLocation.PATH:
            if param.name in path_params:
                present, value = True, _from_text(param, path_params[param.name], registry)
        elif param.location is ParamLocation.QUERY:
            present, value = _query_value(param, query, registry)
        elif param.location is ParamLocation.HEADER:
            raw = [v for k, v in request.headers if k == param.name.lower()]
            if raw:
                present, value = True, _from_text(param, ",".join(raw), registry)
        elif param.name in cookies:
            present, value = True, _from_text(param, unquote(cookies[param.name]), registry)
        if present:
            parts[param.location][param.name] = value
    body, files, media = _bind_body(op, request, registry, issues)
    inputs = Inputs(
        path=parts[ParamLocation.PATH],
        query=parts[ParamLocation.QUERY],
        headers={k.lower(): v for k, v in parts[ParamLocation.HEADER].items()},
        cookies=parts[ParamLocation.COOKIE],
        body=body,
        files=files,
        url=request.url,
    )
    return Bound(inputs, tuple(issues), media, bool(request.body))


def _bind_body(
    op: Operation, request: Request, registry: Mapping[str, Schema], issues: list[Issue]
) -> tuple[Any, dict[str, FileInfo], MediaType | None]:
    if op.body is None or not op.body.content:
        return None, {}, None
    content_type = request.header("content-type")
    if not request.body and content_type is None:
        return None, {}, None
    media = find_media(op.body.content, content_type or "application/octet-stream")
    if media is None:
        documented = ", ".join(op.body.content)
        issues.append(
            Issue(
                "body",
                "content-type",
                "",
                f"content type {content_type or 'none'!r} is not documented "
                f"(documented: {documented})",
                415,
            )
        )
        return None, {}, None
    base = (content_type or "").split(";", 1)[0].strip().lower()
    if not request.body:
        return None, {}, media
    if media.is_json or base == "application/json" or base.endswith("+json"):
        return _json_body(request.body, issues), {}, media
    if base == "application/x-www-form-urlencoded":
        return _form_body(request.body, media, registry, issues), {}, media
    if base == "multipart/form-data":
        body, files = _multipart_body(request.body, content_type or "", media, registry, issues)
        return body, files, media
    if base.startswith("text/"):
        try:
            return request.body.decode("utf-8"), {}, media
        except UnicodeDecodeError:
            issues.append(Issue("body", "", "", "the body is not valid UTF-8", 400))
            return None, {}, media
    return None, {}, media  # binary bodies are not inspected


def _json_body(raw: bytes, issues: list[Issue]) -> Any:
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        # orjson reports bad UTF-8, syntax errors and nesting deeper than 1024 alike.
        issues.append(Issue("body", "", "", f"the body is not valid JSON: {error}", 400))
        return None


def _form_fields(
    pairs: list[tuple[str, str]], media: MediaType, registry: Mapping[str, Schema]
) -> dict[str, Any]:
    props = _sub(media.schema, registry, "properties") or {}
    out: dict[str, Any] = {}
    for name in dict.fromkeys(k for k, _ in pairs):
        values = [v for k, v in pairs if k == name]
        schema = props.get(name, {})
        types = schema_types(schema, registry)
        if "array" in types and "string" not in types:
            out[name] = _array(values, schema, registry)
        else:
            out[name] = convert(values[0], schema, registry)
    return out


def _form_body(
    raw: bytes, media: MediaType, registry: Mapping[str, Schema], issues: list[Issue]
) -> Any:
    try:
        text = raw.decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        issues.append(Issue("body", "", "", "the form body is not valid UTF-8", 400))
        return None
    return _form_fields(pairs, media, registry)


_DISPOSITION = re.compile(r';\s*([a-zA-Z*]+)="?((?<=")[^"]*|[^;"\s]*)"?')


def _multipart_body(
    raw: bytes,
    content_type: str,
    media: MediaType,
    registry: Mapping[str, Schema],
    issues: list[Issue],
) -> tuple[Any, dict[str, FileInfo]]:
    found = re.search(r'boundary="?([^";]+)"?', content_type)
    if found is None:
        issues.append(Issue("body", "", "", "multipart body without a boundary", 400))
        return None, {}
    delimiter = b"--" + found.group(1).encode("latin-1", "replace")
    chunks = raw.split(delimiter)
    if len(chunks) < 3 or not chunks[-1].startswith(b"--"):
        issues.append(Issue("body", "", "", "the multipart body is not terminated", 400))
        return None, {}
    pairs: list[tuple[str, str]] = []
    files: dict[str, FileInfo] = {}
    for chunk in chunks[1:-1]:
        head, sep, data = chunk.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        if not sep:
            issues.append(Issue("body", "", "", "a multipart part has no headers", 400))
            return None, {}
        data = data.removesuffix(b"\r\n")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            key, _, value = line.partition(":")
            headers[key.strip().lower()] = value.strip()
        params = {
            k.lower(): v for k, v in _DISPOSITION.findall(headers.get("content-disposition", ""))
        }
        name = params.get("name")
        if not name:
            issues.append(Issue("body", "", "", "a multipart part has no name", 400))
            return None, {}
        if "filename" in params:
            kind = headers.get("content-type", "application/octet-stream")
            files[name] = FileInfo(params["filename"], len(data), kind)
            pairs.append((name, params["filename"]))
            continue
        try:
            pairs.append((name, data.decode("utf-8")))
        except UnicodeDecodeError:
            issues.append(Issue("body", name, f"/{name}", "the field is not valid UTF-8", 400))
            return None, {}
    return _form_fields(pairs, media, registry), files
