"""The values redaction is configured and reported with: ``Rules``, ``Kind``, ``RedactionSummary``.

Rules: frozen values only; names are normalised once here (fields lower-case without
``_``/``-``, headers lower-case, patterns compiled), so the redactor compares strings.
``specmock.record.redact`` re-exports every public name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from specmock.errors import SpecmockError
from specmock.record.detectors import normalise

__all__ = ["Kind", "RedactionError", "RedactionSummary", "Rules"]


class RedactionError(SpecmockError, ValueError):
    """The redactor cannot be built as asked (e.g. a missing or short key)."""

    status = 500


class Kind(StrEnum):
    """What a redacted value was."""

    HEADER = "header"
    EMAIL = "email"
    PHONE = "phone"
    CARD = "card"
    NATIONAL_ID = "national_id"
    IP = "ip"
    JWT = "jwt"
    SECRET_FIELD = "secret_field"
    HIGH_ENTROPY = "high_entropy"
    CUSTOM = "custom"


_PLURALS = {
    Kind.HEADER: ("header", "headers"),
    Kind.EMAIL: ("email", "emails"),
    Kind.PHONE: ("phone", "phones"),
    Kind.CARD: ("card", "cards"),
    Kind.NATIONAL_ID: ("national id", "national ids"),
    Kind.IP: ("ip", "ips"),
    Kind.JWT: ("jwt", "jwts"),
    Kind.SECRET_FIELD: ("secret field", "secret fields"),
    Kind.HIGH_ENTROPY: ("high-entropy string", "high-entropy strings"),
    Kind.CUSTOM: ("custom match", "custom matches"),
}


@dataclass(frozen=True, slots=True)
class RedactionSummary:
    """How many values of each kind were redacted.

    Example:
        >>> s = RedactionSummary(email=3, card=2, jwt=1, secret_field=6)
        >>> str(s)
        'redacted 12 values: 3 emails, 2 cards, 1 jwt, 6 secret fields'
    """

    header: int = 0
    email: int = 0
    phone: int = 0
    card: int = 0
    national_id: int = 0
    ip: int = 0
    jwt: int = 0
    secret_field: int = 0
    high_entropy: int = 0
    custom: int = 0

    @property
    def total(self) -> int:
        """All redacted values."""
        return sum(self.as_dict().values())

    def as_dict(self) -> dict[str, int]:
        """Counts by kind name, every kind present.

        Example:
            >>> RedactionSummary(ip=2).as_dict()["ip"]
            2
        """
        return {kind.value: getattr(self, kind.value) for kind in Kind}

    def __add__(self, other: RedactionSummary) -> RedactionSummary:
        return RedactionSummary(**{k: v + getattr(other, k) for k, v in self.as_dict().items()})

    def __str__(self) -> str:
        total = self.total
        noun = "value" if total == 1 else "values"
        parts = [
            f"{n} {_PLURALS[kind][n != 1]}" for kind in Kind if (n := getattr(self, kind.value))
        ]
        return f"redacted {total} {noun}" + (f": {', '.join(parts)}" if parts else "")


def _compile(patterns: Iterable[str | re.Pattern[str]]) -> tuple[re.Pattern[str], ...]:
    return tuple(p if isinstance(p, re.Pattern) else re.compile(p) for p in patterns)


@dataclass(frozen=True, slots=True)
class Rules:
    """What to redact beyond the built-in detectors, and what never to touch.

    Field names are compared normalised (lower-case, ``_`` and ``-`` removed), header
    names lower-case. A pattern's whole match is a secret, or only its group named
    ``secret`` when it has one.

    Example:
        >>> rules = Rules.default().with_(fields=["customerRef"], allow=["id"])
        >>> sorted(rules.fields), sorted(rules.allow)
        (['customerref'], ['id'])
    """

    fields: frozenset[str] = frozenset()
    patterns: tuple[re.Pattern[str], ...] = ()
    allow: frozenset[str] = frozenset()
    headers: frozenset[str] = frozenset()

    @classmethod
    def default(cls) -> Rules:
        """The built-in detectors alone: no extra fields, patterns or allowed names."""
        return cls()

    def with_(
        self,
        *,
        fields: Iterable[str] = (),
        patterns: Iterable[str | re.Pattern[str]] = (),
        allow: Iterable[str] = (),
        headers: Iterable[str] = (),
    ) -> Rules:
        """These rules plus more (names are normalised, string patterns compiled).

        Example:
            >>> Rules().with_(headers=["X-Tenant"]).headers
            frozenset({'x-tenant'})
        """
        return Rules(
            self.fields | {normalise(f) for f in fields},
            self.patterns + _compile(patterns),
            self.allow | {normalise(a) for a in allow},
            self.headers | {h.lower() for h in headers},
        )
