"""Swagger 2.0 operations into the model that OpenAPI 3.x descriptions produce.

Rules:

- ``consumes``/``produces`` come from the operation, else the document, else
  ``application/json``.
- ``in: body`` becomes a ``Body`` with one ``MediaType`` per consumed type. ``in:
  formData`` parameters become one ``Body`` whose schema is an object synthesised from
  them (``source=None``): ``multipart/form-data`` when consumed or when a parameter is a
  file, else ``application/x-www-form-urlencoded``.
- A ``post``/``put``/``patch`` with neither, that consumes binary content
  (``application/octet-stream``, ``image/*``, ``video/*``, ``audio/*``, archives ...),
  sends the bytes as its body: a ``Body`` with one ``MediaType`` per binary type, whose
  schema is a binary string (``source=None``).
- Other parameters and response headers are their own schema; ``collectionFormat``
  becomes ``style``/``explode``.
- A response ``schema`` gives one ``MediaType`` per produced type; ``examples: {mime:
  value}`` become that media type's ``examples["example"]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from specmock.errors import Location, SpecError
from specmock.spec.context import Context
from specmock.spec.model import (
    Body,
    Header,
    MediaType,
    Operation,
    Parameter,
    ParamLocation,
    ResponseSpec,
    Schema,
)
from specmock.spec.read import Located, display, escape

__all__ = ["operation", "servers"]

#: Keywords of a non-body parameter (or header, or items) that form its schema.
SCHEMA_KEYS = frozenset(
    {
        "type",
        "format",
        "items",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
        "x-nullable",
        "example",
    }
)

#: collectionFormat -> (style, explode) for query and form parameters.
COLLECTION_STYLES = {
    "csv": ("form", False),
    "multi": ("form", True),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "tsv": ("form", False),  # no OpenAPI 3 equivalent
}

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
JSON = "application/json"
#: Media types whose body is raw bytes (what ``consumes`` alone says a body carries).
BINARY_PREFIXES = ("image/", "video/", "audio/", "font/")
BINARY_TYPES = frozenset(
    {
        "application/octet-stream",
        "application/binary",
        "application/x-binary",
        "binary/octet-stream",
        "application/zip",
        "application/x-zip-compressed",
        "application/gzip",
        "application/x-gzip",
        "application/x-tar",
        "application/pdf",
        "application/vnd.android.package-archive",
        "application/java-archive",
    }
)
#: Methods whose request may carry a body.
BODY_METHODS = frozenset({"post", "put", "patch"})


def operation(
    ctx: Context, path: str, method: str, pointer: str, item: Located, op: Located
) -> Operation:
    """Build one Swagger 2.0 operation.

    Example:
        >>> operation(ctx, "/pets", "get", "#/paths/~1pets/get", item, op)  # doctest: +SKIP
        Operation(method='get', path='/pets', ...)

    Raises:
        SpecError: when the operation cannot be used at all (e.g. a broken parameter).
    """
    consumes = _media_types(op.value.get("consumes", ctx.root.value.get("consumes")))
    produces = _media_types(op.value.get("produces", ctx.root.value.get("produces")))
    parameters: list[Parameter] = []
    body: Body | None = None
    form: list[Located] = []
    for param_pointer, param in ctx.parameters(item, op, pointer):
        where = param.value["in"]
        if where == "body":
            schema = param.get("schema")
            if schema is None:
                raise _error("a body parameter needs a schema", param)
            try:
                normalised = ctx.schema(schema)
            except SpecError as exc:  # keep the operation, as for a broken 3.x requestBody
                ctx.skip(param_pointer, exc)
                continue
            body = Body(
                required=param.value.get("required") is True,
                content={name: MediaType(name, normalised, source=schema.key) for name in consumes},
                description=_text(param.value.get("description")),
            )
        elif where == "formData":
            form.append(param)
        else:
            parameters.append(_parameter(ctx, param))
    if form and body is None:
        body = _form_body(ctx, form, consumes)
    if body is None and method.lower() in BODY_METHODS:
        body = _binary_body(consumes)
    responses: dict[str, ResponseSpec] = {}
    listed = ctx.member(op, "responses", "responses")
    for status, written in listed.items() if listed is not None else ():
        if status.startswith("x-"):
            continue
        where_pointer = f"{pointer}/responses/{escape(status)}"
        try:
            responses[status] = _response(ctx, status, written, produces)
        except SpecError as exc:
            ctx.skip(where_pointer, exc)
    return Operation(
        method=method,
        path=path,
        pointer=pointer,
        parameters=tuple(parameters),
        body=body,
        responses=responses,
        **ctx.metadata(op),
    )


def _media_types(value: Any) -> tuple[str, ...]:
    if isinstance(value, list) and value:
        return tuple(str(name) for name in value)
    return (JSON,)


def _own_schema(ctx: Context, param: Located) -> Schema:
    """The schema a non-body parameter or header is: its schema keywords, normalised."""
    value: Mapping[str, Any] = param.value
    synthesised = {key: member for key, member in value.items() if key in SCHEMA_KEYS}
    return ctx.schema(Located(param.uri, param.pointer, synthesised))


def _parameter(ctx: Context, param: Located) -> Parameter:
    value: Mapping[str, Any] = param.value
    try:
        location = ParamLocation(value["in"])
    except ValueError:
        raise _error(f"unknown parameter location {value['in']!r}", param) from None
    if location in (ParamLocation.QUERY, ParamLocation.COOKIE):
        style, explode = "form", True
    else:
        style, explode = "simple", False
    if value.get("type") == "array":
        fmt = value.get("collectionFormat", "csv")
        style, explode = COLLECTION_STYLES.get(fmt, ("form", False))
        if location in (ParamLocation.PATH, ParamLocation.HEADER) and style == "form":
            style = "simple"
    examples = {"example": value["x-example"]} if "x-example" in value else {}
    return Parameter(
        name=value["name"],
        location=location,
        required=value.get("required") is True or location is ParamLocation.PATH,
        schema=_own_schema(ctx, param),
        style=style,
        explode=explode,
        description=_text(value.get("description")),
        examples=examples,
    )


def _form_body(ctx: Context, form: list[Located], consumes: tuple[str, ...]) -> Body:
    properties: dict[str, Schema] = {}
    required: list[str] = []
    for param in form:
        name = param.value["name"]
        properties[name] = _own_schema(ctx, param)
        if param.value.get("required") is True:
            required.append(name)
    has_file = any(param.value.get("type") == "file" for param in form)
    media = MULTIPART if has_file or MULTIPART in consumes else FORM
    schema: dict[str, Any] = {"type": ["object"], "properties": properties}
    if required:
        schema["required"] = required
    return Body(required=bool(required), content={media: MediaType(media, schema)})


def _binary_body(consumes: tuple[str, ...]) -> Body | None:
    """The raw-bytes body a binary ``consumes`` implies, or ``None`` when none is binary."""
    binary = [name for name in consumes if _is_binary(name)]
    if not binary:
        return None
    return Body(
        required=False,
        content={
            name: MediaType(name, {"type": ["string"], "format": "binary"}) for name in binary
        },
    )


def _is_binary(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return base in BINARY_TYPES or base.startswith(BINARY_PREFIXES)


def _response(
    ctx: Context, status: str, written: Located, produces: tuple[str, ...]
) -> ResponseSpec:
    response = ctx.mapping(written, "a response")
    assert response is not None
    content: dict[str, MediaType] = {}
    schema_at = response.get("schema")
    schema = ctx.schema(schema_at) if schema_at is not None else None
    source = schema_at.key if schema_at is not None else None
    if schema_at is not None:
        content = {name: MediaType(name, schema, source=source) for name in produces}
    examples = response.value.get("examples")
    for name, example in examples.items() if isinstance(examples, dict) else ():
        content[str(name)] = MediaType(str(name), schema, {"example": example}, source)
    headers: dict[str, Header] = {}
    listed = ctx.member(response, "headers", "headers")
    for name, header_written in listed.items() if listed is not None else ():
        header = ctx.mapping(header_written, "a header")
        assert header is not None
        headers[name] = Header(
            name=name,
            schema=_own_schema(ctx, header),
            description=_text(header.value.get("description")),
        )
    return ResponseSpec(
        status=status,
        description=_text(response.value.get("description")),
        headers=headers,
        content=content,
    )


def servers(document: Mapping[str, Any]) -> tuple[str, ...]:
    """``scheme://host/basePath`` for each scheme (``https`` when none), or the base path.

    Example:
        >>> servers({"host": "api.x.org", "basePath": "/v1", "schemes": ["https"]})
        ('https://api.x.org/v1',)
    """
    host = document.get("host")
    base = document.get("basePath")
    base = base if isinstance(base, str) else ""
    if not isinstance(host, str) or not host:
        return (base,) if base else ()
    schemes = document.get("schemes")
    listed = [str(s) for s in schemes] if isinstance(schemes, list) and schemes else ["https"]
    return tuple(f"{scheme}://{host}{base}" for scheme in listed)


def _error(message: str, here: Located) -> SpecError:
    return SpecError(message, location=Location(display(here.uri), pointer=f"#{here.pointer}"))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
