"""Word lists for realistic values, extracted once from Faker's provider data.

Rules: only Faker's *data* is used (tuples of names, words, codes), never a ``Faker``
instance, so no random state lives outside the ``random.Random`` a generator is given.
The lists are loaded on first use and kept in one frozen :class:`Vocabulary`; the first
use takes a lock, so threads that start generating at once do not import Faker's
packages concurrently (the import system can report that as a deadlock).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

__all__ = ["Vocabulary", "vocabulary"]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Every list the semantic providers draw from (ASCII-only where it matters)."""

    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    words: tuple[str, ...]
    street_suffixes: tuple[str, ...]
    city_prefixes: tuple[str, ...]
    city_suffixes: tuple[str, ...]
    states: tuple[str, ...]
    states_abbr: tuple[str, ...]
    countries: tuple[str, ...]
    alpha2: tuple[str, ...]
    alpha3: tuple[str, ...]
    currencies: tuple[str, ...]
    languages: tuple[str, ...]
    locales: tuple[str, ...]
    company_suffixes: tuple[str, ...]
    colors: tuple[str, ...]
    css_colors: tuple[str, ...]
    mime_types: tuple[str, ...]
    file_extensions: tuple[str, ...]
    jobs: tuple[str, ...]


def _ascii(items: object) -> tuple[str, ...]:
    return tuple(s for s in dict.fromkeys(items) if isinstance(s, str) and s.isascii())  # type: ignore[call-overload]


_FIRST_USE = threading.Lock()


@cache
def vocabulary() -> Vocabulary:
    """The shared vocabulary, built from Faker's en_US data on first call.

    Example:
        >>> "USD" in vocabulary().currencies
        True
    """
    # only a first call gets here; one that comes second waits, then takes what the first
    # built (``_build`` is cached too), so Faker is imported and read once
    with _FIRST_USE:
        return _build()


@cache
def _build() -> Vocabulary:
    from faker.providers import BaseProvider
    from faker.providers.address import Provider as Address
    from faker.providers.address.en_US import Provider as UsAddress
    from faker.providers.color import Provider as Color
    from faker.providers.color.en_US import Provider as UsColor
    from faker.providers.company.en_US import Provider as Company
    from faker.providers.currency import Provider as Currency
    from faker.providers.file import Provider as File
    from faker.providers.job.en_US import Provider as Job
    from faker.providers.lorem.en_US import Provider as Lorem
    from faker.providers.person.en_US import Provider as Person

    locales = tuple(
        f"{lang}_{region}"
        for lang, regions in BaseProvider.language_locale_codes.items()
        if len(lang) == 2
        for region in regions
    )
    mimes = tuple(m for group in File.mime_types.values() for m in group if "+" not in m)
    return Vocabulary(
        first_names=_ascii(Person.first_names),
        last_names=_ascii(Person.last_names),
        words=_ascii(w for w in Lorem.word_list if w.isalpha()),
        street_suffixes=_ascii(UsAddress.street_suffixes),
        city_prefixes=_ascii(UsAddress.city_prefixes),
        city_suffixes=_ascii(UsAddress.city_suffixes),
        states=_ascii(UsAddress.states),
        states_abbr=_ascii(UsAddress.states_abbr),
        countries=_ascii(c for c in Address.countries if "," not in c),
        alpha2=_ascii(Address.alpha_2_country_codes),
        alpha3=_ascii(Address.alpha_3_country_codes),
        currencies=_ascii(code for code, _ in Currency.currencies),
        languages=_ascii(k for k in BaseProvider.language_locale_codes if len(k) == 2),
        locales=_ascii(locales),
        company_suffixes=_ascii(Company.company_suffixes),
        colors=_ascii(Color.safe_colors),
        css_colors=_ascii(UsColor.all_colors),
        mime_types=_ascii(mimes),
        file_extensions=_ascii(e for group in File.file_extensions.values() for e in group),
        jobs=_ascii(Job.jobs),
    )
