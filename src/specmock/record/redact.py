"""Redaction: nothing sensitive from real traffic reaches a store, a cache or a log.

The recorder passes every :class:`~specmock.record.exchange.Exchange` through a
:class:`Redactor` before anything else sees it; logs pass their text through
:meth:`Redactor.text`.

Rules:

- **When in doubt, redact.** A false positive costs a fake value in a recording; a
  false negative leaks a secret. Odd input (invalid JSON, invalid UTF-8, a wrong media
  type) is scanned as text, never raises and never passes through unscanned, except
  bodies of binary media types (images, archives, ``application/octet-stream``).
- **Fakes keep the format** (``fakes.py``) so replayed data still validates, and are
  keyed by a per-recording secret so the same real value always becomes the same fake
  — within a recording and across processes that share the key — while a fake cannot
  be brute-forced back to its value.
- **Names decide first, shapes second.** A value under a secret field name
  (``password``, ``api_key`` …) is redacted whatever it looks like; anything else is
  scanned for shapes (emails, cards, phones, IPs, JWTs, national ids, high-entropy
  strings). Allow-listed names are never touched.
- **Detection lives in ``detectors.py``**, replacement in ``fakes.py``; this module
  walks the structures (exchange, headers, query, JSON, form, text) and counts.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import re
import zlib
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode

import orjson

from specmock.record import detectors as d
from specmock.record.exchange import Exchange, RecordedRequest, RecordedResponse
from specmock.record.fakes import Fakes
from specmock.record.redaction import Kind, RedactionError, RedactionSummary, Rules

__all__ = ["Kind", "RedactionError", "RedactionSummary", "Redactor", "Rules"]

Pairs = tuple[tuple[str, str], ...]
JSON = Any  # a JSON value: dict, list, str, int, float, bool or None


# Headers whose values are structural (never PII) and must stay byte-exact.
_STRUCTURAL_HEADERS = frozenset(
    {
        "content-type", "content-length", "content-encoding", "transfer-encoding",
        "date", "last-modified", "expires", "host", ":authority", ":method", ":path",
        ":scheme", ":status",
    }
)  # fmt: skip
_BINARY_PREFIXES = ("image/", "audio/", "video/", "font/")
_BINARY_TYPES = frozenset(
    {
        "application/octet-stream", "application/pdf", "application/zip",
        "application/gzip", "application/x-gzip", "application/x-tar", "application/wasm",
        "application/x-protobuf", "application/protobuf", "application/vnd.google.protobuf",
        "application/grpc", "application/msgpack", "application/x-msgpack", "application/cbor",
    }
)  # fmt: skip
_FORM = "application/x-www-form-urlencoded"
_TEXT_TYPES = frozenset(
    {
        _FORM, "application/xml", "application/javascript", "application/x-ndjson",
        "application/jsonl", "application/json-seq", "application/graphql",
        "application/x-yaml", "application/yaml", "multipart/form-data",
    }
)  # fmt: skip
_NDJSON = frozenset({"application/x-ndjson", "application/jsonl", "application/json-seq"})
_MIN_TEXT = 5  # nothing the scanner finds is shorter ("pin=1")
# Below 20 characters (the shortest JWT or token) every hit holds one of these.
_TRIGGERS = re.compile(r"[\d@:=<]")
_PAIR_HINTS = re.compile(r"[:=<]")
_MEMO_LIMIT = 100_000


class Redactor:
    """Replaces sensitive values with keyed, format-keeping fakes, and counts them.

    One redactor per recording session: it accumulates the :meth:`summary` and
    memoises fakes. Not thread-safe; give each thread its own (same key, same fakes).

    Args:
        rules: extra fields, patterns, allowed names and headers.
        key: the per-recording secret the fakes are derived from, at least 16 bytes
            (the recorder makes one with ``secrets.token_bytes(32)`` and keeps it).

    Raises:
        RedactionError: when ``key`` is missing or shorter than 16 bytes.

    Example:
        >>> r = Redactor(key=b"0123456789abcdef0123456789abcdef")
        >>> out = r.text("mail alice@corp.io from 10.1.2.3")
        >>> "alice" in out, "10.1.2.3" in out, str(r.summary())
        (False, False, 'redacted 2 values: 1 email, 1 ip')
    """

    __slots__ = (
        "_counts",
        "_fakes",
        "_fields",
        "_memo",
        "_no_num",
        "_no_token",
        "_pairs",
        "_rules",
        "_scan",
        "_secret_fields",
    )

    def __init__(self, rules: Rules | None = None, *, key: bytes) -> None:
        if not isinstance(key, bytes | bytearray) or len(key) < 16:
            raise RedactionError(
                "redaction needs a secret key of at least 16 bytes "
                "(make one with secrets.token_bytes(32) and keep it with the recordings)"
            )
        self._rules = rules if rules is not None else Rules.default()
        self._fakes = Fakes(bytes(key))
        self._pairs = d.pairs()
        self._scan = d.scanner()
        # Rescans of what a number run or a token left: never the same kind again, so
        # a string that is both (thirty digits) cannot send the scan round in circles.
        self._no_num = d.scanner(without=("num", "token"))
        self._no_token = d.scanner(without=("token",))
        self._secret_fields = frozenset(d.normalise(f) for f in self._rules.fields)
        self._counts: dict[Kind, int] = dict.fromkeys(Kind, 0)
        self._memo: dict[tuple[str, str], str] = {}
        self._fields: dict[str, _Field] = {}

    # --- results --------------------------------------------------------------------

    def summary(self) -> RedactionSummary:
        """What this redactor has replaced so far.

        Example:
            >>> r = Redactor(key=b"k" * 16)
            >>> _ = r.headers([("Authorization", "Bearer abc")])
            >>> r.summary().header
            1
        """
        return RedactionSummary(**{k.value: n for k, n in self._counts.items()})

    def _count(self, kind: Kind) -> None:
        self._counts[kind] += 1

    def _total(self) -> int:
        return sum(self._counts.values())

    def _memoised(self, kind: str, value: str, make: Callable[[str], str]) -> str:
        hit = self._memo.get((kind, value))
        if hit is None:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            hit = self._memo[(kind, value)] = make(value)
        return hit

    # --- exchanges ------------------------------------------------------------------

    def exchange(self, ex: Exchange) -> Exchange:
        """The exchange with its request (path, query, headers, body) and response
        (headers, body) redacted.

        Example:
            >>> from specmock.record.exchange import RecordedResponse
            >>> req = RecordedRequest.from_url("GET", "https://api.test/u?email=a@b.io")
            >>> ex = Exchange(req, RecordedResponse(200))
            >>> "a@b.io" in Redactor(key=b"k" * 16).exchange(ex).request.url
            False
        """
        req, res = ex.request, ex.response
        request = dataclasses.replace(
            req,
            path=self.path(req.path),
            query=self.query(req.query),
            headers=self.headers(req.headers),
            body=self.body(req.body, req.media_type, encoding=_encoding(req.headers)),
        )
        response = dataclasses.replace(
            res,
            headers=self.headers(res.headers),
            body=self.body(res.body, res.media_type, encoding=_encoding(res.headers)),
        )
        return dataclasses.replace(ex, request=request, response=response)

    def request(self, req: RecordedRequest) -> RecordedRequest:
        """A request redacted as :meth:`exchange` would (for matching a live request).

        Example:
            >>> req = RecordedRequest.from_url("GET", "https://api.test/?token=s3cr3t")
            >>> Redactor(key=b"k" * 16).request(req).query[0][1].startswith("redacted-")
            True
        """
        return dataclasses.replace(
            req,
            path=self.path(req.path),
            query=self.query(req.query),
            headers=self.headers(req.headers),
            body=self.body(req.body, req.media_type, encoding=_encoding(req.headers)),
        )

    def response(self, res: RecordedResponse) -> RecordedResponse:
        """A response redacted as :meth:`exchange` would.

        Example:
            >>> res = RecordedResponse(200, (("set-cookie", "sid=abc; Path=/"),))
            >>> Redactor(key=b"k" * 16).response(res).headers[0][1].endswith("; Path=/")
            True
        """
        return dataclasses.replace(
            res,
            headers=self.headers(res.headers),
            body=self.body(res.body, res.media_type, encoding=_encoding(res.headers)),
        )

    # --- headers, query, path --------------------------------------------------------

    def headers(self, pairs: Iterable[tuple[str, str]]) -> Pairs:
        """Header pairs with credentials replaced and other values scanned as text.

        Names (and their case) and order are kept. ``Authorization`` keeps its scheme
        word, cookies keep their names and attributes.

        Example:
            >>> r = Redactor(key=b"k" * 16)
            >>> r.headers([("Cookie", "a=1; theme=dark")])[0][1][:2]
            'a='
        """
        out: list[tuple[str, str]] = []
        for name, value in pairs:
            lower = name.lower()
            if lower in _STRUCTURAL_HEADERS or self._field(lower) is _Field.ALLOW:
                out.append((name, value))
            elif d.is_sensitive_header(lower, self._rules.headers):
                new = self._header_value(lower, value)
                if new != value:
                    self._count(Kind.HEADER)
                out.append((name, new))
            else:
                out.append((name, self.text(value)))
        return tuple(out)

    def _header_value(self, name: str, value: str) -> str:
        if name == "cookie":
            return "; ".join(self._cookie_pair(p) for p in value.split("; "))
        if name == "set-cookie":
            first, sep, attributes = value.partition(";")
            return self._cookie_pair(first) + sep + attributes
        scheme, space, credentials = value.partition(" ")
        if space and credentials and re.fullmatch(r"[A-Za-z][\w-]*", scheme):
            if scheme.lower() == "basic":
                return f"{scheme} {self._fakes.basic(credentials)}"
            return f"{scheme} {self._memoised('opaque', credentials, self._fakes.opaque)}"
        return self._memoised("opaque", value, self._fakes.opaque)

    def _cookie_pair(self, pair: str) -> str:
        name, eq, value = pair.partition("=")
        if not eq:
            return self._memoised("opaque", pair, self._fakes.opaque)
        return f"{name}={self._memoised('opaque', value, self._fakes.opaque)}"

    def query(self, pairs: Iterable[tuple[str, str]]) -> Pairs:
        """Query (or form) pairs: values redacted by name, else scanned as text.

        Example:
            >>> r = Redactor(key=b"k" * 16)
            >>> r.query([("api_key", "abc"), ("page", "2")])[1]
            ('page', '2')
        """
        out: list[tuple[str, str]] = []
        for name, value in pairs:
            field = self._field(name)
            if field is _Field.ALLOW:
                out.append((name, value))
            else:
                new = self._by_name(field, value)
                out.append((self.text(name), self.text(value) if new is None else new))
        return tuple(out)

    def path(self, path: str) -> str:
        """A percent-encoded URL path with each segment scanned as text.

        Example:
            >>> Redactor(key=b"k" * 16).path("/users/bob@corp.io/orders").startswith("/users/user-")
            True
        """
        if len(path) < _MIN_TEXT:
            return path
        segments = path.split("/")
        out = []
        for segment in segments:
            raw = unquote(segment, errors="surrogateescape")
            new = self.text(raw)
            out.append(
                segment
                if new == raw
                else quote(new, safe="@:+,;=!$&'()*~", errors="surrogateescape")
            )
        return "/".join(out)

    # --- bodies ---------------------------------------------------------------------

    def body(self, data: bytes, media_type: str | None, *, encoding: str | None = None) -> bytes:
        """A body redacted by its media type: JSON, form, NDJSON or text.

        JSON (``application/json``, ``*+json``) is parsed and walked; invalid JSON is
        scanned as text. Text (``text/*``, XML, unknown but UTF-8) is scanned with
        invalid bytes kept as they are. Binary media types are left alone. A body
        compressed with ``gzip`` or ``deflate`` (``encoding``) is decompressed,
        redacted and compressed again. Unchanged bodies are returned byte for byte.

        Example:
            >>> r = Redactor(key=b"k" * 16)
            >>> b"hunter2" in r.body(b'{"password": "hunter2"}', "application/json")
            False
        """
        if not data:
            return data
        if encoding in ("gzip", "x-gzip", "deflate"):
            plain = _decompress(data, encoding)
            if plain is not None:
                new = self.body(plain, media_type)
                return data if new == plain else _compress(new, encoding)
        media = (media_type or "").lower()
        if media.startswith(_BINARY_PREFIXES) or media in _BINARY_TYPES:
            return data
        text = data.decode("utf-8", "surrogateescape")
        if not media and text.lstrip()[:1] in ("{", "["):
            media = "application/json"
        is_json = media == "application/json" or media.endswith("+json")
        texty = is_json or media in _TEXT_TYPES or media.startswith("text/")
        # Still compressed (br, zstd, or gzip we could not open) or binary: hands off.
        compressed = encoding not in (None, "identity")
        if (compressed or not texty) and _looks_binary(text):
            return data
        before = self._total()
        if is_json:
            out = self._json_body(data, text)
        elif media == _FORM:
            out = self._form_body(text)
        elif media in _NDJSON:
            lines = text.split("\n")
            out = "\n".join(self._json_text(line) if line.strip() else line for line in lines)
        else:
            out = self.text(text)
        if self._total() == before and out == text:
            return data
        return out.encode("utf-8", "surrogateescape")

    def _json_body(self, data: bytes, text: str) -> str:
        try:
            doc = orjson.loads(data)
        except orjson.JSONDecodeError:
            return self._json_text(text)
        before = self._total()
        try:
            new = self.value(doc)
        except RecursionError:
            return self.text(text)
        if self._total() == before:
            return text
        option = orjson.OPT_INDENT_2 if "\n" in text.strip() else 0
        return orjson.dumps(new, option=option).decode()

    def _json_text(self, text: str) -> str:
        """JSON orjson refuses (huge integers, NaN, lone surrogates) or not JSON at all."""
        try:
            doc = json.loads(text)
        except (ValueError, RecursionError):
            return self.text(text)
        before = self._total()
        try:
            new = self.value(doc)
        except RecursionError:
            return self.text(text)
        if self._total() == before:
            return text
        return json.dumps(new, ensure_ascii=True)

    def _form_body(self, text: str) -> str:
        pairs = parse_qsl(text, keep_blank_values=True, errors="surrogateescape")
        before = self._total()
        new = self.query(pairs)
        if self._total() == before:
            return text
        return urlencode(new, errors="surrogateescape")

    # --- JSON values ----------------------------------------------------------------

    def value(self, value: JSON) -> JSON:
        """A JSON value with sensitive data replaced, same structure and types.

        Example:
            >>> r = Redactor(key=b"k" * 16)
            >>> out = r.value({"id": 7, "user": {"email": "ann@corp.io", "pin": 1234}})
            >>> out["id"], out["user"]["email"].endswith("@example.com"), out["user"]["pin"] != 1234
            (7, True, True)
        """
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            out: dict[str, JSON] = {}
            for key, item in value.items():
                field = self._field(key) if isinstance(key, str) else _Field.PLAIN
                new_key = self.text(key) if isinstance(key, str) else key
                if field is _Field.ALLOW:
                    out[new_key] = item
                elif field is _Field.PLAIN or (new := self._by_name_json(field, item)) is _UNNAMED:
                    out[new_key] = self.value(item)
                else:
                    out[new_key] = new
            return out
        if isinstance(value, list):
            return [self.value(item) for item in value]
        if isinstance(value, int) and not isinstance(value, bool):
            return self._int(value)
        return value

    def _int(self, value: int) -> int:
        digits = str(abs(value))
        if 13 <= len(digits) <= 19 and digits[0] in "23456" and d.luhn_ok(digits):
            self._count(Kind.CARD)
            return self._fakes.card_number(value) * (1 if value >= 0 else -1)
        return value

    def _by_name_json(self, field: _Field, value: JSON) -> JSON:
        """The value redacted by its field name, or ``_UNNAMED`` when the name says nothing."""
        if isinstance(value, bool) or value is None:
            return _UNNAMED
        if isinstance(value, str):
            new = self._by_name(field, value)
            return _UNNAMED if new is None else new
        if isinstance(value, int | float):
            if field is _Field.CARD and len(str(abs(int(value)))) < 13:
                return _UNNAMED
            self._count(field.kind)
            return self._fakes.number(value)
        if field is _Field.SECRET and isinstance(value, dict | list):
            self._count(Kind.SECRET_FIELD)
            return self._all_secret(value)
        return _UNNAMED

    def _all_secret(self, value: JSON) -> JSON:
        if isinstance(value, dict):
            return {
                (self.text(k) if isinstance(k, str) else k): self._all_secret(v)
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [self._all_secret(v) for v in value]
        if isinstance(value, str):
            return self._memoised("secret", value, self._fakes.secret)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return self._fakes.number(value)
        return value

    def _field(self, name: str) -> _Field:
        """What a field (or header, or parameter) name says about its value, memoised."""
        field = self._fields.get(name)
        if field is None:
            norm = d.normalise(name)
            if norm in self._rules.allow:
                field = _Field.ALLOW
            elif d.is_secret_field(norm, self._secret_fields):
                field = _Field.SECRET
            elif d.is_national_id_field(norm):
                field = _Field.NATIONAL_ID
            elif d.is_phone_field(norm):
                field = _Field.PHONE
            elif d.is_card_field(norm):
                field = _Field.CARD
            else:
                field = _Field.PLAIN
            if len(self._fields) >= _MEMO_LIMIT:
                self._fields.clear()
            self._fields[name] = field
        return field

    def _by_name(self, field: _Field, value: str) -> str | None:
        """A string redacted because of its field name, or None when the name says nothing."""
        if not value or field is _Field.PLAIN or field is _Field.ALLOW:
            return None
        if field is _Field.SECRET:
            self._count(Kind.SECRET_FIELD)
            return self._memoised("secret", value, self._fakes.secret)
        if field is _Field.NATIONAL_ID:
            self._count(Kind.NATIONAL_ID)
            return self._memoised("national_id", value, self._fakes.national_id)
        digits = sum(ch.isdigit() for ch in value)
        if field is _Field.PHONE and digits >= 5 and _PHONEISH.fullmatch(value):
            self._count(Kind.PHONE)
            return self._memoised("phone", value, self._fakes.phone)
        if field is _Field.CARD and 13 <= digits <= 19 and _CARDISH.fullmatch(value):
            self._count(Kind.CARD)
            return self._memoised("card", value, self._fakes.card)
        return None

    # --- text -----------------------------------------------------------------------

    def text(self, text: str) -> str:
        """Free text with every sensitive value found replaced in place.

        Custom patterns first, then one scan for PEM keys, JWTs, emails, ``key=value``
        and ``<key>value</key>`` pairs with secret keys, IPs, cards, SSNs, phones, UK NI
        numbers and high-entropy tokens.

        Example:
            >>> r = Redactor(key=b"k" * 16)
            >>> r.text("card 4111 1111 1111 1111 ok")[:10], r.text("v1.2.3 on 2024-01-15")
            ('card 4000 ', 'v1.2.3 on 2024-01-15')
        """
        if self._rules.patterns:
            return self._custom(text)
        if len(text) < _MIN_TEXT or (len(text) < 20 and not _TRIGGERS.search(text)):
            return text
        return self.text_builtin(text)

    def _emails_left(self, text: str) -> str:
        """Catch an address the scan missed because a neighbouring match ate its edge."""
        if "@" not in text:
            return text
        return d.EMAIL_ANYWHERE.sub(self._email_left, text)

    def _email_left(self, m: re.Match[str]) -> str:
        found = m.group()
        at = found.rfind("@")
        for start in range(at):
            if d.FAKE_EMAIL.fullmatch(found, start):
                return found
        return self._email(found)

    def _custom(self, text: str) -> str:
        spans: list[tuple[int, int]] = []
        for pattern in self._rules.patterns:
            for m in pattern.finditer(text):
                if "secret" in pattern.groupindex:
                    a, b = m.span("secret")
                else:
                    a, b = m.span()
                if b > a and not any(a < y and x < b for x, y in spans):
                    spans.append((a, b))
        if not spans:
            return self.text_builtin(text)
        spans.sort()
        out: list[str] = []
        last = 0
        for a, b in spans:
            out.append(self.text_builtin(text[last:a]))
            self._count(Kind.CUSTOM)
            out.append(self._memoised("shape", text[a:b], self._fakes.shape))
            last = b
        out.append(self.text_builtin(text[last:]))
        return "".join(out)

    def text_builtin(self, text: str) -> str:
        """:meth:`text` without the custom patterns (the built-in detectors only)."""
        if len(text) < _MIN_TEXT:
            return text
        spans = self._pair_spans(text, 0, len(text)) if _PAIR_HINTS.search(text) else []
        if not spans:
            return self._emails_left(self._scan.sub(self._replace, text))
        out: list[str] = []
        last = 0
        for a, b, replacement in spans:
            out.append(self._scan.sub(self._replace, text[last:a]))
            out.append(replacement)
            last = b
        out.append(self._scan.sub(self._replace, text[last:]))
        return self._emails_left("".join(out))

    def _pair_spans(self, text: str, start: int, end: int) -> list[tuple[int, int, str]]:
        """Values of secret (replaced) and allowed (kept) keys in ``text[start:end]``."""
        spans: list[tuple[int, int, str]] = []
        for m in self._pairs.finditer(text, start, end):
            if m.lastgroup == "kv":
                key = m.group("key")
                group = next(g for g in ("dq", "sq", "bare") if m.group(g) is not None)
            else:
                key, group = m.group("tag"), "xval"
            a, b = m.span(group)
            field = self._field(key)
            if field is _Field.ALLOW:
                spans.append((a, b, text[a:b]))
            elif field is _Field.SECRET and a < b:
                self._count(Kind.SECRET_FIELD)
                spans.append((a, b, self._memoised("secret", text[a:b], self._fakes.secret)))
            elif b - a >= _MIN_TEXT:
                # "next=https://x/?token=abc": a secret pair inside another pair's value.
                spans.extend(self._pair_spans(text, a, b))
        return spans

    def _replace(self, m: re.Match[str]) -> str:
        kind = m.lastgroup
        found = m.group()
        if kind == "email":
            return self._email(found)
        if kind == "jwt":
            self._count(Kind.JWT)
            return self._memoised("jwt", found, self._fakes.jwt)
        if kind == "ipv4" or kind == "ipv6":
            return self._ip(found)
        if kind == "num":
            return self._numbers(found)
        if kind == "ni":
            self._count(Kind.NATIONAL_ID)
            return self._memoised("ni", found, self._fakes.ni)
        if kind == "token":
            return self._token(found)
        # A PEM private key: keep the armour lines, replace the key material.
        self._count(Kind.HIGH_ENTROPY)
        head, _, rest = found.partition("-----\n")
        body, _, tail = rest.rpartition("\n-----")
        if not body:
            return self._memoised("shape", found, self._fakes.shape)
        return f"{head}-----\n{self._memoised('shape', body, self._fakes.shape)}\n-----{tail}"

    def _email(self, found: str) -> str:
        local, _, domain = found.rpartition("@")
        # "email=bob@x.io" or "'bob@x.io'" in free text: keep the context before a
        # delimiter or an opening quote (as long as a local part remains to replace).
        cut = max(local.rfind(ch) for ch in "=/?&|{}")
        quoted = len(local) - len(local.lstrip("'`"))
        cut = max(cut, quoted - 1)
        prefix = ""
        if 0 <= cut < len(local) - 1:
            prefix, found = local[: cut + 1], f"{local[cut + 1 :]}@{domain}"
            prefix = self._scan.sub(self._replace, prefix)  # "4111…1111=bob@x.io"
        self._count(Kind.EMAIL)
        return prefix + self._memoised("email", found, self._fakes.email)

    def _ip(self, found: str) -> str:
        address, pct, zone = found.partition("%")
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return found
        if d.is_documentation_ip(ip):
            return found
        if ip.version == 6 and (ip.is_unspecified or ip.is_loopback):
            return found
        self._count(Kind.IP)
        if ip.version == 4:
            return self._memoised("ipv4", address, self._fakes.ipv4)
        return self._memoised("ipv6", address, self._fakes.ipv6) + pct + zone

    def _numbers(self, run: str) -> str:
        if sum(ch.isdigit() for ch in run) < 7:
            return run
        spans = d.number_spans(run)
        out: list[str] = []
        last = 0
        for a, b, kind in spans:
            # What is between (an IP after a card, "4111… 10.0.0.1") is scanned too.
            out.append(self._no_num.sub(self._replace, run[last:a]))
            piece = run[a:b]
            if kind == "card":
                self._count(Kind.CARD)
                out.append(self._memoised("card", piece, self._fakes.card))
            elif kind == "national_id":
                self._count(Kind.NATIONAL_ID)
                out.append(self._memoised("national_id", piece, self._fakes.national_id))
            else:
                self._count(Kind.PHONE)
                out.append(self._memoised("phone", piece, self._fakes.phone))
            last = b
        out.append(self._no_num.sub(self._replace, run[last:]))
        return "".join(out)

    def _token(self, token: str) -> str:
        spans = d.token_spans(token)
        out: list[str] = []
        last = 0
        for a, b in spans:
            # What is not a secret may still hold a number ("=4111…", "id-10.0.0.1").
            out.append(self._no_token.sub(self._replace, token[last:a]))
            self._count(Kind.HIGH_ENTROPY)
            out.append(self._memoised("shape", token[a:b], self._fakes.shape))
            last = b
        out.append(self._no_token.sub(self._replace, token[last:]))
        return "".join(out)


class _Field(Enum):
    """What a name says about its value."""

    ALLOW = None
    SECRET = Kind.SECRET_FIELD
    NATIONAL_ID = Kind.NATIONAL_ID
    PHONE = Kind.PHONE
    CARD = Kind.CARD
    PLAIN = "plain"

    @property
    def kind(self) -> Kind:
        """The summary kind a value redacted for this name counts as."""
        return self.value if isinstance(self.value, Kind) else Kind.SECRET_FIELD


class _Unnamed:
    """Marks "the field name says nothing about this value"."""

    __slots__ = ()


_UNNAMED: Any = _Unnamed()
_PHONEISH = re.compile(r"[\d\s().+/-]+(?:\s*(?:x|ext\.?)\s*\d+)?", re.IGNORECASE)
_CARDISH = re.compile(r"[\d\s-]+")


def _encoding(headers: Pairs) -> str | None:
    value = next((v for k, v in headers if k.lower() == "content-encoding"), None)
    return value.strip().lower() if value else None


def _decompress(data: bytes, encoding: str) -> bytes | None:
    wbits = 16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS
    try:
        return zlib.decompress(data, wbits)
    except zlib.error:
        try:
            return zlib.decompress(data, -zlib.MAX_WBITS) if encoding == "deflate" else None
        except zlib.error:
            return None


def _compress(data: bytes, encoding: str) -> bytes:
    if encoding == "deflate":
        return zlib.compress(data)
    import gzip

    return gzip.compress(data, mtime=0)


def _looks_binary(text: str) -> bool:
    """Bytes with NULs or many control characters: not text, whatever the type says."""
    sample = text[:1024]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    escaped = sum(1 for ch in sample if "\udc80" <= ch <= "\udcff")
    return (controls + escaped) * 10 > len(sample)
