"""The original brief's names, so its examples run with ``from specmock import ...``.

Every name here is a thin face over specmock's own API; nothing here is used by
specmock itself. Where the brief's example does something this design rejects (writing
``os.environ["MOCK_MODE"]`` mid-run), the docs show the specmock way beside it
(``smart_mock_client.using(mode=...)``).

- ``MockGenerationEngine()``: an :class:`~specmock.engine.Engine` that, given no
  description, loads the configured one (``SPECMOCK_SPEC`` or ``spec`` in
  ``[tool.specmock]``); it has the brief's ``logger`` and ``_recognize_pattern``.
- ``MockIntegrationConfig(...)``: a :class:`~specmock.config.Settings` built from the
  brief's keyword names (``quality_level`` included).
- ``MockTestIntegration(db_session)``: holds a ``config`` and enhances a test generator
  (``enhance_test_generation``) with specmock's test generation.
- ``MockCacheManager``: a synchronous face of a cache with ``get_statistics()``.
- ``MockPattern``, ``MockAnalytics``: the store's ``mock_patterns`` and
  ``mock_analytics`` models, for the brief's ``db.query(...)`` analytics queries.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from specmock.config import Settings, load_settings
from specmock.engine import Engine
from specmock.errors import SpecmockError

__all__ = [
    "MockCacheManager",
    "MockGenerationEngine",
    "MockIntegrationConfig",
    "MockTestIntegration",
    "PatternMatchView",
]


class NoDescription(SpecmockError, ValueError):
    """No API description was given or configured."""

    status = 400


class MockGenerationEngine(Engine):
    """The brief's engine: with no description given, the configured one is loaded.

    Example:
        >>> engine = MockGenerationEngine("examples/petstore.yaml")
        >>> engine._recognize_pattern("GET /pets/{petId}").pattern.pattern_type
        'crud'
    """

    def __init__(self, spec: Any = None, **options: Any) -> None:
        from specmock.spec import Spec, load

        if spec is None:
            configured = load_settings().spec
            if configured is None:
                raise NoDescription(
                    "MockGenerationEngine() needs an API description: pass one, or set "
                    "SPECMOCK_SPEC or spec in [tool.specmock]"
                )
            spec = configured
        loaded = (
            spec if isinstance(spec, Spec) else load(str(spec) if isinstance(spec, Path) else spec)
        )
        super().__init__(loaded, **options)

    @property
    def logger(self) -> Any:
        """structlog's logger when structlog is installed, else the stdlib one."""
        try:
            import structlog
        except ImportError:
            return logging.getLogger("specmock.engine")
        return structlog.get_logger("specmock.engine")

    def _recognize_pattern(self, endpoint: str) -> PatternMatchView | None:
        """The top recognised pattern of an operation (``"GET /pets/{petId}"`` or its id)."""
        matches = self.patterns(endpoint)
        if not matches:
            return None
        top = matches[0]
        return PatternMatchView(
            SimpleNamespace(pattern_type=top.name, detail=top.detail),
            top.confidence,
            tuple(top.evidence),
        )


@dataclass(frozen=True, slots=True)
class PatternMatchView:
    """A pattern match as the brief reads it: ``pattern.pattern_type``, ``confidence``,
    ``matched_features``."""

    pattern: Any
    confidence: float
    matched_features: tuple[str, ...]


def MockIntegrationConfig(**fields: Any) -> Settings:
    """Settings from the brief's keyword names (``quality_level`` is ``quality``).

    Example:
        >>> MockIntegrationConfig(mode="hybrid", quality_level="production").quality
        <Quality.PRODUCTION: 'production'>
    """
    return Settings().replace(**fields)


class MockTestIntegration:
    """The brief's integration object: a configuration, and test-generator enhancement."""

    def __init__(self, db_session: Any = None) -> None:
        self.db_session = db_session
        self.config: Settings = load_settings()

    def enhance_test_generation(self, generator: Any) -> EnhancedGenerator:
        """``generator`` with specmock's test generation added to it."""
        return EnhancedGenerator(generator, self.config)


class EnhancedGenerator:
    """A user's test generator plus specmock's: ``generate_tests_from_webhook`` runs
    the user's own (when it has one), then writes specmock's mock-backed tests."""

    def __init__(self, generator: Any, config: Settings) -> None:
        self.generator = generator
        self.config = config

    def __getattr__(self, name: str) -> Any:
        return getattr(self.generator, name)

    def generate_tests_from_webhook(self, webhook: Any, store: Any) -> Any:
        """Regenerate the tests a spec-change event affects (``store``: the output folder,
        or an object with an ``output_dir``)."""
        from specmock.testgen import generate_tests_from_webhook

        own = getattr(self.generator, "generate_tests_from_webhook", None)
        if callable(own):
            own(webhook, store)
        folder = getattr(store, "output_dir", store)
        return generate_tests_from_webhook(webhook, folder)


class MockCacheManager:
    """A synchronous face of a specmock cache, with the brief's ``get_statistics()``.

    Example:
        >>> manager = MockCacheManager("memory")
        >>> manager.get_statistics()["hit_rate"]
        0.0
    """

    def __init__(self, strategy: str = "memory", **options: Any) -> None:
        from specmock.cache import open_cache

        self.cache = open_cache(strategy, **options)

    def get_statistics(self) -> dict[str, Any]:
        """The brief's statistics dict (``hit_rate``, ``memory_cache_size``...)."""
        stats = asyncio.run(self.cache.stats())
        return stats.as_dict()
