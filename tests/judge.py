"""The independent judge: openapi-schema-validator with its format checker on.

Tests never judge a generated body with specmock's own validator. This module builds an
``openapi-schema-validator`` validator for a media type's schema *as written in the
original document* (through ``MediaType.source``), with every loaded document in a
``referencing`` registry so ``$ref``s across files resolve.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from specmock.spec.model import MediaType, Spec

__all__ = ["Judge", "judge_schema"]


class Judge:
    """Validators for one loaded description, built on demand and kept."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.is_31 = spec.version.startswith("3.1")
        specification = DRAFT202012 if self.is_31 else DRAFT4
        self.registry: Registry[Any] = Registry().with_resources(
            (uri, Resource.from_contents(doc, default_specification=specification))
            for uri, doc in spec.documents.items()
        )
        self._cache: dict[str, Any] = {}

    def errors(self, media: MediaType, value: Any) -> list[str]:
        """Every violation of ``value`` against the original schema, as readable lines."""
        assert media.source is not None, "synthesised schema: judge it with judge_schema()"
        validator = self._cache.get(media.source)
        if validator is None:
            cls = OAS31Validator if self.is_31 else OAS30ReadValidator
            checker = oas31_format_checker if self.is_31 else oas30_format_checker
            validator = cls({"$ref": media.source}, registry=self.registry, format_checker=checker)
            self._cache[media.source] = validator
        try:
            return _messages(validator, value)
        except TypeError:
            # A 2.0/3.0 description that uses 3.1 type arrays (some do) cannot be read
            # by the 3.0 validator; judge it by the 3.1 rules, which it then follows.
            fallback = OAS31Validator(
                {"$ref": media.source}, registry=self.registry, format_checker=oas31_format_checker
            )
            self._cache[media.source] = fallback
            return _messages(fallback, value)


def _messages(validator: Any, value: Any) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '/'}: {e.message}"
        for e in validator.iter_errors(value)
    ]


def judge_schema(
    schema: Mapping[str, Any] | bool, value: Any, *, documents: Mapping[str, Any] | None = None
) -> list[str]:
    """Violations of ``value`` against a 3.1-style schema (for unit tests)."""
    registry: Registry[Any] = Registry().with_resources(
        (uri, Resource.from_contents(doc, default_specification=DRAFT202012))
        for uri, doc in (documents or {}).items()
    )
    validator = OAS31Validator(schema, registry=registry, format_checker=oas31_format_checker)
    return _messages(validator, value)
