"""The file_upload pattern: an operation that accepts file content.

Evidence: a ``multipart/form-data`` body with a binary part (Swagger 2.0 ``type: file``
arrives as ``{"type": ["string"], "format": "binary"}``); a binary body
(``application/octet-stream``, ``image/*``, ``video/*``, ``audio/*``, archives and
packages); an RPC body whose member is a blob or stream; an explicit upload or import
endpoint that declares no structured body (the bytes are the body).

Not file upload: a URL pointing at a file; multipart or form bodies with ordinary fields
only; creating an upload *session*, initiating an upload with metadata, committing
parts or copying an object. ``detail`` is ``multipart``, ``binary`` or ``form_file``;
``params`` gives ``file_field`` (the part's name) and ``media_type``.
"""

from __future__ import annotations

from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features, words
from specmock.patterns.vocabulary import ACTION_VERBS, lexicon

__all__ = ["WEIGHTS", "detect", "judge"]

WEIGHTS = weights(
    {
        "multipart_file": 0.96,  # multipart/form-data with a binary part
        "binary_field": 0.9,  # a binary field in some other body
        "binary_media": 0.94,  # octet-stream, image/*, video/*, audio/*, archives
        "blob_member": 0.85,  # an RPC body member that is a blob / stream
        "raw_text_body": 0.45,  # a bare string body of a non-JSON text type
        "upload_word": 0.6,  # the name says upload / import, no structured body
        "file_named_part": 0.7,  # a multipart part named file / image / attachment
        "upload_param": 0.9,  # Google-style media upload (uploadType=media|multipart)
        "file_noun": 0.6,  # POST/PUT to attachments / media / photos, no declared body
        "session": 0.95,  # against: upload sessions, initiate, commit, copy
        "reads": 0.99,  # against: GET / DELETE / HEAD send no file
    }
)

_BINARY_PREFIXES = ("image/", "video/", "audio/", "font/")
_BINARY_TYPES = lexicon(
    """
    application/octet-stream application/zip application/x-zip-compressed application/gzip
    application/x-gzip application/x-tar application/pdf
    application/vnd.android.package-archive application/java-archive application/x-binary
    application/binary binary/octet-stream application/x-www-form-binary
    application/x-apple-diskimage application/vnd.ms-excel application/msword
    application/x-msdownload
    """
)
_BLOB_REFS = lexicon(
    """
    blob body streamingbody stream bytes binary filecontent content
    """
)
_FILE_PART_NAMES = lexicon(
    """
    file files image images photo picture attachment attachments document upload avatar
    media data content video audio archive
    """
)
#: Last words of a multipart part that holds a file (``target_users_file``, ``csv_file``);
#: ``file_name`` and ``image_url`` only describe one.
_FILE_PART_HEADS = lexicon(
    """
    file files image images photo picture attachment attachments document avatar video
    audio archive
    """
)
_FILE_NOUNS = lexicon(
    """
    attachment attachments media photo photos image images picture pictures avatar video
    videos audio file files document documents logo icon thumbnail content
    """
)
#: Last words of a parameter that points at kept things rather than carrying bytes.
_REFERENCES = lexicon(
    """
    uri uris url urls id ids
    """
)
_SESSION_WORDS = lexicon(
    """
    session sessions initiate commit copy complete abort presigned signed url urls ticket
    """
)
_UPLOAD_WORDS = frozenset({"upload", "uploads", "import"})


def judge(f: Features) -> PatternMatch | None:
    """Judge the file_upload pattern from an operation's features."""
    if f.method not in ("post", "put", "patch"):
        return None
    tally = Tally(WEIGHTS)
    params: dict[str, str] = {}
    detail: str | None = None
    multipart = any(m.startswith("multipart/") for m in f.body_media)
    for field in f.body_fields:
        if not field.top_level:
            continue
        binary = field.format in ("binary", "file") or "file" in field.types
        if binary:
            key = "multipart_file" if multipart else "binary_field"
            tally.add(key, f"body part {field.name!r} is binary")
            params.setdefault("file_field", field.name)
            detail = detail or ("multipart" if multipart else "form_file")
        elif (
            "string" in field.types
            and (field.ref_name or "").lower() in _BLOB_REFS
            and not multipart
            and field.format is None
        ):
            tally.add("blob_member", f"body member {field.name!r} is a blob")
            params.setdefault("file_field", field.name)
            detail = detail or "binary"
        elif (
            multipart
            and (
                field.norm in _FILE_PART_NAMES
                or bool(_FILE_PART_HEADS.intersection(words(field.name)[-1:]))
            )
            and ("string" in field.types or not field.types)  # an untyped part: any bytes
        ):
            tally.add("file_named_part", f"multipart part {field.name!r}")
            params.setdefault("file_field", field.name)
            detail = detail or "multipart"
    for media in f.body_media:
        if media in _BINARY_TYPES or media.startswith(_BINARY_PREFIXES):
            tally.add("binary_media", f"body media type {media!r}")
            params.setdefault("media_type", media)
            detail = detail or "binary"
            break
        if f.body_binary and media.startswith("text/") and not f.body_fields:
            tally.add("raw_text_body", f"raw {media!r} body")
            params.setdefault("media_type", media)
            detail = detail or "binary"
            break
        if f.body_format == "binary" and not f.body_fields:
            # application/x-ndjson {type: string, format: binary}: a file's bytes
            tally.add("binary_media", f"{media!r} body is binary")
            params.setdefault("media_type", media)
            detail = detail or "binary"
            break
    name = set(f.path_words) | set(f.name_words)
    structured = bool(f.body_fields) and not f.body_binary
    last = f.last_literal
    # POST .../autoImport/resume: an action done to an import, no bytes sent
    acted = bool(last) and last[0] in ACTION_VERBS and not set(last) & _UPLOAD_WORDS
    if name & _UPLOAD_WORDS and not structured and f.verb not in ("get", "list") and not acted:
        tally.add("upload_word", f"named {sorted(name & _UPLOAD_WORDS)[0]!r}, no structured body")
        detail = detail or "binary"
    upload_param = next((p for p in f.params if p.norm == "uploadtype"), None)
    # Google's discovery documents give every method "uploadType"; only a media upload
    # path or a body of bytes takes one
    if upload_param is not None and ("upload" in f.path_words or f.body_binary):
        tally.add("upload_param", f"media upload parameter {upload_param.name!r}")
        detail = detail or "binary"
    head = f.last_literal[-1:]
    # PUT .../projects/{id}/videos?uris=...: the request names kept items, sends no bytes
    refers = any(
        p.required and p.location == "query" and set(words(p.name)[-1:]) & _REFERENCES
        for p in f.params
    )
    if (
        not f.body_media
        and head
        and head[0] in _FILE_NOUNS
        and not f.ends_with_param
        and not refers
        and f.verb in (None, "create", "add", "insert", "post", "put", "attach", "replace")
    ):
        tally.add("file_noun", f"sends a {head[0]!r} with no declared body")
        detail = detail or "binary"
    if tally.score == 0.0:
        return None
    sends_bytes = "file_field" in params or "media_type" in params
    if name & _SESSION_WORDS and not sends_bytes:
        hit = sorted(name & _SESSION_WORDS)[0]
        tally.against("session", f"upload session / commit / copy ({hit!r})")
    return tally.match("file_upload", detail, params)


detect = FeatureDetector("file_upload", judge)
