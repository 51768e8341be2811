"""Keyed, format-keeping replacements for sensitive values.

Rules:

- Every fake is derived from the value *and a secret key* (keyed BLAKE2b), never from
  a plain hash: without the key a fake cannot be brute-forced back to a short value
  such as a phone number or a PIN.
- Same key + same value → same fake, in any process; different values → different
  fakes in practice (the keyed stream is 512 bits; formats with few possible fakes,
  such as TEST-NET IPv4 addresses, are the documented exception).
- A fake never equals nor contains its original (the stream is re-drawn until it
  does not), so searching redacted bytes for a real value never finds it.
- A fake keeps the format a schema or a client would check: an email is an email at
  ``example.com``, a card passes Luhn with the same length and separators, an IP is in
  a documentation range, a JWT has three base64url parts, a number keeps its digits.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
from collections.abc import Callable

from specmock.record.detectors import luhn_ok

__all__ = ["Fakes"]

_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
_B64URL = _UPPER + _LOWER + "0123456789-_"
_HEXCHARS = frozenset("0123456789abcdefABCDEF")
_SCHEME = re.compile(r"([A-Za-z][\w-]*)([ \t]+)(\S.*)", re.DOTALL)
_JWT = re.compile(r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]*")
_SSN = re.compile(r"\d{3}([- ]?)\d{2}\1\d{4}")
_NI = re.compile(r"[A-Za-z]{2}( ?)\d{2}\1\d{2}\1\d{2}\1[A-Da-d]")
_JWT_HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
#: 2100-01-01T00:00:00Z: a mock token that replays never expires.
_JWT_EXP = 4102444800


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Fakes:
    """Fake values keyed by a per-recording secret.

    Example:
        >>> fakes = Fakes(b"k" * 32)
        >>> fake = fakes.email("alice@example.org")
        >>> fake == fakes.email("Alice@Example.org"), fake.endswith("@example.com")
        (True, True)
    """

    __slots__ = ("_key",)

    def __init__(self, key: bytes) -> None:
        # BLAKE2b takes keys up to 64 bytes; a longer one is hashed down to that.
        self._key = key if len(key) <= 64 else hashlib.blake2b(key).digest()

    # --- the keyed stream -----------------------------------------------------------

    def stream(self, kind: str, value: str, size: int, attempt: int = 0) -> bytes:
        """``size`` keyed pseudo-random bytes for ``value`` (``kind`` separates uses).

        Example:
            >>> Fakes(b"k" * 32).stream("x", "v", 4) == Fakes(b"k" * 32).stream("x", "v", 4)
            True
        """
        data = value.encode("utf-8", "surrogatepass")
        out = bytearray()
        block = 0
        while len(out) < size:
            prefix = f"{kind}\0{attempt}\0{block}\0".encode()
            out += hashlib.blake2b(prefix + data, key=self._key).digest()
            block += 1
        return bytes(out[:size])

    def _differs(
        self,
        kind: str,
        value: str,
        make: Callable[[bytes], str],
        size: int,
        *,
        original: str | None = None,
    ) -> str:
        """``make(stream)``, re-drawn until it differs from the original."""
        original = value if original is None else original
        fake = original
        for attempt in range(64):
            fake = make(self.stream(kind, value, size, attempt))
            if original not in fake:
                return fake
        return fake  # pragma: no cover - only a value with nothing to replace

    def hexdigest(self, kind: str, value: str, size: int) -> str:
        """``size`` keyed hex characters (for names such as ``user-3f9a2c``).

        Example:
            >>> len(Fakes(b"k" * 32).hexdigest("x", "v", 6))
            6
        """
        return self.stream(kind, value, (size + 1) // 2).hex()[:size]

    # --- formats --------------------------------------------------------------------

    def shape(self, value: str, kind: str = "shape") -> str:
        """Same length, same character classes: digits, lower, upper letters replaced.

        A hex-looking value stays hex; punctuation and other characters stay in place.

        Example:
            >>> fake = Fakes(b"k" * 32).shape("AB-12cd")
            >>> len(fake), fake[2], fake[:2].isupper(), fake[3:5].isdigit()
            (7, '-', True, True)
        """
        # A long hex value (a digest, a key) keeps to the hex alphabet.
        is_hex = len(value) >= 16 and all(ch in _HEXCHARS or not ch.isalnum() for ch in value)

        def make(rand: bytes) -> str:
            out = []
            for ch, b in zip(value, rand, strict=False):
                if ch.isdigit() and ch.isascii():
                    out.append(chr(48 + b % 10))
                elif is_hex and ch in _HEXCHARS:
                    c = "abcdef"[b % 6]
                    out.append(c.upper() if ch.isupper() else c)
                elif ch.isascii() and ch.islower():
                    out.append(_LOWER[b % 26])
                elif ch.isascii() and ch.isupper():
                    out.append(_UPPER[b % 26])
                elif ch.isalpha():
                    out.append(_LOWER[b % 26])
                else:
                    out.append(ch)
            return "".join(out)

        return self._differs(kind, value, make, len(value))

    def digits(self, value: str, kind: str = "digits", *, keep: int = 0) -> str:
        """Digits replaced (the first ``keep`` kept), everything else in place.

        A leading non-zero digit stays non-zero, a leading zero stays zero.

        Example:
            >>> fake = Fakes(b"k" * 32).digits("+1 (415) 555-2671", keep=1)
            >>> fake[:4], len(fake), fake[7:9]
            ('+1 (', 17, ') ')
        """

        plain = "".join(ch for ch in value if ch.isdigit() and ch.isascii())

        def make(rand: bytes) -> str:
            out = []
            seen = 0
            for ch in value:
                if not (ch.isdigit() and ch.isascii()):
                    out.append(ch)
                    continue
                b = rand[seen]
                seen += 1
                if seen <= keep:
                    out.append(ch)
                elif seen == keep + 1 and seen < len(plain):
                    out.append("0" if ch == "0" else chr(49 + b % 9))
                else:
                    out.append(chr(48 + b % 10))
            return "".join(out)

        # Keyed on the digits alone, so "+1 415 555 2671" and "+14155552671" agree.
        return self._differs(kind, plain, make, len(plain), original=value)

    def email(self, value: str) -> str:
        """A valid address at ``example.com`` (reserved, RFC 2606), keyed on the lower case.

        Example:
            >>> Fakes(b"k" * 32).email("bob@corp.io").startswith("user-")
            True
        """
        return self._differs(
            "email", value.lower(), lambda r: f"user-{r.hex()}@example.com", 5, original=value
        )

    def card(self, value: str) -> str:
        """A Luhn-valid number in the ``4000 00`` test range, same length and separators.

        Example:
            >>> fake = Fakes(b"k" * 32).card("5555-5555-5555-4444")
            >>> fake[:7], len(fake), luhn_ok(fake.replace("-", ""))
            ('4000-00', 19, True)
        """
        plain = "".join(ch for ch in value if ch.isdigit())
        n = len(plain)

        def make(rand: bytes) -> str:
            body = "400000" + "".join(chr(48 + b % 10) for b in rand[: n - 7])
            check = next(str(d) for d in range(10) if luhn_ok(body + str(d)))
            digits = iter(body + check)
            return "".join(next(digits) if ch.isdigit() else ch for ch in value)

        return self._differs("card", plain, make, n, original=value)

    def phone(self, value: str) -> str:
        """Same length and punctuation, digits replaced; the ``+`` and country code kept.

        North American numbers (10 digits, or 11 starting with 1) get the fictional
        ``555`` exchange.

        Example:
            >>> fake = Fakes(b"k" * 32).phone("(415) 867-5309")
            >>> fake[6:9], len(fake)
            ('555', 14)
        """
        plain = "".join(ch for ch in value if ch.isdigit())
        keep = 0
        if value.startswith("+"):
            m = re.match(r"\+(\d{1,3})[ .(-]", value)
            keep = len(m.group(1)) if m else 1
        nanp = len(plain) == 10 or (len(plain) == 11 and plain[0] == "1")
        if nanp and (len(plain) == 10 or keep <= 1):
            keep = len(plain) - 10
            fake = self.digits(value, "phone", keep=keep)
            digits = [ch for ch in fake if ch.isdigit()]
            digits[keep] = "2" if digits[keep] in "01" else digits[keep]
            digits[keep + 3 : keep + 6] = ["5", "5", "5"]
            it = iter(digits)
            result = "".join(next(it) if ch.isdigit() else ch for ch in fake)
            if result != value:
                return result
        return self.digits(value, "phone", keep=keep)

    def ipv4(self, value: str) -> str:
        """An address in TEST-NET-1, -2 or -3 (RFC 5737).

        Example:
            >>> Fakes(b"k" * 32).ipv4("10.1.2.3").split(".")[0] in ("192", "198", "203")
            True
        """
        nets = ("192.0.2", "198.51.100", "203.0.113")
        return self._differs("ipv4", value, lambda r: f"{nets[r[0] % 3]}.{1 + r[1] % 254}", 2)

    def ipv6(self, value: str) -> str:
        """An address in ``2001:db8::/32`` (RFC 3849).

        Example:
            >>> Fakes(b"k" * 32).ipv6("fe80::1").startswith("2001:db8:")
            True
        """
        base = int(ipaddress.IPv6Address("2001:db8::"))
        return self._differs(
            "ipv6",
            value.lower(),
            lambda r: str(ipaddress.IPv6Address(base | int.from_bytes(r, "big"))),
            12,
        )

    def jwt(self, value: str) -> str:
        """A JWT-shaped ``header.payload.signature`` whose payload says it is a mock.

        Example:
            >>> import base64, json
            >>> payload = Fakes(b"k" * 32).jwt("eyJa.eyJb.c").split(".")[1]
            >>> json.loads(base64.urlsafe_b64decode(payload + "=="))["mock"]
            True
        """
        sub = self.hexdigest("jwt-sub", value, 12)
        payload = f'{{"mock":true,"sub":"mock-{sub}","exp":{_JWT_EXP}}}'.encode()
        signature = _b64url(self.stream("jwt-sig", value, 32))
        return f"{_JWT_HEADER}.{_b64url(payload)}.{signature}"

    def ssn(self, value: str) -> str:
        """A US SSN shape in the never-issued 9xx area, separators kept.

        Example:
            >>> Fakes(b"k" * 32).ssn("123-45-6789")[0]
            '9'
        """
        fake = self.digits(value, "ssn")
        digits = [ch for ch in fake if ch.isdigit()]
        digits[0] = "9"
        digits[3] = digits[3] if digits[3] != "0" or digits[4] != "0" else "1"
        it = iter(digits)
        return "".join(next(it) if ch.isdigit() else ch for ch in fake)

    def ni(self, value: str) -> str:
        """A UK National Insurance number with the never-issued ``QQ`` prefix.

        Example:
            >>> Fakes(b"k" * 32).ni("AB 12 34 56 C")[:3]
            'QQ '
        """
        fake = self.digits(value, "ni")
        suffix = "ABCD"[self.stream("ni-suffix", value, 1)[0] % 4]
        return "QQ" + fake[2:-1] + (suffix if value[-1].isupper() else suffix.lower())

    def national_id(self, value: str) -> str:
        """A national identifier: SSN and NI shapes as above, anything else by shape.

        Example:
            >>> len(Fakes(b"k" * 32).national_id("X1234567"))
            8
        """
        if _SSN.fullmatch(value):
            return self.ssn(value)
        if _NI.fullmatch(value):
            return self.ni(value)
        return self.shape(value, "national_id")

    def secret(self, value: str) -> str:
        """A secret string: ``redacted-<keyed digest>``, keeping an auth scheme word.

        JWTs stay JWT-shaped. The digest is 8, 16 or 32 characters as the original is
        short, medium or long.

        Example:
            >>> Fakes(b"k" * 32).secret("Bearer abc123").startswith("Bearer redacted-")
            True
        """
        if not value:
            return value
        m = _SCHEME.fullmatch(value)
        if m and m.group(1).lower() in ("bearer", "basic", "token", "digest", "bot", "apikey"):
            if m.group(1).lower() == "basic":
                return f"{m.group(1)}{m.group(2)}{self.basic(m.group(3))}"
            return f"{m.group(1)}{m.group(2)}{self.secret(m.group(3))}"
        if _JWT.fullmatch(value):
            return self.jwt(value)
        size = 8 if len(value) <= 16 else 16 if len(value) <= 40 else 32
        return self._differs(
            "secret", value, lambda r: f"redacted-{r.hex()[:size]}", (size + 1) // 2
        )

    def basic(self, value: str) -> str:
        """Base64 of ``mock-<digest>:redacted-<digest>`` (HTTP Basic credentials).

        Example:
            >>> import base64
            >>> base64.b64decode(Fakes(b"k" * 32).basic("dTpw")).startswith(b"mock-")
            True
        """
        d = self.hexdigest("basic", value, 12)
        return base64.b64encode(f"mock-{d[:6]}:redacted-{d[6:]}".encode()).decode()

    def opaque(self, value: str) -> str:
        """A credential whose format must survive (a cookie value, a bearer token).

        JWTs stay JWT-shaped; anything else keeps its length and character classes.

        Example:
            >>> len(Fakes(b"k" * 32).opaque("s%3Aabc.def"))
            11
        """
        if _JWT.fullmatch(value):
            return self.jwt(value)
        return self.shape(value, "opaque") if value else value

    def number(self, value: int | float) -> int | float:
        """A number with the same sign, digit count and type, digits replaced.

        Example:
            >>> fake = Fakes(b"k" * 32).number(1234)
            >>> isinstance(fake, int), len(str(fake)), fake != 1234
            (True, 4, True)
        """
        if value == 0 or value != value or value in (float("inf"), float("-inf")):
            return type(value)(1 + self.stream("number", repr(value), 1)[0] % 9)
        text = repr(value)
        mantissa, e, exponent = text.partition("e")
        fake = self.digits(mantissa, "number") + e + exponent
        return type(value)(fake)

    def card_number(self, value: int) -> int:
        """A card number held as a JSON number: a Luhn-valid one of the same length.

        Example:
            >>> luhn_ok(str(Fakes(b"k" * 32).card_number(4111111111111111)))
            True
        """
        return int(self.card(str(value)))
