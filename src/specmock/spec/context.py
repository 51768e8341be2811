"""What normalising one description needs: the reader, the schema registry, and what was skipped.

Rules: this module holds the parts every version shares (walking ``paths``, merging
path-level parameters, operation metadata, recording skipped parts). Version-specific
shapes live in ``openapi3.py`` and ``swagger2.py``. A broken part raises ``SpecError``
where it is found; the caller that can drop it (an operation, a response, a media
type) catches it and records a ``Skipped`` with the pointer in the root document.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from specmock.errors import Location, SpecError
from specmock.spec.model import HTTP_METHODS, Operation, Schema, Skipped
from specmock.spec.read import Located, Reader, display, escape
from specmock.spec.schemas import Schemas

__all__ = ["BuildOperation", "Context"]

#: Builds one operation: (context, path, method, pointer, path item, operation) -> Operation.
BuildOperation = Callable[["Context", str, str, str, Located, Located], Operation]


@dataclass(slots=True)
class Context:
    """The state of one ``load``: documents read, schemas normalised, parts skipped.

    Example:
        >>> ctx = Context(reader, schemas, root)  # doctest: +SKIP
        >>> ctx.operations(openapi3.operation)  # doctest: +SKIP
    """

    reader: Reader
    schemas: Schemas
    root: Located
    skipped: list[Skipped] = field(default_factory=list)

    def follow(self, here: Located) -> Located:
        """``here`` with any ``$ref`` at it followed (see ``Reader.follow``)."""
        return self.reader.follow(here)

    def mapping(self, here: Located | None, what: str) -> Located | None:
        """``here`` followed, which must then be a mapping (``None`` stays ``None``).

        Raises:
            SpecError: when it is something else, naming ``what`` it should be.
        """
        if here is None:
            return None
        here = self.follow(here)
        if not isinstance(here.value, dict):
            raise SpecError(
                f"{what} must be a mapping, not {type(here.value).__name__}",
                location=Location(display(here.uri), pointer=f"#{here.pointer}"),
            )
        return here

    def member(self, here: Located, name: str, what: str) -> Located | None:
        """The mapping ``here[name]`` with ``$ref``s followed, or ``None`` when absent."""
        return self.mapping(here.get(name), what)

    def schema(self, here: Located) -> Schema:
        """The normalised schema written at ``here`` (see ``Schemas.inline``)."""
        return self.schemas.inline(here)

    def skip(self, pointer: str, error: SpecError) -> None:
        """Record that the part at ``pointer`` (in the root document) was left out, and why."""
        self.skipped.append(Skipped(pointer, " ".join(str(error).split())))

    def operations(self, build: BuildOperation) -> list[Operation]:
        """Every operation under ``paths``, built by ``build``; broken ones are skipped.

        Raises:
            SpecError: when ``paths`` itself is broken (the only fatal case here).
        """
        paths = self.member(self.root, "paths", "paths")
        if paths is None:
            return []
        found: list[Operation] = []
        for path, written in paths.items():
            if path.startswith("x-"):
                continue
            item_pointer = f"#/paths/{escape(path)}"
            try:
                item = self.mapping(written, "a path item")
            except SpecError as exc:
                self.skip(item_pointer, exc)
                continue
            assert item is not None
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                pointer = f"{item_pointer}/{method}"
                try:
                    resolved = self.mapping(op, "an operation")
                    assert resolved is not None
                    found.append(build(self, path, method, pointer, item, resolved))
                except SpecError as exc:
                    self.skip(pointer, exc)
        return found

    def parameters(self, item: Located, op: Located, pointer: str) -> list[tuple[str, Located]]:
        """The parameters of an operation: the path item's, overridden by the operation's.

        Two parameters are the same when ``name`` and ``in`` match; the operation wins.
        Each comes with its pointer in the root document (from the operation's ``pointer``).

        Raises:
            SpecError: when a parameter cannot be resolved or has no ``name``/``in``.
        """
        merged: dict[tuple[str, str], tuple[str, Located]] = {}
        owners = ((item, pointer.rsplit("/", 1)[0]), (op, pointer))
        for owner, owner_pointer in owners:
            listed = owner.get("parameters")
            if listed is None:
                continue
            if not isinstance(listed.value, list):
                raise SpecError(
                    "parameters must be a list",
                    location=Location(display(listed.uri), pointer=f"#{listed.pointer}"),
                )
            for index in range(len(listed.value)):
                param = self.mapping(listed.child(index), "a parameter")
                assert param is not None
                name, where = param.value.get("name"), param.value.get("in")
                if not isinstance(name, str) or not isinstance(where, str):
                    raise SpecError(
                        "a parameter needs a string 'name' and 'in'",
                        location=Location(display(param.uri), pointer=f"#{param.pointer}"),
                    )
                merged[(name, where)] = (f"{owner_pointer}/parameters/{index}", param)
        return list(merged.values())

    def metadata(self, op: Located) -> dict[str, Any]:
        """The version-independent fields of an ``Operation``, as keyword arguments."""
        value: Mapping[str, Any] = op.value
        operation_id = value.get("operationId")
        tags = value.get("tags")
        security = value.get("security", self.root.value.get("security"))
        return {
            "operation_id": str(operation_id) if operation_id is not None else None,
            "summary": _text(value.get("summary")),
            "description": _text(value.get("description")),
            "tags": tuple(str(tag) for tag in tags) if isinstance(tags, list) else (),
            "deprecated": value.get("deprecated") is True,
            "security": _security(security),
            "extensions": {k: v for k, v in value.items() if str(k).startswith("x-")},
        }


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _security(value: Any) -> tuple[Mapping[str, tuple[str, ...]], ...] | None:
    if not isinstance(value, list):
        return None
    return tuple(
        {
            str(name): tuple(str(s) for s in scopes) if isinstance(scopes, list) else ()
            for name, scopes in requirement.items()
        }
        for requirement in value
        if isinstance(requirement, dict)
    )
