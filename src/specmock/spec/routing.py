"""Routing: a request path and method to an operation, compiled once from the templates.

Rules:

- The router is built once per description: a trie over path segments. Each node holds
  its literal children in a dict (one lookup per segment) and, separately, its
  templated children (``{id}``, ``{name}.{ext}``, ``certificates(thumbprint={t})``), each
  a precompiled regular expression over one segment. No request scans every template.
- Literal segments win over templated ones; a segment template with literal text in it
  (``{name}.json``) wins over a bare ``{name}``. Backtracking finds the best match.
  Where one segment holds several parameters, one with an ``enum`` matches only its
  values (``{pageName}{ext}``).
- Paths arrive percent-encoded (as sent); each segment is split on ``/`` first and then
  decoded as strict UTF-8, so ``%2F`` stays inside one parameter value and invalid
  UTF-8 is a :class:`BadPath` (400). ``.`` and ``..`` segments are refused.
- Every path is served with and without each of the description's base paths.
- A trailing slash is tolerated, unless the description documents both ``/jobs`` and
  ``/jobs/``: then each answers its own path.
- ``HEAD`` falls back to ``GET`` when the description documents no ``HEAD``.
- Misses explain themselves: :class:`NoRoute` lists the nearest templates (difflib),
  :class:`MethodNotAllowed` the methods the path does document.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote

from specmock.errors import SpecmockError
from specmock.spec.model import Operation

__all__ = ["BadPath", "MethodNotAllowed", "NoRoute", "Route", "Router"]

#: Longer paths are refused outright (414) before any work is done.
MAX_PATH_LENGTH = 8192

_PARAM = re.compile(r"\{([^{}]+)\}")


class NoRoute(SpecmockError, LookupError):
    """No path template matches; ``nearest`` holds the closest templates."""

    status = 404

    def __init__(self, path: str, nearest: tuple[str, ...]) -> None:
        hint = f"; nearest: {', '.join(nearest)}" if nearest else ""
        super().__init__(f"no path of the description matches {path!r}{hint}")
        self.path = path
        self.nearest = nearest


class MethodNotAllowed(SpecmockError, LookupError):
    """The path is documented, but not for this method; ``allowed`` lists those that are."""

    status = 405

    def __init__(self, method: str, template: str, allowed: tuple[str, ...]) -> None:
        super().__init__(
            f"{method} is not documented for {template} (documented: {', '.join(allowed)})"
        )
        self.method = method
        self.template = template
        self.allowed = allowed


class BadPath(SpecmockError, ValueError):
    """A path that cannot name anything: invalid UTF-8, dot segments, far too long."""

    status = 400

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True, slots=True)
class Route:
    """A matched operation and its path parameters (decoded strings, not yet typed)."""

    operation: Operation
    params: Mapping[str, str]
    template: str
    base_path: str = ""


@dataclass(frozen=True, slots=True)
class _Segment:
    """One templated segment: its regex and the parameter names in order."""

    pattern: re.Pattern[str]
    names: tuple[str, ...]
    literal_chars: int  # how much literal text it has: more is more specific
    whole: bool = False  # the segment is one parameter ("{id}"): any value matches


@dataclass(slots=True)
class _Node:
    literals: dict[str, _Node] = field(default_factory=dict)
    templated: list[tuple[_Segment, _Node]] = field(default_factory=list)
    methods: dict[str, Operation] = field(default_factory=dict)
    slashed: dict[str, Operation] = field(default_factory=dict)  # "/jobs/" beside "/jobs"
    template: str = ""


def _compile_segment(text: str, enums: Mapping[str, tuple[str, ...]] | None = None) -> _Segment:
    """The segment's regex. With several parameters in one segment, one that lists its
    values (an ``enum``) matches only those: ``{page}{ext}`` with ``ext`` in ``.json``
    splits ``all.json`` as ``all`` + ``.json``, where two lazy captures would not."""
    names: list[str] = []
    parts: list[str] = []
    last = 0
    several = len(_PARAM.findall(text)) > 1
    for found in _PARAM.finditer(text):
        parts.append(re.escape(text[last : found.start()]))
        name = found.group(1).strip()
        names.append(name)
        values = (enums or {}).get(name) if several else None
        if values:
            alternatives = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
            parts.append(f"(?P<p{len(names) - 1}>{alternatives})")
        else:
            parts.append(f"(?P<p{len(names) - 1}>.+?)")
        last = found.end()
    parts.append(re.escape(text[last:]))
    literal = len(_PARAM.sub("", text))
    whole = len(names) == 1 and literal == 0
    return _Segment(re.compile("".join(parts), re.DOTALL), tuple(names), literal, whole)


def _path_enums(op: Operation) -> dict[str, tuple[str, ...]]:
    """The listed values of each path parameter that lists string values."""
    out: dict[str, tuple[str, ...]] = {}
    for param in op.parameters:
        schema = param.schema if isinstance(param.schema, Mapping) else {}
        values = schema.get("enum")
        if param.location.value != "path" or not isinstance(values, list) or not values:
            continue
        if all(isinstance(v, str) and v for v in values):
            out[param.name] = tuple(values)
    return out


def _split(path: str) -> list[str]:
    stripped = path.strip("/")
    return stripped.split("/") if stripped else []


def _decode(segment: str) -> str:
    if "%" not in segment:
        return segment
    try:
        return unquote(segment, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise BadPath("the path is not valid percent-encoded UTF-8") from None


class Router:
    """Matches request paths to the operations of a description.

    Example:
        >>> from specmock.spec import load  # doctest: +SKIP
        >>> router = Router(load("examples/petstore.yaml").operations, ("/v1",))  # doctest: +SKIP
        >>> router.match("GET", "/v1/pets/42").params  # doctest: +SKIP
        {'petId': '42'}
    """

    def __init__(self, operations: Iterable[Operation], base_paths: Iterable[str] = ()) -> None:
        self._root = _Node()
        templates: list[str] = []
        for op in operations:
            node = self._root
            enums = _path_enums(op)
            for segment in _split(op.path):
                if "{" in segment:
                    node = self._templated_child(node, segment, enums)
                else:
                    node = node.literals.setdefault(_decode(segment), _Node())
            if not node.template:
                node.template = op.path
                templates.append(op.path)
            method = op.method.upper()
            if op.path.endswith("/") and op.path != "/":
                node.slashed.setdefault(method, op)
                node.methods.setdefault(method, op)
            elif method not in node.methods or node.methods[method] is node.slashed.get(method):
                node.methods[method] = op  # "/jobs" answers without the slash
        self._sort(self._root)
        self._param_names: dict[str, tuple[str, ...]] = {}
        self.templates: tuple[str, ...] = tuple(templates)
        bases = {"/" + b.strip("/") for b in base_paths if b and b.strip("/")}
        # Longest first, so "/api/v1" is tried before "/api".
        self.base_paths: tuple[str, ...] = tuple(sorted(bases, key=len, reverse=True))

    @staticmethod
    def _templated_child(node: _Node, text: str, enums: Mapping[str, tuple[str, ...]]) -> _Node:
        compiled = _compile_segment(text, enums)
        for segment, child in node.templated:
            # "{id}" and "{petId}" at the same place share a node (names differ per op).
            if segment.pattern.pattern == compiled.pattern.pattern:
                return child
        child = _Node()
        node.templated.append((compiled, child))
        return child

    def _sort(self, node: _Node) -> None:
        node.templated.sort(key=lambda pair: -pair[0].literal_chars)
        for child in node.literals.values():
            self._sort(child)
        for _, child in node.templated:
            self._sort(child)

    def match(self, method: str, path: str) -> Route:
        """The operation for ``method`` on ``path`` (percent-encoded, as sent).

        Raises:
            BadPath: invalid encoding, ``.``/``..`` segments, or too long (414).
            MethodNotAllowed: the path exists, the method does not.
            NoRoute: no template matches; lists the nearest ones.
        """
        if len(path) > MAX_PATH_LENGTH:
            raise BadPath(f"the path is longer than {MAX_PATH_LENGTH} characters", 414)
        segments = [_decode(s) for s in _split(path)]
        if any(s in (".", "..") for s in segments):
            raise BadPath("dot segments ('.', '..') are not allowed in a path")
        method = method.upper()
        found = self._find(segments)
        base = ""
        if found is None:
            for candidate in self.base_paths:
                prefix = _split(candidate)
                if segments[: len(prefix)] == prefix:
                    found = self._find(segments[len(prefix) :])
                    if found is not None:
                        base = candidate
                        break
        if found is None:
            raise NoRoute(path, self.nearest(path))
        node, values = found
        op = node.slashed.get(method) if path.endswith("/") and segments else None
        op = op or node.methods.get(method)
        if op is None and method == "HEAD":
            op = node.methods.get("GET")
        if op is None:
            raise MethodNotAllowed(method, node.template, self.allowed(node))
        return Route(op, self._names(op, node, values), node.template, base)

    @staticmethod
    def allowed(node: _Node) -> tuple[str, ...]:
        """The methods a node documents (``HEAD`` implied by ``GET``)."""
        methods = set(node.methods)
        if "GET" in methods:
            methods.add("HEAD")
        return tuple(sorted(methods))

    def nearest(self, path: str, n: int = 3) -> tuple[str, ...]:
        """The templates closest to ``path``, also without a base path."""
        candidates = [path]
        for base in self.base_paths:
            if path.startswith(base + "/"):
                candidates.append(path[len(base) :])
        found: dict[str, None] = {}
        for candidate in candidates:
            for close in difflib.get_close_matches(candidate, self.templates, n=n, cutoff=0.4):
                found.setdefault(close)
        return tuple(found)[:n]

    def _names(self, op: Operation, node: _Node, values: list[str]) -> dict[str, str]:
        """Name the captured values by this operation's own template."""
        names = self._param_names.get(op.path)
        if names is None:
            names = tuple(m.group(1).strip() for m in _PARAM.finditer(op.path))
            self._param_names[op.path] = names
        return dict(zip(names, values, strict=False))

    def _find(self, segments: list[str]) -> tuple[_Node, list[str]] | None:
        return self._walk(self._root, segments, 0, [])

    def _walk(
        self, node: _Node, segments: list[str], index: int, values: list[str]
    ) -> tuple[_Node, list[str]] | None:
        if index == len(segments):
            return (node, values) if node.methods else None
        segment = segments[index]
        child = node.literals.get(segment)
        if child is not None:
            found = self._walk(child, segments, index + 1, values)
            if found is not None:
                return found
        for compiled, templated in node.templated:
            if compiled.whole:
                if not segment:
                    continue
                captured = [segment]
            else:
                matched = compiled.pattern.fullmatch(segment)
                if matched is None:
                    continue
                captured = [matched.group(f"p{i}") for i in range(len(compiled.names))]
            found = self._walk(templated, segments, index + 1, values + captured)
            if found is not None:
                return found
        return None
