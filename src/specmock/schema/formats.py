"""Values for string ``format``s: one generator per format, in the ``FORMATS`` table.

Rules:

- Every generator takes a ``random.Random`` and returns a string valid for its format
  under ``jsonschema_rs`` and OpenAPI's validators (``time`` is ``HH:MM:SS``, as
  openapi-schema-validator's format checkers want; durations use whole units; emails
  and hosts live under ``example.com``/``.org``/``.net``; addresses come from the
  documentation ranges 192.0.2.0/24, 198.51.100.0/24 and 2001:db8::/32).
- Numeric formats (``int32``, ``int64``, ``float``, ``double``) are ranges, in
  ``NUMERIC_RANGES``, applied by the number builder.
- Unknown formats have no generator: the string builder ignores them.
- A format's value can be stretched or shortened to a length range (``FITTERS``) where
  the format allows other lengths: a ``date-time`` with ``minLength: 25`` takes an
  offset (``+00:00``) or fraction digits, an email a longer local part, a URI a longer
  path. The string builder asks only when the value as generated is outside the range.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from random import Random

from specmock.schema.vocabulary import vocabulary

__all__ = ["EPOCH_RANGE", "FITTERS", "FORMATS", "NUMERIC_RANGES", "Fitter", "FormatGen"]

FormatGen = Callable[[Random], str]
#: ``(value, min length, max length or None, rng)`` -> the value in that range, or None.
Fitter = Callable[[str, int, int | None, Random], str | None]

#: Seconds since the epoch between 2021-01-01 and 2025-12-31: when mock things happen.
EPOCH_RANGE = (1609459200, 1767139200)
_DOMAINS = ("example.com", "example.org", "example.net")

NUMERIC_RANGES: Mapping[str, tuple[float, float]] = {
    "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1),
    "float": (-3.4028234663852886e38, 3.4028234663852886e38),
}


def moment(rng: Random) -> datetime:
    """A UTC instant (whole seconds) inside ``EPOCH_RANGE``."""
    return datetime.fromtimestamp(rng.randint(*EPOCH_RANGE), UTC)


def iso_datetime(when: datetime) -> str:
    """``2024-05-01T12:30:00Z``: RFC 3339, UTC."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _date_time(rng: Random) -> str:
    return iso_datetime(moment(rng))


def _date(rng: Random) -> str:
    return moment(rng).strftime("%Y-%m-%d")


def _time(rng: Random) -> str:
    # A plain HH:MM:SS: OpenAPI's validators (openapi-schema-validator's 3.0 and 3.1 format
    # checkers) accept no offset, where JSON Schema 2020-12 wants one; the validator in
    # ``validate.py`` accepts both spellings.
    return f"{rng.randint(0, 23):02d}:{rng.randrange(0, 60, 5):02d}:00"


def _duration(rng: Random) -> str:
    shape = rng.randrange(4)
    if shape == 0:
        return f"P{rng.randint(1, 30)}D"
    if shape == 1:
        return f"PT{rng.randint(1, 23)}H{rng.randint(1, 59)}M"
    if shape == 2:
        return f"P{rng.randint(1, 9)}DT{rng.randint(1, 23)}H"
    return f"PT{rng.randint(1, 3600)}S"


def _word(rng: Random) -> str:
    words = vocabulary().words
    return words[rng.randrange(len(words))]


def email_for(local: str, rng: Random) -> str:
    """An address on a reserved example domain."""
    return f"{local}@{_DOMAINS[rng.randrange(3)]}"


def _email(rng: Random) -> str:
    v = vocabulary()
    first = v.first_names[rng.randrange(len(v.first_names))]
    last = v.last_names[rng.randrange(len(v.last_names))]
    return email_for(f"{first}.{last}".lower(), rng)


def _hostname(rng: Random) -> str:
    return f"{_word(rng)}.{_DOMAINS[rng.randrange(3)]}"


def _ipv4(rng: Random) -> str:
    net = ("192.0.2", "198.51.100", "203.0.113")[rng.randrange(3)]
    return f"{net}.{rng.randint(1, 254)}"


def _ipv6(rng: Random) -> str:
    return f"2001:db8::{rng.randint(1, 0xFFFF):x}:{rng.randint(1, 0xFFFF):x}"


def _uri(rng: Random) -> str:
    return f"https://{_hostname(rng)}/{_word(rng)}/{rng.randint(1, 9999)}"


def _uri_reference(rng: Random) -> str:
    return f"/{_word(rng)}/{rng.randint(1, 9999)}"


def uuid4(rng: Random) -> str:
    """A version-4 UUID drawn from ``rng``."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _byte(rng: Random) -> str:
    return base64.b64encode(rng.randbytes(rng.randint(6, 24))).decode("ascii")


def _binary(rng: Random) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(16))


def _password(rng: Random) -> str:
    return f"mock_{rng.getrandbits(64):016x}"


def _regex(rng: Random) -> str:
    return ("^[a-z]+$", "^\\d{3}$", "^[A-Z][a-z]*$", "[0-9a-f]{8}")[rng.randrange(4)]


def _json_pointer(rng: Random) -> str:
    return f"/{_word(rng)}/{rng.randint(0, 9)}"


def _relative_json_pointer(rng: Random) -> str:
    return f"{rng.randint(0, 3)}/{_word(rng)}"


def _uri_template(rng: Random) -> str:
    return f"https://{_hostname(rng)}/{_word(rng)}/{{id}}"


def _color(rng: Random) -> str:
    colors = vocabulary().colors
    return colors[rng.randrange(len(colors))]


#: format name -> generator. Extend by passing ``formats={**FORMATS, "mine": gen}``.
FORMATS: Mapping[str, FormatGen] = {
    "date-time": _date_time,
    "date": _date,
    "time": _time,
    "duration": _duration,
    "email": _email,
    "idn-email": _email,
    "hostname": _hostname,
    "idn-hostname": _hostname,
    "ipv4": _ipv4,
    "ipv6": _ipv6,
    "uri": _uri,
    "url": _uri,
    "iri": _uri,
    "uri-reference": _uri_reference,
    "iri-reference": _uri_reference,
    "uri-template": _uri_template,
    "uuid": uuid4,
    "byte": _byte,
    "binary": _binary,
    "password": _password,
    "regex": _regex,
    "json-pointer": _json_pointer,
    "relative-json-pointer": _relative_json_pointer,
    "color": _color,
}


def _lengths(low: int, high: int | None, shortest: int, longest: int) -> range:
    """The lengths to try, shortest first: the range asked for, within what can be made."""
    return range(max(low, shortest), min(high if high is not None else longest, longest) + 1)


def _length(low: int, high: int | None, shortest: int, longest: int) -> int | None:
    """The shortest length in range that can be made, if any."""
    return next(iter(_lengths(low, high, shortest, longest)), None)


def _fit_date_time(value: str, low: int, high: int | None, rng: Random) -> str | None:
    """``2024-05-01T12:30:00Z`` (20) with an offset (25) or 1-9 fraction digits (22-30),
    or both (27-35); 21 cannot be made."""
    base = value[:19]
    for n in _lengths(low, high, 20, 35):
        if n == 20:
            return base + "Z"
        if n == 25:
            return base + "+00:00"
        digits = n - 21 if n <= 30 else n - 26
        if digits >= 1:
            fraction = "." + "".join(str(rng.randrange(10)) for _ in range(digits))
            return base + fraction + ("Z" if n <= 30 else "+00:00")
    return None


def _letters(rng: Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(n))


def _padded(text: str, size: int, rng: Random) -> str:
    """``text`` cut to ``size`` characters, or filled up to it with letters."""
    text = text[:size]
    return text + _letters(rng, size - len(text))


def _fit_email(value: str, low: int, high: int | None, rng: Random) -> str | None:
    """A local part of 1 to 64 characters before the domain."""
    local, _, domain = value.partition("@")
    n = _length(low, high, len(domain) + 2, len(domain) + 65)
    if n is None:
        return None
    size = n - len(domain) - 1
    return _padded(local[:size].rstrip("."), size, rng) + "@" + domain


def _fit_tail(value: str, low: int, high: int | None, rng: Random, keep: int) -> str | None:
    """Letters added to the end, or the end cut, keeping the first ``keep`` characters."""
    n = _length(low, high, keep, 4096)
    return None if n is None else _padded(value, n, rng)


def _fit_uri(value: str, low: int, high: int | None, rng: Random) -> str | None:
    """The path made longer or shorter; the scheme and host stay."""
    if "//" in value:
        slash = value.find("/", value.find("//") + 2)
        if slash < 0:
            value, slash = value + "/", len(value)
        return _fit_tail(value, low, high, rng, slash + 1)
    return _fit_tail(value, low, high, rng, 1)


def _fit_hostname(value: str, low: int, high: int | None, rng: Random) -> str | None:
    """The first label, 1 to 63 characters, before the reserved domain."""
    label, _, domain = value.partition(".")
    n = _length(low, high, len(domain) + 2, len(domain) + 64)
    return None if n is None else _padded(label, n - len(domain) - 1, rng) + "." + domain


def _fit_byte(value: str, low: int, high: int | None, rng: Random) -> str | None:
    """Base64 of as many bytes as give a length in range (a multiple of four)."""
    n = next((n for n in _lengths(low, high, 4, 4096) if n % 4 == 0), None)
    return None if n is None else base64.b64encode(rng.randbytes(n // 4 * 3)).decode("ascii")


def _fit_free(value: str, low: int, high: int | None, rng: Random) -> str | None:
    return _fit_tail(value, low, high, rng, 1)


#: format name -> how its values take another length (see the module's rules).
FITTERS: Mapping[str, Fitter] = {
    "date-time": _fit_date_time,
    "email": _fit_email,
    "idn-email": _fit_email,
    "hostname": _fit_hostname,
    "idn-hostname": _fit_hostname,
    "uri": _fit_uri,
    "url": _fit_uri,
    "iri": _fit_uri,
    "uri-reference": _fit_uri,
    "iri-reference": _fit_uri,
    "byte": _fit_byte,
    "binary": _fit_free,
    "password": _fit_free,
}


def later(when: datetime, rng: Random, days: int = 90) -> datetime:
    """``when`` plus up to ``days`` days (whole seconds)."""
    return when + timedelta(seconds=rng.randint(0, days * 86400))
