"""What the detectors look at: an operation's features, extracted once.

``extract(op, schemas)`` turns an :class:`~specmock.spec.model.Operation` into a frozen
:class:`Features` value: the words of its path, operationId, summary and tags; its
parameters with normalised names; its request body's media types and top-level fields;
its responses' status codes, headers and (resolved) top-level fields, and whether the
success body is a list. Every detector reads the same value, so the work is done once.

Rules:

- Words and normalised names come from :mod:`specmock.patterns.words`; path segments
  and the verb of the operation's name from :mod:`specmock.patterns.naming`.
- Schemas are resolved through ``$ref`` keys in the ``schemas`` mapping, ``allOf`` /
  ``oneOf`` / ``anyOf`` branches are merged, to a bounded depth and cycle-safe; object
  fields are read one level down where paging metadata lives.
- Nothing here decides anything; the vocabulary that gives words meaning lives in
  :mod:`specmock.patterns.vocabulary`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from specmock.patterns.naming import Segment, name_verb, parse_path
from specmock.patterns.vocabulary import is_plural, lexicon, singular
from specmock.patterns.words import norm, words
from specmock.spec.model import Operation, Schema

__all__ = [
    "Features",
    "Field",
    "Param",
    "Segment",
    "extract",
    "norm",
    "words",
]

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|<|\n")
#: HTML tags a description opens with (``<p>List all ...``): the sentence is inside.
_OPENING_TAGS = re.compile(r"^(?:\s*<[a-zA-Z][^>]*>)+")
_MAX_DEPTH = 6
_MAX_FIELDS = 120  # top-level fields read per schema
_MAX_NESTED = 40  # fields read one level down, per object field
#: Objects with at most this many fields have every object field read one level down;
#: larger ones only their envelope fields (where paging metadata lives).
_SMALL_OBJECT = 8
_ENVELOPES = lexicon(
    """
    links link meta metadata pagination paging pageinfo cursor cursors responsemetadata
    page navigation result results response data list collection odata
    """
)
#: Request body objects read one level down: an RPC call's options (paging, filters).
_OPTIONS = lexicon(
    """
    options paging pagination
    """
)
_DESCRIPTION_CHARS = 240


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter, or one top-level field of a request body."""

    name: str
    norm: str
    location: str  # "path" | "query" | "header" | "cookie" | "body"
    types: frozenset[str]
    format: str | None = None
    required: bool = False
    enum: bool = False  # the values are enumerated (an exact-match choice, not free text)


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a resolved schema (``path`` joins nesting with dots)."""

    path: str
    name: str
    norm: str
    types: frozenset[str]
    format: str | None = None
    ref_name: str | None = None  # the last pointer token of the $ref it came from

    @property
    def top_level(self) -> bool:
        """A member of the schema itself, not of a nested object (a name may hold a dot:
        Swagger 2.0 form part ``file.xml``)."""
        return self.path == self.name


@dataclass(frozen=True, slots=True)
class Features:
    """Everything the detectors read about one operation."""

    method: str
    path: str
    segments: tuple[Segment, ...]
    action: tuple[str, ...]  # words of an AWS-style "#Action" key, else ()
    ends_with_param: bool
    op_words: tuple[str, ...]
    # the summary's words; with no summary and a name that only repeats the method, the
    # words of the description's first sentence
    summary_words: tuple[str, ...]
    text: str  # summary and the first sentence of the description, lower case
    tags: tuple[str, ...]
    params: tuple[Param, ...]
    body_media: tuple[str, ...]
    body_fields: tuple[Field, ...]
    body_binary: bool  # the body itself is a string of binary (or untyped) content
    body_format: str | None  # the format of a body that is a string (``"binary"``)
    success_codes: tuple[str, ...]
    response_headers: tuple[str, ...]  # as written
    response_fields: tuple[Field, ...]  # top-level and one level down (dotted)
    response_media: tuple[str, ...]
    returns_array: bool  # the success body is an array
    array_field: str | None  # name of the array wrapped by an object success body
    extensions: Mapping[str, Any]
    verb: str | None  # the verb of the operation's name (action key, operationId or path)
    verb_object: tuple[str, ...]  # the words the verb acts on
    verb_source: str  # "action" | "operation_id" | "path" | "" (no verb)
    literals: tuple[Segment, ...]  # the literal (non-parameter) path segments, in order
    last_literal: tuple[str, ...]  # words of the last literal segment, () when none
    path_words: tuple[str, ...]  # words of every literal segment, then of the action key

    @property
    def name_words(self) -> tuple[str, ...]:
        """The operation's own name: the action key, else the operationId."""
        return self.action or self.op_words

    @property
    def ends_with_id(self) -> bool:
        """Whether the path ends with an item's id parameter: ``{report_id}``, ``{uuid}``,
        or one named for one item of the collection before it (Stripe's
        ``/verification_reports/{report}``); not ``{type}`` or ``{start_date}``."""
        segment = self.segments[-1] if self.segments else None
        if not self.ends_with_param or segment is None or not segment.words:
            return False
        if segment.words[-1] in ("id", "ids", "uuid", "guid"):
            return True
        before = self.segments[-2] if len(self.segments) > 1 else None
        return (
            before is not None
            and not before.is_param
            and bool(before.words)
            and is_plural(before.words[-1])
            and singular(before.words[-1]) == segment.words[-1]
        )


# --- schemas ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Shape:
    types: frozenset[str]
    properties: Mapping[str, Schema]
    items: Schema | None
    format: str | None
    ref_name: str | None


_EMPTY = _Shape(frozenset(), {}, None, None, None)


_NO_TYPES: frozenset[str] = frozenset()
_OBJECT = frozenset(("object",))
_COMPOSED = frozenset(("allOf", "oneOf", "anyOf"))


def _types(schema: Mapping[str, Any]) -> frozenset[str]:
    value = schema.get("type")
    if value is None:
        return _NO_TYPES
    if type(value) is list or type(value) is tuple:
        return frozenset(value).difference(("null",))
    if isinstance(value, str):
        return frozenset((value,))
    return _NO_TYPES


Memo = dict[int, _Shape]


def shape(
    schema: Schema | None, schemas: Mapping[str, Schema], memo: Memo, depth: int = 0
) -> _Shape:
    """Resolve a schema's ``$ref`` chain and merge its ``allOf``/``oneOf``/``anyOf``.

    ``memo`` is local to one extraction (schemas are immutable values, so a schema
    object's shape never changes while it is alive); it keeps repeated ``$ref``s cheap.
    """
    if not isinstance(schema, Mapping) or depth > _MAX_DEPTH:
        return _EMPTY
    if "$ref" not in schema and not _COMPOSED.intersection(schema):
        own = schema.get("properties")
        fmt = schema.get("format")
        plain_types = _types(schema)
        if own:
            plain_types = plain_types | _OBJECT
        return _Shape(
            plain_types,
            own if isinstance(own, Mapping) else {},
            schema.get("items"),
            fmt if isinstance(fmt, str) else None,
            None,
        )
    known = memo.get(id(schema))
    if known is not None:
        return known
    types = set(_types(schema))
    properties: dict[str, Schema] = {}
    items = schema.get("items")
    fmt = schema.get("format")
    ref_name: str | None = None
    ref = schema.get("$ref")
    if isinstance(ref, str):
        ref_name = ref.rsplit("/", 1)[-1]
        inner = shape(schemas.get(ref), schemas, memo, depth + 1)
        types |= inner.types
        properties.update(inner.properties)
        items = items if items is not None else inner.items
        fmt = fmt or inner.format
    for key in ("allOf", "oneOf", "anyOf"):
        branches = schema.get(key)
        if isinstance(branches, list | tuple):
            for branch in branches[:8]:
                inner = shape(branch, schemas, memo, depth + 1)
                types |= inner.types
                properties.update(inner.properties)
                items = items if items is not None else inner.items
                fmt = fmt or inner.format
    own = schema.get("properties")
    if isinstance(own, Mapping):
        properties.update(own)
    if properties:
        types.add("object")
    result = _Shape(
        frozenset(types), properties, items, fmt if isinstance(fmt, str) else None, ref_name
    )
    memo[id(schema)] = result
    return result


def _fields(
    schema: Schema | None,
    schemas: Mapping[str, Schema],
    memo: Memo,
    nested: bool,
    always: frozenset[str] = frozenset(),
) -> tuple[tuple[Field, ...], _Shape]:
    top = shape(schema, schemas, memo)
    out: list[Field] = []
    small = len(top.properties) <= _SMALL_OBJECT
    for name, sub in list(top.properties.items())[:_MAX_FIELDS]:
        n = norm(name)
        types, fmt, composed = _leaf(sub, schemas)
        ref = sub.get("$ref") if isinstance(sub, Mapping) else None
        ref_name = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None
        expand = (nested and (small or n in _ENVELOPES)) or n in always
        if composed or (expand and "object" in types):
            inner = shape(sub, schemas, memo)
            types, fmt = inner.types, inner.format
            if expand and "object" in types:
                out.append(Field(name, name, n, types, fmt, ref_name))
                for child, child_schema in list(inner.properties.items())[:_MAX_NESTED]:
                    child_types, child_fmt, _ = _leaf(child_schema, schemas)
                    out.append(
                        Field(f"{name}.{child}", child, norm(child), child_types, child_fmt, None)
                    )
                continue
        out.append(Field(name, name, n, types, fmt, ref_name))
    return tuple(out), top


def _leaf(schema: Schema, schemas: Mapping[str, Schema]) -> tuple[frozenset[str], str | None, bool]:
    """Types and format of a field, following ``$ref`` only (cheap); and whether the
    schema it reaches is composed (``allOf``/``oneOf``/``anyOf``) and needs ``shape``."""
    for _ in range(4):
        if not isinstance(schema, Mapping):
            return _NO_TYPES, None, False
        ref = schema.get("$ref")
        if not isinstance(ref, str) or "type" in schema:
            break
        schema = schemas.get(ref, False)
    if not isinstance(schema, Mapping):
        return _NO_TYPES, None, False
    fmt = schema.get("format")
    types = _types(schema)
    if not types and "properties" in schema:
        types = _OBJECT
    if fmt is None and "array" in types:
        # a part that carries several files (items: {type: string, format: binary}) is
        # binary too: the one item format a detector reads off an array
        items = schema.get("items")
        if isinstance(items, Mapping) and isinstance(items.get("$ref"), str):
            items = schemas.get(items["$ref"], False)
        if isinstance(items, Mapping) and items.get("format") in ("binary", "file"):
            fmt = "binary"
    return types, fmt if isinstance(fmt, str) else None, bool(_COMPOSED.intersection(schema))


# --- the whole operation ----------------------------------------------------------------


_QUERY_KEYS = re.compile(r"(?:^|&)([^=&]+)=")


def _first_sentence(text: str) -> str:
    text = _OPENING_TAGS.sub("", text)[:_DESCRIPTION_CHARS]
    match = _SENTENCE_END.search(text)
    return text[: match.start()] if match else text


def _success(op: Operation) -> list[str]:
    codes = [code for code in op.responses if code.startswith("2")]
    if not codes and "default" in op.responses:
        codes = ["default"]
    return sorted(codes)


def extract(op: Operation, schemas: Mapping[str, Schema]) -> Features:
    """Extract the features of one operation.

    Args:
        op: the operation.
        schemas: ``Spec.schemas``, to resolve ``$ref`` keys.

    Returns:
        The frozen features every detector reads.

    Example:
        >>> from specmock.spec.model import Operation
        >>> f = extract(Operation("get", "/pets/{petId}", "showPetById", "#"), {})
        >>> f.last_literal, f.ends_with_param, f.op_words
        (('pets',), True, ('show', 'pet', 'by', 'id'))
    """
    segments, action, ends_with_param = parse_path(op.path)
    memo: Memo = {}
    literals = tuple(seg for seg in segments if not seg.is_param and seg.words)
    summary = op.summary.strip()
    text = (summary + ". " + _first_sentence(op.description.strip())).lower()
    # "/search?term={term}&amount={amount}": a path key that writes its query string names
    # query parameters, whatever "in" they were given
    asked = set(_QUERY_KEYS.findall(op.path.partition("?")[2]))
    params = tuple(
        Param(
            p.name,
            norm(p.name),
            "query" if p.location.value == "path" and p.name in asked else p.location.value,
            _types(p.schema) if isinstance(p.schema, Mapping) else frozenset(),
            p.schema.get("format") if isinstance(p.schema, Mapping) else None,
            p.required,
            isinstance(p.schema, Mapping) and _enumerated(p.schema),
        )
        for p in op.parameters
    )
    body_media: tuple[str, ...] = ()
    body_fields: tuple[Field, ...] = ()
    body_binary = False
    body_format: str | None = None
    if op.body is not None:
        body_media = tuple(name.split(";", 1)[0].strip().lower() for name in op.body.content)
        # a multipart alternative is read first: where a body is JSON or a form, the form
        # is the one that can carry a file
        contents = sorted(
            op.body.content.values(), key=lambda m: not m.name.lower().startswith("multipart/")
        )
        for media in contents:
            fields, top = _fields(media.schema, schemas, memo, nested=False, always=_OPTIONS)
            body_fields += fields
            if "string" in top.types and not top.properties:
                body_binary = True
                body_format = body_format or top.format
            if media.schema is None or media.schema is True or top == _EMPTY:
                body_binary = body_binary or not _is_structured(media.name)
            if body_fields:
                break
    codes = _success(op)
    headers: list[str] = []
    response_fields: tuple[Field, ...] = ()
    response_media: list[str] = []
    returns_array = False
    array_field: str | None = None
    for code in codes:
        response = op.responses[code]
        headers.extend(response.headers)
        for media in response.content.values():
            response_media.append(media.name.split(";", 1)[0].strip().lower())
            if response_fields or returns_array:
                continue
            fields, top = _fields(media.schema, schemas, memo, nested=True)
            response_fields = fields
            returns_array = "array" in top.types and not top.properties
            if not returns_array:
                array_field = next(
                    (f.name for f in fields if f.top_level and "array" in f.types), None
                )
    tags = tuple(w for tag in op.tags for w in words(tag))
    summary_words = words(summary)
    if not summary and words(op.operation_id or op.method)[:1] == (op.method,):
        # no summary, and a name that only repeats the method and path (Stripe's
        # PostTaxSettings): the description's first sentence says what is done
        summary_words = words(_first_sentence(op.description.strip()))
    verb, verb_object, verb_source = name_verb(
        action, op.operation_id, segments, op.method, said=summary_words[:1]
    )
    return Features(
        method=op.method.lower(),
        path=op.path,
        segments=segments,
        action=action,
        ends_with_param=ends_with_param,
        op_words=words(op.operation_id or ""),
        summary_words=summary_words,
        text=text,
        tags=tags,
        params=params,
        body_media=body_media,
        body_fields=body_fields,
        body_binary=body_binary,
        body_format=body_format,
        success_codes=tuple(codes),
        response_headers=tuple(headers),
        response_fields=response_fields,
        response_media=tuple(response_media),
        returns_array=returns_array,
        array_field=array_field,
        extensions=op.extensions,
        verb=verb,
        verb_object=verb_object,
        verb_source=verb_source,
        literals=literals,
        last_literal=literals[-1].words if literals else (),
        path_words=tuple(w for seg in literals for w in seg.words) + action,
    )


def _enumerated(schema: Mapping[str, Any]) -> bool:
    """Whether a parameter's values (or its array's items) are an enumerated set."""
    if "enum" in schema:
        return True
    items = schema.get("items")
    return isinstance(items, Mapping) and "enum" in items


def _is_structured(media: str) -> bool:
    base = media.split(";", 1)[0].strip().lower()
    return (
        base in ("application/json", "application/xml", "text/xml", "text/json")
        or base.endswith(("+json", "+xml"))
        or base in ("application/x-www-form-urlencoded", "multipart/form-data")
    )
