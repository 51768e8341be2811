"""``CassetteRecorder``: recordings in a VCR.py-format YAML file instead of the SQL store.

Rules:

- The same interface as :class:`~specmock.record.recorder.Recorder` (``record``,
  ``exchanges``, ``redact_request``, ``redactor``, ``aclose``), so every mode works
  with a cassette per test, as pytest-recording users know it.
- Exchanges are redacted before they are kept, exactly as for the store; the cassette
  is rewritten (atomically: a temporary file, then a rename) after each recorded
  exchange, so another client (a later ``using(mode=PLAYBACK)``) can replay it at once,
  and a replay-only run never rewrites it.
- The redaction key lives beside the cassettes in ``.specmock-key`` (made on first use),
  so the same real value gets the same fake across cassettes and runs, and a replayed
  request carrying real values still matches its redacted recording. Keep the key out of
  version control if the cassettes are shared widely (``.gitignore`` it): with the key,
  short originals such as phone numbers could be guessed from their fakes.
"""

from __future__ import annotations

import base64
import logging
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from specmock.record.exchange import Exchange, RecordedRequest

if TYPE_CHECKING:
    from specmock.record.redact import Redactor, Rules

__all__ = ["KEY_FILE", "CassetteRecorder", "is_cassette"]

KEY_FILE = ".specmock-key"
_log = logging.getLogger("specmock.record")


def is_cassette(location: str) -> bool:
    """Whether a recordings location names a cassette file rather than a database URL.

    Example:
        >>> is_cassette("cassettes/test_pets.yaml"), is_cassette("sqlite:///x.db")
        (True, False)
    """
    return "://" not in location and location.endswith((".yaml", ".yml", ".json", ".har"))


def _key(folder: Path) -> bytes:
    path = folder / KEY_FILE
    if path.exists():
        return base64.b64decode(path.read_text().strip())
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(32)
    try:  # another process may make it at the same moment: the first one wins
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return base64.b64decode(path.read_text().strip())
    with os.fdopen(descriptor, "w") as handle:
        handle.write(base64.b64encode(key).decode() + "\n")
    return key


class CassetteRecorder:
    """Keeps redacted exchanges in one cassette file."""

    def __init__(self, path: Path, redactor: Redactor, existing: tuple[Exchange, ...]) -> None:
        self.path = path
        self.redactor = redactor
        self._exchanges = list(existing)
        self.recorded = 0

    @classmethod
    async def open(cls, location: str, *, rules: Rules | None = None) -> CassetteRecorder:
        """The recorder of the cassette at ``location`` (read when it exists).

        Raises:
            CassetteError: the cassette exists but cannot be read (one line).
        """
        from specmock.record.formats import load_recordings
        from specmock.record.redact import Redactor, Rules

        path = Path(location)
        existing = load_recordings(path) if path.exists() else ()
        redactor = Redactor(rules if rules is not None else Rules.default(), key=_key(path.parent))
        return cls(path, redactor, existing)

    def redact_request(self, request: RecordedRequest) -> RecordedRequest:
        """``request`` as it would have been recorded."""
        return self.redactor.request(request)

    async def record(self, exchange: Exchange) -> Exchange:
        """Redact ``exchange`` and keep it for the cassette."""
        redacted = self.redactor.exchange(exchange)
        self._exchanges.append(redacted)
        self.recorded += 1
        self._write()
        _log.info(
            "recorded %s %s into %s", redacted.request.method, redacted.request.path, self.path
        )
        return redacted

    async def exchanges(self) -> tuple[Exchange, ...]:
        """The cassette's exchanges, in recorded order."""
        return tuple(self._exchanges)

    def _write(self) -> None:
        from specmock.record.formats.har import dump_har
        from specmock.record.formats.vcr import dump_cassette

        text = (
            dump_har(self._exchanges)
            if self.path.suffix in (".har", ".json")
            else dump_cassette(self._exchanges)
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(self.path)

    async def aclose(self) -> None:
        """Nothing left to write: every exchange is written as it is recorded."""
