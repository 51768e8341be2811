"""The async_job pattern: work accepted now and finished later.

Evidence: a ``202 Accepted`` response, above all with a ``Location`` / ``Operation-Location``
/ ``Retry-After`` header or a status URL in the body; Azure's
``x-ms-long-running-operation``; a job or operation status resource
(``/operations/{id}``, ``/jobs/{id}/status``).
"""

from __future__ import annotations

from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features
from specmock.patterns.vocabulary import lexicon

__all__ = ["WEIGHTS", "detect", "judge"]

WEIGHTS = weights(
    {
        "accepted": 0.75,  # a 202 response
        "location": 0.8,  # Location / Operation-Location / Azure-AsyncOperation header
        "retry_after": 0.5,  # Retry-After header
        "long_running": 0.9,  # x-ms-long-running-operation
        "status_url": 0.6,  # body field pointing at the job's status
        "status_resource": 0.55,  # GET on a job / operation status resource
    }
)

_LOCATION = frozenset({"location", "operationlocation", "azureasyncoperation", "contentlocation"})
_STATUS_FIELDS = lexicon(
    """
    statusurl statusuri monitorurl operationurl joburl pollurl statuslink href
    """
)
_JOB_WORDS = lexicon(
    """
    job jobs operation operations task tasks
    """
)


def _norm(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def judge(f: Features) -> PatternMatch | None:
    """Judge the async_job pattern from an operation's features."""
    tally = Tally(WEIGHTS)
    params: dict[str, str] = {}
    if "202" in f.success_codes:
        tally.add("accepted", "202 Accepted")
        headers = {_norm(h): h for h in f.response_headers}
        for key, header in headers.items():
            if key in _LOCATION:
                tally.add("location", f"header {header!r}")
                params["status_header"] = header
                break
        if "retryafter" in headers:
            tally.add("retry_after", "header 'Retry-After'")
        field = next((x for x in f.response_fields if x.norm in _STATUS_FIELDS), None)
        if field is not None:
            tally.add("status_url", f"response has {field.path!r}")
            params["status_field"] = field.path
    if f.extensions.get("x-ms-long-running-operation") is True:
        tally.add("long_running", "x-ms-long-running-operation")
    last = f.last_literal
    if f.method == "get" and last[-1:] == ("status",) and set(f.path_words) & _JOB_WORDS:
        tally.add("status_resource", "GET on a job status resource")
    if tally.score == 0.0:
        return None
    return tally.match("async_job", "accepted", params)


detect = FeatureDetector("async_job", judge)
