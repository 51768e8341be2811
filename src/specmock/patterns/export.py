"""The export pattern: an operation that hands back a file or a rendering of data.

Evidence: an ``export`` / ``download`` word in the path or name; a success response of
a file type (``application/octet-stream``, ``text/csv``, ``application/pdf``, images,
archives) or with a ``Content-Disposition`` header; an ``alt=media``-style format
parameter.
"""

from __future__ import annotations

from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features

__all__ = ["WEIGHTS", "detect", "judge"]

WEIGHTS = weights(
    {
        "export_word": 0.85,  # export / download in the path or name
        "file_response": 0.75,  # a binary or document media type in the success response
        "disposition": 0.8,  # Content-Disposition header
        "format_param": 0.35,  # a format / mimeType / alt parameter
    }
)

_WORDS = frozenset({"export", "exports", "download", "downloads", "dump"})
_FILE_MEDIA = (
    "application/octet-stream",
    "text/csv",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/vnd.",
    "image/",
    "video/",
    "audio/",
    "application/x-",
)
_FORMAT_PARAMS = frozenset({"format", "mimetype", "alt", "exportformat", "filetype"})


def judge(f: Features) -> PatternMatch | None:
    """Judge the export pattern from an operation's features."""
    tally = Tally(WEIGHTS)
    params: dict[str, str] = {}
    detail = "download"
    name = set(f.path_words) | set(f.name_words)
    if name & _WORDS:
        word = sorted(name & _WORDS)[0]
        tally.add("export_word", f"named {word!r}")
        detail = "export" if word.startswith("export") or word == "dump" else "download"
    media = next(
        (
            m
            for m in f.response_media
            if m.startswith(_FILE_MEDIA) and not m.endswith(("json", "xml", "+html"))
        ),
        None,
    )
    if media is not None:
        tally.add("file_response", f"responds with {media!r}")
        params["media_type"] = media
    if any(h.lower() == "content-disposition" for h in f.response_headers):
        tally.add("disposition", "header 'Content-Disposition'")
    if tally.score == 0.0:
        return None
    fmt = next((p for p in f.params if p.norm in _FORMAT_PARAMS), None)
    if fmt is not None:
        tally.add("format_param", f"param {fmt.name!r}")
        params["format"] = fmt.name
    return tally.match("export", detail, params)


detect = FeatureDetector("export", judge)
