"""The normalised model of an API description: frozen values, one form for every version.

Whatever the source (Swagger 2.0, OpenAPI 3.0.x, 3.1.x), downstream code sees only
these classes. ``spec/normalize.py`` builds them; nothing else does.

Schemas are plain JSON objects (``Schema``) in one canonical vocabulary, JSON Schema
2020-12 plus OpenAPI's annotations:

- ``type`` is absent or a *list* of type names; ``nullable: true`` (3.0) and
  ``x-nullable: true`` (2.0) add ``"null"`` to it (and ``None`` to an ``enum``).
- ``exclusiveMinimum`` / ``exclusiveMaximum`` are numbers (3.0's booleans are folded).
- ``examples`` is a list (a 3.0 schema ``example`` becomes ``examples: [example]``).
- ``items`` is one schema; the array form becomes ``prefixItems``.
- Swagger 2.0 ``type: file`` becomes ``{"type": ["string"], "format": "binary"}``.
- ``$ref`` is an absolute key into ``Spec.schemas``: ``"<document URI>#<JSON pointer>"``
  (for example ``"file:///api/openapi.yaml#/components/schemas/Pet"``). Other keywords
  beside a ``$ref`` apply too in 3.1; before 3.1 only ``readOnly``/``writeOnly`` are kept
  there (as openapi-schema-validator reads them), the rest is ignored as those versions
  say. Cycles stay references; nothing is expanded.
- ``discriminator`` keeps ``propertyName``; its ``mapping`` values are ``Spec.schemas`` keys.
- Vendor extensions (``x-*``) are dropped from schemas.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = [
    "Body",
    "Header",
    "MediaType",
    "Operation",
    "ParamLocation",
    "Parameter",
    "ResponseSpec",
    "Schema",
    "Skipped",
    "Spec",
]

#: A normalised schema: a JSON object (or a boolean schema), never mutated.
Schema = Mapping[str, Any] | bool

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

#: Keywords whose value is one subschema.
SUBSCHEMA_ONE = frozenset(
    {
        "items",
        "additionalProperties",
        "not",
        "contains",
        "propertyNames",
        "if",
        "then",
        "else",
        "unevaluatedItems",
        "unevaluatedProperties",
        "additionalItems",
        "contentSchema",
    }
)
#: Keywords whose value is a list of subschemas.
SUBSCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "prefixItems"})
#: Keywords whose value maps names to subschemas.
SUBSCHEMA_MAPS = frozenset(
    {"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"}
)


class ParamLocation(StrEnum):
    PATH = "path"
    QUERY = "query"
    HEADER = "header"
    COOKIE = "cookie"


@dataclass(frozen=True, slots=True)
class Parameter:
    """One path, query, header or cookie parameter (path-level ones merged in)."""

    name: str
    location: ParamLocation
    required: bool
    schema: Schema
    style: (
        str  # "form", "simple", "label", "matrix", "spaceDelimited", "pipeDelimited", "deepObject"
    )
    explode: bool
    description: str = ""
    examples: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MediaType:
    """One media type of a request body or response, with its schema and examples.

    ``examples`` maps an example's name to its value; a single ``example`` is stored
    under the name ``"example"``. ``source`` is the absolute ``URI#pointer`` of the
    schema object as written in its document (``None`` when the schema was synthesised,
    e.g. from Swagger 2.0 ``formData`` parameters); tests use it to validate generated
    bodies against the original text with an independent validator.
    """

    name: str
    schema: Schema | None
    examples: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None

    @property
    def is_json(self) -> bool:
        """True for ``application/json``, ``*/*+json`` and parameters thereof."""
        return is_json_media_type(self.name)


@dataclass(frozen=True, slots=True)
class Body:
    """A request body: Swagger 2.0 ``body``/``formData`` parameters become one of these."""

    required: bool
    content: Mapping[str, MediaType]
    description: str = ""


@dataclass(frozen=True, slots=True)
class Header:
    """A documented response header."""

    name: str
    schema: Schema
    required: bool = False
    description: str = ""


@dataclass(frozen=True, slots=True)
class ResponseSpec:
    """One documented response; ``status`` as written: ``"200"``, ``"default"``, ``"4XX"``."""

    status: str
    description: str = ""
    headers: Mapping[str, Header] = field(default_factory=dict)
    content: Mapping[str, MediaType] = field(default_factory=dict)

    def json_media(self) -> Iterator[MediaType]:
        """The JSON media types of this response, in document order."""
        return (m for m in self.content.values() if m.is_json)


@dataclass(frozen=True, slots=True)
class Operation:
    """One operation: a method on a path template, exactly as written (no base path)."""

    method: str  # lower case
    path: str
    operation_id: str | None
    pointer: str  # "#/paths/~1pets~1{id}/get" in the root document
    summary: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    body: Body | None = None
    responses: Mapping[str, ResponseSpec] = field(default_factory=dict)
    deprecated: bool = False
    security: tuple[Mapping[str, tuple[str, ...]], ...] | None = None
    extensions: Mapping[str, Any] = field(default_factory=dict)  # the operation's x-* keys
    #: :attr:`key`, built once (the server names the operation several times per answer).
    _key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_key", f"{self.method.upper()} {self.path}")

    @property
    def key(self) -> str:
        """``"GET /pets/{id}"``: how people name an operation."""
        return self._key

    def documented(self, status: int | str) -> str | None:
        """The response key documenting ``status``: exact, then ``4XX``, then ``default``.

        Example:
            >>> op = Operation("get", "/a", None, "#", responses={"4XX": None, "200": None})
            >>> op.documented(404), op.documented(200), op.documented(500)
            ('4XX', '200', None)
        """
        code = str(status)
        for key in (code, f"{code[0]}XX", f"{code[0]}xx", "default"):
            if key in self.responses:
                return key
        return None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A part of the description that could not be used, and why (one line)."""

    pointer: str
    reason: str


@dataclass(frozen=True, slots=True)
class Spec:
    """A loaded, normalised API description."""

    source: str  # the path or URL it was loaded from
    version: str  # as written: "2.0", "3.0.3", "3.1.0"
    title: str
    api_version: str
    servers: tuple[str, ...]  # server URLs (3.x) or scheme://host/basePath (2.0), as written
    base_paths: tuple[str, ...]  # path parts of the servers, e.g. ("/v1",); "" when none
    operations: tuple[Operation, ...]
    schemas: Mapping[str, Schema]  # "$ref" key -> normalised schema
    documents: Mapping[str, Any]  # document URI -> parsed document, unmodified
    digest: str  # sha256 over every document's bytes: changes when any file changes
    skipped: tuple[Skipped, ...] = ()
    security_schemes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def empty(cls, source: str) -> Spec:
        """A description with no operations, standing for a live API recorded without one.

        Example:
            >>> Spec.empty("https://api.example.com").operations
            ()
        """
        from hashlib import sha256

        digest = sha256(source.encode()).hexdigest()
        return cls(source, "3.1.0", source, "", (), ("",), (), {}, {}, digest)

    def operation(self, name: str) -> Operation:
        """Find an operation by operationId or ``"METHOD /path"``.

        Raises:
            OperationNotFound: naming the nearest operations.
        """
        from specmock.spec.lookup import find_operation

        return find_operation(self, name)


def is_json_media_type(name: str) -> bool:
    """True for ``application/json``, ``application/problem+json``, ``*/*`` excluded."""
    base = name.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json") or base == "text/json"
