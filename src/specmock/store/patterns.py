"""The pattern tables and the audit log: plain async functions over an ``AsyncSession``.

Rules:

- No repository classes: each function takes the session, does one thing and leaves
  committing to the caller (``async with make() as s, s.begin(): ...``).
- Writes are idempotent or atomic: :func:`sync_patterns` and
  :func:`seed_pattern_library` upsert (``INSERT ... ON CONFLICT``), :func:`add_usage`
  adds in the database (``usage_count = usage_count + :n``), so several processes can
  count at once without losing increments.
- Results are frozen dataclasses, never ORM objects that would outlive their session.
- Database errors a user can fix become one-line
  :class:`~specmock.store.database.StoreError` (e.g. "run `specmock db upgrade`").
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Insert, and_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from specmock.patterns import DETECTORS, Detector, FeatureDetector, PatternMatch, recognise
from specmock.spec.model import Operation, Spec
from specmock.store.database import session_url, translate_errors
from specmock.store.tables import AuditEntry, LibraryPattern, Pattern

__all__ = [
    "Audit",
    "PatternRow",
    "PopularPattern",
    "add_usage",
    "list_audit",
    "popular_patterns",
    "recognised_rows",
    "record_audit",
    "seed_pattern_library",
    "spec_key",
    "sync_patterns",
]

#: The confidence a built-in pattern is recognised at.
_RECOGNISED = 0.5


@dataclass(frozen=True, slots=True)
class PatternRow:
    """A recognised pattern of one operation, as :func:`sync_patterns` stores it."""

    operation: str
    name: str
    detail: str | None
    confidence: float
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PopularPattern:
    """A stored pattern and how often it was used."""

    spec_key: str
    operation: str
    name: str
    detail: str | None
    confidence: float
    usage_count: int


@dataclass(frozen=True, slots=True)
class Audit:
    """One entry of the audit log."""

    id: int
    at: float
    actor: str
    action: str
    target: str
    old: Any
    new: Any


def spec_key(spec: Spec) -> str:
    """The identity of a loaded description: title, version and where it came from.

    Example:
        >>> from types import SimpleNamespace
        >>> spec_key(SimpleNamespace(title="Pets", api_version="1.0", source="pets.yaml"))
        'Pets 1.0 @ pets.yaml'
    """
    return f"{spec.title} {spec.api_version} @ {spec.source}"


def recognised_rows(
    spec: Spec,
    detectors: Sequence[Detector] = DETECTORS,
    *,
    patterns: Callable[[Operation], Sequence[PatternMatch]] | None = None,
) -> tuple[PatternRow, ...]:
    """Every recognised pattern (confidence >= 0.5) of every operation of ``spec``;
    ``patterns`` gives an operation's matches when they are known already (an engine's
    :meth:`~specmock.engine.Engine.patterns`), else they are recognised here."""
    rows: list[PatternRow] = []
    for op in spec.operations:
        name = op.key
        found = patterns(op) if patterns is not None else recognise(op, spec.schemas, detectors)
        rows.extend(
            PatternRow(name, m.name, m.detail, m.confidence, tuple(m.evidence))
            for m in found
            if m.recognised
        )
    return tuple(rows)


async def seed_pattern_library(
    session: AsyncSession, detectors: Sequence[Detector] = DETECTORS
) -> int:
    """Insert one ``mock_pattern_library`` row per detector; existing names are kept.

    Args:
        session: the session (the caller commits).
        detectors: the detectors to describe (default :data:`specmock.patterns.DETECTORS`).

    Returns:
        The number of rows inserted (0 when the library was already seeded).

    Example:
        >>> async def seed(make) -> None:  # doctest: +SKIP
        ...     async with make() as session, session.begin():
        ...         await seed_pattern_library(session)
    """
    values = [_library_row(detector) for detector in detectors]
    with translate_errors(session_url(session)):
        known = set(
            (
                await session.scalars(
                    select(LibraryPattern.name).where(
                        LibraryPattern.name.in_([v["name"] for v in values])
                    )
                )
            ).all()
        )
        fresh = [v for v in values if v["name"] not in known]
        if fresh:
            statement = _insert(session, LibraryPattern).values(fresh)
            await session.execute(statement.on_conflict_do_nothing(index_elements=["name"]))
    return len(fresh)


async def sync_patterns(session: AsyncSession, key: str, rows: Iterable[PatternRow]) -> int:
    """Upsert the recognised patterns of one description.

    A pattern already stored for (``key``, operation, name) gets the new detail,
    confidence and evidence and keeps its usage count; running it again with the same
    rows changes nothing but ``updated_at``. Patterns no longer recognised are kept.

    Args:
        session: the session (the caller commits).
        key: the description's identity (:func:`spec_key`).
        rows: the patterns (:func:`recognised_rows`).

    Returns:
        The number of rows written.
    """
    now = time.time()
    unique: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        unique[(row.operation, row.name)] = {
            "spec_key": key,
            "operation": row.operation,
            "name": row.name,
            "detail": row.detail,
            "confidence": row.confidence,
            "evidence": list(row.evidence),
            "usage_count": 0,
            "created_at": now,
            "updated_at": now,
        }
    if not unique:
        return 0
    statement = _insert(session, Pattern).values(list(unique.values()))
    statement = statement.on_conflict_do_update(
        index_elements=["spec_key", "operation", "name"],
        set_={
            "detail": statement.excluded.detail,
            "confidence": statement.excluded.confidence,
            "evidence": statement.excluded.evidence,
            "updated_at": statement.excluded.updated_at,
        },
    )
    with translate_errors(session_url(session)):
        await session.execute(statement)
    return len(unique)


async def add_usage(
    session: AsyncSession, counts: Mapping[tuple[str, str, str], int]
) -> tuple[tuple[str, str, str], ...]:
    """Add usage counts per (spec_key, operation, pattern name), atomically.

    Each count is one ``UPDATE ... SET usage_count = usage_count + :n``, so concurrent
    sessions and processes never lose an increment.

    Args:
        session: the session (the caller commits).
        counts: (spec_key, operation, name) -> how many more uses.

    Returns:
        The keys that matched no stored pattern (nothing was counted for them).
    """
    missing: list[tuple[str, str, str]] = []
    with translate_errors(session_url(session)):
        for (key, operation, name), n in sorted(counts.items()):
            if n == 0:
                continue
            result = await session.execute(
                update(Pattern)
                .where(
                    and_(
                        Pattern.spec_key == key,
                        Pattern.operation == operation,
                        Pattern.name == name,
                    )
                )
                .values(usage_count=Pattern.usage_count + n)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) == 0:
                missing.append((key, operation, name))
    return tuple(missing)


async def popular_patterns(
    session: AsyncSession, limit: int = 10, *, key: str | None = None
) -> tuple[PopularPattern, ...]:
    """The most used patterns, most used first (ties: most confident, then by name).

    Args:
        session: the session.
        limit: how many at most.
        key: only the patterns of this description (default: every description).
    """
    query = select(Pattern).order_by(
        Pattern.usage_count.desc(),
        Pattern.confidence.desc(),
        Pattern.operation,
        Pattern.name,
    )
    if key is not None:
        query = query.where(Pattern.spec_key == key)
    with translate_errors(session_url(session)):
        found = (await session.scalars(query.limit(limit))).all()
    return tuple(
        PopularPattern(p.spec_key, p.operation, p.name, p.detail, p.confidence, p.usage_count)
        for p in found
    )


async def record_audit(
    session: AsyncSession, actor: str, action: str, target: str, old: Any, new: Any
) -> Audit:
    """Append one entry to the audit log (``old``/``new`` are JSON values)."""
    entry = AuditEntry(
        at=time.time(), actor=actor, action=action, target=target, old_value=old, new_value=new
    )
    with translate_errors(session_url(session)):
        session.add(entry)
        await session.flush()
    return _audit(entry)


async def list_audit(session: AsyncSession, limit: int = 50) -> tuple[Audit, ...]:
    """The newest ``limit`` entries of the audit log, newest first."""
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    with translate_errors(session_url(session)):
        found = (await session.scalars(query)).all()
    return tuple(_audit(entry) for entry in found)


def _audit(entry: AuditEntry) -> Audit:
    return Audit(
        entry.id,
        entry.at,
        entry.actor,
        entry.action,
        entry.target,
        entry.old_value,
        entry.new_value,
    )


def _library_row(detector: Detector) -> dict[str, Any]:
    if isinstance(detector, FeatureDetector):
        name, module = detector.name, detector.judge.__module__
    else:
        module = getattr(detector, "__module__", "") or ""
        name = getattr(detector, "__name__", "") or module.rpartition(".")[2]
    doc = getattr(sys.modules.get(module), "__doc__", None) or ""
    return {
        "name": name,
        "description": (doc.strip().splitlines() or [""])[0],
        "detector": module,
        "default_confidence": _RECOGNISED,
        "builtin": module.startswith("specmock."),
    }


def _insert(session: AsyncSession, table: type[Any]) -> Any:
    """``INSERT`` of the session's dialect, which knows ``ON CONFLICT``."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement: Insert = module.insert(table)
    return statement
