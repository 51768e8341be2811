"""Small builders of ``Operation`` values, so a pattern test reads top to bottom."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from specmock.patterns import PatternMatch, recognise
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

__all__ = ["body", "found", "header_param", "obj", "op", "path_param", "query", "respond"]


def query(
    name: str, kind: str = "string", *, required: bool = False, fmt: str | None = None
) -> Parameter:
    """A query parameter (of format ``fmt`` when given)."""
    schema: dict[str, Any] = {"type": [kind]}
    if fmt is not None:
        schema["format"] = fmt
    return Parameter(name, ParamLocation.QUERY, required, schema, "form", True)


def path_param(name: str) -> Parameter:
    """A path parameter."""
    return Parameter(name, ParamLocation.PATH, True, {"type": ["string"]}, "simple", False)


def header_param(name: str) -> Parameter:
    """A header parameter."""
    return Parameter(name, ParamLocation.HEADER, False, {"type": ["string"]}, "simple", False)


def obj(**properties: Any) -> dict[str, Any]:
    """An object schema; a property given as a type name becomes ``{"type": [name]}``."""
    return {
        "type": ["object"],
        "properties": {
            name: {"type": [value]} if isinstance(value, str) else value
            for name, value in properties.items()
        },
    }


def body(schema: Schema | None, media: str = "application/json") -> Body:
    """A request body with one media type."""
    return Body(True, {media: MediaType(media, schema)})


def respond(
    schema: Schema | None = None,
    status: str = "200",
    *,
    headers: Iterable[str] = (),
    media: str = "application/json",
) -> dict[str, ResponseSpec]:
    """One documented response."""
    content = {media: MediaType(media, schema)} if schema is not None else {}
    return {
        status: ResponseSpec(
            status, "ok", {h: Header(h, {"type": ["string"]}) for h in headers}, content
        )
    }


def op(
    method: str,
    path: str,
    operation_id: str | None = None,
    *,
    summary: str = "",
    description: str = "",
    params: Iterable[Parameter] = (),
    request: Body | None = None,
    responses: Mapping[str, ResponseSpec] | None = None,
    extensions: Mapping[str, Any] | None = None,
) -> Operation:
    """An operation; path parameters are added for every ``{name}`` in ``path``."""
    params = list(params)
    names = {p.name for p in params}
    for part in path.replace("(", "/").replace(")", "/").replace(",", "/").split("/"):
        if "{" in part:
            name = part[part.index("{") + 1 : part.index("}")]
            if name not in names:
                params.append(path_param(name))
    return Operation(
        method,
        path,
        operation_id,
        "#",
        summary,
        description,
        (),
        tuple(params),
        request,
        dict(responses or respond()),
        False,
        None,
        dict(extensions or {}),
    )


def found(
    operation: Operation, schemas: Mapping[str, Schema] | None = None
) -> dict[str, PatternMatch]:
    """The recognised patterns (confidence >= 0.5), by name."""
    return {m.name: m for m in recognise(operation, schemas or {}) if m.recognised}
