"""Parsed YAML documents kept on disk, so the next start skips parsing a large description.

Rules:

- An entry is found by a digest of the raw bytes, :data:`FORMAT`, the interpreter
  (``sys.implementation.cache_tag``) and PyYAML's version: changed bytes, a changed
  parser or another Python never meet an old entry. Bump :data:`FORMAT` whenever
  ``read.parse`` would build a different value from the same bytes.
- Only documents of at least ``min_size`` bytes are kept (256 KiB by default): below
  that, parsing costs about as much as opening the file. JSON is never kept (orjson
  parses 4 MB in ~0.05 s, as fast as unpickling the result).
- A cache never fails a load: an unwritable folder means nothing is kept; an
  unreadable, truncated, corrupt or foreign entry is a miss, and the fresh parse
  replaces it. Only a successful parse is stored, so errors (with their lines) come
  from the parser every time.
- Entries are pickles behind a checksum, read by an unpickler that refuses every class
  (a planted file cannot run code) and written by a pickler that refuses every value
  but dicts, lists, strings, numbers, booleans and ``None`` (and the containers PyYAML
  may build: sets, tuples, bytes); a document holding, say, an explicit
  ``!!timestamp`` is simply not kept.
- Written atomically (a temporary file in the same folder, then ``os.replace``), so
  concurrent starts never read half an entry. At most ``keep`` entries stay: the
  least recently used go first (a hit refreshes its time).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = ["FORMAT", "ParseCache"]

#: The layout of an entry and the meaning of its value; part of every key.
FORMAT = 1

_MAGIC = b"specmock parse cache\n"
_SUFFIX = ".pickle"
_DIGEST = 32  # bytes of a sha256
_MISS: Any = object()


def _checksum(key: bytes, payload: memoryview) -> bytes:
    """The checksum of an entry: its payload, tied to the key it is stored under."""
    digest = hashlib.sha256(key)
    digest.update(payload)
    return digest.digest()


class _Refused(Exception):
    """A value the cache does not keep (anything but plain data)."""


class _PlainPickler(pickle.Pickler):
    # Called only for objects the C pickler has no opcode for: exactly the ones to refuse.
    def reducer_override(self, obj: Any) -> Any:
        raise _Refused(type(obj).__name__)


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module_name: str, global_name: str, /) -> Any:
        raise pickle.UnpicklingError(f"refused {module_name}.{global_name}")


@dataclass(frozen=True, slots=True)
class ParseCache:
    """A folder of parsed documents, by the digest of their bytes.

    Example:
        >>> cache = ParseCache(Path(".specmock/parse-cache"))  # doctest: +SKIP
        >>> cache.parsed(raw, lambda: expensive_parse(raw))  # doctest: +SKIP
        {'openapi': '3.1.0', ...}
    """

    folder: Path
    keep: int = 16
    min_size: int = 256 * 1024

    @classmethod
    def at(cls, folder: str | None) -> ParseCache | None:
        """The cache in ``folder`` (the ``parse_cache`` setting); ``None`` for none."""
        return cls(Path(folder)) if folder else None

    def parsed(self, raw: bytes, parse: Callable[[], Any]) -> Any:
        """What ``parse()`` returns for ``raw``: from the folder when kept, else parsed and kept.

        Exceptions of ``parse`` pass through unchanged, and nothing is kept then.
        """
        if len(raw) < self.min_size:
            return parse()
        key = self._key(raw)
        path = self.folder / (key.hex() + _SUFFIX)
        found = self._read(path, key)
        if found is not _MISS:
            return found
        value = parse()
        self._write(path, key, value)
        return value

    @staticmethod
    def _key(raw: bytes) -> bytes:
        digest = hashlib.sha256(
            f"{FORMAT}\0{sys.implementation.cache_tag}\0{yaml.__version__}\0".encode()
        )
        digest.update(raw)
        return digest.digest()

    @staticmethod
    def _read(path: Path, key: bytes) -> Any:
        try:
            data = path.read_bytes()
        except OSError:
            return _MISS
        head = len(_MAGIC) + _DIGEST
        payload = memoryview(data)[head:]
        if data[: len(_MAGIC)] != _MAGIC or _checksum(key, payload) != data[len(_MAGIC) : head]:
            return _MISS
        try:
            value = _PlainUnpickler(io.BytesIO(payload)).load()
        except Exception:  # a checksum collision or a planted file: whatever it raises
            return _MISS
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: pruned last
        return value

    def _write(self, path: Path, key: bytes, value: Any) -> None:
        buffer = io.BytesIO()
        try:
            _PlainPickler(buffer, protocol=5).dump(value)
        except (_Refused, pickle.PicklingError, RecursionError):
            return
        payload = buffer.getbuffer()
        temporary = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                file.write(_MAGIC)
                file.write(_checksum(key, payload))
                file.write(payload)
            os.replace(temporary, path)
            temporary = None
            self._prune()
        except OSError:
            pass
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)

    def _prune(self) -> None:
        """Remove all but the ``keep`` most recently used entries (and stale temporaries)."""
        entries: list[tuple[float, str]] = []
        with os.scandir(self.folder) as found:
            for entry in found:
                if entry.name.endswith((_SUFFIX, ".tmp")):
                    with contextlib.suppress(OSError):
                        entries.append((entry.stat().st_mtime, entry.path))
        entries.sort(reverse=True)
        for _, stale in entries[self.keep :]:
            with contextlib.suppress(OSError):
                os.unlink(stale)
