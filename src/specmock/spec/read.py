"""Bytes to documents: files, folders and http(s) URLs, and ``$ref`` resolution between them.

Rules:

- A document is identified by its absolute URI: ``Path.resolve().as_uri()`` for files
  (for referenced files, the folder is resolved and the file name kept), the URL
  itself for http(s). Each URI is read and parsed once per ``Reader`` (the
  cache lives on the reader, never at module level); a failed read is remembered too,
  so an unreachable remote document costs one attempt.
- JSON is parsed with orjson, YAML with PyYAML's C loader restricted to YAML 1.2 core
  scalars (no timestamps, ``on``/``yes`` stay strings) so values stay JSON values.
  Given a :class:`~specmock.spec.parse_cache.ParseCache`, a large YAML document parsed
  before (the same bytes) is read back from it instead (4 MB: ~0.6 s → ~0.05 s).
- Syntax errors become ``SpecError`` with ``Location(file, line)``.
- ``$ref`` resolution follows ``$ref``s met *in the middle* of a pointer, because real
  descriptions make whole objects references (``paths: {$ref: paths/_index.yml}``).
- A document read from http(s) may only refer to other http(s) documents.
"""

from __future__ import annotations

import gc
import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import orjson
import yaml

from specmock.errors import Location, SpecError
from specmock.spec.parse_cache import ParseCache

__all__ = [
    "Document",
    "Located",
    "Reader",
    "display",
    "escape",
    "find_root_file",
    "gc_paused",
    "line_of",
    "parse",
    "source_uri",
]

#: Root file names looked for in a folder, in order of preference.
ROOT_NAMES = tuple(
    f"{stem}.{ext}" for stem in ("openapi", "swagger") for ext in ("yaml", "yml", "json")
)
_SUFFIXES = (".yaml", ".yml", ".json")
_API_KEY = re.compile(rb"""(?m)(?:^|[{,])\s*["']?(?:openapi|swagger)["']?\s*:""")


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"


#: YAML 1.2 core scalars: what a plain scalar (unquoted, untagged) can be besides a string.
_IMPLICIT = re.compile(
    r"(?P<bool>true|True|TRUE|false|False|FALSE)"
    r"|(?P<int>[-+]?(?:0|[1-9][0-9]*))"
    r"|(?P<float>[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))"
    r"|(?P<null>~|null|Null|NULL)"
    r"|(?P<merge><<)"
)
_IMPLICIT_TAGS = {name: f"tag:yaml.org,2002:{name}" for name in _IMPLICIT.groupindex}
_IMPLICIT_FIRST = frozenset("tTfF-+0123456789.~nN<")  # how those can start


class _Loader(yaml.CSafeLoader):
    """The C loader with YAML 1.2 core scalars only: JSON-compatible values."""

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        """The tag of an untagged node, as PyYAML's resolver with only :data:`_IMPLICIT`.

        The composer asks once per node (170,000 times for the largest description), so
        one regex behind a first-character test replaces the resolver's general lookup
        (11% fewer instructions in parsing it).
        """
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if not value:
                    return _IMPLICIT_TAGS["null"]
                if value[0] in _IMPLICIT_FIRST:
                    match = _IMPLICIT.fullmatch(value)
                    if match is not None and match.lastgroup is not None:
                        return _IMPLICIT_TAGS[match.lastgroup]
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def escape(token: str) -> str:
    """Escape one JSON pointer token (``~`` → ``~0``, ``/`` → ``~1``).

    Example:
        >>> escape("/pets/{id}")
        '~1pets~1{id}'
    """
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def display(uri: str) -> str:
    """How a document is named in messages: a filesystem path for ``file:`` URIs.

    Example:
        >>> display("file:///api/openapi.yaml")
        '/api/openapi.yaml'
    """
    if uri.startswith("file:"):
        return urllib.request.url2pathname(unquote(urlsplit(uri).path))
    return uri


@dataclass(frozen=True, slots=True)
class Document:
    """One parsed document: its URI, its value, and the bytes it was parsed from."""

    uri: str
    data: Any
    raw: bytes


@dataclass(frozen=True, slots=True)
class Located:
    """A value together with where it is: a document URI and a JSON pointer into it."""

    uri: str
    pointer: str  # "" for the whole document, else "/a/b"
    value: Any

    @property
    def key(self) -> str:
        """``"<uri>#<pointer>"``: the absolute name of this place."""
        return f"{self.uri}#{self.pointer}"

    def child(self, token: str | int) -> Located:
        """The member ``token`` of this mapping or list, without following ``$ref``s."""
        value = self.value[token]
        return Located(self.uri, f"{self.pointer}/{escape(str(token))}", value)

    def get(self, token: str) -> Located | None:
        """The member ``token`` of this mapping, or ``None`` when absent or not a mapping."""
        if isinstance(self.value, dict) and token in self.value:
            return self.child(token)
        return None

    def items(self) -> Iterator[tuple[str, Located]]:
        """``(name, member)`` pairs of a mapping (names as strings); nothing otherwise."""
        if isinstance(self.value, dict):
            for name, value in self.value.items():
                text = str(name)
                yield text, Located(self.uri, f"{self.pointer}/{escape(text)}", value)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small objects.

    Parsing a 4 MB YAML document creates ~10^6 objects, and the collector's passes over
    them cost more than the parsing itself (measured: 1.5 s → 0.3 s). Nothing built
    here is cyclic garbage, so the pause loses nothing; the previous state is restored.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse(raw: bytes, name: str, *, cache: ParseCache | None = None) -> Any:
    """Parse JSON or YAML bytes; ``name`` (a file name or URL) picks the parser, names errors.

    ``cache`` keeps large parsed YAML documents between processes (never JSON: orjson
    is as fast as reading them back).

    Example:
        >>> parse(b"openapi: 3.1.0", "api.yaml")
        {'openapi': '3.1.0'}

    Raises:
        SpecError: with the file and the line of the syntax error.
    """
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark, as some editors write
    lowered = name.lower().split("?", 1)[0]
    looks_json = lowered.endswith(".json") or raw.lstrip()[:1] in (b"{", b"[")
    if looks_json:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            if lowered.endswith(".json"):
                raise SpecError(
                    f"invalid JSON: {exc.msg}", location=Location(name, exc.lineno)
                ) from None
    with gc_paused():
        if cache is None:
            return _parse_yaml(raw, name)
        return cache.parsed(raw, lambda: _parse_yaml(raw, name))


def _parse_yaml(raw: bytes, name: str) -> Any:
    loader = _Loader(raw)
    try:
        node = loader.get_single_node()
        return None if node is None else _Builder(loader).build(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise SpecError(f"invalid YAML: {problem}", location=Location(name, line)) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise SpecError(f"invalid YAML: {message}", location=Location(name)) from None
    finally:
        loader.dispose()


class _Builder:
    """Nodes to Python values, ~10x faster than PyYAML's generic constructor.

    Plain strings, maps and lists (nearly everything in a description) are built
    directly, strings without a call each; so are nulls, booleans and decimal integers,
    with the values PyYAML's safe constructor gives them. Any other tag or form is
    handed to that constructor. Shared anchors stay shared, as with PyYAML.
    """

    def __init__(self, loader: _Loader) -> None:
        self.loader = loader
        self.built: dict[int, Any] = {}

    def build(self, node: yaml.Node) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        known = self.built.get(id(node))
        if known is not None:
            return known
        if tag == _MAP:
            if any(key.tag == _MERGE for key, _ in node.value):
                return self.loader.construct_object(node, deep=True)
            mapping: dict[Any, Any] = {}
            self.built[id(node)] = mapping
            for key_node, value_node in node.value:
                key = key_node.value if key_node.tag == _STR else self.build(key_node)
                try:
                    mapping[key] = (
                        value_node.value if value_node.tag == _STR else self.build(value_node)
                    )
                except TypeError:
                    raise yaml.constructor.ConstructorError(
                        None, None, "found an unhashable key", key_node.start_mark
                    ) from None
            return mapping
        if tag == _SEQ:
            sequence: list[Any] = []
            self.built[id(node)] = sequence
            sequence.extend(
                item.value if item.tag == _STR else self.build(item) for item in node.value
            )
            return sequence
        scalar = _SCALARS.get(tag)
        if scalar is not None and isinstance(node, yaml.ScalarNode):
            value = scalar(node.value)
            if value is not _OTHER:
                return value
        value = self.loader.construct_object(node, deep=True)
        self.built[id(node)] = value
        return value


_OTHER: Any = object()  # a form the safe constructor reads its own way (0o17, 1_000, yes)
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_BOOLEANS = yaml.constructor.SafeConstructor.bool_values
#: Scalars built without the constructor, exactly as it would build them.
_SCALARS: dict[str, Any] = {
    "tag:yaml.org,2002:null": lambda text: None,
    "tag:yaml.org,2002:bool": lambda text: _BOOLEANS.get(text.lower(), _OTHER),
    "tag:yaml.org,2002:int": lambda text: int(text) if _DECIMAL.fullmatch(text) else _OTHER,
}


def line_of(raw: bytes, pointer: str) -> int | None:
    """The 1-based line where ``pointer`` (``"/paths/~1pets"``) is written in ``raw``, if found.

    Used only to improve an error message, so it re-reads the text (YAML or JSON) with
    positions, which the fast parse does not keep.

    Example:
        >>> line_of(b'{"openapi": "3.1.0",\\n "paths": {"/pets": {}}}', "/paths/~1pets")
        2
    """
    with gc_paused():
        try:
            node = yaml.compose(raw.removeprefix(b"\xef\xbb\xbf"), Loader=_Loader)
        except yaml.YAMLError:
            return None
    line = node.start_mark.line if node is not None else None
    for token in (_unescape(part) for part in pointer[1:].split("/")) if pointer else ():
        if isinstance(node, yaml.MappingNode):
            match = next((pair for pair in node.value if pair[0].value == token), None)
            if match is None:
                return None
            line, node = match[0].start_mark.line, match[1]
        elif (
            isinstance(node, yaml.SequenceNode) and token.isdigit() and int(token) < len(node.value)
        ):
            node = node.value[int(token)]
            line = node.start_mark.line
        else:
            return None
    return None if line is None else line + 1


def find_root_file(folder: Path) -> Path:
    """The root document of a folder: ``openapi.*``, ``swagger.*``, else the single API file.

    Example:
        >>> find_root_file(Path("api/"))  # doctest: +SKIP
        PosixPath('api/openapi.yaml')

    Raises:
        SpecError: when the folder holds no API description, or several candidates.
    """
    for name in ROOT_NAMES:
        if (folder / name).is_file():
            return folder / name
    candidates = sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in _SUFFIXES
        and path.is_file()
        and _API_KEY.search(path.read_bytes()[:65536])
    )
    if len(candidates) == 1:
        return candidates[0]
    where = Location(str(folder))
    if not candidates:
        raise SpecError(
            "no API description in this folder (no openapi.* or swagger.*, "
            "and no file with a top-level 'openapi' or 'swagger' key)",
            location=where,
        )
    names = ", ".join(path.name for path in candidates)
    raise SpecError(f"several API descriptions in this folder: {names}; name one", location=where)


def source_uri(source: str | os.PathLike[str]) -> str:
    """The absolute URI of a source: a URL as given, else the file's (or folder root's) URI.

    Example:
        >>> source_uri("https://example.org/api.yaml")
        'https://example.org/api.yaml'

    Raises:
        SpecError: when the path does not exist or the folder has no root file.
    """
    text = os.fspath(source)
    if text.startswith(("http://", "https://")):
        return text
    if text.startswith("file:"):
        text = display(text)
    path = Path(text)
    if path.is_dir():
        path = find_root_file(path)
    elif not path.is_file():
        raise SpecError("no such file or folder", location=Location(text))
    return path.resolve().as_uri()


class Reader:
    """Reads documents by URI, once each, and resolves ``$ref``s between them.

    Example:
        >>> reader = Reader(timeout=5.0)  # doctest: +SKIP
        >>> root = reader.document(source_uri("openapi.yaml"))  # doctest: +SKIP
    """

    def __init__(self, *, timeout: float, parse_cache: ParseCache | None = None) -> None:
        self.timeout = timeout
        self.parse_cache = parse_cache
        self.documents: dict[str, Document] = {}
        self._failures: dict[str, SpecError] = {}
        self._files: dict[str, str] = {}
        self._folders: dict[str, str] = {}

    def document(self, uri: str) -> Document:
        """The parsed document at ``uri`` (absolute, no fragment), read on first use.

        Raises:
            SpecError: when it cannot be read or parsed.
        """
        known = self.documents.get(uri)
        if known is not None:
            return known
        failure = self._failures.get(uri)
        if failure is not None:
            raise failure
        try:
            raw = self._read(uri)
            document = Document(uri, parse(raw, display(uri), cache=self.parse_cache), raw)
        except SpecError as exc:
            self._failures[uri] = exc
            raise
        self.documents[uri] = document
        return document

    def _read(self, uri: str) -> bytes:
        if uri.startswith("file:"):
            path = display(uri)
            try:
                return Path(path).read_bytes()
            except OSError as exc:
                problem = exc.strerror or type(exc).__name__
                raise SpecError(f"cannot read file: {problem}", location=Location(path)) from None
        try:
            with urllib.request.urlopen(uri, timeout=self.timeout) as response:
                data: bytes = response.read()
                return data
        except urllib.error.HTTPError as exc:
            message = f"cannot fetch: HTTP {exc.code} {exc.reason}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason: object = getattr(exc, "reason", None) or exc
            message = f"cannot fetch: {' '.join(str(reason).split())}"
        raise SpecError(message, location=Location(uri))

    def _absolute(self, base: str, ref_uri: str) -> str:
        """The canonical URI of the document a ``$ref`` names, relative to ``base``."""
        if not ref_uri:
            return base
        cache_key = f"{base}\n{ref_uri}"
        known = self._files.get(cache_key)
        if known is not None:
            return known
        uri = urljoin(base, ref_uri)
        if uri.startswith("file:"):
            if not base.startswith("file:"):
                raise SpecError(f"a remote document cannot refer to a local file: {ref_uri}")
            folder, name = os.path.split(display(uri))
            real = self._folders.get(folder)
            if real is None:  # resolving once per folder, not per $ref, saves ~0.3 s on big trees
                real = self._folders[folder] = os.path.realpath(folder)
            uri = Path(real, name).as_uri()
        elif not uri.startswith(("http://", "https://")):
            raise SpecError(f"unsupported URI scheme in {ref_uri!r}")
        self._files[cache_key] = uri
        return uri

    def absolute_ref(self, base: str, ref: str) -> tuple[str, str]:
        """Split ``ref`` (written in document ``base``) into an absolute document URI and a pointer.

        Example:
            >>> Reader(timeout=1).absolute_ref("https://x.org/a/api.yaml", "pet.yaml#/Pet")
            ('https://x.org/a/pet.yaml', '/Pet')

        Raises:
            SpecError: for an unsupported scheme or a plain-name fragment.
        """
        if ref.startswith("#"):
            uri, fragment = base, ref[1:]
        else:
            ref_uri, _, fragment = ref.partition("#")
            uri = self._absolute(base, ref_uri)
        fragment = unquote(fragment)
        if fragment and not fragment.startswith("/"):
            raise SpecError("plain-name fragments (anchors) are not supported")
        return uri, fragment

    def lookup(self, base: str, ref: str) -> Located:
        """Where ``ref`` (written in document ``base``) points, following ``$ref``s mid-pointer.

        The result is the object as written at the target; a ``$ref`` *at* the target is
        not followed (see ``follow``).

        Raises:
            SpecError: when the document cannot be read or the pointer leads nowhere; the
                caller adds which ref and where it was written.
        """
        uri, fragment = self.absolute_ref(base, ref)
        return self.walk(uri, fragment)

    def walk(self, uri: str, pointer: str) -> Located:
        """Walk ``pointer`` through document ``uri``, following ``$ref``s met on the way."""
        here = Located(uri, "", self.document(uri).data)
        if not pointer:
            return here
        seen: set[str] = set()
        for token in (_unescape(part) for part in pointer[1:].split("/")):
            value = here.value
            if (
                isinstance(value, dict)
                and token not in value
                and isinstance(value.get("$ref"), str)
            ):
                if here.key in seen:
                    raise SpecError(f"circular $ref at {display(here.uri)}#{here.pointer}")
                seen.add(here.key)
                here = self.follow(here)
                value = here.value
            if isinstance(value, dict) and token in value:
                here = Located(here.uri, f"{here.pointer}/{escape(token)}", value[token])
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                here = Located(here.uri, f"{here.pointer}/{token}", value[int(token)])
            else:
                raise SpecError(f"no {token!r} in {display(here.uri)}#{here.pointer}")
        return here

    def follow(self, here: Located) -> Located:
        """Follow ``$ref``s *at* ``here`` until a value that is no reference.

        Example:
            >>> here = Located(uri, "/paths/~1a/get/responses/404", {"$ref": ref})  # doctest: +SKIP
            >>> reader.follow(here).pointer  # doctest: +SKIP
            '/components/responses/NotFound'

        Raises:
            SpecError: an unresolvable or circular reference; ``Location`` names the file
                and the pointer where the ``$ref`` is written.
        """
        seen: set[str] = set()
        while isinstance(here.value, dict) and isinstance(here.value.get("$ref"), str):
            if here.key in seen:
                raise SpecError(
                    "circular $ref",
                    location=Location(display(here.uri), pointer=f"#{here.pointer}"),
                )
            seen.add(here.key)
            ref = here.value["$ref"]
            try:
                here = self.lookup(here.uri, ref)
            except SpecError as exc:
                raise SpecError(
                    f"unresolvable $ref {ref!r}: {exc}",
                    location=Location(display(here.uri), pointer=f"#{here.pointer}"),
                ) from None
        return here
