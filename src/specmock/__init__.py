"""specmock: zero-configuration API mocks from OpenAPI and Swagger descriptions.

Public names are imported lazily so that ``import specmock`` stays cheap and pulls in
no heavy dependency (no database, cache or server driver).

Example:
    >>> import specmock
    >>> engine = specmock.Engine.from_source("examples/petstore.yaml")  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # The original brief's names, kept so its examples run with ``from specmock import``.
    from specmock.config import Environment, Mode, Quality, Settings, Strategy, load_settings
    from specmock.engine import Engine, Generated
    from specmock.errors import (
        GenerationError,
        Location,
        OperationNotFound,
        SpecError,
        SpecmockError,
    )
    from specmock.integration import (
        MockCacheManager,
        MockGenerationEngine,
        MockIntegrationConfig,
        MockTestIntegration,
    )
    from specmock.models import Inputs as MockGenerationContext
    from specmock.spec import Spec, load
    from specmock.store.tables import AnalyticsPeriod as MockAnalytics
    from specmock.store.tables import Pattern as MockPattern

    MockEnvironment = Environment
    MockMode = Mode
    MockQualityLevel = Quality

__version__ = "0.1.0"

__all__ = [
    "Engine",
    "Environment",
    "Generated",
    "GenerationError",
    "Location",
    "MockAnalytics",
    "MockCacheManager",
    "MockEnvironment",
    "MockGenerationContext",
    "MockGenerationEngine",
    "MockIntegrationConfig",
    "MockMode",
    "MockPattern",
    "MockQualityLevel",
    "MockTestIntegration",
    "Mode",
    "OperationNotFound",
    "Quality",
    "Settings",
    "Spec",
    "SpecError",
    "SpecmockError",
    "Strategy",
    "load",
    "load_settings",
]

_WHERE: dict[str, tuple[str, str]] = {
    "Engine": ("specmock.engine", "Engine"),
    "Generated": ("specmock.engine", "Generated"),
    "Environment": ("specmock.config", "Environment"),
    "Mode": ("specmock.config", "Mode"),
    "Quality": ("specmock.config", "Quality"),
    "Strategy": ("specmock.config", "Strategy"),
    "Settings": ("specmock.config", "Settings"),
    "load_settings": ("specmock.config", "load_settings"),
    "GenerationError": ("specmock.errors", "GenerationError"),
    "Location": ("specmock.errors", "Location"),
    "OperationNotFound": ("specmock.errors", "OperationNotFound"),
    "SpecError": ("specmock.errors", "SpecError"),
    "SpecmockError": ("specmock.errors", "SpecmockError"),
    "Spec": ("specmock.spec", "Spec"),
    "load": ("specmock.spec", "load"),
    # --- the original brief's names (aliases) ---
    "MockEnvironment": ("specmock.config", "Environment"),
    "MockGenerationEngine": ("specmock.integration", "MockGenerationEngine"),
    "MockMode": ("specmock.config", "Mode"),
    "MockQualityLevel": ("specmock.config", "Quality"),
    "MockIntegrationConfig": ("specmock.integration", "MockIntegrationConfig"),
    "MockTestIntegration": ("specmock.integration", "MockTestIntegration"),
    "MockCacheManager": ("specmock.integration", "MockCacheManager"),
    "MockGenerationContext": ("specmock.models", "Inputs"),
    "MockPattern": ("specmock.store.tables", "Pattern"),
    "MockAnalytics": ("specmock.store.tables", "AnalyticsPeriod"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module 'specmock' has no attribute {name!r}") from None
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
