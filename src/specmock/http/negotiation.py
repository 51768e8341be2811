"""Content negotiation (``Accept``) and Prism-style preferences (``Prefer``).

Rules:

- ``Prefer`` takes ``code=N``, ``example=NAME``, ``dynamic=true|false``,
  ``quality=LEVEL`` and ``seed=N``, several in one header separated by commas, spaces or
  semicolons, and across several headers. Unknown preferences are ignored (RFC 7240);
  a known one with a bad value is a :class:`BadPreference` (400).
- ``Accept`` is matched against the documented media types by q-value, then by
  specificity; ``*/*`` and a missing header leave the choice to the engine (JSON first).
  ``application/json`` also accepts a documented ``+json`` type, and a vendor ``+json``
  type (``application/vnd.github+json``) accepts a documented ``application/json``, as
  the APIs that ask clients for one answer it; the exact type still wins. ``None``
  means nothing acceptable (406).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from specmock.config import Quality, Strategy
from specmock.errors import SpecmockError

__all__ = ["BadPreference", "Preferences", "negotiate", "parse_prefer"]

_TOKEN = re.compile(r"([A-Za-z_-]+)\s*=\s*(\"[^\"]*\"|[^\s,;]+)")


class BadPreference(SpecmockError, ValueError):
    """A ``Prefer`` value specmock understands but cannot use."""

    status = 400


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a client asked for through ``Prefer``; ``None`` means not asked."""

    code: int | None = None
    example: str | None = None
    strategy: Strategy | None = None
    quality: Quality | None = None
    seed: int | None = None


def _int(name: str, value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise BadPreference(f"Prefer {name}={value!r} is not an integer") from None


def parse_prefer(headers: Iterable[str]) -> Preferences:
    """Parse every ``Prefer`` header value into one :class:`Preferences`.

    Example:
        >>> parse_prefer(["code=404, dynamic=true"]).code
        404
    """
    found: dict[str, str] = {}
    for header in headers:
        for name, raw in _TOKEN.findall(header):
            found.setdefault(name.lower(), raw.strip('"'))
    code = _int("code", found["code"]) if "code" in found else None
    if code is not None and not 100 <= code <= 599:
        raise BadPreference(f"Prefer code={code} is not an HTTP status")
    strategy = None
    if "dynamic" in found:
        flag = found["dynamic"].lower()
        if flag not in ("true", "false"):
            raise BadPreference(f"Prefer dynamic={found['dynamic']!r}: use true or false")
        strategy = Strategy.DYNAMIC if flag == "true" else Strategy.STATIC
    quality = None
    if "quality" in found:
        try:
            quality = Quality(found["quality"].lower())
        except ValueError:
            levels = ", ".join(q.value for q in Quality)
            raise BadPreference(
                f"Prefer quality={found['quality']!r} is not one of {levels}"
            ) from None
    seed = _int("seed", found["seed"]) if "seed" in found else None
    return Preferences(code, found.get("example"), strategy, quality, seed)


@dataclass(frozen=True, slots=True)
class _Range:
    kind: str
    sub: str
    q: float
    order: int


def _ranges(accept: str) -> list[_Range]:
    out: list[_Range] = []
    for order, item in enumerate(accept.split(",")):
        parts = [p.strip() for p in item.split(";")]
        kind, _, sub = parts[0].lower().partition("/")
        if not kind:
            continue
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append(_Range(kind, sub or "*", q, order))
    return out


def _specificity(wanted: _Range, kind: str, sub: str) -> int:
    """How well a range matches a media type: 0 = not at all, higher is closer."""
    if wanted.kind == "*":
        return 1
    if wanted.kind != kind:
        return 0
    if wanted.sub == "*":
        return 2
    if wanted.sub == sub:
        return 4
    if wanted.sub == "json" and sub.endswith("+json"):
        return 3
    if wanted.sub.endswith("+json") and sub == "json":
        return 3  # Accept: application/vnd.github+json, documented application/json
    return 0


def negotiate(accept: str | None, documented: Sequence[str]) -> str | None:
    """The documented media type to answer with; ``""`` lets the engine choose.

    Example:
        >>> negotiate("text/plain;q=0.5, application/json", ["text/plain", "application/json"])
        'application/json'
        >>> negotiate("application/xml", ["application/json"]) is None
        True
    """
    if not accept or not documented or accept.strip() in ("*/*", "*"):
        return ""
    ranges = _ranges(accept)
    if not ranges:
        return ""
    best: tuple[float, int, int, int] | None = None
    chosen: str | None = None
    for position, name in enumerate(documented):
        kind, _, sub = name.split(";", 1)[0].strip().lower().partition("/")
        scored = [(r, _specificity(r, kind, sub)) for r in ranges]
        matching = [(r, s) for r, s in scored if s > 0]
        if not matching:
            continue
        # The most specific range decides this type's q (RFC 9110 12.5.1).
        top = max(matching, key=lambda pair: (pair[1], -pair[0].order))
        if top[0].q <= 0:
            continue
        # Prefer higher q, then a more specific match, then the client's, then our order.
        score = (top[0].q, top[1], -top[0].order, -position)
        if best is None or score > best:
            best, chosen = score, name
    if chosen is None:
        return None
    if best is not None and best[1] == 1:
        # Only */* matched: the engine's own preference (JSON first) applies.
        return ""
    return chosen
