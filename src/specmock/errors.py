"""The error tree: every failure a user can cause is a ``SpecmockError``.

Rules: each subclass also inherits the builtin it resembles, carries its facts as
fields (``location``, ``status``) and ``str()`` is one line a user can act on. The CLI
catches ``SpecmockError`` in one place (one red line, exit code 2); the server turns
it into application/problem+json with ``status``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "GenerationError",
    "Location",
    "OperationNotFound",
    "SpecError",
    "SpecmockError",
]


@dataclass(frozen=True, slots=True)
class Location:
    """Where in a description something is: a file (or URL), a line, a JSON pointer."""

    file: str = ""
    line: int | None = None
    pointer: str = ""

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        if self.pointer:
            where += f" at {self.pointer}"
        return where


class SpecmockError(Exception):
    """Base of every error specmock raises for a user's mistake."""

    status: int = 500

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"


class SpecError(SpecmockError, ValueError):
    """The API description cannot be read: bad syntax, no API, unresolvable ``$ref``."""

    status = 422


class OperationNotFound(SpecmockError, LookupError):
    """No operation matches what was asked for; the message lists the nearest ones."""

    status = 404


class GenerationError(SpecmockError, ValueError):
    """A value could not be generated for a schema (e.g. contradictory constraints)."""

    status = 500
