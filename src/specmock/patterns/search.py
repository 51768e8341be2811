"""The search pattern: searching or filtering a collection by free text or a query.

Strong evidence: a free-text or query parameter (``q``, ``query``, ``search``,
``keyword``, ``term``, ``fullText``, ``filter[search]``), a query-language body field
(``query``, ``sparql``, ``pql``) of an operation that reads or runs it
(``/metadata_queries/execute_read``, a lookup service's form), a ``/search`` path
segment, an operation named or summarised as a search. Weaker evidence: a generic filter
expression (``$filter``, ``filter``, ``Filters``, ``criteria``), a geographic "near this
point" lookup (or inside a box by its four sides, or within a radius of a postal code or
an address), a name about filtering (``findByStatus``, ``DevicesByEnergy``).

A type-ahead endpoint (``/autocomplete``, ``/suggest`` with a required text input) is
a free-text search.

Not search: a lookup by id (``/search/{id}``), ordinary lists with an exact-match
filter such as ``status`` (no signal at all), a ``filter`` or ``q``-like parameter whose
values are enumerated or not text (an exact-match choice), a ``ListByResourceGroup``
name whose "by" names a path parameter (a scope, not a filter), and operations that
write. ``detail`` is
``text``, ``query`` (a query language) or ``filter``; ``params`` gives ``query`` or
``filter`` (the parameter's name).
"""

from __future__ import annotations

import re

from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features, words
from specmock.patterns.vocabulary import (
    COMPUTE_VERBS,
    CREATE_VERBS,
    DELETE_VERBS,
    LIST_VERBS,
    READ_VERBS,
    UPDATE_VERBS,
    is_plural,
    lexicon,
    singular,
)

__all__ = ["WEIGHTS", "detect", "gathered_at_point", "judge", "path_term", "path_term_last"]

WEIGHTS = weights(
    {
        "text_param": 0.93,  # q, query, search, keyword, term, fullText
        "query_language": 0.9,  # sparql / pql / sql / query body field
        "search_path": 0.93,  # a literal /search segment (not /search/{id})
        "search_name": 0.9,  # operation named search (searchUsers, drive.files.search)
        "search_summary": 0.8,  # summary "Search for ..." / "Find ... matching"
        "suggest": 0.85,  # autocomplete / suggest / typeahead
        "filter_param": 0.62,  # $filter, filter, Filters, criteria
        "geo": 0.6,  # near / latitude + longitude / radius
        "by_name": 0.6,  # findByStatus, DevicesByEnergy
        "find_name": 0.55,  # find by criteria (findPets?tags=...)
        "lookup_name": 0.45,  # lookup / query verbs: exact lookups unless more evidence
        "id_lookup": 0.9,  # against: /search/{id} is a lookup by id
        "writes": 0.95,  # against: create / update / delete operations
        "question": 0.95,  # against: a yes/no question (isFreeSearchSupported)
        "computes": 0.95,  # against: named for a computation (calculateSimpleTax)
    }
)

_TEXT_PARAMS = lexicon(
    """
    q query search searchterm searchtext searchquery searchstring keyword keywords term
    terms fulltext freetext textsearch filtersearch querystring searchterms searchkey
    searchvalue searchfor phrase textquery fulltextsearch qs searchby searchname
    searchkeyword
    """
)
_QUERY_LANGUAGES = lexicon(
    """
    sparql pql sql jql cql gql graphql querylanguage sqlquery soql kql lucene
    """
)
#: Endings of free-text parameter names (``textQuery``, ``nameSearch``, ``searchTerms``).
_TEXT_SUFFIXES = ("query", "search", "keyword", "keywords", "searchterm", "searchterms")
#: Path words of an operation that reads (``/rest_lookups.cwa_parameters``), whose body
#: fields can be its criteria; not "searches" nor "queries", where a body saves one.
_READ_WORDS = _QUERY_LANGUAGES | {"search", "query", "find", "lookup", "lookups"}
#: Verbs that run what the body holds (``/metadata_queries/execute_read``): a ``query``
#: sent to be run is a query over the collection.
_RUN_VERBS = frozenset({"execute", "run"})
_QUERY_LANGUAGE = re.compile("|".join(sorted(_QUERY_LANGUAGES, key=len, reverse=True)))
_FILTER_PARAMS = lexicon(
    """
    filter filters filterexpression criteria where conditions lookupattributes
    searchcriteria filterby queryfilter scanfilter keyconditions keyconditionexpression
    filterquery fq
    """
)
#: Types a free-text or filter-expression parameter can have (arrays of strings too).
_TEXT_TYPES = frozenset({"string", "array", "object"})
#: Endings of partial-match filter parameters (``nameContains``, ``titleLike``).
_FILTER_SUFFIXES = ("contains", "like", "startswith", "prefix", "matches")
#: Last words of a ``filter_*`` parameter that names what to filter by, an exact choice
#: (``filter_type`` and ``filter_id``: the object whose subscriptions are listed).
_TARGET_WORDS = frozenset({"id", "ids", "type", "types"})


#: Controls that page a list rather than pick what it holds: a narrower list than
#: pagination's lexicons, which search cannot import (pagination imports search), and which
#: would also take "from" and "after", often a find's date criteria.
_PAGING_CONTROLS = lexicon(
    """
    limit offset page pagesize perpage pagenumber size count start skip top cursor marker
    pagetoken nexttoken maxresults
    """
)


def _names_target(name: str) -> bool:
    found = words(name)
    return len(found) == 2 and found[-1] in _TARGET_WORDS


#: Words of type-ahead search endpoints (free text completed into matches).
_SUGGEST_WORDS = lexicon(
    """
    autocomplete autosuggest autocompletion typeahead
    """
)
_GEO = lexicon(
    """
    near latitude longitude lat lon lng radius distance bbox boundingbox within
    """
)
#: A bounding box by its four sides.
_BOX = frozenset({"north", "south", "east", "west"})
#: Places given by name or code that an area (a radius) can be drawn round.
_PLACES = lexicon(
    """
    zip zipcode postalcode postcode address location city place
    """
)
#: Names that start like a search but hold a position in a list (Elasticsearch's
#: ``search_after``): paging, not criteria.
_POSITIONS = frozenset({"searchafter"})
#: Words of a query parameter that carries a credential, not a criterion.
_CREDENTIAL_WORDS = frozenset({"token", "auth", "key", "apikey", "secret", "signature"})
#: First words of a name that asks a yes/no question (``isFreeSearchSupported``).
_QUESTIONS = frozenset({"is", "has", "can", "does", "supports"})
#: JSON:API's exact-match filters, one attribute each (``filter[status]``).
_KEYED = re.compile(r"filter\[", re.IGNORECASE)
#: Names of a lookup of what is near a point (``/users/nearby``, ``/nearest``).
_NEAR = frozenset({"near", "nearby", "nearest", "closest", "around"})
#: Controls that draw an area round a point: things in it are picked (with ``near``).
_AREA = lexicon(
    """
    radius distance bbox boundingbox within
    """
)
#: "ByX" names that look one item up rather than filter.
_EXACT_KEYS = lexicon(
    """
    id ids name key uuid slug arn code email username login number token hash sha guid url uri
    sku isbn barcode
    """
)
#: After "by", a time axis a series is laid out on (``appSessionsByTime``,
#: ``dailyNewUsersByDate``): grouping, not a filter.
_TIME_AXES = lexicon(
    """
    date time day days week month year hour period
    """
)
_WRITE_VERBS = (CREATE_VERBS | UPDATE_VERBS | DELETE_VERBS) - {"filter"}


def _reads(f: Features) -> bool:
    """Whether a body field can be a search input: the operation reads or searches."""
    if f.verb is not None:
        return f.verb in LIST_VERBS or f.verb in READ_VERBS
    return bool(_READ_WORDS.intersection(f.path_words))


def _runs(f: Features, norm: str) -> bool:
    """Whether a body field is a query the operation runs (``POST .../execute_read`` with
    ``{"query": ...}``)."""
    return norm == "query" and f.verb in _RUN_VERBS


def _lists(f: Features) -> bool:
    """Whether the answer is several items: an array, or a collection's plural noun."""
    head = f.last_literal[-1:]
    return f.returns_array or f.array_field is not None or bool(head and is_plural(head[0]))


def gathered_at_point(f: Features) -> str | None:
    """The collection a path gathers at a point it is given (``/atms/.../{latitude}/
    .../{longitude}``): a plural literal before two coordinate parameters."""
    if sum(1 for s in f.segments if s.is_param and "".join(s.words) in _GEO) < 2:
        return None
    kept = [s for s in f.literals if s.words and is_plural(s.words[-1])]
    return kept[0].raw if kept else None


def path_term(f: Features) -> str | None:
    """A path parameter that carries text to match (``{term}``, ``{searchString}``), unless
    it names an item of a collection the path holds (``/keywords/leases/{keyword}``)."""
    for segment in f.segments:
        if not segment.is_param or not segment.words:
            continue
        if "".join(segment.words) in _TEXT_PARAMS or segment.words[-1] == "pattern":
            held = {form for s in f.literals for w in s.words for form in (w, singular(w))}
            if not held & {segment.words[-1], singular(segment.words[-1])}:
                return segment.raw.strip("{}")
    return None


def path_term_last(f: Features) -> str | None:
    """The text to match when the path ends with it (``GET /icons/{term}``): the items
    that match, not one item named by an id."""
    if not f.ends_with_param:
        return None
    term = path_term(f)
    return term if term == f.segments[-1].raw.strip("{}") else None


def judge(f: Features) -> PatternMatch | None:
    """Judge the search pattern from an operation's features."""
    if f.method == "options":
        return None  # a CORS preflight finds nothing
    tally = Tally(WEIGHTS)
    params: dict[str, str] = {}
    detail: str | None = None
    controls = [(p.name, p.norm, p.location) for p in f.params if p.location == "query"]
    exact = {
        p.name
        for p in f.params
        if p.location == "query" and (p.enum or (p.types and not p.types & _TEXT_TYPES))
    }
    if f.method in ("post", "get") and f.body_fields:
        controls.extend((x.name, x.norm, "body") for x in f.body_fields if x.top_level)
    # JSON:API's filter[status]: one or two such exact-match filters only narrow a list
    keyed = [name for name, _, where in controls if where == "query" and _KEYED.match(name)]
    geo = 0
    for name, n, where in controls:
        if name in exact and n not in _GEO:
            continue  # an enumerated or non-text value is an exact-match choice
        if (n in _TEXT_PARAMS and (where != "body" or _reads(f) or _runs(f, n))) or (
            where == "query" and name.startswith("q[")
        ):
            tally.add("text_param", f"{where} param {name!r}")
            params.setdefault("query", name)
            detail = detail or "text"
        elif _QUERY_LANGUAGE.match(n) and (where != "body" or _reads(f)):
            tally.add("query_language", f"{where} field {name!r} (query language)")
            params.setdefault("query", name)
            detail = "query"
        elif (
            where == "query"
            and (n.startswith("search") or n.endswith(_TEXT_SUFFIXES))
            and n not in _POSITIONS
        ):
            tally.add("text_param", f"{where} param {name!r} (search criteria)")
            params.setdefault("query", name)
            detail = detail or "filter"
        elif (
            # a body's filter selects only when the operation reads (a logpush job's
            # "filter" configures what it will ship)
            (n in _FILTER_PARAMS and (where != "body" or _reads(f)))
            or (
                n.startswith("filter")
                and where == "query"
                and not _names_target(name)
                and not (name in keyed and len(keyed) <= 2)
            )
            # nameContains on a list; a card number's prefix sent to be taxed is a value
            or (
                where == "query"
                and n.endswith(_FILTER_SUFFIXES)
                and n not in _FILTER_SUFFIXES
                and _lists(f)
            )
        ):
            if "filter" not in params:
                tally.add("filter_param", f"{where} param {name!r} (filter expression)")
                params["filter"] = name
                detail = detail or "filter"
        elif n in _GEO and (where != "body" or _reads(f)):
            geo += 1  # in a body only when the call reads (a receipt sent with its place)
    if f.method == "get" and (term := path_term(f)) is not None:
        # GET /icons/{term}, /v1/news/{query}: the text to match rides in the path
        tally.add("text_param", f"path param {term!r}")
        params.setdefault("query", term)
        detail = detail or "text"
    sent = {n for _, n, where in controls if where == "query"}
    # GET /locations/by-square?north=&south=&east=&west=: the things inside a box
    box = _BOX.issubset(sent)
    area = box or any(n in _AREA for _, n, _ in controls)
    if box or (area and sent & _PLACES and f.method == "get"):
        geo = max(geo, 2)  # an area round a postal code or an address: a place, not a point
    near = any(n == "near" and (where != "body" or _reads(f)) for _, n, where in controls)
    # things near a point, or in an area, or of a collection at a point; a point alone
    # where nothing is kept (GET /forecast?lat=&lon=) is where a value is computed for
    head = f.last_literal[-1:]
    gathers = area or bool(head and is_plural(head[0])) or bool(_NEAR & set(f.path_words))
    if geo < 2 and f.method == "get" and gathered_at_point(f) is not None:
        # GET /atms/geo-location/lat/{latitude}/long/{longitude}: the ATMs at a point
        geo, gathers = 2, True
    if near or (geo >= 2 and gathers):
        tally.add("geo", "geographic lookup parameters")
        detail = detail or "filter"
    literals = f.literals
    search_segment = next(
        (i for i, s in enumerate(f.segments) if not s.is_param and s.words[:1] == ("search",)),
        None,
    )
    if search_segment is not None:
        after = f.segments[search_segment + 1 :]
        if after and after[-1].is_param and after[-1].words[-1:] in (("id",), ("ids",)):
            tally.against("id_lookup", "/search/{id} looks an item up by id")
        else:
            tally.add("search_path", "path has a 'search' segment")
            detail = detail or "text"
    elif any("search" in s.words for s in literals):
        tally.add("search_path", "path names a search")
        detail = detail or "text"
    elif (
        f.method == "post"
        and f.last_literal == ("searches",)
        and not f.ends_with_param
        and (f.returns_array or f.array_field is not None)
    ):
        # POST /users/searches answering users: a search run, not a saved search kept
        tally.add("search_path", "POST to 'searches' answering a list")
        detail = detail or "text"
    named = set(f.path_words) | set(f.name_words)
    suggest = named & _SUGGEST_WORDS
    if not suggest and named & {"suggest", "suggestions"}:
        # "suggestions" alone may be recommendations; with a required text input it completes
        typed = [p for p in f.params if p.location == "query" and p.required]
        if any("string" in p.types and not p.enum for p in typed):
            suggest = named & {"suggest", "suggestions"}
    if suggest and f.method in ("get", "post") and search_segment is None:
        tally.add("suggest", f"type-ahead search ({sorted(suggest)[0]!r})")
        detail = detail or "text"
    op_name = f.name_words
    if f.verb == "search" or (op_name and "search" in op_name and search_segment is None):
        tally.add("search_name", f"operation named search ({' '.join(op_name)!r})")
        detail = detail or "text"
    elif f.verb in ("find", "lookup", "query"):
        # "find" with criteria filters, and so does a POST of a query body; a lookup names
        # one item exactly, and a GET "query" is many APIs' word for any read
        # (queryTransLog), so they need more evidence
        # credentials sent in the query (access_token, vestorly_auth) are no criteria
        # nor are paging controls (find_eligible_items?limit=&offset= lists them all)
        criteria = any(
            p.location == "query"
            and not set(words(p.name)) & _CREDENTIAL_WORDS
            and p.norm not in _PAGING_CONTROLS
            for p in f.params
        ) or bool(f.body_fields)
        filters = (f.verb == "find" and criteria) or (
            f.verb == "query" and f.method == "post" and bool(f.body_fields)
        )
        key = "find_name" if filters else "lookup_name"
        tally.add(key, f"verb {f.verb!r} by criteria")
        detail = detail or "filter"
    by = op_name.index("by") if "by" in op_name[1:-1] else -1
    # "ListByResourceGroup" with a {resourceGroupName} path parameter scopes, not filters
    scope = {form for s in f.segments for w in s.words for form in (w, singular(w))}
    if (
        by > 0
        and op_name[by + 1] not in _EXACT_KEYS
        # "GetByPlanid", "ByENSGID": an identifier run together with its noun
        and not op_name[by + 1].endswith(("id", "ids"))
        and op_name[by + 1] not in _TIME_AXES
        and op_name[by + 1] not in scope
        # GET /entities/locations/{location} "byAlpha2": the path's value looks one up
        and not f.ends_with_param
        and (f.method == "get" or f.verb in ("find", "list", "get", "search", "lookup"))
    ):
        tally.add("by_name", f"name filters by an attribute ({' '.join(op_name)!r})")
        detail = detail or "filter"
    summary = f.summary_words
    if summary[:1] in (("search",), ("searches",)) or summary[:2] == ("full", "text"):
        tally.add("search_summary", "summary says search")
        detail = detail or "text"
    if tally.score == 0.0:
        return None
    last = f.segments[-1] if f.segments else None
    if (
        last is not None
        and last.is_param
        and last.words[-1:] in (("id",), ("ids",), ("uuid",), ("key",))
        and "query" not in params
        and search_segment is None
    ):
        tally.against("id_lookup", f"looks one item up by {last.raw!r}")
    asked = f.last_literal[:1] or f.op_words[:1]
    if asked and asked[0] in _QUESTIONS and f.method == "get":
        tally.against("question", f"asks a yes/no question ({asked[0]!r}), finds nothing")
    if f.verb in COMPUTE_VERBS:
        tally.against("computes", f"named for a computation ({f.verb!r}), finds nothing")
    if f.verb in _WRITE_VERBS or f.method in ("delete", "put", "patch"):
        tally.against("writes", f"{f.method.upper()} {f.verb or ''} writes".strip())
    return tally.match("search", detail, params)


detect = FeatureDetector("search", judge)
