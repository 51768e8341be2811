"""The crud pattern: create, read, update, delete or list items of a resource.

Two readings, combined:

- **The name's verb** (AWS action key, operationId, or an RPC path segment such as
  ``/createUser``): a verb from the crud lexicon gives the operation (``Describe`` +
  plural object -> list); a verb of an action that is not about a resource's lifecycle
  (send, start, reboot, validate, export ...) is evidence *against* crud, and so is a
  path that ends in an action word or action noun (``POST /incidents/{id}/snooze``,
  ``PUT /player/pause``, ``POST /accounts/{id}/deactivation``), whatever a generated
  name says (``createIncidentSnooze``). A DELETE on an item that undoes an association
  (``DisconnectPeer``, ``unfollow``) is still a delete; ``cancelBuild`` is not.
- **The REST shape**: ``GET`` on an item path (ends with a template parameter) is read,
  on a plural collection list, on a singleton (``/me``, ``/settings``) read; ``POST`` on
  a collection is create; ``PUT``/``PATCH`` update (``PUT`` named "create" is an upsert:
  create); ``DELETE`` delete; ``HEAD`` read.

Not crud: login / logout / session / token operations (auth only), computed statistics,
reports and counts, computed results (an estimate, a quote, a forecast, a prediction, what
a generative model makes from a prompt), health checks, and actions. A POST on a path
that is neither a collection nor named with a verb creates only if its answer shows it
(a 201, an identifier, a field it was sent): ``POST /emotion {text}`` answering scores
analyses text. A GET that hands
back one item's file (``download-report``) reads that item, even a generated report. A
``put`` verb in an operationId on an item path is an update unless it says "create".
``params`` gives ``resource`` (the collection's name as written) and ``id_param`` (the
item's path parameter).
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import pairwise
from types import MappingProxyType

from specmock.patterns import auth, file_upload, health, pagination, search
from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features, words
from specmock.patterns.naming import Segment, stems
from specmock.patterns.vocabulary import (
    ACTION_NOUNS,
    ACTION_VERBS,
    COMPUTE_VERBS,
    COMPUTED_NOUNS,
    CRUD_VERBS,
    GENERATED_NOUNS,
    MANY_WORDS,
    NOUNISH_VERBS,
    SINGLETON_NOUNS,
    STAT_NOUNS,
    VERB_OPS,
    is_plural,
    lexicon,
    singular,
)

__all__ = ["WEIGHTS", "detect", "judge", "operation_kind"]

WEIGHTS = weights(
    {
        "verb": 0.93,  # the name's verb is a crud verb (createUser, DescribeThings)
        "rest_item": 0.9,  # a method on an item path (/pets/{id})
        "rest_collection": 0.9,  # GET or POST on a plural collection (/pets)
        "rest_singleton": 0.8,  # GET/PUT/PATCH on a singleton (/me, /settings)
        "rest_other": 0.6,  # a method on some other literal path
        "list_response": 0.5,  # the success body is an array, or wraps one
        "paged": 0.7,  # a read that takes paging controls returns a slice: a list
        "search_path": 0.6,  # a search over a stored collection lists it
        "summary_verb": 0.8,  # the summary starts with a crud verb ("Get the last ...")
        "action": 0.92,  # against: the verb is an action (send, reboot, validate)
        "auth_only": 0.97,  # against: login / logout / session / token
        "stats": 0.9,  # against: statistics, reports, counts
        "computed": 0.9,  # against: an estimate, quote, forecast or generation is computed
        "health": 0.95,  # against: a health or liveness check
        "summary_action": 0.6,  # against: the summary starts with an action verb
        "processing": 0.8,  # against: GET/POST that processes a required text/input
        "action_path": 0.85,  # against: POST to a verb after an item (/jobs/{id}/terminate)
        "action_segment": 0.9,  # against: the path ends in an action (/incidents/{id}/snooze)
        "connection": 0.9,  # against: a GET that opens a socket (/sessions/socket, /ws)
        "summary_over_name": 0.6,  # against: the summary's action beats a generic name verb
        "no_echo": 0.3,  # against: a POST on a weak shape answers nothing sent and no id
    }
)

#: Top-level response fields that are paging or envelope metadata, not item data.
_META_FIELDS = lexicon(
    """
    nextlink odatanextlink nexttoken nextpagetoken marker nextmarker total totalcount count
    totalresults totalitems page pages limit offset cursor nextcursor hasmore links meta
    metadata paging pagination next previous prev self kind etag istruncated
    lastevaluatedkey odatametadata odatacount pagesize totalpages resultsizeestimate
    responsemetadata requestid status message errors error messages success warnings code
    resultinfo msg
    """
)
_UPDATE_LIKE_PUT_OBJECTS = lexicon(
    """
    configuration config settings policy acl permissions preferences properties attributes
    status protection metadata
    """
)
#: Required inputs of processing endpoints (analyse this text), not resource lookups.
_PROCESSING_INPUTS = frozenset({"text", "input", "sentence", "sentences", "html", "markdown"})
#: Action verbs that a DELETE does as an update: DELETE .../settings/synonyms
#: ("resetSynonyms", "Resets the columns ...") puts a setting back to its default; a reset
#: done by POST is an action, like a restart.
_UNSETS = frozenset({"reset"})
#: What a GET is sent to work on, not to find kept items by: a document, a message.
_SENT_TEXT = _PROCESSING_INPUTS - {"input"} | {
    "texts",
    "document",
    "documents",
    "message",
    "utterance",
    "paragraph",
}
#: A point's coordinates: a path parameter named so is no item's id.
_COORDINATES = frozenset({"lat", "lng", "lon", "latitude", "longitude"})
#: Required inputs that name a place: a GET on no collection computes something for it
#: (``GET /uv?lat=&lng=``, ``GET /timezone/json?location=``).
_PLACE_INPUTS = _COORDINATES | {"long", "location", "coordinates"}
#: Required inputs that name what a GET works on, an address out there: it fetches or
#: analyses that page or host (``GET /Urls/apps?url=``, ``GET /ip-probe?ip=``).
_SUBJECT_INPUTS = frozenset({"url", "ip", "ipaddress"})
#: Words that end a summary's object ("get events for analytics").
_PREPOSITIONS = frozenset({"for", "of", "by", "in", "from", "with", "on", "per", "to"})
#: The verbs a generated name takes from the method alone (``Analyze_Get``).
_METHOD_VERBS = frozenset({"get", "post", "put", "patch", "delete"})
#: The last word of a path that opens a connection rather than reading a resource.
_SOCKETS = lexicon(
    """
    socket websocket websockets ws wss
    """
)
#: Verbs of a GET that opens a stream of events (``GET /graph/subscribe``).
_STREAM_VERBS = lexicon(
    """
    subscribe stream watch
    """
)
_EVENT_STREAMS = ("text/event-stream", "application/x-ndjson")
#: Nouns of what a computation gives back (``GET .../subscriptionPreview``): with a
#: qualifier, a GET of one reads a result worked out from its inputs, not a kept item.
_RESULT_NOUNS = lexicon(
    """
    preview calculation estimation simulation evaluation conversion translation analysis
    """
)
#: Bounds computed from an account's state (``GET /margin/maxBorrowable``).
_BOUNDS = lexicon(
    """
    max maximum min minimum
    """
)
#: Update verbs that, POSTed to an item's path, move it between states rather than edit
#: its fields (``POST /invoices/{invoice}/mark_uncollectible``, ``/{id}/restore``).
_TRANSITIONS = lexicon(
    """
    mark apply adjust restore undelete untrash
    """
)
#: A last path parameter that names what to do (``/pods/{podId}/{action}``).
_ACTION_PARAMS = frozenset({("action",), ("command",), ("operation",), ("cmd",)})
#: Verbs that work on the item an id names (``/check-subscription/{id}`` checks one),
#: where a segment of another verb before an id names a collection (``/StopPoint/{id}``)
#: or a job (``/detect_object/{taskId}``).
_CHECKS = COMPUTE_VERBS | {"check", "verify"}
#: Verbs that work a result out, never name a collection: a path that starts with one is
#: that action (``/validate/name/{name}``, ``/generate/uuid``).
_WORKING_VERBS = _CHECKS | {"generate", "predict", "detect"}
#: Last words of a parameter that names one item (``{id}``, ``{PayCodeId}``).
_ITEM_KEYS = frozenset({("id",), ("ids",), ("uuid",), ("guid",), ("key",), ("slug",)})
#: What a GET alone at the top of an API reads of the server or of the request itself:
#: its clock, the caller's address (``GET /time``, ``GET /ip``).
_OWN_FACTS = frozenset(
    {("time",), ("server", "time"), ("servertime",), ("ip",), ("ip", "address"), ("my", "ip")}
)
#: Segments that name a computed series of values (``data_series``, ``time-series``).
_SERIES_PHRASES = frozenset({("data", "series"), ("time", "series")})
#: Words that make a listed thing a count ("List total number of services").
_COUNTS = frozenset({"total", "totals", "number", "count", "counts"})
#: Generic name verbs (``NewMessage``, ``POST /status/get``) that say less than a summary.
_GENERIC_NAME_VERBS = lexicon(
    """
    new get post put do make
    """
)
#: Action words that a GET reads as a state (``GET /users/{id}/lock``), not performs.
_STATE_WORDS = lexicon(
    """
    lock watch share follow stream schedule subscribe poll
    """
)
#: Verbs of predicate names (``isAlive``, ``has_access``), not of actions on a path.
_AUXILIARIES = lexicon(
    """
    is has can does do
    """
)
_REMOVALS = CRUD_VERBS["delete"] | {"revoke"}
#: The crud operations a summary may name that agree with the method ("Get ..." of a GET).
_METHOD_OPS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "get": ("read", "list"),
        "post": ("create",),
        "put": ("update", "create"),
        "patch": ("update",),
        "delete": ("delete",),
    }
)


def _id_param(f: Features) -> str | None:
    for segment in reversed(f.segments):
        if segment.is_param:
            return segment.raw.strip("${}:") if segment.raw.startswith(("{", "$", ":")) else None
    return None


def _resource(f: Features) -> str | None:
    for segment in reversed(f.segments):
        if not segment.is_param and segment.words:
            return segment.raw.partition("(")[0].rstrip("/") or None
    return None


def _looks_like_list(f: Features) -> bool | None:
    """Whether the success body is a list: ``None`` when the body says nothing."""
    if f.returns_array:
        return True
    if f.array_field is None:
        top = [x for x in f.response_fields if x.top_level]
        return False if top else None
    others = [
        x
        for x in f.response_fields
        if x.top_level and x.name != f.array_field and x.norm not in _META_FIELDS
    ]
    return not others


def _holds(f: Features, noun: str) -> bool:
    """Whether the success body has a top-level array named for ``noun``
    (``envelopeDocuments`` for ``documents``): the collection, beside its parent's fields."""
    return any(
        x.top_level and "array" in x.types and words(x.name)[-1:] == (noun,)
        for x in f.response_fields
    )


def _lists_by_name(f: Features, head: str) -> bool:
    """Whether a name ending in "List" (``coinList``, ``GetPowerFormsList``) lists: unless
    the body is one object of its own (Binance's OCO ``orderList``)."""
    return head == "list" and _looks_like_list(f) is not False


def _read_or_list(f: Features, object_words: tuple[str, ...]) -> str:
    if _answers_file(f):
        return "read"  # statementsDownload answering a PDF: one file's content
    head = object_words[-1] if object_words else ""
    if "all" in object_words or (head and is_plural(head) and head not in SINGLETON_NOUNS):
        return "read" if _looks_like_list(f) is False and not _holds(f, head) else "list"
    if _lists_by_name(f, head):
        return "list"
    return "list" if f.returns_array else "read"


def _put_op(f: Features, object_words: tuple[str, ...]) -> str:
    head = object_words[-1] if object_words else ""
    if head in _UPDATE_LIKE_PUT_OBJECTS or (head and is_plural(head)):
        return "update"
    return "create"


def _verb_op(f: Features) -> str | None:
    verb = f.verb
    if verb is None:
        return None
    if verb in _UNSETS and f.method == "delete":
        return "update"
    op = VERB_OPS.get(verb)
    if op is None:
        return None
    if verb == "put" and f.verb_source == "operation_id" and f.ends_with_param:
        # "putRoomUser" on /rooms/{id}/users/{userId} names the method: PUT on an item
        # replaces it (an update) unless the name or summary says it creates
        return "create" if "create" in f.op_words or "create" in f.summary_words else "update"
    if verb == "put":
        return _put_op(f, f.verb_object)
    if verb == "terminate" and not (f.verb_object and is_plural(f.verb_object[-1])):
        return None  # "Job_Terminate" stops a job; "TerminateInstances" removes them
    if op == "read" or (op == "list" and verb in ("find", "lookup", "query")):
        return _read_or_list(f, f.verb_object or f.last_literal)
    if op == "list" and f.ends_with_param and f.verb_object[-1:] in (("details",), ("detail",)):
        return "read"  # "list-ipsec-tunnel-details" on .../{ipsec_tunnel_id}: one item's
    return op


def _rest_op(f: Features) -> tuple[str, str, str] | None:
    """``(op, weight key, evidence)`` from the method and the path's shape."""
    last = f.last_literal
    head = last[-1] if last else ""
    method = f.method
    id_param = _id_param(f)
    if method == "delete":
        if f.ends_with_param:
            return "delete", "rest_item", f"DELETE on item path (param {id_param!r})"
        return "delete", "rest_other", f"DELETE on {head or '/'!r}"
    if method == "head":
        return "read", "rest_other", "HEAD reads headers of a resource"
    if method == "patch":
        key = "rest_item" if f.ends_with_param else "rest_singleton"
        return "update", key, "PATCH updates a resource"
    if method == "put":
        creates = "create" in f.op_words or "create" in f.summary_words
        op = "create" if creates else "update"
        if f.ends_with_param:
            return op, "rest_item", f"PUT on item path (param {id_param!r})"
        key = "rest_singleton" if head in SINGLETON_NOUNS or not is_plural(head) else "rest_other"
        return op, key, f"PUT on {head!r}"
    if method == "get":
        if "search" in f.path_words and not f.ends_with_id:
            return "list", "search_path", "GET on a search path lists matches"
        if is_plural(head) and (term := search.path_term_last(f)) is not None:
            # GET /icons/{term}: the icons that match (GET /icon/{term} looks one up)
            return "list", "search_path", f"GET of {head!r} matching {term!r} lists matches"
        if f.ends_with_param and (kept := search.gathered_at_point(f)) is not None:
            return "list", "search_path", f"GET of the {kept!r} at a point lists them"
        if f.ends_with_param:
            return "read", "rest_item", f"GET on item path (param {id_param!r})"
        if head in SINGLETON_NOUNS:
            return "read", "rest_singleton", f"GET on singleton {head!r}"
        if is_plural(head):
            return "list", "rest_collection", f"GET on collection noun {head!r}"
        if _lists_by_name(f, head):
            return "list", "rest_other", f"GET on a list ({' '.join(last)!r})"
        if f.returns_array:
            return "list", "rest_other", f"GET on {head!r} returning an array"
        return "read", "rest_other", f"GET on {head!r}"
    if method == "post":
        if f.ends_with_param:
            return "update", "rest_other", f"POST on item path (param {id_param!r})"
        if is_plural(head):
            return "create", "rest_collection", f"POST on collection noun {head!r}"
        if head and (f.body_fields or f.body_media) and not f.verb:
            return "create", "rest_other", f"POST on {head!r}"
    return None


def _summary_verb(f: Features) -> str | None:
    """The crud operation (or ``"action"``) the summary's first word names."""
    summary = f.summary_words
    if not summary or summary[0] in ("returns", "return"):
        # "Returns the balance ...", "Return upcoming events": what comes back, not what
        # is done (returning an order is an action its path names)
        return None
    first = summary[0]
    for verb in stems(first):
        if verb in _UNSETS and f.method == "delete":
            return "update"
        op = VERB_OPS.get(verb)
        if op == "read":
            obj = summary[1:3]
            return "list" if "all" in obj or (obj and is_plural(obj[0])) else "read"
        if op is not None:
            return op
        if verb in ACTION_VERBS:
            return "action"
    return None


def _summary_object(f: Features) -> set[str]:
    """What a summary that starts with a read verb reads ("Get revenue statistics")."""
    summary = f.summary_words
    if not summary or VERB_OPS.get(summary[0]) not in ("read", "list"):
        return set()
    words = summary[1:4]
    # "get events for analytics": the object ends where a preposition starts
    cut = next((i for i, w in enumerate(words) if w in _PREPOSITIONS), len(words))
    return set(words[:cut])


def _action_segment(f: Features) -> str | None:
    """The action a path ends with (``POST /snooze``, ``PUT /player/pause``, ``:cancel``).

    A generated name may still call it ``createIncidentSnooze`` or ``post_..._accept``;
    the path says what the request does. Plural nouns (``/returns``) are collections,
    and verbs that also name things (``/export``, ``/schedule``) say too little alone.
    """
    if f.method == "delete" or f.ends_with_param or f.action or not f.literals:
        return None
    last = f.literals[-1]
    if last is not f.segments[-1]:
        return None
    parts = last.words
    if ":" in last.raw:
        parts = words(last.raw.rsplit(":", 1)[-1]) or parts
    if len(parts) > 1 and parts[0] in MANY_WORDS and parts[1] in VERB_OPS:
        return None  # "/batch-retrieve" retrieves many
    first = parts[0]
    if first in ACTION_NOUNS and len(parts) == 1 and f.method != "get":
        return first
    if first not in ACTION_VERBS or first in VERB_OPS or first in _AUXILIARIES:
        return None
    if len(parts) == 1 and (is_plural(first) or first in NOUNISH_VERBS):
        return None
    if first in NOUNISH_VERBS and is_plural(parts[-1]):
        return None  # "test_clocks", "upload_sessions" are noun phrases
    if f.method == "get" and (len(parts) > 1 or first in _STATE_WORDS):
        return None  # GET .../enable_status, GET .../approve_url read a thing
    return first


#: Success media types of a file's content (a download), not of a structured answer.
_FILE_MEDIA = (
    "application/octet-stream",
    "application/pdf",
    "application/zip",
    "application/gzip",
    "application/x-",
    "text/csv",
    "image/",
    "video/",
    "audio/",
)


#: The last word of a path that hands back an item's file rather than a resource.
_CONTENT_NOUNS = lexicon(
    """
    file content contents download pdf csv raw blob binary
    """
)


def _downloads_item(f: Features) -> bool:
    """Whether a GET on an item path hands back that item's file (``download-report``):
    reading one item's content, even when the item is a generated report."""
    if f.method != "get":
        return False
    if not f.ends_with_param:
        # GET /payments/{id}/report-file, /documents/{id}/content: one item's file
        last = f.segments[-1] if f.segments else None
        return (
            last is not None
            and len(f.segments) > 1
            and f.segments[-2].is_param
            and bool(last.words)
            and last.words[-1] in _CONTENT_NOUNS
        )
    if "download" in f.path_words or f.verb == "download":
        return True
    if f.verb == "export" and f.ends_with_id:
        return True  # GET /export/workflows/{id}: one item's definition
    return _answers_file(f)


def _answers_file(f: Features) -> bool:
    """Whether the success body is a file's content (a PDF, a CSV, an image ...)."""
    return any(m.startswith(_FILE_MEDIA) for m in f.response_media)


def _names_one(f: Features) -> str | None:
    """The input by which an RPC read names the one item it reads, the way a path id would
    (``POST /asset_report/pdf/get`` with ``asset_report_token``): a required parameter or
    a body field, an id, token or key whose other words all come from the path."""
    if f.ends_with_param or f.method not in ("get", "post"):
        return None
    path = set(f.path_words)
    inputs = [p.name for p in f.params if p.required and p.location != "path"]
    inputs += [x.name for x in f.body_fields if x.top_level]
    for name in inputs:
        found = words(name)
        if len(found) > 1 and found[-1] in ("id", "token", "key") and set(found[:-1]) <= path:
            return name
    return None


def _pages_items(f: Features) -> bool:
    """Whether a read pages with a cursor through items a plural noun names (the
    transactions of a report, ``POST /cashflow_report/transactions/get``)."""
    noun = (f.verb_object or f.last_literal)[-1:]
    if not noun or not is_plural(noun[0]) or noun[0] in STAT_NOUNS:
        return False
    paged = pagination.judge(f)
    return paged is not None and paged.confidence >= 0.5 and paged.detail in ("cursor", "token")


def _stat_path_words(f: Features) -> set[str]:
    """The path's words, less those that qualify a stored plural noun in their segment
    (``usage_records``, ``report_runs``: records and runs are kept, not computed)."""
    out: set[str] = set()
    for segment in f.literals:
        found = segment.words
        if found[-2:] in _SERIES_PHRASES and not any(s.words == ("search",) for s in f.literals):
            # GET /kpi/dau/data_series; a TV series is kept, and so are the entries a
            # search finds of a type named so (/search/type/..._time_series)
            out.add("timeseries")
        if len(found) > 1 and is_plural(found[-1]) and found[-1] not in STAT_NOUNS:
            found = found[-1:]
        out.update(found)
    out.update(f.action)
    return out


def _ranks(f: Features) -> str | None:
    """How a GET shows it returns a ranking, a leaderboard computed over the kept items
    (``GET /radar/dns/top/locations``, ``getTopTracks``, "Get top referrers"): "top" opens
    a path segment, the name's object or the summary's; "top-level" things are kept ones."""
    if f.method != "get" or f.ends_with_id:
        return None  # .../top/tlds/malicious/{malicious}: a ranking of one dimension's value
    phrases = [s.words for s in f.literals] + [f.verb_object, f.summary_words[1:]]
    for phrase in phrases:
        if phrase[:1] == ("top",) and phrase[1:2] != ("level",):
            return " ".join(phrase[:3])
    return None


def _streams(f: Features) -> str | None:
    """How a GET shows it opens a stream of events rather than reading a resource: it
    answers with an event stream, or both its name and its path end in subscribe / stream
    / watch (``SubscribeChannelGraph`` on ``GET /graph/subscribe``); a GET cannot create a
    subscription."""
    if f.method != "get":
        return None
    media = next((m for m in f.response_media if m in _EVENT_STREAMS), None)
    if media is not None:
        return media
    if f.verb in _STREAM_VERBS and f.last_literal[:1] == (f.verb,) and not f.ends_with_param:
        return f"GET named {f.verb!r}"
    return None


def _selects(f: Features) -> bool:
    """Whether a read picks items out of a stored collection: it pages or searches."""
    for judged in (pagination.judge(f), search.judge(f)):
        if judged is not None and judged.confidence >= 0.5:
            return True
    return False


#: What a request to a generative model sends beside the model's name.
_PROMPTS = frozenset({"messages", "prompt", "input", "inputs"})


def _asks_a_model(f: Features) -> bool:
    """Whether a POST asks a generative model for an answer: its body names the model
    and gives the prompt (``{model, messages}``, ``{model, input}``), as OpenAI- and
    Anthropic-style inference APIs do."""
    sent = {x.norm for x in f.body_fields if x.top_level}
    return "model" in sent and bool(sent & _PROMPTS)


def _computed(f: Features) -> str | None:
    """The computed result an operation asks for (``GET /estimates/price``), if any.

    An estimate, quote, forecast or prediction is worked out from the request's inputs,
    and so is what a generative model produces when asked (``POST /images/generations``,
    a body naming a model and a prompt), what a qualified result noun or a bound reads
    (``GET .../subscriptionPreview``, ``GET .../maxBorrowable``) and what an item's
    qualified action noun answers unless a read verb names it (``GET
    .../funds-confirmation``, ``POST .../responsive_html_preview``, ``PUT
    .../activation_check``); reading or removing a kept one by its id (``GET
    /predictions/{id}``) is still crud.
    """
    if f.ends_with_param or f.method not in ("get", "post", "put"):
        return None
    # the last two segments say what is asked for (GET /estimates/price); a namespace
    # before a kept collection (/quote/image/font/list: quotations) does not
    near_end = {w for segment in f.literals[-2:] for w in segment.words} | set(f.action)
    found = sorted(near_end & COMPUTED_NOUNS) if f.method != "put" else []
    if not found and f.method == "post":
        found = sorted(set(f.last_literal) & GENERATED_NOUNS)
    if not found and f.method == "post" and _asks_a_model(f):
        found = ["a model's answer"]  # POST /v1/messages {model, messages}: inference
    last = f.last_literal
    if (
        not found
        and len(last) > 1
        and (
            last[-1] in ACTION_NOUNS
            # PUT /zones/{id}/activation_check: an action named by its noun and a verb
            or (f.method != "get" and last[-1] in ACTION_VERBS and set(last) & ACTION_NOUNS)
        )
        and len(f.segments) > 1
        and f.segments[-2].is_param
        # databases_get_migrationStatus on GET .../online-migration reads the migration
        and not (f.method == "get" and VERB_OPS.get(f.verb or "") == "read")
    ):
        # GET /consents/{id}/funds-confirmation: an item's funds checked, "fee-calculation";
        # POST /documents/{id}/responsive_html_preview renders a preview
        found = [" ".join(last)]
    if (
        not found
        and f.method == "get"
        and len(f.segments) == 1
        and f.segments[0].words in _OWN_FACTS
    ):
        return " ".join(f.segments[0].words)  # GET /time, GET /ip: no resource's
    after_item = len(f.segments) > 1 and f.segments[-2].is_param
    if not found and f.method == "get" and last and f.segments[-1].words == last:
        if last[-1] in _RESULT_NOUNS and (len(last) > 1 or not after_item):
            # GET /simple-earn/flexible/subscriptionPreview, GET /credit_notes/preview
            found = [" ".join(last)]
        elif len(last) > 1 and last[0] in _BOUNDS and last[-1].endswith(("able", "ible")):
            found = [" ".join(last)]  # GET /margin/maxBorrowable: how much can be borrowed
    return found[0] if found else None


def _identifies(name: str) -> bool:
    """Whether a field's name is an identifier's (``id``, ``orderId``, ``job_id``)."""
    return words(name)[-1:] in (("id",), ("uuid",))


def _lists_ids(name: str) -> bool:
    """Whether a field's name says it lists identifiers (``companyIds``, ``userIDs``,
    ``user_ids``, not ``bids``)."""
    return words(name)[-1:] == ("ids",)


def _echoes(f: Features) -> bool:
    """Whether a POST's answer shows it made something: a 201, an identifier, or a field
    it was sent (at the top or one level down: a created object in an envelope). With
    no 2xx answer described (only ``default``) it cannot tell, and says so; a body that
    sends identifiers is about kept items."""
    if "201" in f.success_codes or not any(c.startswith("2") for c in f.success_codes):
        return True
    top = [field for field in f.body_fields if field.top_level]
    if any(_lists_ids(field.name) for field in top):
        return True  # {"companyIds": [...]}: about kept items, whatever comes back
    sent = {field.norm for field in top}
    return any(
        field.norm in sent or (_identifies(field.name) and field.norm not in _META_FIELDS)
        for field in f.response_fields
    )


def _named_action(f: Features) -> str | None:
    """The action a generated name puts before the method's verb (``Analyze_Get``,
    ``Categorize_Post``: a controller named for what it does)."""
    if (
        f.verb in _METHOD_VERBS
        and f.verb_source == "operation_id"
        and f.op_words[-1:] == (f.verb,)
        and len(f.op_words) == 2
        and f.op_words[0] in ACTION_VERBS
        and f.op_words[0] not in NOUNISH_VERBS
        and VERB_OPS.get(f.op_words[0]) is None
    ):
        return f.op_words[0]
    return None


def _worked_inputs(
    f: Features, rest: tuple[str, str, str] | None, verb_op: str | None
) -> list[str]:
    """The required inputs an operation works on rather than looks items up by: text to
    process; on a GET with no collection or singleton, a place (``GET /uv?lat=&lng=``);
    on a GET of no item, an address out there (``GET /Urls/apps?url=``). A GET sent a
    document or a message works on it, required or not (``GET /s1/sentiment?text=``),
    unless ``verb_op``, the crud operation its name says (read once by the caller), writes."""
    kinds = [_PROCESSING_INPUTS]
    shape = rest[1] if rest is not None and f.method == "get" else None
    if shape == "rest_other":
        kinds.append(_PLACE_INPUTS)
    if shape is not None and shape != "rest_item":
        kinds.append(_SUBJECT_INPUTS)
    for kind in kinds:
        found = sorted(p.name for p in f.params if p.required and p.norm in kind)
        if found:
            return found
    head = f.last_literal[-1:]
    # an item's collection (/folders/{id}/messages?Text=) is filtered by the text
    owned = bool(head) and is_plural(head[0]) and any(s.is_param for s in f.segments)
    if f.method == "get" and verb_op in (None, "read", "list") and not owned:
        # GET /s1/sentiment?text=, GET /slack?message=: a reading is sent no document or
        # message, required or not (a search for text is told apart by the caller); GET
        # /createPad?text= names its write, GET /messages?message= filters what it keeps
        kept = {singular(head[0])} if head else set()
        return sorted(
            p.name
            for p in f.params
            if p.location == "query" and p.norm in _SENT_TEXT and singular(p.norm) not in kept
        )
    return []


def _leads_with_verb(f: Features, segment: Segment) -> bool:
    """Whether a one-word segment that starts the path is a verb that computes
    (``GET /validate/name/{name}``, ``/generate/uuid``; not ``/chat/...``, ``/sync/...``,
    words that are nouns as often)."""
    return bool(f.literals) and segment is f.literals[0] and segment.words[0] in _WORKING_VERBS


def operation_kind(f: Features) -> tuple[str | None, Tally]:
    """The crud operation and the tally of evidence for and against crud."""
    tally = Tally(WEIGHTS)
    summary_op = _summary_verb(f)  # what the summary's first word names, read once
    verb_op = _verb_op(f)  # the crud operation of the name's verb, read once
    kind = auth.classify(f)
    if kind is not None and kind[0] in auth.SESSION_KINDS:
        tally.against("auth_only", f"auth {kind[0]} operation")
    elif kind is not None and (rotation := auth.rotation(f)) is not None:
        tally.against("auth_only", f"replaces a credential ({rotation!r})")
    elif (oauth := auth.oauth_request(f)) is not None:
        tally.against("auth_only", f"OAuth request (sends {oauth!r})")
    if health.is_health(f):
        tally.against("health", "health or liveness check")
    # "market-statistics" on GET /markets: a verbless name whose head is a statistic
    named_stat = {f.op_words[-1]} if f.op_words and f.verb is None else set()
    stat_words = (
        set(f.verb_object) | _stat_path_words(f) | _summary_object(f) | named_stat
    ) & STAT_NOUNS
    if (
        stat_words
        # "Create event summaries", createReport: a POST that says it creates stores what it
        # is sent
        and not (f.method == "post" and "create" in (summary_op, verb_op))
        and not {"saved", "definitions", "definition", "templates"} & set(f.path_words)
        and not _downloads_item(f)
        # a summary that lists them ("List Beacon Reports for a user") lists kept ones;
        # "Get percentiles for a test", "Query transaction statistics", "List total number
        # of services" read computed ones
        and not (f.summary_words[:1] == ("list",) and not set(f.summary_words[1:3]) & _COUNTS)
        # POST /consumer_report/pdf/get answering a PDF: one kept report's file
        and not (verb_op == "read" and _answers_file(f))
        # "Remove Asset Report Audit Copy": removing one computes nothing, and a PUT or a
        # PATCH stores what it is sent (PUT .../usage-model)
        and verb_op != "delete"
        and f.method not in ("put", "patch")
        # GET /reports/{report_id} reads a kept one; ".../reports/{id}:generate" runs it
        and not (f.ends_with_id and (f.verb or "get") in VERB_OPS)
        # POST /asset_report/get {asset_report_token}: the same, RPC style
        and not (verb_op == "read" and _names_one(f) is not None)
        # POST /cashflow_report/transactions/get with a cursor: a kept report's items paged
        and not (stat_words <= {"report", "reports"} and _pages_items(f))
    ):
        tally.against("stats", f"computed statistic {sorted(stat_words)[0]!r}")
    elif (ranking := _ranks(f)) is not None:
        tally.against("stats", f"a ranking ({ranking!r})")
    if f.method == "get" and not f.ends_with_param and set(f.last_literal[-1:]) & _SOCKETS:
        tally.against("connection", f"opens a connection ({f.last_literal[-1]!r})")
    elif (streamed := _streams(f)) is not None:
        tally.against("connection", f"opens a stream ({streamed})")
    computed = _computed(f)
    if computed is not None:
        tally.against("computed", f"computes a result ({computed!r}), stores nothing")
    rest = _rest_op(f)
    inputs = _worked_inputs(f, rest, verb_op)
    # POST /media/{id}/comments?text=: a collection is sent what it keeps
    kept = f.method == "post" and rest is not None and rest[1] == "rest_collection"
    if (
        inputs
        and f.method in ("get", "post")
        and not f.ends_with_param
        and not kept
        and not _selects(f)
    ):
        tally.against("processing", f"processes an input ({inputs[0]!r}), stores nothing")
    elif (
        f.method == "get"
        and f.ends_with_param
        and bool(f.segments[-1].words)
        and f.segments[-1].words[-1] in _COORDINATES
        and search.gathered_at_point(f) is None  # /atms/.../{latitude}/.../{longitude}
    ):
        # GET /v1/wgs84ToOsgb36/{latitude}/{longitude}: a point, no item's id
        tally.against("processing", f"processes a point ({f.segments[-1].raw!r}), stores nothing")
    inner = next(
        (
            s.words
            for s, following in pairwise(f.segments)
            if not s.is_param
            # /StopPoint/{id}, /PayCode/{PayCodeId}: a collection's item, no action
            # (/calculateRoute/{locations} is sent its inputs)
            and not (
                following.is_param
                and following.words[-1:] in _ITEM_KEYS
                and s.words[0] not in _CHECKS
            )
            and (len(s.words) > 1 or _leads_with_verb(f, s))
            and s.words[0] in ACTION_VERBS
            and not is_plural(s.words[-1])
            and not s.words[-1].endswith("ing")  # "open-banking" names a domain
        ),
        None,
    )
    if inner is not None and f.verb is None:
        tally.against("action_path", f"path goes through an action ({' '.join(inner)!r})")
    if (
        f.method in ("get", "post")
        and f.ends_with_param
        and f.segments[-1].words in _ACTION_PARAMS
        and not f.ends_with_id
        and "search" not in f.path_words
    ):
        # GET /pods/{podId}/{action}: reboot, shutdown ... whichever the caller names (PUT
        # /actions/{action} edits a kept one)
        tally.against("action_segment", f"path ends in an action it is sent ({f.segments[-1].raw})")
    op = verb_op
    if (named := _named_action(f)) is not None:
        op = None  # Categorize_Post: the method's verb, after what the controller does
        tally.against("action", f"action verb {named!r} named before the method")
    if op is not None:
        tally.add("verb", f"verb {f.verb!r} in the {f.verb_source.replace('_', '')} name")
        said = summary_op
        if f.verb == f.method == "put" and said == "update":
            op = said  # "Lock_PutTemplateLock", "Updates a template lock": an update
    safe_read = (
        f.method == "get"
        and rest is not None
        and rest[1] != "rest_other"
        # "/keys/generateBatch" names its action in the path, unless the summary says the
        # GET reads ("Retrieve trigger requirements" of GET .../trigger-requirements)
        and (
            f.verb not in f.path_words
            or summary_op in ("read", "list")
            or _downloads_item(f)  # GET /export/workflows/{id}
        )
        and not (f.verb in COMPUTE_VERBS and f.ends_with_param and not f.ends_with_id)
    )
    # a DELETE on an item undoes an association ("DisconnectPeer", "unfollow"): a delete;
    # "cancelBuild" with DELETE stays an action
    deletes_item = (
        f.method == "delete"
        and f.ends_with_param
        and f.verb is not None
        and (
            f.verb.startswith(("un", "dis"))
            or f.verb in ("revoke", "close", "invalidate", "expire")
            or bool(_REMOVALS.intersection(f.op_words))  # "deactivateOrDeleteUser"
        )
    )
    # "Get Small Liability Exchange History", "Create a shareable link" (POST .../share):
    # the summary names the crud operation the method does, the name's verb qualifies
    summary_agrees = op is None and summary_op in _METHOD_OPS.get(f.method, ())
    if (
        op is None
        and (f.verb in ACTION_VERBS or f.verb == "terminate")
        and not safe_read
        and not deletes_item
        and not summary_agrees
    ):
        # a safe GET on a REST shape reads, whatever its name says ("identifyAdmin"), and
        # a DELETE on an item deletes it ("DisconnectPeer")
        tally.against("action", f"action verb {f.verb!r}")
    elif (
        f.method == "post"
        and f.last_literal == ("actions",)
        and len(f.segments) > 1
        and f.segments[-2].is_param
    ):
        # POST /droplets/{id}/actions {"type": "reboot"}: an action done to the item
        tally.against("action_segment", "posts an action to an item ('actions')")
    elif (
        (acted := _action_segment(f)) is not None
        and not safe_read
        and (f.method != "get" or op is None)
        # "Updates a template lock" (PUT .../lock) sets the lock: the summary agrees
        and summary_op not in _METHOD_OPS.get(f.method, ())
    ):
        tally.against("action_segment", f"path ends in the action {acted!r}")
    if rest is not None:
        rest_op, key, text = rest
        if op is None:
            if f.verb is None or rest_op == "delete" or safe_read:
                op = rest_op
                tally.add(key, text)
                if (
                    key == "rest_other"
                    and rest_op == "create"
                    # "Add new message to trouble ticket" says it creates; "POST Cluster
                    # Endpoint" only repeats the method
                    and (summary_op != "create" or f.summary_words[:1] == ("post",))
                    and not _echoes(f)
                ):
                    # POST /emotion {text} -> {scores}: answers nothing it was sent, no id
                    tally.against("no_echo", "answers no field it was sent and no id")
        elif rest_op == op:
            tally.add(key, text)
        elif key == "search_path" and op == "read":
            op = rest_op  # a search over a stored collection lists it
            tally.add(key, text)
    # the summary names the operation where the name and the path's shape say little;
    # its action counts against a weak shape too ("Check Server Time" of GET /time)
    names = (f.verb is None and (rest is None or f.method == "post")) or (
        summary_agrees and op is None
    )
    weak_shape = rest is None or rest[1] == "rest_other"
    if names or (f.verb is None and weak_shape):
        said = summary_op
        if said is not None and said != op:
            if said == "action" and weak_shape:
                tally.against(
                    "summary_action", f"summary starts with an action ({f.summary_words[0]!r})"
                )
            elif said != "action" and names:
                op = said
                tally.add("summary_verb", f"summary starts with {f.summary_words[0]!r}")
    if (
        f.method == "post"
        and rest is None
        and f.verb in _GENERIC_NAME_VERBS
        and summary_op == "action"
    ):
        # "POST /" named NewMessage, "Send a message"; "POST /status/get", "Check ..."
        tally.against(
            "summary_over_name",
            f"summary says {f.summary_words[0]!r}, the name only {f.verb!r}",
        )
    if op is None:
        return None, tally
    if (
        # POST .../{componentKey}/resolve named resolveX: the name's read verb is the path's
        (
            f.verb_source == "path"
            or (f.last_literal == (f.verb,) and VERB_OPS.get(f.verb or "") == "read")
        )
        and f.method == "post"
        and len(f.segments) > 1
        and f.segments[-2].is_param
        and op not in ("create", "update", "delete")
    ):
        tally.against("action_path", f"POST to verb {f.verb!r} after an item")
    elif (
        # POST /v1/test_helpers/treasury/outbound_transfers/{outbound_transfer}/post: to
        # post a transfer (a ledger's verb) is done to the item, no "post" is created
        f.method == "post"
        and len(f.segments) > 1
        and f.segments[-1].words == ("post",)
        and not f.segments[-1].is_param
        and f.segments[-2].is_param
    ):
        tally.against("action_path", "POST of 'post' to an item (posts it)")
    elif (
        # POST /invoices/{invoice}/mark_uncollectible, .../{intent}/apply_customer_balance:
        # a state transition done to the item, though its verb may edit elsewhere
        f.verb in _TRANSITIONS
        and f.method == "post"
        and f.last_literal[:1] == (f.verb,)
        and f.segments[-1].words == f.last_literal
        and len(f.segments) > 1
        and f.segments[-2].is_param
    ):
        tally.against("action_path", f"POST of a state transition {f.verb!r} to an item")
    # GET .../linkedObjects/{relationshipName} with after + limit: a parameter that is no
    # item's id names a collection, paged like any other
    # POST /users/metadata/filters {key, offset, limit} -> {data: [...], pagination}: a
    # POST no verb names that pages through the list it answers reads it
    pages_answer = op == "create" and f.verb is None and f.array_field is not None
    if (op == "read" and not f.ends_with_id and f.method in ("get", "post")) or pages_answer:
        paged = pagination.judge(f)
        if paged is not None and paged.confidence >= 0.5:
            op = "list"
            tally.add("paged", f"takes paging controls ({paged.detail})")
    if (
        op in ("read", "list")
        and f.method == "post"
        and "search" not in f.path_words
        and (sent := file_upload.judge(f)) is not None
        and sent.confidence >= 0.5
        and sent.detail in ("multipart", "form_file")
        and not (f.returns_array or f.array_field)
    ):
        # POST .../get-page-angle with an image file: what is read is worked out of the
        # file sent, no kept item (a body of bytes may be a query's encoding, and a list
        # answered lists kept ones)
        tally.against("processing", f"reads what it works out of a file sent ({sent.detail})")
    if op == "read" and f.method == "get" and f.returns_array and not f.ends_with_id:
        # GET /2.0/repositories/{username}, getLoanableData answering [...]: what comes back
        # is several items, whatever the name reads (an item's id reads one)
        op = "list"
    if op == "list" and (f.returns_array or f.array_field):
        tally.add("list_response", "success body is a list")
    return op, tally


def judge(f: Features) -> PatternMatch | None:
    """Judge the crud pattern from an operation's features."""
    if f.method == "options":
        return None  # a CORS preflight asks what is allowed, reads nothing
    op, tally = operation_kind(f)
    if op is None:
        return None
    params: dict[str, str] = {}
    resource = _resource(f)
    if resource:
        params["resource"] = resource
    if f.ends_with_param and (id_param := _id_param(f)):
        params["id_param"] = id_param
    return tally.match("crud", op, params)


detect = FeatureDetector("crud", judge)
