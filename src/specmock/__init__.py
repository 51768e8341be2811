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
    from specmock.config import Environment, Mode, Quality, Strategy
    from specmock.engine import Engine, Generated
    from specmock.errors import (
        GenerationError,
        Location,
        OperationNotFound,
        SpecError,
        SpecmockError,
    )
    from specmock.spec import Spec, load

    # The original brief's names, kept so its examples run with ``from specmock import``.
    MockEnvironment = Environment
    MockGenerationEngine = Engine
    MockMode = Mode
    MockQualityLevel = Quality

__version__ = "0.1.0"

__all__ = [
    "Engine",
    "Environment",
    "Generated",
    "GenerationError",
    "Location",
    "MockEnvironment",
    "MockGenerationEngine",
    "MockMode",
    "MockQualityLevel",
    "Mode",
    "OperationNotFound",
    "Quality",
    "Spec",
    "SpecError",
    "SpecmockError",
    "Strategy",
    "load",
]

_WHERE: dict[str, tuple[str, str]] = {
    "Engine": ("specmock.engine", "Engine"),
    "Generated": ("specmock.engine", "Generated"),
    "Environment": ("specmock.config", "Environment"),
    "Mode": ("specmock.config", "Mode"),
    "Quality": ("specmock.config", "Quality"),
    "Strategy": ("specmock.config", "Strategy"),
    "GenerationError": ("specmock.errors", "GenerationError"),
    "Location": ("specmock.errors", "Location"),
    "OperationNotFound": ("specmock.errors", "OperationNotFound"),
    "SpecError": ("specmock.errors", "SpecError"),
    "SpecmockError": ("specmock.errors", "SpecmockError"),
    "Spec": ("specmock.spec", "Spec"),
    "load": ("specmock.spec", "load"),
    # --- the original brief's names (aliases) ---
    "MockEnvironment": ("specmock.config", "Environment"),
    "MockGenerationEngine": ("specmock.engine", "Engine"),
    "MockMode": ("specmock.config", "Mode"),
    "MockQualityLevel": ("specmock.config", "Quality"),
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
