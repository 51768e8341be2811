"""Endpoint pattern recognition: what kind of operation is this?

``recognise(op, schemas)`` runs every detector in :data:`DETECTORS` over one operation
and returns the patterns it shows, most confident first. Each detector is a plain
callable ``(Operation, schemas) -> PatternMatch | None`` (one module per pattern), so
users extend the tuple by argument: ``recognise(op, schemas, DETECTORS + (mine,))``.
The built-in ones read the operation's :class:`~specmock.patterns.features.Features`,
which ``recognise`` extracts once and shares.

``strategy_for(matches)`` turns the top confidence into a generation
:class:`~specmock.config.Strategy`: >= 0.9 template, >= 0.7 intelligent, else dynamic.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from specmock.config import Strategy
from specmock.patterns import (
    async_job,
    auth,
    batch,
    crud,
    export,
    file_upload,
    health,
    pagination,
    search,
)
from specmock.patterns.evidence import FeatureDetector, PatternMatch
from specmock.patterns.features import Features, extract
from specmock.spec.model import Operation, Schema

__all__ = [
    "DETECTORS",
    "Detector",
    "FeatureDetector",
    "Features",
    "PatternMatch",
    "extract",
    "recognise",
    "strategy_for",
]

#: A detector: one operation (and ``Spec.schemas`` to resolve ``$ref`` keys) -> a match.
Detector = Callable[[Operation, Mapping[str, Schema]], PatternMatch | None]

#: The built-in detectors, in one visible place.
DETECTORS: tuple[Detector, ...] = (
    crud.detect,
    auth.detect,
    pagination.detect,
    search.detect,
    file_upload.detect,
    health.detect,
    batch.detect,
    async_job.detect,
    export.detect,
)

_TEMPLATE_AT = 0.9
_INTELLIGENT_AT = 0.7


def recognise(
    op: Operation,
    schemas: Mapping[str, Schema],
    detectors: Sequence[Detector] = DETECTORS,
) -> tuple[PatternMatch, ...]:
    """Recognise the patterns an operation shows.

    Args:
        op: the operation.
        schemas: ``Spec.schemas``, to resolve ``$ref`` keys in the operation's schemas.
        detectors: the detectors to run (default :data:`DETECTORS`).

    Returns:
        Every match, most confident first (ties keep the detectors' order).
        A pattern is *recognised* when its confidence is at least 0.5.

    Example:
        >>> from specmock.spec.model import Operation
        >>> [m.name for m in recognise(Operation("delete", "/pets/{petId}", None, "#"), {})]
        ['crud']
    """
    features: Features | None = None
    found: list[PatternMatch] = []
    for detector in detectors:
        if isinstance(detector, FeatureDetector):
            if features is None:
                features = extract(op, schemas)
            match = detector.judge(features)
        else:
            match = detector(op, schemas)
        if match is not None:
            found.append(match)
    found.sort(key=lambda m: -m.confidence)
    return tuple(found)


def strategy_for(matches: Sequence[PatternMatch]) -> Strategy:
    """The generation strategy the most confident match calls for.

    Args:
        matches: matches as ``recognise`` returns them (any order).

    Returns:
        ``TEMPLATE`` at confidence >= 0.9, ``INTELLIGENT`` at >= 0.7, else ``DYNAMIC``.

    Example:
        >>> strategy_for([PatternMatch("crud", 0.95)])
        <Strategy.TEMPLATE: 'template'>
    """
    top = max((m.confidence for m in matches), default=0.0)
    if top >= _TEMPLATE_AT:
        return Strategy.TEMPLATE
    if top >= _INTELLIGENT_AT:
        return Strategy.INTELLIGENT
    return Strategy.DYNAMIC
