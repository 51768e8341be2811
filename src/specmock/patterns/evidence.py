"""How evidence becomes a confidence, and the value a detector returns.

Each detector keeps its weights in one visible table (``WEIGHTS``: evidence key ->
weight in [0, 1]). Positive evidence combines by noisy-OR (``1 - prod(1 - w)``), so two
independent weak signals add up and one strong signal is enough; counter-evidence
multiplies the result by ``(1 - w)``. A strong signal (weight >= 0.9) therefore gives a
confidence >= 0.9 on its own, a weak one (0.5-0.7) a confidence a little above 0.5.

:class:`Tally` is a small local accumulator a detector fills and turns into a
:class:`PatternMatch`; it never outlives one call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from specmock.patterns.features import Features, extract
from specmock.spec.model import Operation, Schema

__all__ = ["FeatureDetector", "PatternMatch", "Tally"]

_EMPTY: Mapping[str, str] = MappingProxyType({})
#: Matches below this confidence are not worth returning.
_FLOOR = 0.2


@dataclass(frozen=True, slots=True)
class PatternMatch:
    """A pattern recognised in an operation, with why.

    Attributes:
        name: the pattern (``"crud"``, ``"pagination"`` ...).
        confidence: in [0, 1]; "recognised" means >= 0.5.
        detail: the variant (crud: ``"list"``; pagination: ``"cursor"`` ...) or ``None``.
        evidence: the features that fired, human readable.
        params: machine-usable names (``{"page": "page", "size": "per_page"}``).
    """

    name: str
    confidence: float
    detail: str | None = None
    evidence: tuple[str, ...] = ()
    params: Mapping[str, str] = field(default_factory=lambda: _EMPTY)

    @property
    def recognised(self) -> bool:
        """Whether the confidence reaches the recognition threshold (0.5)."""
        return self.confidence >= 0.5


@dataclass(slots=True)
class Tally:
    """Accumulates weighted evidence for one detector call (local, short-lived)."""

    weights: Mapping[str, float]
    score: float = 0.0  # noisy-OR of the positive evidence
    damp: float = 1.0  # product of (1 - w) of the counter-evidence
    evidence: list[str] = field(default_factory=list)

    def add(self, key: str, text: str) -> None:
        """Record positive evidence ``key`` (its weight from the table), explained by ``text``."""
        weight = self.weights[key]
        self.score = 1.0 - (1.0 - self.score) * (1.0 - weight)
        self.evidence.append(text)

    def against(self, key: str, text: str) -> None:
        """Record counter-evidence ``key``, explained by ``text``."""
        self.damp *= 1.0 - self.weights[key]
        self.evidence.append("against: " + text)

    @property
    def confidence(self) -> float:
        """The combined confidence, rounded to three places."""
        return round(self.score * self.damp, 3)

    def match(
        self, name: str, detail: str | None = None, params: Mapping[str, str] | None = None
    ) -> PatternMatch | None:
        """The match, or ``None`` when the confidence is negligible."""
        confidence = self.confidence
        if confidence < _FLOOR:
            return None
        return PatternMatch(
            name,
            confidence,
            detail,
            tuple(self.evidence),
            MappingProxyType(dict(params)) if params else _EMPTY,
        )


def weights(table: Mapping[str, float]) -> Mapping[str, float]:
    """Freeze a weight table, checking every weight is in [0, 1]."""
    for key, value in table.items():
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"weight {key!r} = {value} is outside [0, 1]")
    return MappingProxyType(dict(table))


@dataclass(frozen=True, slots=True)
class FeatureDetector:
    """A detector that reads :class:`Features`; callable as a plain ``Detector`` too.

    ``recognise`` extracts the features once and calls ``judge`` of every
    ``FeatureDetector`` with them; called directly, it extracts them itself.
    """

    name: str
    judge: Callable[[Features], PatternMatch | None]

    def __call__(self, op: Operation, schemas: Mapping[str, Schema]) -> PatternMatch | None:
        """Detect the pattern in ``op`` (``schemas`` resolves its ``$ref`` keys)."""
        return self.judge(extract(op, schemas))
