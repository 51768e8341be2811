"""The words that carry meaning for the detectors, and a small English inflection.

Everything here is general REST/RPC vocabulary (HTTP conventions, common verbs and
nouns), never names taken from particular APIs. Sets are ``frozenset`` constants so
that a reader sees the whole lexicon of a concept in one place.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

__all__ = [
    "ACTION_NOUNS",
    "ACTION_VERBS",
    "COMPUTED_NOUNS",
    "COMPUTE_VERBS",
    "CREATE_VERBS",
    "CRUD_VERBS",
    "DELETE_VERBS",
    "GENERATED_NOUNS",
    "LIST_VERBS",
    "MANY_WORDS",
    "READ_VERBS",
    "SINGLETON_NOUNS",
    "SPLITTABLE_PREFIXES",
    "SPLIT_REMAINDER_STOP",
    "STAT_NOUNS",
    "UPDATE_VERBS",
    "VERB_OPS",
    "is_plural",
    "lexicon",
    "singular",
]


def lexicon(text: str) -> frozenset[str]:
    """A set of words written as whitespace-separated text (tables stay compact).

    Example:
        >>> sorted(lexicon("get  fetch read"))
        ['fetch', 'get', 'read']
    """
    return frozenset(text.split())


CREATE_VERBS: Final = lexicon(
    """
    create add insert put new register post copy clone attach import upsert make duplicate
    assign associate link subscribe upload invite place join
    favourite favorite bookmark pin like star follow mute reblog endorse
    """
)
READ_VERBS: Final = lexicon(
    """
    get describe fetch read show retrieve view lookup download head resolve info detail
    details display
    """
)
LIST_VERBS: Final = lexicon(
    """
    list search query find browse enumerate all scan filter
    """
)
UPDATE_VERBS: Final = lexicon(
    """
    update modify set edit patch change replace rename configure save move switch mark
    reorder adjust apply restore undelete untrash
    """
)
DELETE_VERBS: Final = lexicon(
    """
    delete remove destroy terminate purge deregister unregister del detach dissociate
    disassociate untag unsubscribe unassign unlink erase clear empty abort discard drop
    trash unfavourite unfavorite unbookmark unpin unlike unstar unfollow unmute unreblog
    unfeature unendorse leave
    """
)
#: Words that say an operation acts on many items at once, before the verb that says how
#: (``BatchRetrieveCatalogObjects``, ``/batch-retrieve``).
MANY_WORDS: Final = lexicon(
    """
    batch bulk
    """
)
#: Verbs of actions that are not about a resource's lifecycle (never crud by themselves).
ACTION_VERBS: Final = lexicon(
    """
    process unblock recommend match compare diff score rank identify synthesize geocode
    redirect reply forward escalate reauthorize reauthenticate ask answer extract summarise
    transcribe
    moderate embed complete chat send start stop restart reboot cancel retry approve reject
    validate verify check compute calculate evaluate estimate translate analyze analyse
    detect classify recognize parse tokenize convert render preview test ping execute run
    invoke trigger deploy install uninstall enable disable activate deactivate suspend
    resume pause unpause void refund capture charge pay notify lock unlock decode encode
    sign encrypt decrypt simulate generate export sync synchronize publish unpublish accept
    decline confirm submit complete close login logout signin signout authenticate
    authorize refresh revoke introspect exchange schedule reschedule archive unarchive
    scale resize rebuild reindex rotate upgrade downgrade predict train summarize transcode
    print share unshare redeem transfer wait poll request batch count measure flush stream
    watch acknowledge ack dismiss snooze retire reactivate is has can does do open assume
    impersonate regenerate renew merge fork replay rerun reopen ban unban watch unwatch
    kill shutdown provision fulfil fulfill dispatch fail expire enqueue dequeue rollback
    recycle reverse finalize redact disconnect release advance succeed deliver ship
    increment decrement prune unmerge migrate review invalidate precheck enrich enhance
    promote demote boost fire geolocate resend reprocess recalculate retrigger revert
    rollout failover reconnect reconcile resync refund unsnooze hibernate wake reinstall
    repair reinitialize initialize lint optimize vote upvote downvote play skip seek
    shuffle swap return prepare present exist exists undo redo reset
    """
)
#: Verbs that compute a result from the value they are given (``DecodePayReq`` on
#: ``GET /payreq/{pay_req}``, ``calculateSimpleTax``): a call named so keeps and finds
#: nothing; with a path value that is no id, a GET named so reads nothing.
COMPUTE_VERBS: Final = lexicon(
    """
    decode encode parse convert compute calculate translate validate evaluate estimate
    geocode tokenize
    """
)
#: Nouns that name an action done to a resource (``POST /accounts/{id}/deactivation``).
ACTION_NOUNS: Final = lexicon(
    """
    activation deactivation reactivation expiration cancellation verification validation
    confirmation approval rejection suspension termination renewal submission
    reconciliation calculation evaluation estimation simulation preview translation
    analysis detection classification recognition conversion transcription migration
    failover shutdown reversal execution invocation broadcast
    """
)
CRUD_VERBS: Final = MappingProxyType(
    {
        "create": CREATE_VERBS,
        "read": READ_VERBS,
        "list": LIST_VERBS,
        "update": UPDATE_VERBS,
        "delete": DELETE_VERBS,
    }
)
#: Each crud verb's operation (``"fetch"`` -> ``"read"``).
VERB_OPS: Final = MappingProxyType({verb: op for op, verbs in CRUD_VERBS.items() for verb in verbs})
#: Computed things that are not resources (statistics, reports, counts, a market's
#: ticker: its price statistics over a window ...).
STAT_NOUNS: Final = lexicon(
    """
    stats statistics stat report reports count counts analytics metrics leaderboard
    leaderboards aggregate aggregates aggregation aggregations histogram summary summaries
    totals insights usage forecast forecasts trends timeseries breakdown percentile
    percentiles quantile quantiles median averages ticker ranking rankings correlation
    correlations standings
    """
)
#: Results computed from the request's inputs, not stored items: estimates, quotes,
#: forecasts, predictions (``GET /estimates/price``, ``POST /convert/getQuote``). The
#: plural ``quotes`` is left out: a collection of stored quote documents is a resource.
COMPUTED_NOUNS: Final = lexicon(
    """
    estimate estimates quote forecast forecasts prediction predictions
    """
)
#: What a generative model produces from a prompt (``POST /images/generations``,
#: ``POST /chat/completions``): computed when requested, though a stored one may be read.
GENERATED_NOUNS: Final = lexicon(
    """
    generations completions embeddings
    """
)
#: Nouns of singletons: one item per parent, read with GET on a literal path.
SINGLETON_NOUNS: Final = lexicon(
    """
    me self current about settings setting config configuration profile account quota quotas
    status info information details detail preferences policy acl content contents data
    metadata version properties summary balance home state schema manifest avatar picture
    photo image thumbnail icon logo file download raw body document userinfo whoami
    latest last today location default
    """
)
#: Verbs that may start a run-together lower-case word (``removemembers``), longest first.
SPLITTABLE_PREFIXES: Final = tuple(
    sorted(
        {
            "create",
            "delete",
            "remove",
            "update",
            "enable",
            "disable",
            "evaluate",
            "upgrade",
            "reboot",
            "restart",
            "start",
            "stop",
            "cancel",
            "retry",
            "approve",
            "reject",
            "validate",
            "verify",
            "compute",
            "calculate",
            "estimate",
            "generate",
            "export",
            "import",
            "send",
            "list",
            "get",
            "add",
            "set",
            "reset",
            "change",
            "forgot",
            "activate",
            "deactivate",
            "terminate",
            "install",
            "uninstall",
            "search",
            "find",
            "open",
            "close",
            "check",
            "upload",
            "download",
            "regenerate",
            "revoke",
        },
        key=len,
        reverse=True,
    )
)
#: What may not remain after a split prefix (``settings`` is not ``set tings``).
SPLIT_REMAINDER_STOP: Final = lexicon(
    """
    itional itionals ition itions ener eners point points ons
    s es ed er ers ing ings tings ress resses ion ions ure al out up ter tle ered ering ters
    tled ance ances ment ments ation ations ive ives able ible ry ries ory ories ual ity
    ities land sue sues ue ues ows ogan aways away ever ward wards ant ants ate ates ed ly
    ness ship ships ism ist ists ter ton tons ure ures ute utes ect ects ence ences ide ides
    ite ites ion ular ue ueue ueues lings ling
    """
)

_IRREGULAR_PLURALS: Final = MappingProxyType(
    {
        "people": "person",
        "children": "child",
        "men": "man",
        "women": "woman",
        "data": "datum",
        "media": "medium",
        "criteria": "criterion",
        "indices": "index",
        "matrices": "matrix",
        "analyses": "analysis",
        "feet": "foot",
        "mice": "mouse",
        "geese": "goose",
        "teeth": "tooth",
    }
)
_NOT_PLURAL: Final = lexicon(
    """
    status news series species alias bus gas lens canvas atlas process access address class
    business analysis basis axis thesis campus virus bonus census corpus focus this yes is
    was has does always its plus minus ios os dns aws sms cors https http stats progress
    success less loss settings details metrics analytics statistics preferences contents
    informations news series chaos physics economics ethics
    """
)


def singular(word: str) -> str:
    """The singular of an English noun (a small rule set, good for API names).

    Example:
        >>> singular("policies"), singular("boxes"), singular("people"), singular("status")
        ('policy', 'box', 'person', 'status')
    """
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word in _NOT_PLURAL or len(word) < 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def is_plural(word: str) -> bool:
    """Whether a noun is plural (``pets``, ``policies``, ``people``; not ``status``).

    Example:
        >>> is_plural("pets"), is_plural("status"), is_plural("address")
        (True, False, False)
    """
    if word in _IRREGULAR_PLURALS:
        return True
    return word not in _NOT_PLURAL and singular(word) != word and not word.endswith("ss")


#: Verbs that often modify a plural noun (``upload sessions``, ``search results``).
NOUNISH_VERBS: Final = lexicon(
    """
    upload download export import search login test check run list query filter view copy
    link tag batch count request share schedule stream watch print transfer archive post put
    set reset lookup display invite deploy alias poll vote detail details info follow like
    pin bookmark favourite favorite star mute exchange
    """
)
