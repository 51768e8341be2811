"""Test helpers: an independent judge (openapi-schema-validator) and a generation loop."""

from __future__ import annotations

from collections.abc import Mapping
from random import Random
from typing import Any

import openapi_schema_validator
import referencing
from referencing.jsonschema import DRAFT202012

from specmock.config import Quality
from specmock.schema import Compiler, Direction

DOC = "file:///api.yaml"


def ref(name: str) -> dict[str, str]:
    """A ``$ref`` to ``#/components/schemas/<name>`` of the test document."""
    return {"$ref": f"{DOC}#/components/schemas/{name}"}


def registry_of(schemas: Mapping[str, Any]) -> dict[str, Any]:
    """``{"Pet": {...}}`` -> the registry mapping a ``Compiler`` takes."""
    return {f"{DOC}#/components/schemas/{k}": v for k, v in schemas.items()}


#: The judge's format checker, exactly as openapi-schema-validator ships it.
FORMAT_CHECKER = openapi_schema_validator.oas31_format_checker


def judge(schema: Any, schemas: Mapping[str, Any] | None = None) -> Any:
    """An ``OAS31Validator`` for ``schema`` whose refs resolve in the test document."""
    resources = {DOC: DRAFT202012.create_resource({"components": {"schemas": dict(schemas or {})}})}
    registry: referencing.Registry[Any] = referencing.Registry().with_resources(resources.items())
    return openapi_schema_validator.OAS31Validator(
        schema, format_checker=FORMAT_CHECKER, registry=registry
    )


def generate(
    schema: Any,
    schemas: Mapping[str, Any] | None = None,
    *,
    quality: Quality = Quality.REALISTIC,
    direction: Direction = Direction.RESPONSE,
    name: str | None = None,
    seeds: range = range(20),
) -> list[Any]:
    """Values for seeds, each checked by the judge (the failing one is shown)."""
    compiler = Compiler(registry_of(schemas or {}), quality=quality, direction=direction)
    gen = compiler.compile(schema, name=name)
    validator = judge(schema, schemas)
    values = []
    for seed in seeds:
        value = gen(Random(seed))
        errors = [e.message for e in validator.iter_errors(value)]
        assert not errors, f"seed {seed}: {value!r}: {errors}"
        values.append(value)
    return values
