"""The pagination pattern: an operation that returns one slice of a collection.

Evidence is either a **paging control** in the request (query parameters, or top-level
body fields for RPC-style APIs): ``page``/``per_page``/``pageSize``, ``offset``/``skip``/
``start`` (a ``from`` or ``start`` typed as text counts beside a size, where no ``to`` or
``end`` makes it a range's bound and no page number or cursor names the position:
Elasticsearch's ``from`` + ``size``, Solr's ``start`` + ``rows``),
``cursor``/``after``/``marker``, ``pageToken``/``NextToken``/``$skiptoken``,
id cursors (``since_id``, ``max_id``) on an operation that reads a list, any other
``*_token`` that comes with a size (``batch_token`` + ``limit``); or **paging metadata**
in the response (around a list of items, unless the request pages too): a next
link or token (``nextLink``, ``nextPageToken``, ``NextMarker``, ``LastEvaluatedKey``,
``links.next``), ``has_more``, total pages, a ``Link`` or ``Pagination-*`` header, or
Azure's ``x-ms-pageable`` with a ``nextLinkName``.

Not pagination: a lone ``limit`` / ``maxResults`` that only truncates (weight below the
threshold on its own), a total count alone, ``x-ms-pageable`` without a next link, and
paging parameters on a create operation. ``detail`` is the style (``cursor``,
``token``, ``offset``, ``page``, ``link``); ``params`` names what is present: ``page``,
``size``, ``offset``, ``cursor``, ``items``, ``next``, ``total``, ``has_more``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from specmock.patterns import search
from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features, Field, Param
from specmock.patterns.vocabulary import CREATE_VERBS, DELETE_VERBS, LIST_VERBS, READ_VERBS, lexicon
from specmock.patterns.words import norm

__all__ = ["WEIGHTS", "detect", "judge"]

WEIGHTS = weights(
    {
        "page": 0.9,  # page, page_number, pageIndex
        "page_size": 0.85,  # per_page, pageSize, itemsPerPage (paging-specific)
        "offset": 0.88,  # offset, skip, $skip, startIndex
        "cursor": 0.93,  # cursor, after, before, marker, starting_after
        "token": 0.93,  # pageToken, nextToken, continuationToken, $skiptoken
        "id_cursor": 0.88,  # since_id, max_id, from_id
        "limit": 0.3,  # limit / maxResults / top alone only truncates
        "next": 0.93,  # response has a next link / token / marker
        "has_more": 0.88,  # response has has_more / isTruncated / hasNextPage
        "total_pages": 0.85,  # response has total pages / page count
        "paging_object": 0.85,  # response has a "pagination" / "paging" object
        "page_field": 0.4,  # response tells the page number or size: alone, an envelope
        "ms_pageable": 0.95,  # x-ms-pageable with a nextLinkName
        "link_header": 0.9,  # a Link / X-Next-Page / Pagination-* header
        "total_count": 0.15,  # a total count alone
        "create": 0.95,  # against: paging on a create (or any write) operation
        "item": 0.85,  # against: a single item read
        "no_next_link": 0.9,  # against: x-ms-pageable without nextLinkName
    }
)

_PAGE = lexicon(
    """
    page pagenumber pagenum pageno pageindex pagenr pageoffset currentpage pg
    """
)
_PAGE_SIZE = lexicon(
    """
    perpage pagesize itemsperpage resultsperpage pagelimit pagelength recordsperpage
    pagecount entriesperpage pagesizelimit rpp
    """
)
_OFFSET = lexicon(
    """
    offset skip startindex startat startposition firstresult first startrow from start index
    startoffset firstrow limitstart ofs
    """
)
_CURSOR = lexicon(
    """
    continue continuefrom continuation pagekey
    cursor after before marker startingafter endingbefore startafter pagecursor keymarker
    streamposition
    versionidmarker uploadidmarker continuationmarker exclusivestartkey
    exclusivestarttablename exclusivestartstreamarn exclusivestartshardid startkey
    startafterkey iterator sharditerator fromtoken searchafter
    """
)
_TOKEN = re.compile(r"(next|page|continuation|skip|start|paging|resume|pagination)(page)?token")
#: What precedes ``token`` in the name of a token that is a credential or a one-off
#: value, not a position in a list (``access_token``, ``csrf_token``).
_NOT_CURSOR_TOKENS = lexicon(
    """
    oauth oauth2 access session auth api id refresh bearer security csrf xsrf jwt user client
    login device push notification registration idempotency verification payment card
    captcha invite reset confirmation
    """
)
_READ_VERBS = LIST_VERBS | READ_VERBS
_ID_CURSOR = re.compile(r"(since|max|min|before|after|from|until|last|start)[a-z]*id")
_LIMIT = lexicon(
    """
    limit maxresults maxitems maxrecords top size count rows numresults maxcount maxentries
    pagesize num resultlimit maxkeys maxuploads maxparts numitems take rowcount
    """
)
_NEXT_FIELDS = re.compile(
    r"(odata)?next(link|url|uri|page|pageurl|pageuri|pagelink|pagetoken|token|cursor|"
    r"marker|href|key|offset|start|pagecursor|position|streamposition)?|lastevaluated[a-z]*|"
    r"continuationtoken|continuation|"
    r"nextrecordsurl|marker|cursor|scrollid|resumptiontoken|pagekey"
)
_HAS_MORE = lexicon(
    """
    hasmore hasnext hasnextpage istruncated moreresults hasmoreitems hasmoreresults more
    truncated lastpage islastpage
    """
)
_TOTAL_PAGES = lexicon(
    """
    totalpages pagecount numpages pages lastpage totalpagecount
    """
)
_PAGING_OBJECTS = frozenset({"pagination", "paging", "pageinfo", "pager"})
_TOTALS = lexicon(
    """
    total totalcount totalresults totalitems count totalsize resultsizeestimate totalrecords
    totalelements totalhits
    """
)
_HEADERS = re.compile(
    r"link|xnext[a-z]*|xtotalpages|xpage[a-z]*|xperpage|x?pagination[a-z]*|xmore[a-z]*|"
    r"xcontinuation[a-z]*|xcursor|xnextcursor|xlimit|xoffset|nextpage|xhasmore"
)
_TOTAL_HEADERS = frozenset({"xtotalcount", "xtotal", "xresultcount", "totalcount"})
#: A size by another name (``num_max_invoices``, ``max_events``), counted with a position.
_LOOSE_SIZE = re.compile(r"(num)?max[a-z]+|num[a-z]+|[a-z]+limit")


#: What a control's name may start with to say it pages (``paginate_limit``,
#: ``pagination_id``): what follows names the control, an id or key a cursor.
_PAGING_PREFIX = re.compile(r"(paginate|pagination|paging)(?P<rest>[a-z]+)")
#: Server-sent events' reconnection header: it replays a stream, it pages no list.
_NOT_CURSORS = frozenset({"lasteventid"})


def _known(name: str) -> bool:
    """Whether a normalised name is a paging control's, as it stands."""
    lexicons = (_PAGE, _PAGE_SIZE, _OFFSET, _CURSOR, _LIMIT)
    return any(name in lex for lex in lexicons) or bool(
        _TOKEN.fullmatch(name) or _ID_CURSOR.fullmatch(name)
    )


def _leaf(p: Param) -> Param:
    """A control whose whole name says nothing (JSON:API's ``page[size]`` does), named
    inside a structure (``searchCriteria[pageSize]``, ``queryOptions.page``): judged by
    its last part; ``paginate_limit`` by what follows the prefix, and ``pagination_id``
    as a cursor."""
    if _known(p.norm):
        return p
    parts = [part for part in re.split(r"[\[\].]", p.name) if part]
    leaf = norm(parts[-1]) if len(parts) > 1 else p.norm
    prefixed = _PAGING_PREFIX.fullmatch(leaf)
    if prefixed is not None:
        rest = prefixed["rest"]
        leaf = "cursor" if rest in ("id", "key", "position") else rest
    return replace(p, norm=leaf) if leaf != p.norm and _known(leaf) else p


def _controls(f: Features) -> list[Param]:
    """Query parameters, plus top-level body fields of RPC-style (non-REST-create) calls."""
    out = [_leaf(p) for p in f.params if p.location in ("query", "header")]
    # GET /get/list/{page}: the page asked for as the path's last segment
    # GET /teams/{page_num}/simple: a page number by a name that can mean nothing else
    out.extend(
        p
        for p in f.params
        if p.location == "path"
        and p.norm in _PAGE
        and (_last_param(f, p) or (p.norm != "page" and _integral(p)))
    )
    if f.body_fields and f.method in ("post", "get"):
        out.extend(
            Param(x.name, x.norm, "body", x.types, x.format)
            # top level, and inside an options object ({"options": {"count", "offset"}}):
            # the only body objects the features read one level down
            for x in f.body_fields
        )
    return out


def _last_param(f: Features, p: Param) -> bool:
    """Whether a path parameter is the path's last segment."""
    return f.ends_with_param and f.segments[-1].raw.strip("{}") == p.name


def _named_size(p: Param) -> bool:
    """A JSON body's ``page_size`` that is text names a paper size ("A4"), not a count."""
    return p.location == "body" and p.types == frozenset({"string"}) and not _integral(p)


def _integral(p: Param) -> bool:
    """Whether a control holds a whole number (an integer, or a string of int64 digits)."""
    return bool(p.types & {"integer"}) or p.format in ("int64", "uint64", "int32", "uint32")


#: What ends a range a "from" or "start" begins: with one, they are its bounds (dates).
_RANGE_ENDS = lexicon(
    """
    to end until till stop before
    """
)


def _untyped_position(p: Param, f: Features) -> bool:
    """Whether a ``from`` / ``start`` query parameter written as text may be a position: a
    GET's, no date or time by its format, and no range's start (no ``to`` / ``end``)."""
    return (
        f.method == "get"
        and p.location == "query"
        and p.types <= {"string"}
        and p.format is None
        and not any(q.norm in _RANGE_ENDS for q in f.params)
    )


def _is_create(f: Features) -> bool:
    if f.verb in CREATE_VERBS:
        return True
    if f.verb is None and f.method == "post" and not f.ends_with_param:
        head = f.last_literal[-1:] or ("",)
        return (
            head[0].endswith("s")
            and not f.action
            and bool(f.body_fields)
            and not any(w in f.path_words for w in ("search", "query", "list", "find"))
        )
    return False


def _reads(f: Features) -> bool:
    """Whether the operation reads a list (a GET, an RPC call that answers with a list or
    is named with a read or list verb), as opposed to an action that moves or changes
    things (``POST /transfers/distribute``)."""
    if f.method in ("get", "head") or f.returns_array or f.array_field:
        return True
    if f.verb is not None:
        return f.verb in _READ_VERBS
    return bool(set(f.path_words) & _READ_VERBS)


def judge(f: Features) -> PatternMatch | None:
    """Judge the pagination pattern from an operation's features."""
    tally = Tally(WEIGHTS)
    params: dict[str, str] = {}
    styles: list[str] = []
    has_size = has_limit = False
    loose_token: Param | None = None  # "batch_token": a cursor when a size comes with it
    # "current", "p": a page number when a size comes with it or the answer tells pages
    loose_page: Param | None = None
    loose_offset: Param | None = None  # "index_offset": an offset when a size comes with it
    loose_position: Param | None = None  # a numeric "after": a position when a size comes
    loose_size = False
    loose_start: Param | None = None  # "from" as text: an offset when a size comes with it
    for p in _controls(f):
        n = p.norm
        where = "body field" if p.location == "body" else f"{p.location} param"
        numeric = not p.types or bool(p.types & {"integer", "number", "string"})
        if n in _PAGE and numeric:
            tally.add("page", f"{where} {p.name!r}")
            params.setdefault("page", p.name)
            styles.append("page")
        elif n in _PAGE_SIZE and not (p.enum or _named_size(p)):
            tally.add("page_size", f"{where} {p.name!r}")
            params.setdefault("size", p.name)
            has_size = True
        elif _TOKEN.fullmatch(n) or (n in ("skiptoken", "token") and p.location == "query"):
            if n == "token":
                continue  # an auth token, most likely
            tally.add("token", f"{where} {p.name!r}")
            params.setdefault("cursor", p.name)
            styles.append("token")
        elif n in _CURSOR or (n.endswith("cursor") and p.location != "header"):
            if n in ("after", "before") and p.types & {"integer", "number"}:
                loose_position = loose_position or p  # a time or an id: judged below
                continue
            tally.add("cursor", f"{where} {p.name!r}")
            params.setdefault("cursor", p.name)
            styles.append("cursor")
        elif _ID_CURSOR.fullmatch(n) and n not in _NOT_CURSORS:
            if not p.types & {"integer", "string"} and p.types:
                continue
            if not _reads(f):
                continue  # "from_account_id" of a transfer names an item, not a position
            tally.add("id_cursor", f"{where} {p.name!r} (id cursor)")
            params.setdefault("cursor", p.name)
            styles.append("cursor")
        elif n in _OFFSET:
            # dates, times and names are no positions (a number of int64 format is often
            # a time in microseconds), nor is where a write puts a value
            whole = bool(p.types & {"integer"}) or p.format == "integer"
            if n in ("from", "start", "first", "index") and not (whole and _reads(f)):
                if n in ("from", "start") and _untyped_position(p, f):
                    loose_start = loose_start or p  # judged with a size, below
                continue
            tally.add("offset", f"{where} {p.name!r}")
            params.setdefault("offset", p.name)
            styles.append("offset")
        elif n in _LIMIT:
            has_limit = True
            params.setdefault("size", p.name)
        elif n == "current" and p.types & {"integer"} and p.location != "body":
            loose_page = p
        elif n == "p" and _integral(p) and p.location == "query":
            loose_page = p  # "?p=2"
        elif n.endswith("offset") and _integral(p) and loose_offset is None:
            loose_offset = p
        elif _LOOSE_SIZE.fullmatch(n) and _integral(p):
            loose_size = True
        elif (
            n.endswith("token")
            and n[:-5] not in _NOT_CURSOR_TOKENS
            and p.location == "query"
            and loose_token is None
        ):
            loose_token = p
    if loose_token is not None and (has_limit or has_size) and f.method == "get":
        # a list that takes a size and a token names a page by the token (cursor paging)
        tally.add("token", f"query param {loose_token.name!r} with a size (cursor)")
        params.setdefault("cursor", loose_token.name)
        styles.append("token")
    if loose_position is not None and (has_limit or has_size) and "cursor" not in params:
        # "after" (a snowflake id) with "limit": the position the next slice starts from
        tally.add("cursor", f"query param {loose_position.name!r} with a size (position)")
        params["cursor"] = loose_position.name
        styles.append("cursor")
    if loose_page is not None and (has_limit or has_size) and "page" not in params:
        _take_page(loose_page, "a size", tally, params, styles)  # "current" with "size"
        loose_page = None
    if loose_offset is not None and (has_limit or has_size or loose_size) and _reads(f):
        # "index_offset" with "num_max_invoices": where the slice starts
        tally.add("offset", f"{loose_offset.location} param {loose_offset.name!r} with a size")
        params.setdefault("offset", loose_offset.name)
        styles.append("offset")
    if (
        loose_start is not None
        and (has_limit or has_size)
        and not {"offset", "page", "cursor"} & params.keys()
    ):
        # Elasticsearch's "from" + "size", Solr's "start" + "rows", written as text, where
        # nothing else names the position (Twilio's "From" beside "Page" is a key)
        tally.add("offset", f"query param {loose_start.name!r} with a size")
        params["offset"] = loose_start.name
        styles.append("offset")
        has_limit = False  # the size is the page's, no lone truncation
    if has_limit and not has_size:
        tally.add("limit", f"size param {params['size']!r}")
    asked = tally.score > 0.0  # the request carries paging controls
    _response(f, tally, params, styles)
    if loose_page is not None and "page_field" in params and "page" not in params:
        # setlist.fm's "p" with {page, itemsPerPage, total}
        _take_page(loose_page, "a page in the answer", tally, params, styles)
        asked = True
    pageable = f.extensions.get("x-ms-pageable")
    if isinstance(pageable, dict):
        link = pageable.get("nextLinkName")
        if isinstance(link, str) and link:
            tally.add("ms_pageable", f"x-ms-pageable nextLinkName {link!r}")
            params.setdefault("next", link)
            styles.append("link")
        elif "next" not in params:
            tally.against("no_next_link", "x-ms-pageable without nextLinkName")
    if tally.score == 0.0:
        return None
    # POST /users/searches {offset, limit} -> {data: [...], pagination: {...}}: a call no
    # verb names a create that answers a list with its paging metadata reads a slice
    slice_answered = (
        f.verb is None and asked and bool(f.array_field) and bool(_ANSWERED & params.keys())
    )
    if _is_create(f) and not slice_answered:
        tally.against("create", "paging on a create operation")
    elif f.method in ("put", "patch", "delete"):
        tally.against("create", f"paging on a {f.method.upper()}")
    elif f.method == "post" and f.verb in DELETE_VERBS:
        # POST /FeedConnections/DeleteRequests: a reused schema's paging fields
        tally.against("create", f"paging on a call that deletes ({f.verb!r})")
    elif (
        f.method == "get"
        and f.ends_with_param
        # GET /comments/recent/{comment_type}/{type} answering X-Pagination-* headers: a
        # slice picked by a parameter that names no item
        and (f.ends_with_id or "next_header" not in params)
        and not f.returns_array
        and not f.array_field
        # GET /icons/{term}: the items that match a term, not one item
        and search.path_term_last(f) is None
    ):
        tally.against("item", "reads a single item")
    elif f.method == "get" and f.ends_with_id and not asked and "next_header" not in params:
        # GET /contacts/{contactId} -> {contacts: [...], nextUri}: a shared envelope's list
        # and links around the one item asked for by its id, with no paging asked (a Link
        # header is the server's own word that the answer is a page)
        tally.against("item", "reads the item its id names, asking no page")
    elif not asked and f.response_fields and not _holds_list(f):
        # a generic envelope's links and page count around one object are not a slice
        tally.against("item", "the response holds no list, only paging metadata")
    detail = next((s for s in ("cursor", "token", "offset", "page", "link") if s in styles), None)
    return tally.match("pagination", detail, params)


def _take_page(
    p: Param, said: str, tally: Tally, params: dict[str, str], styles: list[str]
) -> None:
    """Count a loosely named control (``current``, ``p``) as the number of the page asked
    for, once ``said`` corroborates it."""
    tally.add("page", f"{p.location} param {p.name!r} with {said} (page)")
    params["page"] = p.name
    styles.append("page")


def _holds_list(f: Features) -> bool:
    """Whether the success body is, or carries (one level down), an array of items."""
    return f.returns_array or any("array" in x.types for x in f.response_fields)


def _response(f: Features, tally: Tally, params: dict[str, str], styles: list[str]) -> None:
    if f.array_field:
        params["items"] = f.array_field
    found_total: Field | None = None
    for field in f.response_fields:
        n = field.norm
        nested = not field.top_level
        if "array" in field.types:
            continue
        if (
            _NEXT_FIELDS.fullmatch(n)
            and "next" not in params
            and (not nested or _paging_parent(field))
        ):
            if n in ("marker", "cursor") and not field.types & {"string", "integer"}:
                continue
            tally.add("next", f"response has {field.path!r}")
            params["next"] = field.path
            styles.append("token" if "token" in n or "marker" in n else "link")
        elif n in _HAS_MORE and "has_more" not in params:
            tally.add("has_more", f"response has {field.path!r}")
            params["has_more"] = field.path
        elif (
            n in _TOTAL_PAGES
            and "total_pages" not in params
            and (field.types & {"integer", "number"} or not field.types)
        ):
            tally.add("total_pages", f"response has {field.path!r}")
            params["total_pages"] = field.path
            styles.append("page")
        elif (
            (n in _PAGE or n in _PAGE_SIZE)
            and "page_field" not in params
            and field.types & {"integer", "number"}
        ):
            tally.add("page_field", f"response has {field.path!r}")
            params["page_field"] = field.path
            styles.append("page")
        elif n in _PAGING_OBJECTS and not nested and "paging_object" not in params:
            tally.add("paging_object", f"response has {field.path!r}")
            params["paging_object"] = field.path
        elif n in _TOTALS and found_total is None:
            found_total = field
    if found_total is not None:
        params.setdefault("total", found_total.path)
        if tally.score < 0.5:
            tally.add("total_count", f"response has total {found_total.path!r}")
    for header in f.response_headers:
        h = norm(header)
        if h in _TOTAL_HEADERS:
            params.setdefault("total", header)
            if tally.score < 0.5:
                tally.add("total_count", f"header {header!r}")
        elif _HEADERS.fullmatch(h):
            tally.add("link_header", f"header {header!r}")
            params.setdefault("next_header", header)
            if h == "link":
                styles.append("link")
            elif "page" in h:
                styles.append("page")  # X-Pagination-Page, X-Page-Count


#: What ``_response`` records when the answer carries paging metadata (not a total or a
#: page number alone).
_ANSWERED = frozenset({"next", "has_more", "total_pages", "paging_object"})

_PAGING_PARENTS = lexicon(
    """
    links link meta metadata pagination paging pageinfo cursor cursors responsemetadata page
    navigation result response data
    """
)

#: A parent named for paging (``pageDetails``, ``paginationInfo``) holds paging metadata too.
_PAGING_PARENT = re.compile(r"(page|paging|pagination)[a-z]*")


def _paging_parent(field: Field) -> bool:
    """Whether a nested field sits in an object that holds a list's metadata (``meta``,
    ``links``, ``pageDetails``), where a ``next`` link or token pages the list."""
    parent = field.path.split(".")[0].lower()
    return parent in _PAGING_PARENTS or _PAGING_PARENT.fullmatch(parent) is not None


detect = FeatureDetector("pagination", judge)
