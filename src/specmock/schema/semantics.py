"""Realistic values chosen by field name: the ``PROVIDERS`` table, name pattern -> provider.

Rules:

- A provider is ``(rng, ctx) -> value``: all randomness from ``rng``; ``ctx`` is a dict
  shared by the fields of one object, so ``first_name``, ``last_name``, ``name`` and
  ``email`` describe one person and ``created_at <= updated_at``, ``start <= end``.
- Field names are normalised once (``createdAt`` -> ``created_at``); the first rule
  whose pattern matches, whose kind is the schema's type and whose formats include the
  schema's ``format`` (``None`` = no format) wins.
- A provider's value is a *suggestion*: the string/number builders keep it only when it
  satisfies the schema, otherwise they fall back to constraint-driven values; a
  :class:`Forms` provider offers other written forms of its value first (a country's
  alpha-2 code where a name does not fit).
- Test data looks like test data: emails on example.com/.org/.net, phones in the
  fictional 555-01xx range, test card numbers, ``mock_`` secrets, documentation IPs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random
from typing import Any

from specmock.schema import formats
from specmock.schema.vocabulary import vocabulary

__all__ = [
    "PROVIDERS",
    "Forms",
    "Provider",
    "Rule",
    "contextual_name",
    "find_provider",
    "normalise_name",
]

Provider = Callable[[Random, dict[str, Any]], Any]

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_TEST_CARDS = ("4242424242424242", "4000056655665556", "5555555555554444", "378282246310005")
_URL_FORMATS = frozenset({None, "uri", "url", "iri", "uri-reference", "iri-reference"})
_NO_FORMAT = frozenset({None})


def normalise_name(name: str) -> str:
    """``"createdAt"`` -> ``"created_at"``; ``"First-Name"`` -> ``"first_name"``.

    Example:
        >>> normalise_name("avatarURL")
        'avatar_url'
    """
    return _CAMEL.sub("_", name).replace("-", "_").replace(" ", "_").lower()


def _pick(rng: Random, items: tuple[str, ...]) -> str:
    return items[rng.randrange(len(items))]


def _shared(rng: Random, ctx: dict[str, Any], name: str) -> Random:
    """What an object's fields share (one person, one timeline, one currency) is drawn by
    the entity and ``name`` where the object is an entity's (``ctx["entity"]``, see
    :class:`~specmock.schema.walk.Walk`), not by whichever field asks first: two schemas
    of one entity name the same person."""
    entity = ctx.get("entity")
    return Random(f"{entity}\x1f{name}") if entity is not None else rng


def _person(rng: Random, ctx: dict[str, Any]) -> tuple[str, str]:
    person = ctx.get("person")
    if person is None:
        v = vocabulary()
        rng = _shared(rng, ctx, "person")
        person = ctx["person"] = (_pick(rng, v.first_names), _pick(rng, v.last_names))
    return person


def _moment(rng: Random, ctx: dict[str, Any]) -> datetime:
    """The object's reference instant: ``created_at`` and ``start`` are it, later ones after."""
    when = ctx.get("t0")
    if when is None:
        when = ctx["t0"] = formats.moment(_shared(rng, ctx, "t0"))
    return when


def _later(rng: Random, ctx: dict[str, Any]) -> datetime:
    return formats.later(_moment(rng, ctx), rng)


def _first(rng: Random, ctx: dict[str, Any]) -> str:
    return _person(rng, ctx)[0]


def _last(rng: Random, ctx: dict[str, Any]) -> str:
    return _person(rng, ctx)[1]


def _full(rng: Random, ctx: dict[str, Any]) -> str:
    first, last = _person(rng, ctx)
    return f"{first} {last}"


def _email(rng: Random, ctx: dict[str, Any]) -> str:
    first, last = _person(rng, ctx)
    return formats.email_for(f"{first}.{last}".lower(), rng)


def _username(rng: Random, ctx: dict[str, Any]) -> str:
    first, last = _person(rng, ctx)
    return f"{first}{last[0]}{rng.randint(1, 99)}".lower()


def _phone(rng: Random, ctx: dict[str, Any]) -> str:
    return f"+1-202-555-01{rng.randint(0, 99):02d}"


def _street(rng: Random, ctx: dict[str, Any]) -> str:
    v = vocabulary()
    return f"{rng.randint(1, 9999)} {_pick(rng, v.last_names)} {_pick(rng, v.street_suffixes)}"


def _city(rng: Random, ctx: dict[str, Any]) -> str:
    v = vocabulary()
    if rng.random() < 0.5:
        return f"{_pick(rng, v.city_prefixes)} {_pick(rng, v.first_names)}"
    return f"{_pick(rng, v.first_names)}{_pick(rng, v.city_suffixes)}"


@dataclass(frozen=True, slots=True)
class Forms:
    """A provider of one kind of value in several written forms, best first (a country's
    name, its alpha-2 code, its alpha-3 code): the string builder keeps the first form
    the schema takes, so ``country`` with ``pattern: ^[A-Z]{2}$`` is a real code."""

    forms: tuple[Provider, ...]

    def __call__(self, rng: Random, ctx: dict[str, Any]) -> Any:
        return self.forms[0](rng, ctx)


def _choice(items: Callable[[], tuple[str, ...]]) -> Provider:
    def provide(rng: Random, ctx: dict[str, Any]) -> str:
        return _pick(rng, items())

    return provide


def _postal(rng: Random, ctx: dict[str, Any]) -> str:
    return f"{rng.randint(10000, 99999)}"


def _url(rng: Random, ctx: dict[str, Any]) -> str:
    return f"https://www.example.com/{_pick(rng, vocabulary().words)}/{rng.randint(1, 9999)}"


def _image(rng: Random, ctx: dict[str, Any]) -> str:
    return f"https://img.example.com/{_pick(rng, vocabulary().words)}-{rng.randint(1, 999)}.png"


def _uuid(rng: Random, ctx: dict[str, Any]) -> str:
    return formats.uuid4(rng)


def _sentence(rng: Random, ctx: dict[str, Any]) -> str:
    words = [_pick(rng, vocabulary().words) for _ in range(rng.randint(6, 14))]
    return " ".join(words).capitalize() + "."


def _title(rng: Random, ctx: dict[str, Any]) -> str:
    return " ".join(_pick(rng, vocabulary().words) for _ in range(rng.randint(2, 4))).title()


def _thing(rng: Random, ctx: dict[str, Any]) -> str:
    return " ".join(_pick(rng, vocabulary().words) for _ in range(rng.randint(1, 2))).title()


def _company(rng: Random, ctx: dict[str, Any]) -> str:
    v = vocabulary()
    return f"{_pick(rng, v.last_names)} {_pick(rng, v.company_suffixes)}"


def _slug(rng: Random, ctx: dict[str, Any]) -> str:
    return "-".join(_pick(rng, vocabulary().words) for _ in range(rng.randint(2, 3)))


def _hex(length: int) -> Provider:
    def provide(rng: Random, ctx: dict[str, Any]) -> str:
        return f"{rng.getrandbits(length * 4):0{length}x}"

    return provide


def _version(rng: Random, ctx: dict[str, Any]) -> str:
    return f"{rng.randint(0, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}"


def _file_name(rng: Random, ctx: dict[str, Any]) -> str:
    v = vocabulary()
    return f"{_pick(rng, v.words)}.{_pick(rng, v.file_extensions)}"


def _secret(rng: Random, ctx: dict[str, Any]) -> str:
    return f"mock_{rng.getrandbits(96):024x}"


def _card(rng: Random, ctx: dict[str, Any]) -> str:
    return _pick(rng, _TEST_CARDS)


def _created(rng: Random, ctx: dict[str, Any]) -> str:
    return formats.iso_datetime(_moment(rng, ctx))


def _updated(rng: Random, ctx: dict[str, Any]) -> str:
    return formats.iso_datetime(_later(rng, ctx))


def _start_date(rng: Random, ctx: dict[str, Any]) -> str:
    return _moment(rng, ctx).strftime("%Y-%m-%d")


def _end_date(rng: Random, ctx: dict[str, Any]) -> str:
    return (_moment(rng, ctx) + timedelta(days=rng.randint(1, 90))).strftime("%Y-%m-%d")


def _any_date(rng: Random, ctx: dict[str, Any]) -> str:
    return formats.moment(rng).strftime("%Y-%m-%d")


def _any_time(rng: Random, ctx: dict[str, Any]) -> str:
    return formats.iso_datetime(formats.moment(rng))


def _epoch_created(rng: Random, ctx: dict[str, Any]) -> int:
    return int(_moment(rng, ctx).timestamp())


def _epoch_later(rng: Random, ctx: dict[str, Any]) -> int:
    return int(_later(rng, ctx).timestamp())


def _ints(lo: int, hi: int) -> Provider:
    def provide(rng: Random, ctx: dict[str, Any]) -> int:
        return rng.randint(lo, hi)

    return provide


def _decimals(lo: float, hi: float, places: int = 2) -> Provider:
    def provide(rng: Random, ctx: dict[str, Any]) -> float:
        return round(rng.uniform(lo, hi), places)

    return provide


def _amount(rng: Random, ctx: dict[str, Any]) -> float | int:
    # The object's currency is chosen first, whichever field comes first, so an amount
    # always has the precision of its currency.
    if _currency(rng, ctx) in ("JPY", "KRW", "VND", "CLP", "ISK"):
        return rng.randint(100, 100000)
    return round(rng.uniform(1, 1000), 2)


def _currency(rng: Random, ctx: dict[str, Any]) -> str:
    code = ctx.get("currency")
    if code is None:
        rng = _shared(rng, ctx, "currency")
        common = ("USD", "EUR", "GBP", "JPY", "CAD", "AUD", "CHF")
        code = ctx["currency"] = (
            _pick(rng, common) if rng.random() < 0.8 else _pick(rng, vocabulary().currencies)
        )
    return code


def _bool(rng: Random, ctx: dict[str, Any]) -> bool:
    return rng.random() < 0.5


def _mostly_true(rng: Random, ctx: dict[str, Any]) -> bool:
    return rng.random() < 0.8


@dataclass(frozen=True, slots=True)
class Rule:
    """A field-name pattern (full match on the normalised name) and what it provides."""

    pattern: re.Pattern[str]
    kinds: frozenset[str]
    provider: Provider
    formats: frozenset[str | None] = _NO_FORMAT


def _rule(
    pattern: str,
    kinds: str,
    provider: Provider,
    formats_: Collection[str | None] = _NO_FORMAT,
) -> Rule:
    return Rule(re.compile(pattern), frozenset(kinds.split()), provider, frozenset(formats_))


_S, _I, _N, _B = "string", "integer", "number integer", "boolean"
_DT = frozenset({None, "date-time"})

#: A country's ISO 3166 alpha-2 and alpha-3 codes.
_ALPHA2 = _choice(lambda: vocabulary().alpha2)
_ALPHA3 = _choice(lambda: vocabulary().alpha3)

#: Field name -> provider, first match wins. Extend by passing ``providers=(mine, *PROVIDERS)``.
PROVIDERS: tuple[Rule, ...] = (
    # people
    _rule(r"(.*_)?e?mail(_address)?", _S, _email, {None, "email", "idn-email"}),
    _rule(r"(.*_)?(first_name|given_name|firstname|forename)", _S, _first),
    _rule(r"(.*_)?(last_name|surname|family_name|lastname)", _S, _last),
    _rule(
        r"(full_name|display_name|fullname|contact_name|customer_name|author|owner_name)", _S, _full
    ),
    _rule(r"(user_?name|login|handle|screen_name|nickname)", _S, _username),
    _rule(r"(.*_)?(phone|phone_number|mobile|telephone|tel|fax|cell)", _S, _phone),
    # places
    _rule(r"(street|street_address|address|address_line_?1|address1|line1)", _S, _street),
    _rule(r"(.*_)?city|town", _S, _city),
    _rule(r"(state_code|state_abbr|province_code)", _S, _choice(lambda: vocabulary().states_abbr)),
    _rule(r"(state|province|region)", _S, _choice(lambda: vocabulary().states)),
    _rule(r"(.*_)?(postal_code|postcode|zip|zip_code|zipcode)", _S, _postal),
    _rule(r"(country_code|country_iso|iso_country|country_alpha_?2)", _S, _ALPHA2),
    _rule(r"(country_code3|country_alpha_?3|iso3)", _S, _ALPHA3),
    _rule(r"(.*_)?country", _S, Forms((_choice(lambda: vocabulary().countries), _ALPHA2, _ALPHA3))),
    _rule(r"(.*_)?(language|lang|language_code)", _S, _choice(lambda: vocabulary().languages)),
    _rule(r"(.*_)?locale", _S, _choice(lambda: vocabulary().locales)),
    _rule(r"(lat|latitude)", _N, _decimals(-90, 90, 6)),
    _rule(r"(lng|lon|long|longitude)", _N, _decimals(-180, 180, 6)),
    # web
    _rule(
        r"(.*_)?(avatar|image|photo|picture|thumbnail|logo|icon)(_url)?", _S, _image, _URL_FORMATS
    ),
    _rule(r"(.*_)?(url|uri|website|homepage|link|href)", _S, _url, _URL_FORMATS),
    _rule(
        r"(.*_)?(ip|ip_address|ipv4)",
        _S,
        _choice(lambda: ("192.0.2.10", "198.51.100.7", "203.0.113.42")),
    ),
    _rule(
        r"(.*_)?(domain|host|hostname)",
        _S,
        _choice(lambda: ("example.com", "example.org", "api.example.net")),
    ),
    # secrets and payment
    _rule(
        r"(.*_)?(password|secret|token|api_key|apikey|access_key|private_key|client_secret)",
        _S,
        _secret,
        {None, "password"},
    ),
    _rule(r"(card_number|credit_card|cc_number|pan|card)", _S, _card),
    _rule(r"(.*_)?(currency|currency_code)", _S, _currency),
    _rule(r"(.*_)?(price|amount|cost|total|subtotal|balance|fee|tax|discount)", "number", _amount),
    _rule(r"(.*_)?(price|amount|cost|subtotal|balance|fee|tax)(_cents)?", _I, _ints(100, 100000)),
    # time
    _rule(
        r"(created|created_at|inserted_at|created_on|creation_date|start|start_time|starts_at|started_at|start_at)",
        _S,
        _created,
        _DT,
    ),
    _rule(
        r"(updated|updated_at|modified|modified_at|last_modified|end|end_time|ends_at|ended_at|end_at|finished_at|completed_at)",
        _S,
        _updated,
        _DT,
    ),
    _rule(r"(start_date|from_date|valid_from|date_from)", _S, _start_date, {None, "date"}),
    _rule(
        r"(end_date|to_date|valid_until|valid_to|date_to|due_date|expiry_date)",
        _S,
        _end_date,
        {None, "date"},
    ),
    _rule(r"(.*_)?(date|birthday|dob|birth_date)", _S, _any_date, {None, "date"}),
    _rule(r"(.*_at|.*_time|timestamp|time)", _S, _any_time, _DT),
    _rule(r"(created|created_at|start|start_time|starts_at|timestamp|.*_at)", _I, _epoch_created),
    _rule(r"(updated|updated_at|end|end_time|ends_at|modified_at)", _I, _epoch_later),
    # identifiers
    _rule(r"(id|.*_id|uuid|guid|.*_uuid)", _S, _uuid, {None, "uuid"}),
    _rule(r"(id|.*_id)", _I, _ints(1, 100000)),
    _rule(r"(.*_)?(slug)", _S, _slug),
    _rule(r"(md5|.*_md5)", _S, _hex(32)),
    _rule(r"(sha1|.*_sha1|commit|commit_sha)", _S, _hex(40)),
    _rule(r"(.*_)?(hash|checksum|sha256|digest|etag|fingerprint)", _S, _hex(64)),
    _rule(r"(.*_)?(version|semver)", _S, _version),
    _rule(
        r"(mime_type|content_type|media_type|mimetype)",
        _S,
        _choice(lambda: vocabulary().mime_types),
    ),
    _rule(r"(file_name|filename|.*_file)", _S, _file_name),
    # text
    _rule(
        r"(.*_)?(description|summary|bio|about|comment|comments|notes?|message|text|body|content|details)",
        _S,
        _sentence,
    ),
    _rule(r"(.*_)?(title|subject|headline|caption|label)", _S, _title),
    _rule(
        r"(company|company_name|organization|organisation|employer|vendor|publisher|brand)",
        _S,
        _company,
    ),
    _rule(
        r"(job|job_title|occupation|position|role_title)", _S, _choice(lambda: vocabulary().jobs)
    ),
    _rule(r"(.*_)?(colou?r)", _S, _choice(lambda: vocabulary().colors)),
    _rule(r"(tag|category|keyword|topic|genre)", _S, _choice(lambda: vocabulary().words)),
    _rule(r"(.*_)?name", _S, _thing),
    # numbers
    _rule(r"age", _I, _ints(18, 90)),
    _rule(r"(.*_)?year", _I, _ints(1990, 2026)),
    _rule(r"(.*_)?(percent|percentage|pct)", _N, _ints(0, 100)),
    _rule(r"(.*_)?port", _I, _ints(1024, 65535)),
    _rule(r"(quantity|qty|.*_quantity)", _I, _ints(1, 20)),
    _rule(r"(.*_)?(count|total|number_of_.*|num_.*|.*_count)", _I, _ints(0, 100)),
    _rule(r"(page|page_number)", _I, _ints(1, 10)),
    _rule(r"(page_size|per_page|limit|size)", _I, _ints(10, 100)),
    _rule(r"(offset|skip)", _I, _ints(0, 100)),
    _rule(r"(rating|stars|score)", _N, _ints(1, 5)),
    _rule(r"(.*_)?(duration|seconds|timeout|ttl)", _I, _ints(1, 3600)),
    _rule(r"(status_code|http_status)", _I, _ints(200, 204)),
    _rule(r"(.*_)?(rate|ratio)", _N, _decimals(0, 1, 4)),
    _rule(r"(.*_)?(weight|height|width|length|depth)", _N, _decimals(0.1, 100, 1)),
    # booleans
    _rule(
        r"(active|enabled|is_active|is_enabled|available|visible|verified|is_verified)",
        _B,
        _mostly_true,
    ),
    _rule(r".*", _B, _bool),
)

_PERSON_SIBLINGS = re.compile(
    r"(first_name|given_name|last_name|surname|family_name|e?mail|email_address|username|phone|birth_date|dob)"
)


def contextual_name(name: str, siblings: Collection[str]) -> str:
    """The name to look providers up by, given the object's other property names.

    A bare ``name`` beside person fields (``email``, ``first_name``...) is a full name.

    Example:
        >>> contextual_name("name", ["email", "id"])
        'full_name'
    """
    key = normalise_name(name)
    if key == "name" and any(_PERSON_SIBLINGS.fullmatch(normalise_name(s)) for s in siblings):
        return "full_name"
    return key


def find_provider(
    name: str | None, kind: str, fmt: str | None, providers: tuple[Rule, ...] = PROVIDERS
) -> Provider | None:
    """The provider for a field ``name`` of JSON type ``kind`` and ``format`` ``fmt``.

    Example:
        >>> find_provider("createdAt", "string", "date-time") is not None
        True
    """
    if not name:
        return None
    key = normalise_name(name)
    for rule in providers:
        if kind in rule.kinds and fmt in rule.formats and rule.pattern.fullmatch(key):
            return rule.provider
    return None
