"""Cache keys: the same request gets the same key, any difference a different one.

Rules:

- The canonical request is built from the bound :class:`~specmock.models.Inputs`:
  path parameters and headers by name (header names lower-cased), query parameters
  sorted by name with repeated values kept in their order, cookies by name, the body
  as a digest of its sorted-key JSON, files as (field, name, size, media type).
  Mapping order never matters; types do (``42`` and ``"42"`` differ).
- Everything else that shapes the answer (status, media type, quality, seed and any
  caller ``extra``) goes into the same digest, so ``variant`` names one answer.
- Only the headers the caller passes count: the caller decides which ones shape the
  answer (``Accept``, ``Prefer``), so a changing ``Date`` never splits the cache.
- Digests are blake2b (16 bytes for the variant); values orjson cannot encode fall
  back to their type and ``str``.
"""

from __future__ import annotations

from collections.abc import Mapping
from hashlib import blake2b
from typing import Any

import orjson

from specmock.cache import CacheKey
from specmock.models import Inputs

__all__ = ["body_digest", "cache_key", "canonical_request"]

_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def _fallback(value: Any) -> Any:
    # Sets have no order; bytes and anything else keep their type next to their value.
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": bytes(value).hex()}
    if isinstance(value, set | frozenset):
        return {"$set": sorted(orjson.dumps(v, default=_fallback, option=_OPTIONS) for v in value)}
    if isinstance(value, tuple):
        return list(value)
    return {"$" + type(value).__name__: str(value)}


def _dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_fallback, option=_OPTIONS)


def body_digest(body: Any) -> str | None:
    """The digest of a parsed body (``None`` when there is no body).

    Example:
        >>> body_digest({"a": 1, "b": 2}) == body_digest({"b": 2, "a": 1})
        True
    """
    if body is None:
        return None
    return blake2b(_dumps(body), digest_size=16).hexdigest()


def _values(value: Any) -> list[Any]:
    # A multi-valued parameter keeps its order; a single value is a list of one.
    return list(value) if isinstance(value, list | tuple) else [value]


def canonical_request(inputs: Inputs) -> dict[str, Any]:
    """The parts of a request that decide its answer, in a form with one spelling.

    Example:
        >>> canonical_request(Inputs(query={"b": [2, 1], "a": 1}))["query"]
        [['a', [1]], ['b', [2, 1]]]
    """
    return {
        "path": _pairs(inputs.path),
        "query": [[name, _values(value)] for name, value in _pairs(inputs.query)],
        "headers": _pairs(inputs.headers, lower=True),
        "cookies": _pairs(inputs.cookies),
        "body": body_digest(inputs.body),
        "files": [
            [name, info.filename, info.size, info.media_type] for name, info in _pairs(inputs.files)
        ],
        # links in the answer lead back where the request was sent
        **({"url": inputs.url} if inputs.url else {}),
    }


def _pairs(mapping: Mapping[Any, Any], *, lower: bool = False) -> list[list[Any]]:
    # Sorted by name, then by the value's JSON, so even unorderable values sort.
    pairs = [[str(k).lower() if lower else str(k), v] for k, v in mapping.items()]
    pairs.sort(key=lambda pair: (pair[0], _dumps(pair[1])))
    return pairs


def cache_key(
    spec_digest: str,
    operation: str,
    inputs: Inputs,
    *,
    status: int | str | None = None,
    media_type: str | None = None,
    quality: str,
    seed: int | None,
    extra: str = "",
) -> CacheKey:
    """The key of one answer: description, operation, and a digest of everything else.

    Args:
        spec_digest: the description's content digest (editing it changes every key).
        operation: ``METHOD /path/{template}``.
        inputs: the request's bound values (only the headers that shape the answer).
        status: the response status asked for (e.g. by ``Prefer: code=404``).
        media_type: the negotiated media type.
        quality: the generation quality.
        seed: the generation seed (``None``: unseeded).
        extra: any other response choice the caller makes (an example name, a mode).

    Example:
        >>> a = cache_key("d1", "GET /pets", Inputs(query={"limit": 5, "q": "x"}),
        ...               quality="standard", seed=1)
        >>> b = cache_key("d1", "GET /pets", Inputs(query={"q": "x", "limit": 5}),
        ...               quality="standard", seed=1)
        >>> a == b, a.variant == cache_key("d1", "GET /pets", Inputs(), quality="standard",
        ...                                seed=1).variant
        (True, False)
    """
    choices = {
        "request": canonical_request(inputs),
        "status": None if status is None else str(status),
        "media_type": media_type,
        "quality": quality,
        "seed": seed,
        "extra": extra,
    }
    variant = blake2b(_dumps(choices), digest_size=16).hexdigest()
    return CacheKey(spec=spec_digest, operation=operation, variant=variant)
