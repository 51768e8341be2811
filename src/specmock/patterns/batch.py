"""The batch pattern: one request that carries many operations or items.

Evidence: a ``batch`` / ``bulk`` word in the path or name (``/batch``, ``BatchGetItem``,
``bulkCreate``, ``$batch``), a ``multipart/mixed`` body (OData / Google batch), or a
write whose body is an array of items.
"""

from __future__ import annotations

from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features
from specmock.patterns.vocabulary import lexicon

__all__ = ["WEIGHTS", "detect", "judge"]

WEIGHTS = weights(
    {
        "batch_word": 0.92,  # batch / bulk / multi in the path or name
        "mixed_body": 0.9,  # multipart/mixed request body
        "array_body": 0.45,  # a write whose body is an array (or wraps an "entries" array)
    }
)

_BATCH_WORDS = lexicon(
    """
    batch bulk batches multi batchget batchwrite
    """
)
_ENTRY_FIELDS = lexicon(
    """
    entries requests operations items records batch
    """
)


def judge(f: Features) -> PatternMatch | None:
    """Judge the batch pattern from an operation's features."""
    tally = Tally(WEIGHTS)
    params: dict[str, str] = {}
    name = set(f.path_words) | set(f.name_words)
    if name & _BATCH_WORDS:
        tally.add("batch_word", f"named {sorted(name & _BATCH_WORDS)[0]!r}")
    if any(m == "multipart/mixed" for m in f.body_media):
        tally.add("mixed_body", "multipart/mixed body")
    if f.method in ("post", "put", "patch"):
        entries = next(
            (x for x in f.body_fields if x.norm in _ENTRY_FIELDS and "array" in x.types), None
        )
        if entries is not None:
            tally.add("array_body", f"body carries an array {entries.name!r}")
            params["entries"] = entries.name
    if tally.score == 0.0:
        return None
    return tally.match("batch", "bulk", params)


detect = FeatureDetector("batch", judge)
