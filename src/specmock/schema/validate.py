"""Compiled validators for normalised schemas, backed by ``jsonschema_rs`` (2020-12).

Rules:

- One ``jsonschema_rs.Registry`` per registry mapping (memoised on the mapping's
  identity): one resource per document URI whose contents place every normalised
  schema at its JSON pointer, so absolute ``$ref`` keys resolve natively. When two
  keys nest, the outer schema wins (it contains the inner one).
- ``format`` is asserted (``validate_formats=True``). ``jsonschema_rs`` knows nothing of
  OpenAPI's numeric formats, so ``int32``/``int64``/``float`` become ``minimum``/``maximum``
  bounds on a copy of the tree given to it.
- Known differences from Python ``jsonschema``'s format checker, probed on edge cases:
  *stricter* here: ``email`` (RFC 5321 local parts), ``hostname`` (no trailing dot),
  ``duration`` (no fractional seconds, ``PT1.5S``); *laxer* here: leap seconds
  (``23:59:60``) in ``date-time``/``time`` (RFC 3339 allows them; generators never emit
  them). ``time`` is checked here (``_FORMATS``): jsonschema_rs wants an offset, while
  openapi-schema-validator's 3.0 and 3.1 checkers want none (``%H:%M:%S``); both are
  accepted and generators emit the latter. ``byte`` is checked here as base64, as
  openapi-schema-validator's checkers do (jsonschema_rs does not know it).
- The tree is made portable: a ``$ref``'s fragment is percent-encoded where a URI may
  not hold the character (a path item's ``{id}`` in ``#/paths/~1pets~1{id}/...``), and a
  ``pattern`` (or ``patternProperties`` key) that ``jsonschema_rs`` cannot compile is not
  enforced: Java classes such as ``\\p{XDigit}``, octal escapes, lone surrogates in a
  class, repetitions past its size limit. Refusing every request because the
  description's regex is written for another engine would blame the client for it.
- Validators compile lazily and are memoised per (schema identity, registry identity).
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import quote

import jsonschema_rs

from specmock.errors import SpecError
from specmock.spec.model import SUBSCHEMA_LISTS, SUBSCHEMA_MAPS, SUBSCHEMA_ONE, Schema

__all__ = [
    "Direction",
    "Validator",
    "Validators",
    "Violation",
    "build_registry",
    "compile_validator",
    "for_validation",
    "is_hidden",
    "validators_for",
]

_INT32 = (-(2**31), 2**31 - 1)
_INT64 = (-(2**63), 2**63 - 1)
_FLOAT32 = 3.4028234663852886e38
_NUMERIC_FORMATS: Mapping[str, tuple[float, float]] = {
    "int32": _INT32,
    "int64": _INT64,
    "float": (-_FLOAT32, _FLOAT32),
}


@dataclass(frozen=True, slots=True)
class Violation:
    """One reason a value is invalid.

    Attributes:
        keyword: the JSON Schema keyword that failed, e.g. ``"minimum"``.
        instance_path: JSON pointer of the offending value, ``""`` for the root.
        schema_path: JSON pointer of the keyword inside the schema.
        message: a one-line human explanation.
    """

    keyword: str
    instance_path: str
    schema_path: str
    message: str


def _pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


class Direction(StrEnum):
    """Which way a message travels: responses never carry ``writeOnly`` properties,
    requests never carry ``readOnly`` ones."""

    REQUEST = "request"
    RESPONSE = "response"

    @property
    def hidden(self) -> str:
        """The annotation whose properties are left out in this direction."""
        return "writeOnly" if self is Direction.RESPONSE else "readOnly"


def is_hidden(schema: Any, key: str, registry: Mapping[str, Schema], depth: int = 0) -> bool:
    """True when ``schema`` (or what its ``$ref``/``allOf`` lead to) is annotated ``key: true``.

    Example:
        >>> is_hidden({"allOf": [{"writeOnly": True}]}, "writeOnly", {})
        True
    """
    if not isinstance(schema, Mapping) or depth > 16:
        return False
    if schema.get(key) is True:
        return True
    ref = schema.get("$ref")
    if isinstance(ref, str) and is_hidden(registry.get(ref), key, registry, depth + 1):
        return True
    return any(is_hidden(m, key, registry, depth + 1) for m in schema.get("allOf") or ())


def _transform(schema: Any, fix: Callable[[dict[str, Any]], None]) -> Any:
    """A copy of ``schema`` with ``fix`` applied to every subschema (bottom-up)."""
    if not isinstance(schema, Mapping):
        return schema
    out: dict[str, Any] = dict(schema)
    for key in SUBSCHEMA_ONE:
        if key in out:
            out[key] = _transform(out[key], fix)
    for key in SUBSCHEMA_LISTS:
        if isinstance(out.get(key), list):
            out[key] = [_transform(s, fix) for s in out[key]]
    for key in SUBSCHEMA_MAPS:
        if isinstance(out.get(key), Mapping):
            out[key] = {k: _transform(s, fix) for k, s in out[key].items()}
    fix(out)
    return out


def _format_bounds(out: dict[str, Any]) -> None:
    bounds = _NUMERIC_FORMATS.get(out["format"]) if isinstance(out.get("format"), str) else None
    if bounds is not None:
        lo, hi = bounds
        old_lo, old_hi = out.get("minimum"), out.get("maximum")
        out["minimum"] = lo if not isinstance(old_lo, int | float) else max(old_lo, lo)
        out["maximum"] = hi if not isinstance(old_hi, int | float) else min(old_hi, hi)


#: What a URI fragment may hold besides letters and digits (RFC 3986: pchar, "/", "?").
_FRAGMENT_SAFE = "/?:@!$&'()*+,;=-._~"


@functools.lru_cache(maxsize=4096)
def compiles(pattern: str) -> bool:
    """Whether ``jsonschema_rs`` accepts ``pattern`` as a regular expression.

    Example:
        >>> compiles("^[a-z]+$"), compiles("\\\\p{XDigit}{8}")
        (True, False)
    """
    try:
        jsonschema_rs.Draft202012Validator({"pattern": pattern})
    except (jsonschema_rs.ValidationError, ValueError):
        return False
    return True


def _portable(out: dict[str, Any]) -> None:
    """Make one subschema compile natively: escape its ``$ref``'s fragment, and leave out
    the regular expressions the native engine cannot read (see the module's rules)."""
    ref = out.get("$ref")
    if isinstance(ref, str) and "#" in ref:
        uri, _, fragment = ref.partition("#")
        out["$ref"] = f"{uri}#{quote(fragment, safe=_FRAGMENT_SAFE)}"
    pattern = out.get("pattern")
    if isinstance(pattern, str) and not compiles(pattern):
        del out["pattern"]
    patterns = out.get("patternProperties")
    if isinstance(patterns, Mapping) and not all(compiles(k) for k in patterns):
        out["patternProperties"] = {k: v for k, v in patterns.items() if compiles(k)}


def with_format_bounds(schema: Any) -> Any:
    """A copy of ``schema`` where OpenAPI numeric formats also carry ``minimum``/``maximum``.

    Example:
        >>> with_format_bounds({"type": ["integer"], "format": "int32"})["maximum"]
        2147483647
    """
    return _transform(schema, _format_bounds)


def for_validation(
    schema: Any, registry: Mapping[str, Schema], direction: Direction | None = None
) -> Any:
    """The tree given to ``jsonschema_rs``: format bounds added, made portable (see the
    module's rules) and, for a ``direction``, properties hidden in that direction no
    longer ``required``.

    Example:
        >>> s = {"properties": {"pw": {"writeOnly": True}}, "required": ["pw"]}
        >>> for_validation(s, {}, Direction.RESPONSE)["required"]
        []
    """
    key = direction.hidden if direction is not None else None

    def fix(out: dict[str, Any]) -> None:
        _format_bounds(out)
        _portable(out)
        if key is None:
            return
        props = out.get("properties")
        if isinstance(props, Mapping) and isinstance(out.get("required"), list):
            out["required"] = [
                r for r in out["required"] if not is_hidden(props.get(r), key, registry)
            ]

    return _transform(schema, fix)


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _document_trees(
    registry: Mapping[str, Schema], direction: Direction | None
) -> dict[str, dict[str, Any]]:
    """Document URI -> nested dict holding each normalised schema at its pointer."""
    placed: dict[str, list[tuple[str, ...]]] = {}
    trees: dict[str, dict[str, Any]] = {}
    entries = []
    for key, schema in registry.items():
        uri, _, pointer = key.partition("#")
        segments = tuple(_unescape(s) for s in pointer.split("/")[1:]) if pointer else ()
        entries.append((len(segments), uri, segments, schema))
    entries.sort(key=lambda e: e[0])
    for _, uri, segments, schema in entries:
        done = placed.setdefault(uri, [])
        if any(segments[: len(p)] == p for p in done):
            continue  # an outer schema already contains this one
        done.append(segments)
        converted = for_validation(schema, registry, direction)
        if not segments:
            trees[uri] = converted if isinstance(converted, dict) else {}
            continue
        node = trees.setdefault(uri, {})
        for seg in segments[:-1]:
            child = node.get(seg)
            if not isinstance(child, dict):
                child = node[seg] = {}
            node = child
        node[segments[-1]] = converted
    return trees


def build_registry(
    registry: Mapping[str, Schema], direction: Direction | None = None
) -> jsonschema_rs.Registry:
    """A ``jsonschema_rs.Registry`` resolving every key of ``registry``.

    Example:
        >>> reg = build_registry({"file:///a.yaml#/components/schemas/N": {"type": ["integer"]}})
        >>> reg.resolver("file:///a.yaml").lookup("#/components/schemas/N").contents
        {'type': ['integer']}
    """
    resources = list(_document_trees(registry, direction).items())
    return jsonschema_rs.Registry(resources, draft=jsonschema_rs.Draft202012)


_TIME = re.compile(
    r"(?:[01]\d|2[0-3]):[0-5]\d:(?:[0-5]\d|60)(?:\.\d+)?(?:[Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)?"
)


def _is_time(value: str) -> bool:
    """RFC 3339 ``full-time`` or ``partial-time``: OpenAPI validators accept the latter only."""
    return _TIME.fullmatch(value) is not None


def _is_byte(value: str) -> bool:
    """OpenAPI ``byte``: base64 text (standard alphabet, padded)."""
    try:
        base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


#: Formats checked here rather than by jsonschema_rs.
_FORMATS = {"time": _is_time, "byte": _is_byte}


class Validator:
    """A compiled validator for one schema; build it with :func:`compile_validator`."""

    __slots__ = ("_rs", "schema")

    def __init__(
        self, schema: Schema, tree: Any, rs_registry: jsonschema_rs.Registry | None
    ) -> None:
        self.schema = schema
        try:
            self._rs = jsonschema_rs.Draft202012Validator(
                tree, validate_formats=True, registry=rs_registry, formats=_FORMATS
            )
        except (jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError, ValueError) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise SpecError(f"invalid schema: {first}") from None

    def is_valid(self, value: Any) -> bool:
        """True when ``value`` satisfies the schema.

        Example:
            >>> compile_validator({"type": ["string"]}, {}).is_valid(1)
            False
        """
        return bool(self._rs.is_valid(value))

    def errors(self, value: Any) -> list[Violation]:
        """Every violation of the schema by ``value``, in the validator's order.

        Example:
            >>> [v.keyword for v in compile_validator({"minimum": 3}, {}).errors(1)]
            ['minimum']
        """
        out = []
        for err in self._rs.iter_errors(value):
            path = list(err.schema_path)
            keyword = str(path[-1]) if path else ""
            out.append(
                Violation(
                    keyword=keyword,
                    instance_path=_pointer(err.instance_path),
                    schema_path=_pointer(path),
                    message=str(err.message),
                )
            )
        return out


#: Compiled validators kept per registry. A native validator holds everything its schema
#: reaches, several megabytes for one of Stripe's objects, so an unbounded memo grew to
#: gigabytes over a large description; the least recently used are compiled again. Every
#: response of Stripe at three quality levels: 655 MB (1.1 GB unbounded, 390 MB at 128,
#: each smaller bound recompiling more).
MAX_VALIDATORS = 512


class Validators:
    """Memo of compiled validators over one registry mapping (the registry built once).

    With a ``direction``, properties hidden in that direction are not required. A schema
    that is only a ``$ref`` shares the validator of its target; at most
    ``MAX_VALIDATORS`` are kept, the least recently used dropped first.
    """

    __slots__ = ("_direction", "_memo", "_registry", "_rs_registry")

    def __init__(self, registry: Mapping[str, Schema], direction: Direction | None = None) -> None:
        self._registry = registry
        self._direction = direction
        self._rs_registry: jsonschema_rs.Registry | None = None
        self._memo: OrderedDict[int | str, tuple[Schema, Validator]] = OrderedDict()

    def rs_registry(self) -> jsonschema_rs.Registry | None:
        """The native registry, built on first use (``None`` when the mapping is empty)."""
        if self._rs_registry is None and self._registry:
            self._rs_registry = build_registry(self._registry, self._direction)
        return self._rs_registry

    def get(self, schema: Schema) -> Validator:
        """The validator of ``schema``, compiled once per schema object (per ``$ref``
        target for a schema that is only a ``$ref``) while it stays in the memo."""
        ref = schema.get("$ref") if isinstance(schema, Mapping) and len(schema) == 1 else None
        key: int | str = ref if isinstance(ref, str) else id(schema)
        hit = self._memo.get(key)
        if hit is not None and (hit[0] is schema or isinstance(key, str)):
            self._memo.move_to_end(key)
            return hit[1]
        tree = for_validation(schema, self._registry, self._direction)
        validator = Validator(schema, tree, self.rs_registry())
        self._memo[key] = (schema, validator)  # keeps schema alive: ids stay unique
        if len(self._memo) > MAX_VALIDATORS:
            self._memo.popitem(last=False)
        return validator

    def __len__(self) -> int:
        return len(self._memo)


class _Memo:
    """``Validators`` per (registry mapping, direction), keyed by identity (kept alive)."""

    __slots__ = ("by_registry",)

    def __init__(self) -> None:
        self.by_registry: dict[
            tuple[int, Direction | None], tuple[Mapping[str, Schema], Validators]
        ] = {}

    def validators(self, registry: Mapping[str, Schema], direction: Direction | None) -> Validators:
        key = (id(registry), direction)
        hit = self.by_registry.get(key)
        if hit is not None and hit[0] is registry:
            return hit[1]
        if len(self.by_registry) > 64:
            self.by_registry.clear()
        made = Validators(registry, direction)
        self.by_registry[key] = (registry, made)
        return made


_MEMO = _Memo()


def validators_for(
    registry: Mapping[str, Schema], direction: Direction | None = None
) -> Validators:
    """The shared, memoised :class:`Validators` of a registry mapping (and direction).

    Example:
        >>> validators_for({}) is validators_for({}, None)
        False
    """
    return _MEMO.validators(registry, direction)


def compile_validator(
    schema: Schema, registry: Mapping[str, Schema], direction: Direction | None = None
) -> Validator:
    """Compile (once) a validator for a normalised ``schema``; ``$ref``s name ``registry`` keys.

    Args:
        schema: a normalised schema (see ``specmock.spec.model``).
        registry: ``$ref`` key -> normalised schema.
        direction: when given, properties hidden in that direction (``writeOnly`` in
            responses, ``readOnly`` in requests) are not required, matching what a
            :class:`~specmock.schema.Compiler` for that direction generates.

    Returns:
        A memoised :class:`Validator`.

    Example:
        >>> v = compile_validator({"type": ["integer"], "format": "int32"}, {})
        >>> v.is_valid(2**31)
        False
        >>> s = {"required": ["pw"], "properties": {"pw": {"writeOnly": True}}}
        >>> compile_validator(s, {}, Direction.RESPONSE).is_valid({})
        True
    """
    return _MEMO.validators(registry, direction).get(schema)
