"""Schema -> generator, compiled once: the ``BUILDERS`` table and the :class:`Compiler`.

Rules:

- ``Compiler.compile(schema, name)`` returns ``gen(rng) -> JSON value``; compilation is
  memoised per (schema identity, name) and never re-reads the schema at call time.
- Dispatch is in one place: ``BUILDERS`` maps a keyword (checked in order) or a JSON
  type to its builder ``(compiler, schema, name, where) -> Gen``.
- ``$ref`` compiles lazily (cycles), ``allOf`` and ``$ref`` siblings are merged first
  (``merge.py``); choices (``oneOf``/``anyOf``/``not``/``if``) live in ``choices.py``,
  objects and arrays in ``structures.py``, scalars in ``leaves.py``.
- Subschemas compile eagerly down to ``_EAGER_DEPTH`` and lazily below it, so chains of
  merged ``allOf``s through ``$ref``s (which never hit the memo) keep the stack short.
- An optional property (or array item) that no value satisfies is left out.
- Past the budget (re-entered ``$ref``s, nesting, or objects and arrays per value, see
  ``walk.py``) builders emit the shallowest valid shape: required properties only,
  ``minItems`` items, the branch or type with the smallest finite depth, ``null`` when
  allowed.
- Every value is valid or a :class:`~specmock.errors.GenerationError` is raised naming
  the keyword and the schema location.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from random import Random
from typing import Any

from specmock.config import Quality
from specmock.errors import GenerationError, Location
from specmock.schema import choices, leaves, structures
from specmock.schema.formats import FORMATS, FormatGen
from specmock.schema.merge import Unsatisfiable, flatten, merge_parts
from specmock.schema.semantics import PROVIDERS, Rule, find_provider
from specmock.schema.validate import Direction, is_hidden, validators_for
from specmock.schema.vocabulary import vocabulary
from specmock.schema.walk import HARD_DEPTH, Gen, Generator, Walk
from specmock.spec.model import Schema

__all__ = ["BUILDERS", "Builder", "Compiler", "Direction"]

Builder = Callable[["Compiler", Mapping[str, Any], "str | None", str], Gen]

_TRIES = 12
#: Subschemas compiled eagerly below one ``compile`` call; deeper ones compile on first use.
_EAGER_DEPTH = 16
#: Subschemas one compilation builds eagerly before it builds the rest lazily: merged
#: ``allOf`` copies of recursive schemas with ``oneOf`` in them never hit the memo, and
#: built eagerly they multiply (sinao's Invoice: minutes), while generation, bounded by
#: the walk's budget, only ever reaches a few of them.
_EAGER_NODES = 1000
_INF = math.inf
#: Keywords that constrain values but drive no generation: when present the result is
#: verified against the schema (and retried).
_VERIFY_ONLY = frozenset(
    {
        "then",
        "else",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "$dynamicRef",
        "contains",
        "allOf",
    }
)
_OBJECT_KEYS = frozenset(
    {
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "propertyNames",
        "minProperties",
        "maxProperties",
        "dependentRequired",
    }
)
_ARRAY_KEYS = frozenset({"items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"})
_STRING_KEYS = frozenset({"minLength", "maxLength", "pattern"})
_NUMBER_KEYS = frozenset(
    {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"}
)
#: Objects and arrays per generated value before the rest goes shallow.
_BUDGET = {
    Quality.BASIC: 100,
    Quality.REALISTIC: 250,
    Quality.PRODUCTION: 500,
    Quality.EXACT: 500,
}
_RECURSION_LIMIT = {Quality.BASIC: 1, Quality.REALISTIC: 2, Quality.PRODUCTION: 2, Quality.EXACT: 2}


def _location(where: str) -> Location:
    file, _, pointer = where.partition("#")
    return Location(file=file, pointer=("#" + pointer) if pointer else "")


def build_ref(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """A lone ``$ref``: compiled on first call, so recursive schemas terminate."""
    key = schema["$ref"]
    if key not in c.registry:
        raise c.error(where, "$ref", f"unresolvable reference {key}")
    cell: list[Gen] = []

    def ref(rng: Random, walk: Walk) -> Any:
        if not cell:
            cell.append(c.sub(c.registry[key], name, key))
        seen = walk.active.get(key, 0)
        walk.active[key] = seen + 1
        if seen:
            walk.recursion += 1
        try:
            return cell[0](rng, walk)
        finally:
            walk.active[key] = seen
            if seen:
                walk.recursion -= 1

    return ref


def build_merged(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """``allOf`` and ``$ref`` with siblings: fold into one schema, verify when inexact."""
    merged = merge_parts(flatten(schema, c.registry))
    gen = c.build(merged.schema, name, where)
    if merged.exact:
        return gen
    return c.verified(gen, schema, where, "allOf")


def build_typed(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """Dispatch on ``type`` (or the type implied by the keywords present)."""
    types = schema.get("type")
    if types is None:
        types = _implied_types(schema)
    elif isinstance(types, str):
        types = [types]
    if not types:
        raise c.error(where, "type", "an empty type list admits no value")
    if "integer" in types and "number" in types:
        types = [t for t in types if t != "integer"]
    gens: dict[str, Gen] = {}
    failure: GenerationError | None = None
    for t in types:
        if t not in c.builders:
            continue
        try:
            gens[t] = c.builders[t](c, schema, name, where)
        except (GenerationError, Unsatisfiable) as exc:  # another type may still do
            failure = (
                exc if isinstance(exc, GenerationError) else c.error(where, exc.keyword, exc.detail)
            )
    if not gens:
        raise failure or c.error(where, "type", f"unknown types {types}")
    if len(gens) == 1:
        return next(iter(gens.values()))
    solid = [g for t, g in gens.items() if t != "null"] or list(gens.values())
    flat = [g for t, g in gens.items() if t not in ("object", "array")]
    null = gens.get("null")

    def pick(rng: Random, walk: Walk) -> Any:
        if walk.shallow:
            if null is not None:
                return null(rng, walk)
            if flat:
                return flat[0](rng, walk)
        return solid[rng.randrange(len(solid))](rng, walk)

    return pick


def _implied_types(schema: Mapping[str, Any]) -> list[str]:
    keys = schema.keys()
    if keys & _OBJECT_KEYS:
        return ["object"]
    if keys & _ARRAY_KEYS:
        return ["array"]
    if keys & _STRING_KEYS or (
        isinstance(schema.get("format"), str)
        and schema["format"] not in ("int32", "int64", "float", "double")
    ):
        return ["string"]
    if keys & _NUMBER_KEYS or schema.get("format") in ("float", "double"):
        return ["number"]
    if schema.get("format") in ("int32", "int64"):
        return ["integer"]
    return ["any"]


def build_any(c: Compiler, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
    """No type constraint: the field name's provider if any, else a word."""
    kinds = ("string", "integer", "number", "boolean")
    found = next(
        (p for k in kinds if (p := find_provider(name, k, None, c.providers)) is not None), None
    )
    if found is not None:
        provider = found

        def named(rng: Random, walk: Walk) -> Any:
            return provider(rng, walk.obj)

        return c.verified(named, schema, where, "type")
    words = vocabulary().words

    def word(rng: Random, walk: Walk) -> str:
        return words[rng.randrange(len(words))]

    return c.verified(word, schema, where, "type") if schema else word


#: How each schema shape becomes a generator. Keyword entries are tried in order (the first
#: keyword present wins); then ``type`` entries, chosen by ``build_typed``.
BUILDERS: Mapping[str, Builder] = {
    # keywords (order matters)
    "$ref": build_ref,  # only a lone $ref; with siblings it is merged (allOf)
    "allOf": build_merged,
    "oneOf": choices.build_one_of,
    "anyOf": choices.build_any_of,
    "not": choices.build_not,
    "if": choices.build_if,
    "enum": leaves.build_enum,
    "const": leaves.build_enum,
    # types
    "object": structures.build_object,
    "array": structures.build_array,
    "string": leaves.build_string,
    "integer": leaves.build_integer,
    "number": leaves.build_number,
    "boolean": leaves.build_boolean,
    "null": leaves.build_null,
    "any": build_any,
}
_KEYWORDS = ("oneOf", "anyOf", "not", "if", "enum", "const")
_ANNOTATIONS = frozenset(
    {
        "title",
        "description",
        "examples",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$comment",
        "discriminator",
        "externalDocs",
        "xml",
        "$id",
        "$schema",
        "$anchor",
    }
)


class Compiler:
    """Compiles normalised schemas into generators, once, for one quality and direction.

    Args:
        registry: ``$ref`` key -> normalised schema.
        quality: how rich values are (see :class:`~specmock.config.Quality`).
        direction: ``RESPONSE`` omits ``writeOnly`` properties, ``REQUEST`` ``readOnly`` ones.
        builders: the dispatch table, ``BUILDERS`` by default.
        formats: ``format`` -> string generator, ``FORMATS`` by default.
        providers: field-name rules, ``PROVIDERS`` by default.

    Example:
        >>> from random import Random
        >>> gen = Compiler({}).compile({"type": ["string"], "format": "email"}, name="email")
        >>> gen(Random(1)).endswith((".com", ".org", ".net"))
        True
    """

    def __init__(
        self,
        registry: Mapping[str, Schema],
        quality: Quality = Quality.REALISTIC,
        direction: Direction = Direction.RESPONSE,
        *,
        builders: Mapping[str, Builder] = BUILDERS,
        formats: Mapping[str, FormatGen] = FORMATS,
        providers: tuple[Rule, ...] = PROVIDERS,
        required_hidden: bool = False,
    ) -> None:
        self.registry = registry
        self.quality = Quality.PRODUCTION if quality is Quality.EXACT else quality
        self.direction = direction
        self.builders = builders
        self.formats = formats
        self.providers = providers
        # OpenAPI 3.0 says a required writeOnly property is required in requests only;
        # 3.1 leaves it to JSON Schema, where ``required`` holds: ``required_hidden``
        # keeps such properties (a 3.1 description that requires them gets them).
        self.required_hidden = required_hidden
        self.validators = validators_for(registry, None if required_hidden else direction)
        self._memo: dict[tuple[int, str | None], tuple[Schema, Gen]] = {}
        self._depths: dict[int, tuple[Any, float]] = {}
        self._limit = _RECURSION_LIMIT[self.quality]
        self._nesting = 0
        # Subschemas built eagerly since the last ``compile`` call. A deferred subschema's
        # first use keeps counting from there (it gets no budget of its own: given one,
        # sinao's 174 responses took 24 s instead of 5), so how eagerly it builds depends
        # on the compilations before it; what it builds does not.
        self._eager = 0

    def compile(self, schema: Schema, name: str | None = None, *, source: str = "") -> Generator:
        """The generator of ``schema``; ``name`` is the field it fills (drives realism).

        The generator takes the ``Random`` to draw from and, for an entity, the name
        its fields are seeded by (see :class:`~specmock.schema.walk.Walk`).

        ``source`` is where the schema is written (``URI#pointer``, e.g. a media type's
        ``source``): errors inside an inline schema then point into the document, not
        only relative to the schema (``/properties/result``).

        Raises:
            GenerationError: when no value can satisfy the schema.
        """
        self._eager = 0
        gen = self.sub(schema, name, source)
        limit = self._limit

        budget = _BUDGET[self.quality]

        def generate(rng: Random, keyed: str | None = None) -> Any:
            walk = Walk(limit, budget)
            walk.keyed = keyed
            return gen(rng, walk)

        return generate

    # --- used by builders -------------------------------------------------------------

    def sub(self, schema: Schema, name: str | None, where: str) -> Gen:
        """Compile a subschema (memoised per identity and name)."""
        key = (id(schema), name)
        hit = self._memo.get(key)
        if hit is not None and hit[0] is schema:
            return hit[1]
        if self._nesting >= _EAGER_DEPTH or self._eager >= _EAGER_NODES:
            # Deep in one compilation (merged allOf chains through $refs never hit the
            # memo), or wide: finish lazily, on first use, to keep the Python stack short
            # and the work to what generation reaches.
            gen = self._deferred(schema, name, where)
        else:
            self._eager += 1
            self._nesting += 1
            try:
                gen = self._compile(schema, name, where)
            except Unsatisfiable as exc:
                raise self.error(where, exc.keyword, exc.detail) from None
            finally:
                self._nesting -= 1
        self._memo[key] = (schema, gen)
        return gen

    def _deferred(self, schema: Schema, name: str | None, where: str) -> Gen:
        cell: list[Gen] = []

        def deferred(rng: Random, walk: Walk) -> Any:
            if not cell:
                saved, self._nesting = self._nesting, 0
                try:
                    cell.append(self._compile(schema, name, where))
                except Unsatisfiable as exc:
                    raise self.error(where, exc.keyword, exc.detail) from None
                finally:
                    self._nesting = saved
            return cell[0](rng, walk)

        return deferred

    def _compile(self, schema: Schema, name: str | None, where: str) -> Gen:
        if schema is False:
            raise self.error(where, "false", "the schema false admits no value")
        if schema is True:
            schema = {}
        if not isinstance(schema, Mapping):
            raise self.error(where, "type", f"not a schema: {type(schema).__name__}")
        if "$ref" in schema:
            if schema.keys() - _ANNOTATIONS - {"$ref"}:
                return self.builders["allOf"](self, schema, name, where)
            return self.builders["$ref"](self, schema, name, where)
        if "allOf" in schema:
            return self.builders["allOf"](self, schema, name, where)
        return self.build(schema, name, where)

    def build(self, schema: Mapping[str, Any], name: str | None, where: str) -> Gen:
        """Compile a schema without ``$ref``/``allOf`` at its top (a residual ``allOf`` is
        verified by the caller)."""
        deps = schema.get("dependentSchemas")
        if isinstance(deps, Mapping) and deps:
            # Applying every dependent schema unconditionally is stronger than needed and
            # still valid; when that contradicts, fall back to generate-and-verify.
            rest = {k: v for k, v in schema.items() if k != "dependentSchemas"}
            try:
                merged = merge_parts(flatten({"allOf": [rest, *deps.values()]}, self.registry))
                return self.verified(
                    self.build(merged.schema, name, where), schema, where, "dependentSchemas"
                )
            except (Unsatisfiable, GenerationError):
                # Leave the optional trigger properties out instead.
                required = set(schema.get("required") or ())
                props = {
                    k: v
                    for k, v in (schema.get("properties") or {}).items()
                    if k not in deps or k in required
                }
                rest["properties"] = props
                return self.verified(
                    self.build(rest, name, where), schema, where, "dependentSchemas"
                )
        gen: Gen | None = None
        for keyword in _KEYWORDS:
            if keyword in schema:
                gen = self.builders[keyword](self, schema, name, where)
                break
        if gen is None:
            gen = build_typed(self, schema, name, where)
        unhandled = sorted(schema.keys() & (_VERIFY_ONLY - {"allOf"}))
        if unhandled:
            gen = self.verified(gen, schema, where, unhandled[0])
        return gen

    def verified(self, gen: Gen, schema: Schema, where: str, keyword: str) -> Gen:
        """Wrap ``gen`` so that only values valid against ``schema`` come out (retrying)."""
        check = self.checker(schema)

        def checked(rng: Random, walk: Walk) -> Any:
            for _ in range(_TRIES):
                value = gen(rng, walk)
                if check(value):
                    return value
            raise self.error(where, keyword, "no generated candidate satisfied the schema")

        return checked

    def checker(self, schema: Schema) -> Callable[[Any], bool]:
        """``is_valid`` of the schema's validator (direction-aware), compiled on first use."""
        cell: list[Callable[[Any], bool]] = []
        validators = self.validators

        def check(value: Any) -> bool:
            if not cell:
                cell.append(validators.get(schema).is_valid)
            return cell[0](value)

        return check

    def hidden(self, schema: Schema) -> bool:
        """True when properties with this schema are left out in this direction."""
        return is_hidden(schema, self.direction.hidden, self.registry)

    def error(self, where: str, keyword: str, detail: str) -> GenerationError:
        """A ``GenerationError`` naming the keyword and the location of the schema."""
        return GenerationError(f"cannot satisfy '{keyword}': {detail}", location=_location(where))

    def walk_guard(self, walk: Walk, where: str) -> None:
        """Abort a generation that nests without end (a schema with no finite value)."""
        if walk.depth >= HARD_DEPTH:
            raise self.error(where, "$ref", "the schema has no finite value (endless recursion)")

    def min_depth(self, schema: Any, stack: frozenset[int] = frozenset()) -> float:
        """The smallest nesting a valid value of ``schema`` needs (``inf`` when none is finite)."""
        if not isinstance(schema, Mapping):
            return 0 if schema is not False else _INF
        hit = self._depths.get(id(schema))
        if hit is not None and hit[0] is schema:
            return hit[1]
        if id(schema) in stack or len(stack) > 48:
            return _INF
        inner = stack | {id(schema)}
        depth = self._min_depth(schema, inner)
        self._depths[id(schema)] = (schema, depth)
        return depth

    def _min_depth(self, schema: Mapping[str, Any], stack: frozenset[int]) -> float:
        parts: list[float] = [0]
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref in self.registry:
            parts.append(self.min_depth(self.registry[ref], stack))
        parts.extend(self.min_depth(m, stack) for m in schema.get("allOf") or ())
        for keyword in ("oneOf", "anyOf"):
            if schema.get(keyword):
                parts.append(min(self.min_depth(b, stack) for b in schema[keyword]))
        types = schema.get("type") or _implied_types(schema)
        if "object" in types and not any(
            t in types for t in ("null", "string", "integer", "number", "boolean")
        ):
            props = schema.get("properties") or {}
            needed = [
                self.min_depth(props[r], stack)
                for r in schema.get("required") or ()
                if r in props and (self.required_hidden or not self.hidden(props[r]))
            ]
            parts.append(1 + max(needed, default=0))
        if "array" in types and len(types) == 1 and schema.get("minItems", 0) > 0:
            parts.append(1 + self.min_depth(schema.get("items", True), stack))
        return max(parts)
