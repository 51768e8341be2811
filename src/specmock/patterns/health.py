"""The health pattern: liveness, readiness and service-status checks.

A health check names itself (``/health``, ``/healthz``, ``/ping``, ``/livez``,
``/readyz``, ``IsAlive``, ``heartbeat``), is a GET under such a namespace
(``/health/db``: the check of what it names), or is a bare ``/status`` at the root of the
API or of the system, service or server (``/api/v1/system/status``); the status of a
*resource*, ``/jobs/{id}/status``, is a crud read. A GET of the
service's own debug information or diagnostics (``GetDebugInfo``) is a check of the same
kind.
"""

from __future__ import annotations

from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features, words
from specmock.patterns.vocabulary import lexicon

__all__ = ["WEIGHTS", "detect", "is_health", "judge"]

WEIGHTS = weights(
    {
        "health_word": 0.95,  # health, healthz, ping, heartbeat, liveness, readiness
        "root_status": 0.75,  # a bare /status at the root
        "alive": 0.9,  # IsAlive, alive, ready
        "service_check": 0.7,  # "check ... service", "service status"
        "diagnostics": 0.7,  # GET of the service's own debug information or diagnostics
    }
)

_DIAGNOSTIC_WORDS = lexicon(
    """
    debug diagnostic diagnostics diag
    """
)
#: What a status at the top of an API is the status of: the service itself.
_SERVICE_WORDS = lexicon(
    """
    system service server api platform
    """
)
_HEALTH_WORDS = lexicon(
    """
    health healthz healthcheck ping heartbeat liveness livez readiness readyz alive isalive
    uptime
    """
)

#: A first path segment under which every GET is a check (not ``/uptime/checks``, kept
#: monitors, nor ``/health_monitor/policies``).
_HEALTH_NAMESPACES = frozenset({"health", "healthz", "healthcheck", "heartbeat"})


def _signals(f: Features) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    # the health word must name the operation, not qualify another noun ("health events")
    name = set(f.last_literal[-1:]) | set(f.name_words[-1:]) | set(f.verb_object[-1:])
    if name & _HEALTH_WORDS:
        out.append(("health_word", f"name says {sorted(name & _HEALTH_WORDS)[0]!r}"))
    if f.verb == "is" and f.verb_object[-1:] in (("alive",), ("ready",), ("up",)):
        out.append(("alive", "IsAlive-style name"))
    literals = f.literals
    if (
        not out
        and f.method == "get"
        and len(literals) > 1
        and len(literals[0].words) == 1
        and literals[0].words[0] in _HEALTH_NAMESPACES
        and not any(s.is_param for s in f.segments)
    ):
        # GET /health/db, /health/queue/tasks: a health namespace checks what it names
        out.append(("health_word", f"under /{literals[0].raw}: checks {literals[-1].raw}"))
    if (
        len(literals) == 1
        and literals[0].words == ("status",)
        and not f.ends_with_param
        # GET /api/Status?messageId=: the status of the item a query names by its id
        and not any(p.location == "query" and words(p.name)[-1:] == ("id",) for p in f.params)
        # GET /v1/payments/{paymentId}/status: the status of the item just before it
        and not (
            len(f.segments) > 1 and f.segments[-2].is_param and f.segments[-2].words[-1:] == ("id",)
        )
    ):
        out.append(("root_status", "bare /status at the root"))
    if f.verb == "check" and "service" in f.verb_object:
        out.append(("service_check", "checks a service"))
    if (
        len(literals) > 1
        and literals[-1].words == ("status",)
        and set(literals[-2].words) <= _SERVICE_WORDS
        and not any(s.is_param for s in f.segments)
    ):
        # GET /sapi/v1/system/status: the service's own status, no resource's
        out.append(("service_check", f"the {' '.join(literals[-2].words)}'s own status"))
    named = set(f.name_words) | set(f.last_literal)
    if f.method == "get" and not f.ends_with_param and named & _DIAGNOSTIC_WORDS:
        out.append(("diagnostics", f"reads the service's {sorted(named & _DIAGNOSTIC_WORDS)[0]}"))
    return out


def is_health(f: Features) -> bool:
    """Whether the operation is a health check (used by crud to stand down)."""
    return bool(_signals(f))


def judge(f: Features) -> PatternMatch | None:
    """Judge the health pattern from an operation's features."""
    signals = _signals(f)
    if not signals:
        return None
    tally = Tally(WEIGHTS)
    for key, text in signals:
        tally.add(key, text)
    return tally.match("health", "liveness")


detect = FeatureDetector("health", judge)
