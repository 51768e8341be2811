"""What an operation's path and name say: segments, and the verb it is named with.

Rules:

- Path forms: template parameters (``{id}``, ``${id}``, ``:id``), OData keys
  (``/certificates(thumbprint={t})`` is the literal ``certificates`` followed by a key),
  AWS action keys (``/#DescribeThings``, ``/{Bucket}?acl#PutBucketAcl``: the part after
  ``#`` is the operation's action; a ``?flag`` is a literal sub-resource), file
  extensions (``info.0.json``), version segments and a leading ``api`` (dropped).
- The verb of a name comes from the action key, else the operationId (every chunk
  between separators may start with a verb; among several, the one that agrees with
  the HTTP method wins; an id that only repeats the method names no verb), else an
  RPC-style last path segment (``/createUser``, ``/conversations.list``,
  ``/jobs/{id}/terminate``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from specmock.patterns.vocabulary import (
    ACTION_VERBS,
    CRUD_VERBS,
    MANY_WORDS,
    NOUNISH_VERBS,
    VERB_OPS,
    is_plural,
    lexicon,
)
from specmock.patterns.words import words

__all__ = ["Segment", "is_verb", "name_verb", "parse_path", "stems"]

_TEMPLATE = re.compile(r"\{[^}]*\}")
_VERSION = re.compile(r"v[0-9]+(?:\.[0-9]+)*(?:[a-z]+[0-9]*)?|[0-9]+(?:\.[0-9]+)*")
_EXTENSIONS = lexicon(
    """
    json xml yaml yml csv txt html
    """
)


@dataclass(frozen=True, slots=True)
class Segment:
    """One path segment: a literal's words, or a template parameter's name."""

    raw: str
    words: tuple[str, ...]
    is_param: bool


def parse_path(path: str) -> tuple[tuple[Segment, ...], tuple[str, ...], bool]:
    """Parse a path key into segments, AWS action words and whether it ends with a param."""
    action: tuple[str, ...] = ()
    if "#" in path:
        path, _, fragment = path.partition("#")
        action = words(fragment)
    flags: list[str] = []
    if "?" in path:
        path, _, query = path.partition("?")
        for item in query.split("&"):
            key, _, value = item.partition("=")
            if key and not value and "{" not in key:
                flags.append(key)
    out: list[Segment] = []
    ends_with_param = False
    raw_parts = [p for p in path.split("/") if p]
    for index, raw in enumerate(raw_parts):
        is_last = index == len(raw_parts) - 1
        if raw.startswith(("{", "${", ":")) and (raw.endswith("}") or raw.startswith(":")):
            name = raw.strip("${}:")
            if is_last and index > 0 and name.lower() in _FORMAT_PARAMS:
                continue  # "/standard/{format}" picks a representation, not an item
            out.append(Segment(raw, words(name), True))
            ends_with_param = is_last
            continue
        head, paren, _ = raw.partition("(")
        literal = _TEMPLATE.sub(" ", head)
        parts = [w for w in words(literal) if w not in _EXTENSIONS or w == literal.lower()]
        if index == 0 and len(raw_parts) > 1 and parts in (["api"], ["rest"]):
            continue
        if _VERSION.fullmatch(raw.lower()):
            continue
        if is_last and index > 0 and raw.lower().lstrip(".") in _EXTENSIONS:
            continue  # "/geocode/json" names a representation of "/geocode"
        if not paren and head.startswith("{") and parts:
            # Google custom methods: "{name}:cancel" is the item, then its action
            out.append(Segment(raw, (), True))
            out.append(Segment(raw, tuple(parts), False))
            ends_with_param = False
            continue
        if parts:
            out.append(Segment(raw, tuple(parts), False))
        embedded = [t.strip("{}") for t in _TEMPLATE.findall(head)]
        if parts and embedded and all(_names_format(t) for t in embedded) and not paren:
            ends_with_param = False  # "articles{mediaTypeExtension}", "items.{format}"
        elif paren or "{" in head:
            out.append(Segment(raw, (), True))
            ends_with_param = is_last
        else:
            ends_with_param = False
    for flag in flags:
        out.append(Segment("?" + flag, words(flag), False))
        ends_with_param = False
    return tuple(out), action, ends_with_param


# --- the verb of an operation's name --------------------------------------------------------

_ID_SEPARATORS = re.compile(r"[_/\-\s:]+")
_READS = CRUD_VERBS["read"] | CRUD_VERBS["list"]
#: Action verbs that also say what state items are in, before a plural: open orders,
#: open issues, new releases (GET /generateIds still generates, GET /newaddress makes one).
_STATE_ADJECTIVES = frozenset({"open", "new"})
#: Crud operations a GET's path cannot do to a plural it names.
_WRITES = frozenset({"create", "update", "delete"})
#: Where the object of a name ends: "new users by date" reads users.
_OBJECT_ENDS = frozenset({"by", "for", "of", "in", "from", "with", "on", "per"})


def _describes_items(first: str, rest: tuple[str, ...] | list[str], method: str) -> bool:
    """Whether a GET's name puts a state before the items it reads (``openOrders``,
    ``NewReleaseDVDsDVDLists``, ``dailyNewUsersByDate``): an adjective, no verb."""
    cut = next((i for i, w in enumerate(rest) if w in _OBJECT_ENDS), len(rest))
    head = rest[cut - 1] if cut else ""
    return method == "get" and first in _STATE_ADJECTIVES and bool(head) and is_plural(head)


#: Verbs that agree with an HTTP method, to choose among several in one operationId.
_CONSISTENT = MappingProxyType(
    {
        "get": _READS,
        "head": _READS,
        "delete": CRUD_VERBS["delete"],
        "put": CRUD_VERBS["update"] | CRUD_VERBS["create"],
        "patch": CRUD_VERBS["update"],
    }
)


#: Path parameter names that choose a representation (``/standard/{format}``).
def _names_format(name: str) -> bool:
    """Whether a template parameter picks a representation (``format``, ``mediaTypeExtension``)."""
    found = words(name)
    return name.lower() in _FORMAT_PARAMS or (bool(found) and found[-1] in _FORMAT_PARAMS)


_FORMAT_PARAMS = lexicon(
    """
    format fmt response_format responseformat output_format outputformat ext extension
    """
)
_HTTP_VERBS = lexicon(
    """
    get post put patch delete head options
    """
)


def is_verb(word: str) -> bool:
    """Whether ``word`` is in the crud or action verb lexicons."""
    return word in ACTION_VERBS or any(word in verbs for verbs in CRUD_VERBS.values())


def name_verb(
    action: tuple[str, ...],
    operation_id: str | None,
    segments: tuple[Segment, ...],
    method: str,
    said: tuple[str, ...] = (),
) -> tuple[str | None, tuple[str, ...], str]:
    """Find the verb an operation is named with, and its object.

    AWS action keys start with the verb (``DescribeThings``). OperationIds come in a few
    conventional shapes: ``service.resource.verb`` (the verb starts the last part),
    ``Resource_Verb`` (Azure), ``verbResource`` or ``resource_verb`` (generated).
    An operationId that only repeats the HTTP method (``getPets``, ``post_pets``) names
    no verb of its own, and a REST path is read by its shape instead. Where a name has
    several verb-like words (``transferDiligenceDocumentUpload``, ``batch-remove``), the
    one the summary starts with (``said``: "Upload ...", "Removes ...") is the verb.
    """
    if action:
        verb_at = next((i for i, w in enumerate(action) if is_verb(w)), 0)
        if verb_at:
            # a fragment that does not start with its verb: "#Users_ListNext", an Azure
            # Resource_Verb name; its trailing "Next" names the paged list's continuation
            rest = action[verb_at + 1 :]
            rest = rest[:-1] if rest[-1:] == ("next",) else rest
            return action[verb_at], rest or action[:verb_at], "action"
        return action[0], action[1:], "action"
    if operation_id:
        literal = {w for s in segments if not s.is_param for w in s.words}
        named = {w for s in segments if s.is_param for w in s.words} - literal
        tail = segments[-1].words if segments and not segments[-1].is_param else ()
        found = _operation_id_verb(
            operation_id,
            method,
            stems(said[0]) if said else (),
            frozenset(named),
            tail[0] if len(tail) == 1 else None,
        )
        if found is not None:
            return found[0], found[1], "operation_id"
    if not segments or segments[-1].is_param or not segments[-1].words:
        return None, (), ""
    last = segments[-1]
    parts = last.words
    if "." in last.raw and not last.raw.startswith("?"):
        # Slack-style "conversations.list", Google-style "images:annotate"
        parts = words(re.split(r"[.:]", last.raw)[-1]) or parts
    elif ":" in last.raw:
        parts = words(last.raw.rsplit(":", 1)[-1]) or parts
    first, rest = parts[0], parts[1:]
    if first in MANY_WORDS and rest and is_verb(rest[0]):
        first, rest = rest[0], rest[1:]  # "batch-retrieve": retrieve, many at once
    after_param = len(segments) > 1 and segments[-2].is_param
    if not is_verb(first) or (first in _HTTP_VERBS and not rest):
        return None, (), ""
    if first in NOUNISH_VERBS and rest and is_plural(rest[-1]):
        return None, (), ""  # "upload sessions" is a noun phrase
    if not rest and method == "get" and first not in _READS:
        return None, (), ""  # GET .../archive reads an archive, it does not archive
    if _describes_items(first, rest, method):
        return None, (), ""  # GET /openOrders reads orders that are open
    if method == "get" and rest and is_plural(rest[-1]) and VERB_OPS.get(first) in _WRITES:
        return None, (), ""  # GET /leavePolicies, /updateRequests: a noun phrase, read
    if rest or after_param or len(segments) == 1 or not is_plural(first):
        return first, rest, "path"
    return None, (), ""


def stems(word: str) -> tuple[str, ...]:
    """A word and its stems (``removes`` -> ``remove``, ``remov``): how a summary's first
    word is matched to a verb."""
    return (word, word[:-1], word[:-2]) if word.endswith("s") else (word,)


def _operation_id_verb(
    operation_id: str,
    method: str,
    said: tuple[str, ...] = (),
    params: frozenset[str] = frozenset(),
    path_verb: str | None = None,
) -> tuple[str, tuple[str, ...]] | None:
    """The verb of an operationId and its object. ``said`` is the summary's first word
    and its stems; ``params`` are the path parameters' words, which a generated name
    repeats (``PostRefundsRefund`` for ``/refunds/{refund}``) and which are no verb;
    ``path_verb`` is the path's last segment when it is one word: where the name has
    several verb-like words, the one the path ends with is the verb
    (``transferOriginatorList`` on ``/transfer/originator/list``)."""
    if "." in operation_id:
        head, _, last = operation_id.rpartition(".")
        parts = words(last)
        if parts and is_verb(parts[0]):
            return parts[0], parts[1:] or words(head.rpartition(".")[2])
        return None
    chunks = [words(c) for c in _ID_SEPARATORS.split(operation_id)]
    if chunks and chunks[-1][-2:] == ("using", method):
        # Springfox's "initiateAuthUsingPOST": the method the name was generated for
        chunks[-1] = chunks[-1][:-2]
    elif len(chunks) > 1 and method == "get" and operation_id.endswith("_get"):
        # FastAPI's "getDealerSales_regionSales_get", "tasks_comments_0_get": a function's
        # name, the path, then the method in lower case the name was generated for: no
        # verb, and none that tells a read from a list (an Azure "Values_Get" names its
        # verb in capitals; a write's generated method word agrees with its method)
        chunks = chunks[:-1]
        while len(chunks) > 1 and all(w.isdigit() for w in chunks[-1]):
            chunks = chunks[:-1]  # "_0": the counter that keeps generated names apart
    flat = [w for chunk in chunks for w in chunk]
    if not flat:
        return None
    # candidate verbs: the first word of every chunk, then the last word of the id
    candidates: list[int] = []
    position = 0
    for chunk in chunks:
        if chunk and is_verb(chunk[0]) and chunk[0] not in params:
            candidates.append(position)
        position += len(chunk)
    if is_verb(flat[-1]) and len(flat) - 1 not in candidates and flat[-1] not in params:
        candidates.append(len(flat) - 1)
    if not candidates:
        # "commitUploadSession": a verb inside a run of words
        candidates = [i for i, w in enumerate(flat[1:-1], start=1) if is_verb(w)][:1]
        if not candidates:
            return None
    if (flat[candidates[0]] == method and candidates[0] == 0) or flat[0] == "get" == method:
        # "postSessionsLogin", "get_users_id_clones": the method, then maybe a real verb
        consistent = _CONSISTENT.get(method)
        later = [
            i
            for i in candidates[1:]
            if flat[i] not in NOUNISH_VERBS | _HTTP_VERBS
            and (consistent is None or flat[i] in consistent)
        ]
        if not later:
            return None
        candidates = later
    consistent = _CONSISTENT.get(method) or frozenset()
    said_op = next((VERB_OPS[w] for w in said if w in VERB_OPS), None)
    end = len(flat) - 1
    preferences: list[Callable[[int], bool]] = [
        # "Upload ..." names the word; "Retrieve a refund" names get's operation
        lambda i: flat[i] in said or (said_op is not None and VERB_OPS.get(flat[i]) == said_op),
        # "transferOriginatorList" on /transfer/originator/list; not "move_list" on /move
        lambda i: i == end and i != candidates[0] and flat[i] == path_verb,
        # the verb that agrees with the method
        lambda i: flat[i] in consistent,
    ]
    if len(candidates) == 1:
        chosen = candidates[0]
    else:
        chosen = next((i for prefer in preferences for i in candidates if prefer(i)), candidates[0])
    if flat[chosen] in MANY_WORDS and chosen + 1 < len(flat) and is_verb(flat[chosen + 1]):
        chosen += 1  # "BatchRetrieveCatalogObjects": retrieve, many at once
    if _describes_items(flat[chosen], flat[chosen + 1 :], method):
        return None  # "NewReleaseDVDsDVDLists": new releases are read, none is made
    return flat[chosen], tuple(flat[chosen + 1 :]) or tuple(flat[:chosen])
