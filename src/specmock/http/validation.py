"""Request validation: bound inputs checked against the operation, every violation named.

Rules: required parameters and bodies must be present; each present value is checked
against its schema with ``compile_validator(schema, spec.schemas, Direction.REQUEST)``
(compiled once per schema and memoised there), so ``readOnly`` properties are not
required in requests. Every violation becomes an :class:`~specmock.http.binding.Issue`
naming where it is (``in``, ``name``, ``pointer``); nothing stops at the first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from specmock.http.binding import Bound, Issue
from specmock.schema import Direction, compile_validator
from specmock.spec.model import Operation, ParamLocation, Schema

__all__ = ["validate"]


def _check(
    schema: Schema, value: Any, registry: Mapping[str, Schema], where: str, name: str
) -> list[Issue]:
    validator = compile_validator(schema, registry, Direction.REQUEST)
    return [Issue(where, name, v.instance_path, v.message) for v in validator.errors(value)]


def validate(op: Operation, bound: Bound, registry: Mapping[str, Schema]) -> list[Issue]:
    """Every way the bound request breaks the operation's description.

    Example:
        >>> from specmock.models import Inputs
        >>> from specmock.spec.model import Operation, Parameter, ParamLocation
        >>> p = Parameter("q", ParamLocation.QUERY, True, {"type": ["string"]}, "form", True)
        >>> op = Operation("get", "/s", None, "#", parameters=(p,))
        >>> [i.message for i in validate(op, Bound(Inputs(), (), None), {})]
        ['required query parameter q is missing']
    """
    inputs = bound.inputs
    values: dict[ParamLocation, Mapping[str, Any]] = {
        ParamLocation.PATH: inputs.path,
        ParamLocation.QUERY: inputs.query,
        ParamLocation.HEADER: inputs.headers,
        ParamLocation.COOKIE: inputs.cookies,
    }
    issues: list[Issue] = []
    for param in op.parameters:
        given = values[param.location]
        key = param.name.lower() if param.location is ParamLocation.HEADER else param.name
        if key not in given:
            if param.required:
                issues.append(
                    Issue(
                        param.location.value,
                        param.name,
                        "",
                        f"required {param.location.value} parameter {param.name} is missing",
                    )
                )
            continue
        issues.extend(_check(param.schema, given[key], registry, param.location.value, param.name))
    body = op.body
    if body is not None and not bound.sent and inputs.body is None and not inputs.files:
        if body.required:
            issues.append(Issue("body", "", "", "the request body is required"))
        return issues
    media = bound.media
    if media is None or media.schema is None:
        return issues
    if media.is_json and not any(i.location == "body" for i in bound.issues):
        # what parsed is checked, JSON null included (a body that did not parse is
        # reported as such already)
        issues.extend(_check(media.schema, inputs.body, registry, "body", ""))
    elif isinstance(inputs.body, Mapping):  # a form or the fields of a multipart body
        issues.extend(_check(media.schema, inputs.body, registry, "body", ""))
    # a binary body is sent but not parsed: its bytes are not checked against a schema
    return issues
