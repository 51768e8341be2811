"""Identifiers and phrases into words: the one tokeniser every detector shares.

Rules: words are lower case, split on punctuation, ``snake_case``, ``kebab-case``, dots
and ``camelCase`` (``getHTTPResponse`` -> ``get http response``; an acronym's plural
stays whole: ``userIDs`` -> ``user ids``, and so does ``OAuth2``). A lower-case word
that starts with a known verb is split once more (``enablelogging`` -> ``enable
logging``) when what remains looks like a word of its own. A *normalised name* is
the lower-cased name with everything but letters and digits removed.
"""

from __future__ import annotations

import re

from specmock.patterns.vocabulary import SPLIT_REMAINDER_STOP, SPLITTABLE_PREFIXES

__all__ = ["norm", "words"]

_CHUNKS = re.compile(r"[A-Za-z0-9]+")
#: OAuth (``OAuth2``) is one word, as is an acronym's plural (``IDs``, ``URLs``); then
#: upper-case runs, words, digits.
_CAMEL = re.compile(r"OAuth2?|[A-Z]{2,}s(?![a-z])|[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_PREFIX = re.compile("|".join(SPLITTABLE_PREFIXES))  # longest first, so the longest wins
#: Words that start like a verb but are one word of their own (``setup``, ``checkout``).
_COMPOUNDS = (
    "setup",
    "checkout",
    "checkin",
    "startup",
    "addon",
    "address",
    "settle",
    "listen",
    "runtime",
    "openapi",
    "opensource",
    "sendgrid",
    "getaway",
    "lookup",
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def norm(name: str) -> str:
    """The normalised form of a name: lower case, letters and digits only.

    Example:
        >>> norm("$page_Size")
        'pagesize'
    """
    return _NOT_ALNUM.sub("", name.lower())


def _split_prefix(word: str) -> tuple[str, ...]:
    """Split a lower-case run-together word after a leading verb (``removemembers``)."""
    if len(word) < 7 or word.startswith(_COMPOUNDS):
        return (word,)
    match = _PREFIX.match(word)
    if match is not None:
        rest = word[match.end() :]
        if len(rest) >= 3 and rest not in SPLIT_REMAINDER_STOP:
            return (match.group(), rest)
    return (word,)


def words(text: str) -> tuple[str, ...]:
    """Split an identifier or a phrase into lower-case words.

    Example:
        >>> words("Server_GetRemoteAccessSettings"), words("removemembers")
        (('server', 'get', 'remote', 'access', 'settings'), ('remove', 'members'))
    """
    out: list[str] = []
    for chunk in _CHUNKS.findall(text):
        if chunk.islower():
            out.extend(_split_prefix(chunk))
            continue
        for piece in _CAMEL.findall(chunk):
            lower = piece.lower()
            if piece.islower():
                out.extend(_split_prefix(lower))
            else:
                out.append(lower)
    return tuple(out)
