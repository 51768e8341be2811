"""Settings: closed sets of options, and the one place the environment is read.

Rules:

- Strings from users become these enums once, at the edge; everything inside works with
  the enums and the frozen :class:`Settings`.
- :func:`load_settings` runs once per entry point (a CLI command, ``pytest_configure``):
  CLI flags > environment variables (``MOCK_MODE``, ``MOCK_ENVIRONMENT``,
  ``MOCK_QUALITY``, ``MOCK_AUTO_DETECT``, ``MOCK_CACHE_ENABLED``, ``CACHE_STRATEGY``,
  ``CACHE_TTL``, ``MOCK_FALLBACK_TO_LIVE``, ``DATABASE_URL``, ``REDIS_URL``,
  ``SPECMOCK_SPEC``, ``MOCK_DEBUG``, ``SPECMOCK_PARSE_CACHE``) >
  ``[tool.specmock]`` in the nearest pyproject.toml > the preset of the environment
  (when one is named) > the defaults (mock_only, realistic, memory cache). Each field
  remembers where its value came from.
- An invalid value is one :class:`ConfigError` naming the variable (or flag, or file)
  and the allowed values; nothing below this module reads ``os.environ``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from specmock.errors import SpecmockError

__all__ = [
    "DEFAULT_DATABASE_URL",
    "DEFAULT_PARSE_CACHE",
    "PRESETS",
    "VARIABLES",
    "CacheStrategy",
    "ConfigError",
    "Environment",
    "Mode",
    "Quality",
    "Settings",
    "Strategy",
    "load_settings",
]


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


class CacheStrategy(StrEnum):
    """Which cache tiers answer repeated requests (``CACHE_STRATEGY``)."""

    MEMORY = "memory"  # one process, LRU with TTL
    REDIS = "redis"  # shared by processes, server-side TTL
    DATABASE = "database"  # persistent, the SQL store's mock_cache_entries
    HYBRID = "hybrid"  # memory -> redis -> database, hits promoted upward


# --- settings -------------------------------------------------------------------------------

#: The folder of what specmock keeps by default, relative to the working directory.
_HOME = ".specmock"
#: The embedded default store: a SQLite file under ``./.specmock/``.
DEFAULT_DATABASE_URL = f"sqlite:///{_HOME}/specmock.db"
#: Where large parsed descriptions are kept between starts (``SPECMOCK_PARSE_CACHE``).
DEFAULT_PARSE_CACHE = f"{_HOME}/parse-cache"


class ConfigError(SpecmockError, ValueError):
    """A setting has a value outside its allowed set (names the variable and the values)."""

    status = 400


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective configuration of one entry point, frozen and passed explicitly.

    ``sources`` says where each field's value came from: ``"cli"``, ``"env MOCK_MODE"``,
    ``"store [testing]"``, ``"pyproject.toml"``, ``"preset development"`` or ``"default"``.
    """

    mode: Mode = Mode.MOCK_ONLY
    environment: Environment = Environment.DEVELOPMENT
    quality: Quality = Quality.REALISTIC
    auto_detect: bool = True
    cache_enabled: bool = True
    cache_strategy: CacheStrategy = CacheStrategy.MEMORY
    cache_ttl: int = 3600
    fallback_to_live: bool = False
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    spec: str | None = None  # the API description, for entry points that take none
    debug: bool = False  # trace each answer (pattern, strategy, cache, source)
    parse_cache: str | None = DEFAULT_PARSE_CACHE  # a folder; None: parse every time
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def quality_level(self) -> Quality:
        """The brief's name for :attr:`quality`."""
        return self.quality

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied (each marked as coming from ``"cli"``).

        Example:
            >>> Settings().replace(mode="hybrid").mode
            <Mode.HYBRID: 'hybrid'>
        """
        fields = {
            _ALIASES.get(name, name): _parse(name, value, "argument " + name)
            for name, value in changes.items()
        }
        sources = {**self.sources, **dict.fromkeys(fields, "cli")}
        return dataclasses.replace(self, **fields, sources=sources)

    def as_dict(self) -> dict[str, Any]:
        """The settings as plain JSON values (``sources`` left out)."""
        return {
            f.name: (str(v) if isinstance(v, StrEnum) else v)
            for f in dataclasses.fields(self)
            if f.name != "sources"
            for v in (getattr(self, f.name),)
        }


#: Presets by ``MOCK_ENVIRONMENT``, after the brief's "Configuration Best Practices".
#: Integration tests replay what was recorded, so their answers never drift.
PRESETS: Mapping[Environment, Mapping[str, Any]] = MappingProxyType(
    {
        Environment.DEVELOPMENT: {
            "mode": Mode.MOCK_ONLY,
            "quality": Quality.BASIC,
            "cache_strategy": CacheStrategy.MEMORY,
        },
        Environment.TESTING: {
            "mode": Mode.HYBRID,
            "quality": Quality.REALISTIC,
            "cache_strategy": CacheStrategy.HYBRID,
            "fallback_to_live": True,
        },
        Environment.STAGING: {
            "mode": Mode.RECORD,
            "quality": Quality.PRODUCTION,
            "cache_strategy": CacheStrategy.DATABASE,
        },
        Environment.INTEGRATION: {
            "mode": Mode.PLAYBACK,
            "quality": Quality.EXACT,
            "cache_strategy": CacheStrategy.DATABASE,
        },
        Environment.PRODUCTION: {
            "mode": Mode.DISABLED,
            "quality": Quality.EXACT,
            "cache_strategy": CacheStrategy.REDIS,
        },
    }
)

#: Environment variable of each field, as the brief's users already name them.
VARIABLES: Mapping[str, str] = MappingProxyType(
    {
        "mode": "MOCK_MODE",
        "environment": "MOCK_ENVIRONMENT",
        "quality": "MOCK_QUALITY",
        "auto_detect": "MOCK_AUTO_DETECT",
        "cache_enabled": "MOCK_CACHE_ENABLED",
        "cache_strategy": "CACHE_STRATEGY",
        "cache_ttl": "CACHE_TTL",
        "fallback_to_live": "MOCK_FALLBACK_TO_LIVE",
        "database_url": "DATABASE_URL",
        "redis_url": "REDIS_URL",
        "spec": "SPECMOCK_SPEC",
        "debug": "MOCK_DEBUG",
        "parse_cache": "SPECMOCK_PARSE_CACHE",
    }
)

_ENUMS: Mapping[str, type[StrEnum]] = MappingProxyType(
    {
        "mode": Mode,
        "environment": Environment,
        "quality": Quality,
        "cache_strategy": CacheStrategy,
    }
)
_BOOLS = frozenset({"auto_detect", "cache_enabled", "fallback_to_live", "debug"})
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
_ALIASES = MappingProxyType({"quality_level": "quality", "mock_mode": "mode"})


def _parse(name: str, value: Any, where: str) -> Any:
    """``value`` of field ``name`` as its type; ``where`` names the source in errors."""
    name = _ALIASES.get(name, name)
    if name not in VARIABLES:
        raise ConfigError(f"{where}: unknown setting {name!r} (known: {', '.join(VARIABLES)})")
    if name in _ENUMS:
        kind = _ENUMS[name]
        text = str(value).strip().lower().replace("-", "_")
        try:
            return kind(text)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            raise ConfigError(f"{where}={value!r} is not one of: {allowed}") from None
    if name in _BOOLS:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ConfigError(f"{where}={value!r} is not a boolean (use true/false, 1/0, yes/no)")
    if name == "cache_ttl":
        try:
            seconds = int(str(value).strip())
        except ValueError:
            seconds = -1
        if seconds < 0 or isinstance(value, bool):
            raise ConfigError(f"{where}={value!r} is not a whole number of seconds >= 0")
        return seconds
    if name == "parse_cache":  # a folder, or a boolean: on (the default folder) or off
        if value is None or isinstance(value, bool):  # None: off
            return DEFAULT_PARSE_CACHE if value else None
        text = str(value).strip()
        if text.lower() in _FALSE:
            return None
        return DEFAULT_PARSE_CACHE if not text or text.lower() in _TRUE else text
    text = str(value).strip()
    if name in ("redis_url", "spec"):
        return text or None
    return text or DEFAULT_DATABASE_URL


#: Settings the store cannot set: which environment, where the store itself is, and the
#: parse cache's folder (a path on this machine, not a setting to share).
_NOT_STORED = frozenset({"environment", "database_url", "parse_cache"})


def _stored_layer(
    layers: list[tuple[str, Mapping[str, Any]]],
) -> tuple[Mapping[str, Any], Mapping[str, str]]:
    """What ``specmock config set`` stored for the environment the other layers name,
    and where each value came from (``"store [testing]"``, ``"store [*]"``)."""
    from specmock.store.configs import stored_settings

    def first(name: str, default: Any) -> Any:
        return next((layer[name] for _, layer in layers if name in layer), default)

    environment = _parse("environment", first("environment", Environment.DEVELOPMENT), "")
    url = _parse("database_url", first("database_url", DEFAULT_DATABASE_URL), "")
    return stored_settings(url, environment.value, set(VARIABLES) - _NOT_STORED)


def _pyproject(start: Path) -> tuple[Mapping[str, Any], str]:
    """``[tool.specmock]`` of the nearest pyproject.toml at or above ``start``."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise ConfigError(f"{candidate}: cannot read [tool.specmock]: {error}") from None
            table = data.get("tool", {}).get("specmock", {})
            if not isinstance(table, Mapping):
                raise ConfigError(f"{candidate}: [tool.specmock] is not a table")
            return table, str(candidate)
    return {}, ""


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    store: bool = False,
) -> Settings:
    """The effective settings: CLI > environment > store > ``[tool.specmock]`` > preset >
    default.

    Args:
        overrides: values given on the command line (``None`` values are ignored).
        env: the environment to read (``os.environ`` when ``None``).
        cwd: where to look for pyproject.toml (the working directory when ``None``).
        store: also read what ``specmock config set`` stored for the environment (or for
            every one) in the store the other layers name (``database_url``); the
            environment and the store's own address are never read from the store.

    Raises:
        ConfigError: a value is outside its allowed set; the message names the variable.

    Example:
        >>> s = load_settings(env={"MOCK_ENVIRONMENT": "staging", "MOCK_QUALITY": "basic"},
        ...                   cwd=Path("/"))
        >>> s.mode, s.quality, s.sources["quality"]
        (<Mode.RECORD: 'record'>, <Quality.BASIC: 'basic'>, 'env MOCK_QUALITY')
    """
    environ = os.environ if env is None else env
    table, where = _pyproject(Path.cwd() if cwd is None else cwd)
    given = {k: v for k, v in (overrides or {}).items() if v is not None}
    layers: list[tuple[str, Mapping[str, Any]]] = [
        ("cli", {_ALIASES.get(k, k): v for k, v in given.items()}),
        (
            "env",
            {name: environ[var] for name, var in VARIABLES.items() if environ.get(var, "") != ""},
        ),
        ("pyproject.toml", {_ALIASES.get(k, k): v for k, v in table.items()}),
    ]
    stored_from: Mapping[str, str] = {}
    if store:
        stored, stored_from = _stored_layer(layers)
        layers.insert(2, ("store", stored))
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for label, layer in layers:
        for name, raw in layer.items():
            if name in values:
                continue
            origin = {
                "env": f"{VARIABLES.get(name, name)}",
                "cli": f"--{name}",
                "store": f"stored setting {name}",
            }.get(label, f"{where} [tool.specmock] {name}")
            values[name] = _parse(name, raw, origin)
            sources[name] = f"env {VARIABLES[name]}" if label == "env" else label
            if label == "store":
                sources[name] = stored_from[name]
    environment = values.get("environment")
    if environment is not None:  # no environment named: the defaults, not a preset
        for name, value in PRESETS[environment].items():
            if name not in values:
                values[name] = value
                sources[name] = f"preset {environment}"
    for f in dataclasses.fields(Settings):
        if f.name != "sources":
            sources.setdefault(f.name, "default")
    return Settings(**values, sources=MappingProxyType(sources))
