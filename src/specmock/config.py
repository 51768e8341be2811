"""Closed sets of options (modes, quality levels, strategies, environments).

Strings from users become these enums once, at the edge (CLI flags, environment
variables); everything inside works with the enums.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Environment", "Mode", "Quality", "Strategy"]


class Quality(StrEnum):
    """How rich a generated answer is."""

    BASIC = "basic"  # required fields, minimal arrays, simple values
    REALISTIC = "realistic"  # required and most optional fields, realistic values
    PRODUCTION = "production"  # every property, several array items, consistent values
    EXACT = "exact"  # a recorded replica


class Mode(StrEnum):
    """Where answers come from."""

    DISABLED = "disabled"
    MOCK_ONLY = "mock_only"
    HYBRID = "hybrid"
    RECORD = "record"
    PLAYBACK = "playback"


class Strategy(StrEnum):
    """How an answer is generated."""

    STATIC = "static"  # the description's own examples
    DYNAMIC = "dynamic"  # schema-based generation
    TEMPLATE = "template"  # per recognised pattern
    INTELLIGENT = "intelligent"  # pattern + field semantics


class Environment(StrEnum):
    """Deployment stage; selects a preset of the settings above."""

    DEVELOPMENT = "development"
    TESTING = "testing"
    STAGING = "staging"
    INTEGRATION = "integration"
    PRODUCTION = "production"
