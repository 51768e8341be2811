"""OpenAPI 3.0 and 3.1 operations, parameters, bodies and responses into the model.

Rules: non-schema ``$ref``s (parameters, request bodies, responses, headers, examples)
are followed and the objects used inline; ``MediaType.source`` is the absolute place of
the schema object as written after following them. A broken response or media type is
skipped on its own; a broken request body is skipped and the operation kept without
one; a broken parameter skips the operation. Callbacks and links are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

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

#: The default ``style`` of a parameter, by where it is.
DEFAULT_STYLES = {
    ParamLocation.PATH: "simple",
    ParamLocation.HEADER: "simple",
    ParamLocation.QUERY: "form",
    ParamLocation.COOKIE: "form",
}


def operation(
    ctx: Context, path: str, method: str, pointer: str, item: Located, op: Located
) -> Operation:
    """Build one OpenAPI 3.x operation.

    Example:
        >>> operation(ctx, "/pets", "get", "#/paths/~1pets/get", item, op)  # doctest: +SKIP
        Operation(method='get', path='/pets', ...)

    Raises:
        SpecError: when the operation cannot be used at all (e.g. a broken parameter).
    """
    parameters = tuple(_parameter(ctx, param) for _, param in ctx.parameters(item, op, pointer))
    body = None
    try:
        body = _body(ctx, op.get("requestBody"), f"{pointer}/requestBody")
    except SpecError as exc:
        ctx.skip(f"{pointer}/requestBody", exc)
    responses: dict[str, ResponseSpec] = {}
    listed = ctx.member(op, "responses", "responses")
    for status, written in listed.items() if listed is not None else ():
        if status.startswith("x-"):
            continue
        where = f"{pointer}/responses/{escape(status)}"
        try:
            responses[status] = _response(ctx, status, written, where)
        except SpecError as exc:
            ctx.skip(where, exc)
    return Operation(
        method=method,
        path=path,
        pointer=pointer,
        parameters=parameters,
        body=body,
        responses=responses,
        **ctx.metadata(op),
    )


def _parameter(ctx: Context, param: Located) -> Parameter:
    value: Mapping[str, Any] = param.value
    try:
        location = ParamLocation(value["in"])
    except ValueError:
        raise SpecError(
            f"unknown parameter location {value['in']!r}",
            location=Location(display(param.uri), pointer=f"#{param.pointer}"),
        ) from None
    style = value.get("style")
    if not isinstance(style, str):
        style = DEFAULT_STYLES[location]
    explode = value.get("explode")
    return Parameter(
        name=value["name"],
        location=location,
        required=value.get("required") is True or location is ParamLocation.PATH,
        schema=_schema_or_content(ctx, param),
        style=style,
        explode=explode if isinstance(explode, bool) else style == "form",
        description=_text(value.get("description")),
        examples=_examples(ctx, param),
    )


def _schema_or_content(ctx: Context, owner: Located) -> Schema:
    """The schema of a parameter or header: its ``schema``, else its first media type's."""
    written = owner.get("schema")
    if written is not None:
        return ctx.schema(written)
    content = ctx.member(owner, "content", "content")
    for _, media in content.items() if content is not None else ():
        resolved = ctx.mapping(media, "a media type")
        schema = resolved.get("schema") if resolved is not None else None
        if schema is not None:
            return ctx.schema(schema)
        break
    return {}


def _body(ctx: Context, written: Located | None, pointer: str) -> Body | None:
    body = ctx.mapping(written, "a request body")
    if body is None:
        return None
    return Body(
        required=body.value.get("required") is True,
        content=_content(ctx, body, pointer),
        description=_text(body.value.get("description")),
    )


def _response(ctx: Context, status: str, written: Located, pointer: str) -> ResponseSpec:
    response = ctx.mapping(written, "a response")
    assert response is not None
    headers: dict[str, Header] = {}
    listed = ctx.member(response, "headers", "headers")
    for name, header_written in listed.items() if listed is not None else ():
        header = ctx.mapping(header_written, "a header")
        assert header is not None
        headers[name] = Header(
            name=name,
            schema=_schema_or_content(ctx, header),
            required=header.value.get("required") is True,
            description=_text(header.value.get("description")),
        )
    return ResponseSpec(
        status=status,
        description=_text(response.value.get("description")),
        headers=headers,
        content=_content(ctx, response, pointer),
    )


def _content(ctx: Context, owner: Located, pointer: str) -> dict[str, MediaType]:
    """The media types of a body or response; a broken one is skipped alone."""
    content = ctx.member(owner, "content", "content")
    found: dict[str, MediaType] = {}
    for name, written in content.items() if content is not None else ():
        where = f"{pointer}/content/{escape(name)}"
        try:
            media = ctx.mapping(written, "a media type")
            assert media is not None
            schema = media.get("schema")
            found[name] = MediaType(
                name=name,
                schema=ctx.schema(schema) if schema is not None else None,
                examples=_examples(ctx, media),
                source=schema.key if schema is not None else None,
            )
        except SpecError as exc:
            ctx.skip(where, exc)
    return found


def _examples(ctx: Context, owner: Located) -> dict[str, Any]:
    """``example`` as ``{"example": value}``, named ``examples`` as ``{name: value}``."""
    found: dict[str, Any] = {}
    if "example" in owner.value:
        found["example"] = owner.value["example"]
    named = owner.get("examples")
    if named is None or not isinstance(named.value, dict):
        return found
    for name, written in named.items():
        try:
            example = ctx.follow(written)
        except SpecError:
            continue  # an example that leads nowhere is only one example fewer
        if isinstance(example.value, dict) and "value" in example.value:
            found[name] = example.value["value"]
    return found


def servers(document: Mapping[str, Any]) -> tuple[str, ...]:
    """Server URLs with each variable replaced by its default.

    Example:
        >>> servers({"servers": [{"url": "https://{env}.x.org/v1",
        ...                       "variables": {"env": {"default": "api"}}}]})
        ('https://api.x.org/v1',)
    """
    found: list[str] = []
    listed = document.get("servers")
    for server in listed if isinstance(listed, list) else ():
        if not isinstance(server, dict) or not isinstance(server.get("url"), str):
            continue
        url: str = server["url"]
        variables = server.get("variables")
        for name, variable in variables.items() if isinstance(variables, dict) else ():
            if isinstance(variable, dict) and "default" in variable:
                url = url.replace(f"{{{name}}}", str(variable["default"]))
        found.append(url)
    return tuple(found)


def base_path(url: str) -> str:
    """The path part of a server URL, without a trailing slash (``""`` for the root).

    Example:
        >>> base_path("https://api.x.org/v1/")
        '/v1'
    """
    return urlsplit(url).path.rstrip("/")


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
