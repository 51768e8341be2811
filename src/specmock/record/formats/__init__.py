"""Recordings on disk: VCR.py / pytest-recording cassettes and HAR files, in and out.

Rules:

- Each format is one module turning text into :class:`~specmock.record.exchange.Exchange`
  values and back: :mod:`~specmock.record.formats.vcr` (YAML cassettes, format
  version 1) and :mod:`~specmock.record.formats.har` (HAR 1.2).
  :func:`load_recordings` picks one by extension, then by content.
- Bodies stay bytes exactly as recorded (gzip included); nothing is decoded on the way in.
- A file that cannot be read is one :class:`CassetteError` line naming the file and
  where in it (``#/interactions/3/response/status``), never a bare ``KeyError``.
- A source is a path (``str`` or ``os.PathLike``) or the text itself: a ``str`` with a
  line break or starting with ``{`` is text, any other ``str`` a path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specmock.errors import Location, SpecmockError

if TYPE_CHECKING:
    from specmock.record.exchange import Exchange
    from specmock.record.formats.har import dump_har, load_har
    from specmock.record.formats.vcr import dump_cassette, load_cassette

__all__ = [
    "CassetteError",
    "Reader",
    "Source",
    "dump_cassette",
    "dump_har",
    "load_cassette",
    "load_har",
    "load_recordings",
    "read_source",
]

_FIRST_KEY = re.compile(r'\s*\{\s*"([^"]*)"')

#: A path to a recordings file, or its text.
Source = str | bytes | os.PathLike[str]


class CassetteError(SpecmockError, ValueError):
    """A cassette or HAR file that cannot be read; the message names the file and where."""

    status = 422

    def __init__(self, message: str, *, file: str, pointer: str = "", line: int | None = None):
        super().__init__(message, location=Location(file, line, pointer))


class Reader:
    """The base of each format's reader: it knows which file it reads, so every error
    names the file and the JSON pointer of the bad value."""

    __slots__ = ("name",)

    #: What the format calls an object and an array, for errors ("a mapping" in YAML).
    OBJECT = "an object"
    ARRAY = "an array"

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, pointer: str, message: str) -> CassetteError:
        return CassetteError(message, file=self.name, pointer="#" + pointer)

    def kind(self, value: Any) -> str:
        """A short description of a value found where another was expected."""
        if value is None:
            return "null"
        if isinstance(value, str | int | float) and len(repr(value)) <= 40:
            return repr(value)
        if isinstance(value, Mapping):
            return self.OBJECT
        if isinstance(value, list):
            return self.ARRAY
        return type(value).__name__

    def mapping(self, value: Any, pointer: str) -> Mapping[Any, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(pointer, f"expected {self.OBJECT}, found {self.kind(value)}")
        return value

    def listing(self, value: Any, pointer: str) -> list[Any]:
        """An array; a missing (null) one is empty."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(pointer, f"expected {self.ARRAY}, found {self.kind(value)}")
        return value

    def required(self, mapping: Mapping[Any, Any], key: str, pointer: str) -> Any:
        if key not in mapping:
            raise self.fail(pointer, f"missing {key!r}")
        return mapping[key]


def read_source(source: Source, default_name: str) -> tuple[str, str]:
    """The text of a source and the name errors should call it by.

    Example:
        >>> read_source('{"log": {}}', "<har>")
        ('{"log": {}}', '<har>')
    """
    if isinstance(source, bytes):
        return _decode(source, default_name), default_name
    if isinstance(source, str) and ("\n" in source or source.lstrip().startswith("{")):
        return source, default_name
    name = os.fspath(source)
    try:
        data = Path(name).read_bytes()
    except OSError as error:
        raise CassetteError(f"cannot read: {error.strerror or error}", file=name) from None
    return _decode(data, name), name


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CassetteError(
            f"not UTF-8 text (byte {error.start}); recordings files are text", file=name
        ) from None


def load_recordings(path: str | os.PathLike[str]) -> tuple[Exchange, ...]:
    """The exchanges in a cassette (``.yaml``, ``.yml``) or HAR (``.har``, ``.json``) file.

    A ``.json`` file holding ``interactions`` is read as a VCR.py JSON cassette.

    Raises:
        CassetteError: The extension is unknown or the file is malformed.

    Example:
        >>> import tempfile, pathlib
        >>> d = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (d / "x.har").write_text('{"log": {"version": "1.2", "entries": []}}')
        >>> load_recordings(d / "x.har")
        ()
    """
    name = os.fspath(path)
    suffix = Path(name).suffix.lower()
    loader: Callable[[Any], tuple[Exchange, ...]]
    if suffix in (".yaml", ".yml"):
        loader = _export("load_cassette")
    elif suffix == ".har":
        loader = _export("load_har")
    elif suffix == ".json":
        text, _ = read_source(path, name)
        # VCR.py writes JSON cassettes too: {"interactions": [...], "version": 1}.
        first = _FIRST_KEY.match(text)
        is_cassette = first is not None and first[1] in ("interactions", "version")
        loader = _export("load_cassette" if is_cassette else "load_har")
    else:
        raise CassetteError(
            f"unknown recordings format {suffix or '(no extension)'!r}; "
            "expected .yaml or .yml (VCR.py cassette), .har or .json (HAR)",
            file=name,
        )
    return loader(Path(name))


_EXPORTS = {
    "load_cassette": "specmock.record.formats.vcr",
    "dump_cassette": "specmock.record.formats.vcr",
    "load_har": "specmock.record.formats.har",
    "dump_har": "specmock.record.formats.har",
}


def _export(name: str) -> Any:
    return getattr(import_module(_EXPORTS[name]), name)


def __getattr__(name: str) -> Any:
    # The format modules import this one for CassetteError; loading them lazily here
    # keeps that a one-way dependency.
    if name in _EXPORTS:
        return _export(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
