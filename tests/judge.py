"""The independent judge: openapi-schema-validator with its format checker on.

Tests never judge a generated body with specmock's own validator. This module builds an
``openapi-schema-validator`` validator for a media type's schema *as written in the
original document* (through ``MediaType.source``), with every loaded document in a
``referencing`` registry so ``$ref``s across files resolve.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from jsonschema.exceptions import UnknownType
from openapi_schema_validator import (
    OAS30ReadValidator,
    OAS31Validator,
    oas30_format_checker,
    oas31_format_checker,
)
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

from specmock.spec.model import MediaType, Spec

__all__ = ["Judge", "judge_schema", "verdict"]


class Judge:
    """Validators for one loaded description, built on demand and kept."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.is_31 = spec.version.startswith("3.1")
        specification = DRAFT202012 if self.is_31 else DRAFT4
        self.registry: Registry[Any] = Registry().with_resources(
            (uri, Resource.from_contents(_as_json(doc), default_specification=specification))
            for uri, doc in spec.documents.items()
        )
        self._cache: dict[str, Any] = {}

    def verdict(self, media: MediaType, value: Any) -> tuple[str, list[str]]:
        """See :func:`verdict`."""
        return verdict(self, media, value)

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
        except (TypeError, UnknownType):
            # A 2.0/3.0 description that uses 3.1 type arrays or 'null' (some do) cannot
            # be read by the 3.0 validator; judge it by the 3.1 rules, which it follows.
            fallback = OAS31Validator(
                {"$ref": media.source}, registry=self.registry, format_checker=oas31_format_checker
            )
            self._cache[media.source] = fallback
            return _messages(fallback, value)


def _through_ref(document: Any, pointer: str) -> bool:
    """True when walking ``pointer`` in the raw document meets a ``$ref`` before its end."""
    node = document
    for raw in pointer.lstrip("#/").split("/"):
        if isinstance(node, dict) and "$ref" in node:
            return True
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node.get(part, node.get(int(part)) if part.isdigit() else None)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return False
    return False


_IN_PLACE = ("allOf", "oneOf", "anyOf")
_DESCEND = ("properties", "items", "additionalProperties", "patternProperties", "prefixItems")


def _in_place_cycle(documents: Any, source: str) -> bool:
    """True when some schema reachable from ``source`` reaches itself through ``$ref``,
    ``allOf``, ``oneOf`` or ``anyOf`` alone: evaluating it never ends."""
    uri = source.partition("#")[0]

    def node(pointer: str) -> Any:
        value = documents[uri]
        for raw in pointer.lstrip("#/").split("/") if pointer.strip("#/") else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            value = value[int(part)] if isinstance(value, list) else value.get(part)
            if value is None:
                return None
        return value

    def in_place(pointer: str) -> list[str]:
        value = node(pointer)
        if not isinstance(value, dict):
            return []
        out = [value["$ref"]] if str(value.get("$ref", "")).startswith("#") else []
        for keyword in _IN_PLACE:
            out += [f"{pointer}/{keyword}/{i}" for i in range(len(value.get(keyword) or []))]
        return out

    def below(pointer: str) -> list[str]:
        value = node(pointer)
        if not isinstance(value, dict):
            return []
        out = in_place(pointer)
        for keyword in _DESCEND:
            sub = value.get(keyword)
            if isinstance(sub, dict) and keyword in ("properties", "patternProperties"):
                out += [
                    f"{pointer}/{keyword}/{k.replace('~', '~0').replace('/', '~1')}" for k in sub
                ]
            elif isinstance(sub, dict):
                out.append(f"{pointer}/{keyword}")
            elif isinstance(sub, list):
                out += [f"{pointer}/{keyword}/{i}" for i in range(len(sub))]
        return out

    reachable, todo = set(), ["#" + source.partition("#")[2]]
    while todo and len(reachable) < 20000:
        pointer = todo.pop()
        if pointer not in reachable:
            reachable.add(pointer)
            todo += below(pointer)
    for start in reachable:
        seen, stack = set(), list(in_place(start))
        while stack:
            pointer = stack.pop()
            if pointer == start:
                return True
            if pointer not in seen and len(seen) < 5000:
                seen.add(pointer)
                stack += in_place(pointer)
    return False


def verdict(judge: Judge, media: MediaType, body: Any) -> tuple[str, list[str]]:
    """``("judged", problems)``, or ``("unjudgeable", [why])`` when the judge cannot evaluate
    the schema, with the reason proven from the document: a schema that applies itself to
    the same value in a cycle, a ``$ref`` whose pointer passes through another ``$ref``
    (JSON pointers do not follow references), or a pattern Python cannot compile."""
    try:
        problems = judge.errors(media, body)
    except RecursionError:
        # Proof that the schema, not the body, is at fault: it applies itself to the same
        # instance in a cycle (oneOf -> $ref -> allOf -> $ref -> oneOf ...).
        if _in_place_cycle(judge.spec.documents, media.source or ""):
            return "unjudgeable", ["the schema applies itself to the same value in a cycle"]
        raise
    except re.error as error:
        return "unjudgeable", [f"pattern is not a Python regular expression: {error}"]
    assert media.source is not None
    document = judge.spec.documents[media.source.partition("#")[0]]
    for problem in problems:
        unresolved = re.search(r"reference '(#[^']*)' could not be resolved", problem)
        if unresolved and _through_ref(document, unresolved.group(1)):
            return "unjudgeable", [f"$ref {unresolved.group(1)} passes through another $ref"]
    return "judged", problems


def _as_json(document: Any) -> Any:
    """The document as JSON sees it: YAML's integer keys (``200:``) become strings."""
    return json.loads(json.dumps(document, default=str))


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
