"""Stored environment configuration, read synchronously at start-up.

Rules:

- :func:`read_configs` returns the ``mock_environment_configs`` rows of some environments
  as ``(environment, key, value)``, ordered by key. It runs before any event loop exists
  (entry points build their settings first), so it is synchronous: the embedded SQLite
  store is read with the standard library (importing SQLAlchemy would cost start-up more
  than the query), any other store with a short-lived SQLAlchemy engine.
- A store that does not exist yet, holds no tables yet or cannot be reached has no
  rows: reading configuration never creates a database file and never fails start-up.
- :func:`stored_settings` turns the rows into setting values for one environment: a row
  of that environment beats a row stored for every environment (``"*"``); keys that are
  not settings (stored admin tokens) are left out.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

__all__ = ["EVERY_ENVIRONMENT", "read_configs", "stored_settings"]

#: The environment name of a row stored for every environment.
EVERY_ENVIRONMENT = "*"

_SQLITE = "sqlite:///"


def read_configs(url: str, environments: Collection[str]) -> list[tuple[str, str, Any]]:
    """The rows of ``environments`` as ``(environment, key, value)``, ordered by key.

    Example:
        >>> read_configs("sqlite:///does/not/exist.db", ["*"])
        []
    """
    wanted = sorted(set(environments))
    if not wanted:
        return []
    text = url.strip()
    if text.startswith(_SQLITE):
        return _sqlite_rows(Path(text[len(_SQLITE) :]), wanted)
    if text.startswith("sqlite:"):  # in memory: nothing was stored before this process
        return []
    return _sqlalchemy_rows(text, wanted)


def stored_settings(
    url: str, environment: str, names: Collection[str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Setting values stored for ``environment`` (or every one) and where each came from.

    Returns:
        ``({name: value}, {name: "store [environment]"})`` for the keys in ``names``.
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    rows = read_configs(url, (EVERY_ENVIRONMENT, environment))
    # "*" first, so that a row of the environment itself replaces it
    for where, key, value in sorted(rows, key=lambda row: row[0] != EVERY_ENVIRONMENT):
        if key in names:
            values[key] = value
            sources[key] = f"store [{where}]"
    return values, sources


def _sqlite_rows(path: Path, environments: list[str]) -> list[tuple[str, str, Any]]:
    import sqlite3

    if not path.is_file():
        return []
    marks = ", ".join("?" * len(environments))
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            rows = db.execute(
                "SELECT environment, key, value FROM mock_environment_configs "
                f"WHERE environment IN ({marks}) ORDER BY key, environment",
                environments,
            ).fetchall()
    except sqlite3.Error:
        return []  # not migrated yet (or not a store): nothing was ever stored
    return [(where, key, _json(value)) for where, key, value in rows]


def _json(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _sqlalchemy_rows(url: str, environments: list[str]) -> list[tuple[str, str, Any]]:
    import sqlalchemy
    from sqlalchemy.pool import NullPool

    from specmock.store.database import normalise_url
    from specmock.store.tables import EnvironmentConfig

    query = (
        sqlalchemy.select(
            EnvironmentConfig.environment, EnvironmentConfig.key, EnvironmentConfig.value
        )
        .where(EnvironmentConfig.environment.in_(environments))
        .order_by(EnvironmentConfig.key, EnvironmentConfig.environment)
    )
    engine = sqlalchemy.create_engine(
        normalise_url(url), poolclass=NullPool, connect_args=_connect_args(url)
    )
    try:
        with engine.connect() as connection:
            return [(where, key, value) for where, key, value in connection.execute(query)]
    except sqlalchemy.exc.SQLAlchemyError:
        return []  # not migrated yet, or unreachable: the commands that need it say so
    finally:
        engine.dispose()


def _connect_args(url: str) -> Mapping[str, Any]:
    """A short connect timeout: an unreachable server must not hold start-up for long."""
    return {"connect_timeout": 3} if url.strip().lower().startswith("postgres") else {}
