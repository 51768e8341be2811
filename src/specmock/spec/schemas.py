"""Schema normalisation: Swagger 2.0, OpenAPI 3.0 and 3.1 schemas into the model's contract.

Rules (the contract itself is in ``model.py``'s docstring):

- Every ``$ref`` becomes the absolute key ``"<document URI>#<pointer>"`` of the place it
  names (the ref as written, made absolute; percent-escapes decoded). Each key's target
  is normalised once into the registry, from a work queue, so cycles stay references.
- A ``$ref`` that cannot be resolved marks the schema that holds it *broken*; every
  schema that can reach a broken one is *poisoned* and left out of the registry, and
  whoever uses it (a media type, a parameter) is skipped with the reason. Work stays
  linear: a key's poison is computed once, when the queue that found it drains.
- Version differences are folded here and nowhere else (``Flavour``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from specmock.errors import SpecError
from specmock.spec.model import SUBSCHEMA_LISTS, SUBSCHEMA_MAPS, SUBSCHEMA_ONE, Schema
from specmock.spec.read import Located, Reader, display

__all__ = ["Flavour", "SchemaError", "Schemas"]

#: Keywords that only make sense to a JSON Schema processor of the original document.
_DROPPED = frozenset({"$id", "$schema", "$anchor", "$dynamicAnchor", "nullable", "x-nullable"})


class Flavour(StrEnum):
    """The schema dialect of a description."""

    SWAGGER2 = "2.0"
    OPENAPI30 = "3.0"
    OPENAPI31 = "3.1"


class SchemaError(SpecError):
    """A schema (or one it refers to) cannot be used; the message says why."""


@dataclass(slots=True)
class _Pass:
    """What one normalisation found: the keys referred to, and the first error."""

    refs: set[str] = field(default_factory=set)
    error: str | None = None


class Schemas:
    """The schema registry of one description, filled on demand.

    Example:
        >>> schemas = Schemas(reader, Flavour.OPENAPI31, root_uri)  # doctest: +SKIP
        >>> schemas.inline(located_schema)  # doctest: +SKIP
        {'$ref': 'file:///api/openapi.yaml#/components/schemas/Pet'}
    """

    def __init__(self, reader: Reader, flavour: Flavour, root_uri: str) -> None:
        self.reader = reader
        self.flavour = flavour
        self.root_uri = root_uri
        self.registry: dict[str, Schema] = {}
        self._names = "/definitions/" if flavour is Flavour.SWAGGER2 else "/components/schemas/"
        self._refs: dict[str, set[str]] = {}
        self._broken: dict[str, str] = {}
        self._poison: dict[str, str] = {}
        self._queue: deque[tuple[str, str, str, str]] = deque()  # key, URI, pointer, ref

    @property
    def usable(self) -> dict[str, Schema]:
        """The registry without poisoned schemas: every ``$ref`` in it is one of its keys."""
        return {key: value for key, value in self.registry.items() if key not in self._poison}

    def inline(self, here: Located) -> Schema:
        """Normalise the schema written at ``here`` and everything it refers to.

        Raises:
            SchemaError: when it, or a schema it reaches, has an unresolvable ``$ref``.
        """
        found = _Pass()
        schema = self._normalise(here.value, here.uri, here.pointer, found)
        self._drain()  # always: the registry must hold no placeholders once load ends
        if found.error is not None:
            raise SchemaError(found.error)
        for key in found.refs:
            if key in self._poison:
                raise SchemaError(self._poison[key])
        return schema

    def _drain(self) -> None:
        """Normalise every queued key, then work out which of the new keys are poisoned."""
        new: list[str] = []
        while self._queue:
            key, base, written_at, ref = self._queue.popleft()
            found = _Pass()
            try:
                target = self.reader.lookup(base, ref)
            except SpecError as exc:
                self.registry[key] = {}
                found.error = f"unresolvable $ref {ref!r} at {display(base)}#{written_at}: {exc}"
            else:
                self.registry[key] = self._normalise(
                    target.value, target.uri, target.pointer, found
                )
            self._refs[key] = found.refs
            if found.error is not None:
                self._broken[key] = found.error
            new.append(key)
        self._break_alias_cycles(new)
        self._spread_poison(new)

    def _spread_poison(self, new: list[str]) -> None:
        # Older keys never refer to newer ones (their queue drained before), so only the
        # new keys can become poisoned: seed with the broken ones and those that refer to
        # already-poisoned keys, then walk the new keys' reverse edges.
        fresh = set(new)
        referrers: dict[str, list[str]] = {}
        pending: deque[str] = deque()
        for key in new:
            for target in self._refs[key]:
                if target in fresh:
                    referrers.setdefault(target, []).append(key)
                elif target in self._poison and key not in self._poison:
                    self._poison[key] = self._poison[target]
                    pending.append(key)
            if key in self._broken and key not in self._poison:
                self._poison[key] = self._broken[key]
                pending.append(key)
        while pending:
            key = pending.popleft()
            for referrer in referrers.get(key, ()):
                if referrer not in self._poison:
                    self._poison[referrer] = self._poison[key]
                    pending.append(referrer)

    def _break_alias_cycles(self, new: list[str]) -> None:
        # A chain of schemas that are nothing but a $ref, closing on itself, names no
        # schema. Such a cycle holds only new keys, as older keys never refer to new ones.
        for start in new:
            seen = [start]
            key = start
            while True:
                value = self.registry.get(key)
                if not (isinstance(value, dict) and len(value) == 1 and "$ref" in value):
                    break
                key = value["$ref"]
                if key in seen:
                    for member in seen[seen.index(key) :]:
                        self._broken.setdefault(member, f"circular $ref chain through {key}")
                    break
                seen.append(key)

    def _key(self, base: str, pointer: str, ref: str, found: _Pass) -> str | None:
        """The registry key of ``ref`` written at ``base#pointer``; queues its target once."""
        try:
            uri, fragment = self.reader.absolute_ref(base, ref)
        except SpecError as exc:
            if found.error is None:
                found.error = f"unresolvable $ref {ref!r} at {display(base)}#{pointer}: {exc}"
            return None
        key = f"{uri}#{fragment}"
        found.refs.add(key)
        if key not in self.registry:
            self.registry[key] = {}  # a placeholder until the queue drains: cycles stop here
            self._queue.append((key, base, pointer, ref))
        return key

    def _normalise(self, value: Any, uri: str, pointer: str, found: _Pass) -> Schema:
        if isinstance(value, bool):
            return value
        if not isinstance(value, dict):
            if found.error is None:
                found.error = f"schema at {display(uri)}#{pointer} is not an object"
            return {}
        out: dict[str, Any] = {}
        ref = value.get("$ref")
        if isinstance(ref, str):
            key = self._key(uri, pointer, ref, found)
            out["$ref"] = key if key is not None else ref
            if self.flavour is not Flavour.OPENAPI31:
                # before 3.1, keywords beside a $ref are ignored; but readOnly/writeOnly
                # there are honoured by openapi-schema-validator (bunq's writeOnly alias
                # fields), and leaving such a property out of a response is always safe
                for flag in ("readOnly", "writeOnly"):
                    if value.get(flag) is True:
                        out[flag] = True
                return out
        for name, member in value.items():
            if not isinstance(name, str) or name == "$ref" or name in _DROPPED:
                continue
            if name.startswith("x-"):
                continue
            handler = _HANDLERS.get(name)
            if handler is not None:
                handler(self, out, member, uri, f"{pointer}/{name}", found)
            elif name in SUBSCHEMA_LISTS or (name == "items" and isinstance(member, list)):
                if isinstance(member, list):
                    out[name] = [
                        self._normalise(item, uri, f"{pointer}/{name}/{index}", found)
                        for index, item in enumerate(member)
                    ]
            elif name in SUBSCHEMA_ONE:
                out[name] = self._normalise(member, uri, f"{pointer}/{name}", found)
            elif name in SUBSCHEMA_MAPS:
                out[name] = self._map(member, uri, f"{pointer}/{name}", found)
            else:
                out[name] = member
        self._fold(value, out)
        return out

    def _map(self, value: Any, uri: str, pointer: str, found: _Pass) -> dict[str, Schema]:
        """Normalise a name -> schema map (``properties``, ...), itself perhaps a ``$ref``."""
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            try:  # the whole map is a reference (a file of properties, say)
                target = self.reader.follow(Located(uri, pointer, value))
            except SpecError as exc:
                if found.error is None:
                    found.error = str(exc)
                return {}
            value, uri, pointer = target.value, target.uri, target.pointer
        if not isinstance(value, dict):
            return {}
        return {
            str(prop): self._normalise(sub, uri, f"{pointer}/{_escape(str(prop))}", found)
            for prop, sub in value.items()
        }

    def _fold(self, value: Mapping[str, Any], out: dict[str, Any]) -> None:
        """Fold version-specific keywords into the contract's single form."""
        items = out.get("items")
        if isinstance(items, list):
            out["prefixItems"] = items
            if "additionalItems" in out:
                out["items"] = out.pop("additionalItems")
            else:
                del out["items"]
        # Boolean exclusives are folded in every version: 3.1 documents converted from
        # 3.0 still carry them, and the contract wants numbers.
        for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            flag = out.get(exclusive)
            if isinstance(flag, bool):
                if flag and bound in out:
                    out[exclusive] = out.pop(bound)
                else:
                    del out[exclusive]
        if self.flavour is Flavour.OPENAPI31:
            return  # `nullable` means nothing to 3.1 (JSON Schema): folding it would loosen
        nullable = "nullable" if self.flavour is Flavour.OPENAPI30 else "x-nullable"
        if value.get(nullable) is True:
            # Only the type widens: OAS 3.0.3 says an enum must list null itself to allow
            # it, and openapi-schema-validator checks it that way.
            types = out.get("type")
            if isinstance(types, list) and "null" not in types:
                out["type"] = [*types, "null"]

    def _type(self, out: dict[str, Any], value: Any, uri: str, pointer: str, found: _Pass) -> None:
        types = list(value) if isinstance(value, list) else [value]
        if not all(isinstance(kind, str) for kind in types):
            # {"type": {"enum": [...], "type": "string"}}: a schema written where its type
            # name belongs; no type can be read from it
            if found.error is None:
                found.error = f"schema at {display(uri)}#{pointer} is not a type name"
            return
        if "file" in types:
            types = ["string" if kind == "file" else kind for kind in types]
            out.setdefault("format", "binary")
        out["type"] = types

    def _format(
        self, out: dict[str, Any], value: Any, uri: str, pointer: str, found: _Pass
    ) -> None:
        if out.get("format") != "binary" or value == "binary":
            out["format"] = value

    def _example(
        self, out: dict[str, Any], value: Any, uri: str, pointer: str, found: _Pass
    ) -> None:
        out.setdefault("examples", [value])

    def _examples(
        self, out: dict[str, Any], value: Any, uri: str, pointer: str, found: _Pass
    ) -> None:
        if isinstance(value, list):
            out["examples"] = value
        elif isinstance(value, dict):  # not a schema keyword before 3.1; keep the values
            out["examples"] = list(value.values())

    def _required(
        self, out: dict[str, Any], value: Any, uri: str, pointer: str, found: _Pass
    ) -> None:
        if isinstance(value, list):  # a boolean `required` on a property is a common mistake
            out["required"] = value

    def _discriminator(
        self, out: dict[str, Any], value: Any, uri: str, pointer: str, found: _Pass
    ) -> None:
        if isinstance(value, str):  # Swagger 2.0 names the property only
            out["discriminator"] = {"propertyName": value}
            return
        if not isinstance(value, dict):
            return
        result = {k: v for k, v in value.items() if k != "mapping" and not k.startswith("x-")}
        mapping = value.get("mapping")
        if isinstance(mapping, dict):
            keys: dict[str, str] = {}
            for name, target in mapping.items():
                if not isinstance(target, str):
                    continue
                if "#" in target or target.lower().endswith((".json", ".yaml", ".yml")):
                    base, ref = uri, target
                else:  # a bare schema name
                    base, ref = self.root_uri, f"#{self._names}{target}"
                try:
                    self.reader.lookup(base, ref)
                except SpecError:
                    continue  # a mapping entry that leads nowhere is dropped, not fatal
                key = self._key(base, pointer, ref, found)
                if key is not None:
                    keys[str(name)] = key
            result["mapping"] = keys
        out["discriminator"] = result


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


_Handler = Callable[[Schemas, dict[str, Any], Any, str, str, _Pass], None]

#: Keywords that need more than copying or recursing, and who handles them.
_HANDLERS: dict[str, _Handler] = {
    "type": Schemas._type,
    "format": Schemas._format,
    "example": Schemas._example,
    "examples": Schemas._examples,
    "required": Schemas._required,
    "discriminator": Schemas._discriminator,
}
