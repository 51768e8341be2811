"""The state of one generation call, threaded through the compiled closures.

Rules: a ``Walk`` lives for one top-level ``gen(rng)`` call and is never shared.
It counts nesting (``depth``), re-entered ``$ref``s (``recursion``) and the objects and
arrays still allowed (``budget``, so wide graphs stay small); past any of these the
builders produce the shallowest valid shape. ``obj`` is the context dict of
the object being filled, so the fields of one object can agree (one person, one
timeline, one currency). ``keyed`` names an entity (its kind and id): the first
object filled then draws each field from a generator seeded by that name and the
field's name alone, and the objects and lists inside by their path (``key/owner``,
``key/tags/0``), so two descriptions of one entity (a listing's summary, a read's
detail) agree on the fields they share, nested ones included.
"""

from __future__ import annotations

from collections.abc import Callable
from random import Random
from typing import Any, Protocol

__all__ = ["MAX_DEPTH", "Gen", "Generator", "Walk"]

#: Nesting past which every builder goes shallow; ``HARD_DEPTH`` aborts (no finite value).
MAX_DEPTH = 12
HARD_DEPTH = 64


class Walk:
    """Mutable per-call state: nesting depth, active ``$ref``s, the current object's context."""

    __slots__ = (
        "active",
        "budget",
        "depth",
        "full",
        "keyed",
        "obj",
        "recursion",
        "recursion_limit",
    )

    def __init__(self, recursion_limit: int, budget: int = 1 << 30) -> None:
        self.budget = budget  # objects and arrays still allowed before going shallow
        self.depth = 0
        self.recursion = 0
        self.recursion_limit = recursion_limit
        self.active: dict[str, int] = {}
        self.obj: dict[str, Any] = {}
        self.full = False  # fill every optional property (set while separating oneOf branches)
        self.keyed: str | None = None  # the entity whose fields are seeded by name

    @property
    def shallow(self) -> bool:
        """True once the budget is spent: generate the smallest valid shape from here on."""
        return self.recursion >= self.recursion_limit or self.depth >= MAX_DEPTH or self.budget <= 0


#: A compiled generator: ``(rng, walk) -> JSON value``.
Gen = Callable[[Random, Walk], Any]


class Generator(Protocol):
    """A compiled schema's entry point: ``gen(rng)``, or ``gen(rng, keyed)`` for an entity
    whose fields are seeded by its name."""

    def __call__(self, rng: Random, keyed: str | None = None) -> Any: ...
