"""Regenerating only the tests a description change affects (``--from-webhook``).

Rules:

- An event is ``{"spec": path or URL, "changed_operations": ["GET /pets/{id}", ...]}``
  or ``{"before": path, "after": path}``; it becomes a frozen :class:`WebhookEvent` once,
  here. Relative paths in an event file are read from the event file's folder first.
- A before/after pair is diffed by each operation's *normalised* form: the operation as
  ``spec/model.py`` holds it plus every schema it reaches through ``$ref``, with document
  URIs made relative to the root document, so moving or renaming the file changes
  nothing and editing a shared schema changes every operation that uses it.
- Only the modules holding an affected operation (where it is now, and where its test
  was) and those operations' fixtures are rewritten; every other file stays
  byte-identical. A removed operation's test and fixture go away.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from enum import Enum
from hashlib import sha256
from os import PathLike
from pathlib import Path
from typing import Any

from specmock.errors import SpecmockError
from specmock.spec import Spec, load
from specmock.spec.model import Operation
from specmock.testgen.plan import module_of
from specmock.testgen.write import Report, TestgenError, generate_tests, is_generated

__all__ = [
    "WebhookEvent",
    "changed_operations",
    "fingerprint",
    "generate_tests_from_webhook",
]


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """A spec-change event: the description now, and what changed (or what it was)."""

    spec: str
    changed: tuple[str, ...] = ()
    before: str | None = None

    @classmethod
    def from_json(cls, value: Mapping[str, Any], folder: Path | None = None) -> WebhookEvent:
        """Read an event; ``folder`` is where relative paths are looked up first.

        Example:
            >>> WebhookEvent.from_json({"spec": "api.yaml", "changed_operations": ["GET /a"]})
            WebhookEvent(spec='api.yaml', changed=('GET /a',), before=None)

        Raises:
            TestgenError: the event has neither form.
        """
        if not isinstance(value, Mapping):
            raise TestgenError("a webhook event must be a JSON object")
        if "before" in value or "after" in value:
            if not isinstance(value.get("before"), str) or not isinstance(value.get("after"), str):
                raise TestgenError("a before/after event needs both 'before' and 'after' paths")
            return cls(_where(value["after"], folder), before=_where(value["before"], folder))
        spec = value.get("spec")
        changed = value.get("changed_operations")
        if not isinstance(spec, str) or not isinstance(changed, list):
            raise TestgenError(
                "a webhook event needs 'spec' and 'changed_operations' (a list), "
                "or 'before' and 'after'"
            )
        if not all(isinstance(name, str) for name in changed):
            raise TestgenError("'changed_operations' must list operation names as strings")
        return cls(_where(spec, folder), tuple(changed))


def _where(source: str, folder: Path | None) -> str:
    if folder is None or source.startswith(("http://", "https://")) or Path(source).is_absolute():
        return source
    beside = folder / source
    return str(beside) if beside.exists() else source


def generate_tests_from_webhook(
    event: Mapping[str, Any] | str | PathLike[str],
    store: str | PathLike[str],
    *,
    seed: int = 0,
    progress: Callable[[Operation], None] | None = None,
) -> Report:
    """Regenerate only the tests of the operations a spec-change event names.

    Args:
        event: the event as a mapping, or the path of a JSON file holding it.
        store: the generated suite's folder (the issue's "store": where tests live).
        seed: the seed the suite was generated with.
        progress: called once per operation planned.

    Example:
        >>> event = {"spec": "examples/petstore.yaml", "changed_operations": ["getPet"]}
        >>> generate_tests_from_webhook(event, "tests/api").operations  # doctest: +SKIP
        ('GET /pets/{petId}', 'PUT /pets/{petId}', ...)

    Raises:
        TestgenError: the event cannot be read.
        SpecError: a description cannot be read.
    """
    if isinstance(event, Mapping):
        parsed = WebhookEvent.from_json(event)
    else:
        path = Path(event)
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise TestgenError(f"cannot read webhook event {path}: {error}") from error
        parsed = WebhookEvent.from_json(value, path.parent)
    after = load(parsed.spec)
    if parsed.before is not None:
        keys = changed_operations(load(parsed.before), after)
    else:
        keys = tuple(_key(after, name) for name in parsed.changed)
    out = Path(store)
    modules = {module_of(op) for op in after.operations if op.key in keys}
    modules |= _modules_mentioning(out, keys)
    return generate_tests(after, out, seed=seed, modules=modules, progress=progress)


def _key(spec: Spec, name: str) -> str:
    """An operation's key from an operationId or ``"METHOD /path"`` (kept when removed)."""
    try:
        return spec.operation(name).key
    except SpecmockError:
        method, _, path = name.strip().partition(" ")
        return f"{method.upper()} {path.strip()}" if path else name.strip()


def _modules_mentioning(out: Path, keys: tuple[str, ...]) -> set[str]:
    """Generated test modules that test one of ``keys`` (where a test *was*)."""
    found: set[str] = set()
    if not out.is_dir():
        return found
    for path in sorted(out.glob("test_*.py")):
        if not is_generated(path):
            continue
        text = path.read_text(encoding="utf-8")
        if any(f"specmock_validate(response, {json.dumps(k)})" in text for k in keys):
            found.add(path.stem.removeprefix("test_"))
    return found


def changed_operations(before: Spec, after: Spec) -> tuple[str, ...]:
    """Keys of the operations added, removed or changed between two descriptions.

    Example:
        >>> from specmock.spec import load
        >>> changed_operations(load("examples/petstore.yaml"), load("examples/petstore.yaml"))
        ()
    """
    old = {op.key: fingerprint(before, op) for op in before.operations}
    new = {op.key: fingerprint(after, op) for op in after.operations}
    return tuple(sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k)))


def fingerprint(spec: Spec, op: Operation) -> str:
    """A digest of an operation's normalised form and every schema it reaches."""
    prefix = _root_folder(spec)
    root = _root_uri(spec)

    def name(ref: str) -> str:
        if ref.startswith(root + "#"):
            return ref[len(root) :]
        return ref.removeprefix(prefix)

    refs: list[str] = []
    value = _plain(op, name, refs)
    reached: dict[str, Any] = {}
    while refs:
        ref = refs.pop()
        if name(ref) in reached or ref not in spec.schemas:
            continue
        reached[name(ref)] = _plain(spec.schemas[ref], name, refs)
    text = json.dumps([value, reached], sort_keys=True, default=str)
    return sha256(text.encode()).hexdigest()


def _root_uri(spec: Spec) -> str:
    source = spec.source
    if source.startswith(("http://", "https://", "file:")):
        return source
    path = Path(source).resolve()
    if path.is_dir():
        return next(iter(spec.documents), path.as_uri())
    return path.as_uri()


def _root_folder(spec: Spec) -> str:
    root = _root_uri(spec)
    return root.rsplit("/", 1)[0] + "/"


def _plain(value: Any, name: Callable[[str], str], refs: list[str]) -> Any:
    """JSON-able form; ``$ref`` keys renamed and collected, schema sources dropped."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name), name, refs)
            for f in fields(value)
            if f.name != "source"
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                refs.append(item)
                out[key] = name(item)
            elif key == "mapping" and isinstance(item, Mapping):
                refs.extend(v for v in item.values() if isinstance(v, str))
                out[key] = {k: name(v) if isinstance(v, str) else v for k, v in item.items()}
            else:
                out[str(key)] = _plain(item, name, refs)
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(item, name, refs) for item in value]
    return value
