"""What counts as sensitive: field names, header names and the shapes found in text.

Pure functions and compiled patterns only; ``redact.py`` decides what to do with a hit
and ``fakes.py`` makes the replacement.

Rules:

- Field names are compared *normalised* (:func:`normalise`: lower-case, ``_`` and
  ``-`` removed), so ``apiKey``, ``api_key`` and ``API-KEY`` are one name.
- Text is scanned in one pass with one alternation (:func:`scanner`); each alternative
  is anchored on a token boundary so the scan stays linear. A hit the regex cannot
  judge alone (a Luhn check, an IPv6 parse, an entropy score) is judged here, in
  Python, by the ``is_*`` / ``*_spans`` functions.
- When in doubt, a value is sensitive: a false positive costs a fake value in a
  recording, a false negative leaks a secret.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections import Counter
from collections.abc import Iterable

__all__ = [
    "CARD_FIELDS",
    "EMAIL_ANYWHERE",
    "FAKE_EMAIL",
    "NATIONAL_ID_FIELDS",
    "PHONE_FIELDS",
    "SECRET_FIELDS",
    "card_spans",
    "is_card_field",
    "is_documentation_ip",
    "is_high_entropy",
    "is_national_id_field",
    "is_phone_field",
    "is_secret_field",
    "is_sensitive_header",
    "is_wordy_path",
    "luhn_ok",
    "normalise",
    "number_spans",
    "pairs",
    "scanner",
    "shannon_entropy",
    "token_spans",
]

# --- field names -------------------------------------------------------------------

#: Secret field names, matched exactly (after :func:`normalise`).
SECRET_FIELDS: frozenset[str] = frozenset(
    {
        "password", "passwd", "pwd", "pass", "passphrase", "passcode",
        "secret", "clientsecret", "apisecret", "secretkey",
        "token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "bearer", "jwt",
        "apikey", "xapikey", "privatekey", "accesskey", "signingkey",
        "authorization", "auth", "credentials", "credential",
        "session", "sessionid", "sessid", "sid", "cookie", "setcookie",
        "otp", "totp", "pin", "cvv", "cvv2", "cvc", "csc", "securitycode",
        "mfacode", "verificationcode", "signature", "sig",
        "dsn", "connectionstring", "databaseurl",
    }
)  # fmt: skip

# A name *containing* one of these is secret too (``db_password``, ``stripeSecretKey``)
# unless it ends with one of ``_NOT_SECRET_SUFFIXES`` (``token_type``, ``max_tokens``).
_SECRET_PARTS = (
    "password", "passwd", "passphrase", "passcode", "secret", "token", "apikey",
    "privatekey", "accesskey", "signingkey", "encryptionkey", "credential",
    "authorization", "cookie", "sessionid", "signature", "connectionstring",
)  # fmt: skip
_NOT_SECRET_SUFFIXES = (
    "tokens", "type", "types", "count", "expiresin", "expiresat", "expiry", "expiration",
    "url", "uri", "endpoint", "length", "ttl", "at", "date", "time", "policy", "hint",
    "name", "algorithm", "method", "version", "format", "scheme", "enabled", "required",
)  # fmt: skip

#: National identifier field names, matched exactly.
NATIONAL_ID_FIELDS: frozenset[str] = frozenset(
    {
        "ssn", "socialsecuritynumber", "socialsecurityno", "nationalid", "nationalidnumber",
        "nationalidentifier", "nationalinsurancenumber", "ninumber", "nino", "nin",
        "taxid", "taxidentifier", "taxnumber", "tin", "itin", "passport", "passportnumber",
        "passportno", "driverslicense", "driverslicensenumber", "driverlicense",
        "driverlicensenumber", "nric", "aadhaar", "cpf", "dni", "nie", "nif", "bsn",
        "pesel", "personnummer", "sin", "idnumber", "idcard", "identitynumber",
        "identitycard",
    }
)  # fmt: skip
_NATIONAL_ID_SUFFIXES = (
    "ssn", "nationalid", "taxid", "passport", "passportnumber", "passportno",
    "socialsecuritynumber", "driverslicense", "driverlicense",
)  # fmt: skip

#: Phone field names, matched exactly; names ending in ``phone``/``mobile`` count too.
PHONE_FIELDS: frozenset[str] = frozenset(
    {
        "phone", "phonenumber", "phoneno", "mobile", "mobilenumber", "mobilephone", "cell",
        "cellphone", "cellnumber", "telephone", "tel", "telnumber", "fax", "faxnumber",
        "msisdn", "contactnumber",
    }
)  # fmt: skip
_PHONE_SUFFIXES = ("phone", "phonenumber", "mobile", "mobilenumber", "fax", "faxnumber")

#: Payment card field names, matched exactly.
CARD_FIELDS: frozenset[str] = frozenset(
    {
        "pan", "cardnumber", "ccnumber", "creditcard", "creditcardnumber", "cardno",
        "cardnum", "primaryaccountnumber",
    }
)  # fmt: skip


def normalise(name: str) -> str:
    """A field name as the rules compare it: lower-case, ``_`` and ``-`` removed.

    Example:
        >>> normalise("API-Key"), normalise("api_key"), normalise("apiKey")
        ('apikey', 'apikey', 'apikey')
    """
    return name.lower().replace("_", "").replace("-", "")


def is_secret_field(name: str, extra: Iterable[str] = ()) -> bool:
    """Whether a (normalised) field name holds a secret.

    Example:
        >>> is_secret_field("dbpassword"), is_secret_field("tokentype")
        (True, False)
    """
    if name in SECRET_FIELDS or name in extra:
        return True
    if name.endswith(_NOT_SECRET_SUFFIXES):
        return False
    return any(part in name for part in _SECRET_PARTS)


def is_national_id_field(name: str) -> bool:
    """Whether a (normalised) field name holds a national identifier.

    Example:
        >>> is_national_id_field("customerssn"), is_national_id_field("classname")
        (True, False)
    """
    return name in NATIONAL_ID_FIELDS or name.endswith(_NATIONAL_ID_SUFFIXES)


def is_phone_field(name: str) -> bool:
    """Whether a (normalised) field name holds a phone number.

    Example:
        >>> is_phone_field("homephone"), is_phone_field("photo")
        (True, False)
    """
    return name in PHONE_FIELDS or name.endswith(_PHONE_SUFFIXES)


def is_card_field(name: str) -> bool:
    """Whether a (normalised) field name holds a payment card number.

    Example:
        >>> is_card_field("cardnumber")
        True
    """
    return name in CARD_FIELDS


# --- headers -----------------------------------------------------------------------

_SENSITIVE_HEADERS = frozenset(
    {
        "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key",
        "api-key", "x-auth-token", "x-csrf-token", "x-xsrf-token",
    }
)  # fmt: skip
_SENSITIVE_HEADER_PARTS = ("token", "secret", "key", "session", "signature")
_NOT_SENSITIVE_HEADERS = frozenset(
    {"keep-alive", "www-authenticate", "proxy-authenticate", "authentication-info"}
)


def is_sensitive_header(name: str, extra: Iterable[str] = ()) -> bool:
    """Whether a header's whole value is a credential (compared lower-case).

    Example:
        >>> is_sensitive_header("X-Hub-Signature-256"), is_sensitive_header("Keep-Alive")
        (True, False)
    """
    name = name.lower()
    if name in _SENSITIVE_HEADERS or name in extra:
        return True
    if name in _NOT_SENSITIVE_HEADERS:
        return False
    return any(part in name for part in _SENSITIVE_HEADER_PARTS) or is_secret_field(normalise(name))


# --- numbers: cards, SSNs, phones ----------------------------------------------------


def luhn_ok(digits: str) -> bool:
    """Whether a digit string passes the Luhn check.

    Example:
        >>> luhn_ok("4111111111111111"), luhn_ok("4111111111111112")
        (True, False)
    """
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


_GROUP = re.compile(r"\d+")


def card_spans(run: str) -> list[tuple[int, int]]:
    """Spans of payment card numbers in a run of digits and separators.

    A card is 13 to 19 digits passing Luhn, written bare or in groups separated by single
    spaces or dashes. Bare digit strings must start with 2 to 6 (the card networks), so
    epoch milliseconds and snowflake ids (which start with 1) are not cards.

    Example:
        >>> card_spans("4111 1111 1111 1111"), card_spans("1705312800000")
        ([(0, 19)], [])
    """
    groups = [(m.start(), m.end()) for m in _GROUP.finditer(run)]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(groups):
        found = None
        digits = 0
        # The longest chain of groups from i joined by single " " or "-" that is a card.
        for j in range(i, len(groups)):
            if j > i and run[groups[j - 1][1] : groups[j][0]] not in (" ", "-"):
                break
            digits += groups[j][1] - groups[j][0]
            if digits > 19:
                break
            if digits >= 13:
                text = run[groups[i][0] : groups[j][1]]
                plain = text.replace(" ", "").replace("-", "")
                if luhn_ok(plain) and (j > i or plain[0] in "23456"):
                    found = j
        if found is not None:
            spans.append((groups[i][0], groups[found][1]))
            i = found + 1
        else:
            i += 1
    return spans


_NUMBER_SHAPES = re.compile(
    r"(?P<ssn>(?<!\d)\d{3}-\d{2}-\d{4}(?!\d))"
    r"|(?P<intl>\+\d[\d ().-]*\d)"
    r"|(?P<nanp>(?<![\d+])(?:1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d))"
    r"|(?P<trunk>(?<![\d+])0\d{1,4}(?:[ -]\d{2,8}){1,4}(?!\d))"
)


def number_spans(run: str) -> list[tuple[int, int, str]]:
    """Spans of cards, SSNs and phone numbers in a run of digits and separators.

    Each span is ``(start, end, kind)`` with kind ``card``, ``national_id`` or
    ``phone``. Dates, prices, versions and plain counts give nothing.

    Example:
        >>> number_spans("+1 415-555-2671"), number_spans("2024-01-15")
        ([(0, 15, 'phone')], [])
    """
    spans = [(a, b, "card") for a, b in card_spans(run)]
    if spans:
        found: list[tuple[int, int, str]] = []
        last = 0
        for a, b, kind in spans:
            found.extend((x + last, y + last, k) for x, y, k in _shapes(run[last:a]))
            found.append((a, b, kind))
            last = b
        found.extend((x + last, y + last, k) for x, y, k in _shapes(run[last:]))
        return found
    return _shapes(run)


def _shapes(run: str) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    for m in _NUMBER_SHAPES.finditer(run):
        kind = m.lastgroup
        text = m.group()
        if kind == "ssn":
            out.append((m.start(), m.end(), "national_id"))
        elif kind == "intl":
            n = sum(ch.isdigit() for ch in text)
            if 8 <= n <= 15:
                out.append((m.start(), m.end(), "phone"))
        elif kind == "nanp" or 9 <= sum(ch.isdigit() for ch in text) <= 12:
            out.append((m.start(), m.end(), "phone"))
    return out


# --- IP addresses --------------------------------------------------------------------

_DOC_NETS = (
    ipaddress.ip_network("192.0.2.0/24"),
    ipaddress.ip_network("198.51.100.0/24"),
    ipaddress.ip_network("203.0.113.0/24"),
    ipaddress.ip_network("2001:db8::/32"),
)


def is_documentation_ip(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is in a documentation range (already fake, never redacted).

    Example:
        >>> is_documentation_ip(ipaddress.ip_address("198.51.100.7"))
        True
    """
    return any(address in net for net in _DOC_NETS if net.version == address.version)


# --- high-entropy strings ---------------------------------------------------------------

_HEX = frozenset("0123456789abcdefABCDEF")
_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}"
)
_NIL_UUID = re.compile(r"0{8}-0{4}-0{4}-0{4}-0{12}|[fF]{8}-[fF]{4}-[fF]{4}-[fF]{4}-[fF]{12}")
_WORD = re.compile(r"[A-Z]?[a-z]{3,}")
_VOWELS = frozenset("aeiouy")


def _wordiness(token: str) -> float:
    """The share of ``token`` made of word-like runs (``Objects``, ``deployment``).

    Identifiers are made of words; random strings rarely hold a four-letter
    lower-case run of three letters or more with a vowel in it.
    """
    covered = 0
    for m in _WORD.finditer(token):
        word = m.group()
        if _VOWELS.intersection(word.lower()):
            covered += len(word)
    letters = sum(1 for ch in token if ch not in "-_.")
    return covered / letters if letters else 1.0


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T_ ]?\d{2}(?:[-:]?\d{2}){0,2}(?:[.,]\d+)?)?Z?")
_KNOWN_PREFIXES = (
    "sk_live_", "sk_test_", "rk_live_", "rk_test_", "pk_live_", "whsec_", "ghp_", "gho_",
    "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "xoxa-", "xoxs-",
    "AKIA", "ASIA", "AIza", "SG.", "npm_", "pypi-", "hf_", "shpat_", "sq0atp-",
)  # fmt: skip
_WORDY_SEGMENT = re.compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*|v?\d+(?:\.\d+)*")


def shannon_entropy(text: str) -> float:
    """Bits per character of ``text``'s character distribution.

    Example:
        >>> shannon_entropy("aaaa"), shannon_entropy("abcd")
        (0.0, 2.0)
    """
    n = len(text)
    if not n:
        return 0.0
    return sum(c / n * math.log2(n / c) for c in Counter(text).values())


def is_high_entropy(token: str) -> bool:
    """Whether a token (≥ 20 characters of a base64 or hex alphabet) looks like a secret.

    Not UUIDs, ISO dates, plain numbers, URL paths or identifiers made of words; yes
    to random-looking strings whose entropy is near what a random string of that
    length and alphabet would have, and to well-known key prefixes (``sk_live_``, ``ghp_``).

    Example:
        >>> is_high_entropy("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b")
        True
        >>> is_high_entropy("550e8400-e29b-41d4-a716-446655440000")
        False
    """
    if token.startswith(_KNOWN_PREFIXES) and len(token) >= 16:
        return True
    if len(token) < 20:
        return False
    core = token.rstrip("=")
    if core.isdigit() or _UUID.fullmatch(token) or _NIL_UUID.fullmatch(token):
        return False
    if _ISO_DATE.fullmatch(token) or _wordiness(core) >= 0.6:
        return False
    has_digit = any(ch.isdigit() for ch in core)
    has_upper = any(ch.isupper() for ch in core)
    has_lower = any(ch.islower() for ch in core)
    entropy = shannon_entropy(core)
    if all(ch in _HEX or ch == "-" for ch in core):
        if not has_digit or not (has_upper or has_lower):
            return False
        return entropy >= 0.7 * math.log2(min(len(core), 16))
    if has_digit + has_upper + has_lower < 2:
        return False
    threshold = 0.75 * math.log2(min(len(core), 64))
    if not has_digit:
        # Letters only (camelCase words, "Content-Security-Policy"): demand more.
        threshold += 0.3
    return entropy >= threshold


def token_spans(token: str) -> list[tuple[int, int]]:
    """Spans of secrets in a token the scanner found: the whole token, or path segments.

    Example:
        >>> token_spans("/files/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b/raw")
        [(7, 47)]
    """
    if "/" not in token or not is_wordy_path(token):
        return [(0, len(token))] if is_high_entropy(token) else []
    spans: list[tuple[int, int]] = []
    start = 0
    for segment in token.split("/"):
        if is_high_entropy(segment):
            spans.append((start, start + len(segment)))
        start += len(segment) + 1
    return spans


def is_wordy_path(token: str) -> bool:
    """Whether a token containing ``/`` is a URL path rather than a base64 secret.

    Example:
        >>> is_wordy_path("/api/v1/users"), is_wordy_path("wJalrXUtnFEMI/K7MDENG/bPxRfiCY")
        (True, False)
    """
    if token.startswith("/") or "//" in token:
        return True
    return all(_WORDY_SEGMENT.fullmatch(s) for s in token.split("/") if s)


# --- the text scanner ----------------------------------------------------------------

_ATEXT = r"[\w!#$%&'*+/=?^`{|}~.-]"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_SCHEMES = r"(?:[Bb]earer|[Bb]asic|[Tt]oken|[Dd]igest|[Bb]ot|[Aa]pi[Kk]ey)"

_IPV6 = (
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|"
    rf"{_OCTET}(?:\.{_OCTET}){{3}})?(?:%[\w.]+)?(?![\w:])"
)

_ALTERNATIVES = {
    "pem": r"-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----.*?-----END [A-Z0-9 ]*PRIVATE KEY-----",
    "jwt": r"(?<![\w-])eyJ[\w-]{4,}\.eyJ[\w-]{2,}\.[\w-]*",
    "email": rf"(?<!{_ATEXT}){_ATEXT}+@(?:{_LABEL}\.)+[A-Za-z](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?![\w-])",
    "ipv6": _IPV6,
    "kv": r"(?<![\w.@-])(?P<kq>[\"']?)(?P<key>[A-Za-z_][\w.-]{0,63})(?P=kq)[ \t]*[:=][ \t]*"
    r"(?:\"(?P<dq>(?:[^\"\\\n]|\\.)*)\"|'(?P<sq>[^'\n]*)'"
    rf"|(?P<bare>(?:{_SCHEMES}[ \t]+)?[^\s\"'&;,<>{{}}\[\]]+))",
    "xml": r"<(?P<tag>[A-Za-z_][\w.-]{0,63})(?:\s[^<>]*)?>(?P<xval>[^<]{1,512})</(?P=tag)>",
    "ipv4": rf"(?<![\w.]){_OCTET}(?:\.{_OCTET}){{3}}(?![\w@]|\.\d)",
    "num": r"(?<![\w+.])(?:\+|\(\s?)?\d(?:[ \t().-]{0,3}\d)+(?![\w@]|\.\d)",
    "ni": r"(?<![\w])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![\w])",
    "token": r"(?<![\w+/=-])[\w+/-]{20,}={0,2}(?![\w+/=-]|\.\d)",
}


#: Any email-shaped run, with no boundary before it: the safety pass after the scan, for
#: an address glued to something another match consumed (``a=b&c@d.io``).
EMAIL_ANYWHERE = re.compile(_ALTERNATIVES["email"].split(")", 1)[1])
#: The fakes ``Fakes.email`` makes, which the safety pass leaves alone.
FAKE_EMAIL = re.compile(r"user-[0-9a-f]{10}@example\.com")


def scanner(*, without: tuple[str, ...] = ()) -> re.Pattern[str]:
    """The one-pass text pattern: a named group per shape, tried in priority order.

    ``without`` leaves kinds out, e.g. ``("num",)`` to rescan what is left of a run of
    digits once the cards and phones in it are replaced.

    Example:
        >>> scanner().search("mail bob@example.org now").lastgroup
        'email'
    """
    names = [n for n in _ALTERNATIVES if n not in without and n not in _PAIRS]
    return re.compile("|".join(f"(?P<{n}>{_ALTERNATIVES[n]})" for n in names), re.DOTALL)


_PAIRS = ("kv", "xml")


def pairs() -> re.Pattern[str]:
    """``key=value``, ``key: value``, ``"key": "value"`` and ``<key>value</key>``.

    The redactor looks these up first, replaces the values of secret keys, and scans
    everything else (values of other keys included) with :func:`scanner`; a pair whose
    key is not secret consumes nothing, so it cannot cut another value in two.

    Example:
        >>> pairs().search('x "password": "hunter2"').group("dq")
        'hunter2'
    """
    return re.compile("|".join(f"(?P<{n}>{_ALTERNATIVES[n]})" for n in _PAIRS))
