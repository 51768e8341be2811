"""Analytics in the SQL store: writing a period's rows, adding every process's rows up.

Rules:

- Plain async functions over an ``AsyncSession``; the caller commits.
- One ``mock_analytics`` row per (environment, operation, period) and one with
  ``operation = NULL`` for the period's totals. Several processes write their own rows;
  reading adds them up, so nothing is ever updated in place and no write can be lost.
- Adding up is exact for counts. Percentiles are the requests-weighted mean of the
  rows' percentiles, and the cache hit rate is weighted by requests too: an
  approximation (a percentile of a union is not a mean of percentiles), close when the
  periods' latencies are alike, and documented as such in ``docs/analytics.md``. The
  quality score is weighted by the rows' answers (mock + recorded + live), its own
  denominator, so it adds up exactly.
- Aggregation runs in SQL (``GROUP BY``), so reading a long history returns a handful of
  rows.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from specmock.analytics.collector import Period
from specmock.analytics.snapshot import CONFIDENCE_BINS, Figures, Snapshot
from specmock.cache import CacheStats, TierStats
from specmock.store.database import session_url, translate_errors
from specmock.store.tables import AnalyticsPeriod, CacheEntry, Pattern

__all__ = ["read_cache_size", "read_totals", "write_period"]

_A = AnalyticsPeriod


async def write_period(session: AsyncSession, period: Period) -> int:
    """Add one period's rows: one per operation and one for its totals.

    Args:
        session: the session (the caller commits).
        period: what :meth:`~specmock.analytics.collector.Collector.drain` returned.

    Returns:
        How many rows were added (0 for a period without requests).

    Example:
        >>> async def flush(make, collector) -> None:  # doctest: +SKIP
        ...     async with make() as session, session.begin():
        ...         await write_period(session, collector.drain())
    """
    if not period.overall.requests:
        return 0
    rows = [_row(period, None, period.overall)]
    rows.extend(_row(period, name, f) for name, f in period.operations if f.requests)
    with translate_errors(session_url(session)):
        session.add_all(rows)
        await session.flush()
    return len(rows)


async def read_totals(
    session: AsyncSession, *, environment: str | None = None, since: float | None = None
) -> Snapshot:
    """Every process's rows added up: overall, per environment and per operation.

    Args:
        session: the session.
        environment: only this environment's rows (default: every environment).
        since: only periods starting at or after this epoch second.

    Returns:
        A snapshot whose figures have no :class:`~specmock.analytics.snapshot.Detail`;
        its ``pattern_confidence`` is the distribution of the stored patterns.

    Example:
        >>> async def show(make) -> None:  # doctest: +SKIP
        ...     async with make() as session:
        ...         print((await read_totals(session, environment="staging")).overall)
    """
    where: list[ColumnElement[bool]] = []
    if environment is not None:
        where.append(_A.environment == environment)
    if since is not None:
        where.append(_A.period_start >= since)
    totals = _aggregate().where(_A.operation.is_(None), *where)
    by_environment = (
        _aggregate(_A.environment)
        .where(_A.operation.is_(None), *where)
        .group_by(_A.environment)
        .order_by(_A.environment)
    )
    by_operation = (
        _aggregate(_A.operation).where(_A.operation.is_not(None), *where).group_by(_A.operation)
    )
    with translate_errors(session_url(session)):
        overall_row = (await session.execute(totals)).one()
        environments = (await session.execute(by_environment)).all()
        operations = (await session.execute(by_operation)).all()
        confidences = (await session.scalars(select(Pattern.confidence))).all()
    ranked = sorted(
        ((str(row[0]), _figures(row[1:])) for row in operations),
        key=lambda pair: (-pair[1].requests, pair[0]),
    )
    bins = [0] * CONFIDENCE_BINS
    for value in confidences:
        bins[min(max(int(value * CONFIDENCE_BINS), 0), CONFIDENCE_BINS - 1)] += 1
    return Snapshot(
        until=time.time(),
        overall=_figures(overall_row[:-1]),
        environment=environment,
        since=overall_row[-1],
        environments=tuple((str(row[0]), _figures(row[1:-1])) for row in environments),
        operations=tuple(ranked),
        pattern_confidence=tuple(bins) if confidences else (),
    )


async def read_cache_size(session: AsyncSession, *, now: float | None = None) -> CacheStats:
    """The SQL cache tier's live entries and bytes (``mock_cache_entries``).

    Example:
        >>> async def size(make) -> int:  # doctest: +SKIP
        ...     async with make() as session:
        ...         return (await read_cache_size(session)).size
    """
    moment = time.time() if now is None else now
    query = select(func.count(), func.coalesce(func.sum(CacheEntry.size), 0)).where(
        CacheEntry.expires_at.is_(None) | (CacheEntry.expires_at > moment)
    )
    with translate_errors(session_url(session)):
        entries, size = (await session.execute(query)).one()
    tier = TierStats("sql", size=int(entries), bytes=int(size))
    return CacheStats(size=int(entries), bytes=int(size), tiers=(tier,))


def _row(period: Period, operation: str | None, figures: Figures) -> AnalyticsPeriod:
    return AnalyticsPeriod(
        environment=period.environment,
        operation=operation,
        period_start=period.start,
        requests=figures.requests,
        mock_count=figures.mock,
        live_count=figures.live,
        recorded_count=figures.recorded,
        errors=figures.errors,
        p50_ms=figures.p50_ms,
        p95_ms=figures.p95_ms,
        p99_ms=figures.p99_ms,
        cache_hit_rate=figures.cache_hit_rate,
        mock_quality_score=figures.quality_score,
    )


def _weighted(column: Any, weight: Any) -> tuple[Any, Any]:
    """SUM(column * weight) and SUM(weight where column is set): a weighted mean's parts."""
    return (
        func.sum(column * weight),
        func.coalesce(func.sum(case((column.is_not(None), weight), else_=0)), 0),
    )


def _aggregate(*keys: Any) -> Select[Any]:
    """``SELECT keys..., sums..., MIN(period_start)`` over ``mock_analytics``."""
    answers = _A.mock_count + _A.live_count + _A.recorded_count
    sums = [
        func.coalesce(func.sum(column), 0)
        for column in (_A.requests, _A.mock_count, _A.recorded_count, _A.live_count, _A.errors)
    ]
    weighted = [
        *_weighted(_A.p50_ms, _A.requests),
        *_weighted(_A.p95_ms, _A.requests),
        *_weighted(_A.p99_ms, _A.requests),
        *_weighted(_A.cache_hit_rate, _A.requests),
        *_weighted(_A.mock_quality_score, answers),
    ]
    return select(*keys, *sums, *weighted, func.min(_A.period_start))


def _figures(row: Any) -> Figures:
    requests, mock, recorded, live, errors, *parts = row[:15]

    def mean(i: int) -> float | None:
        total, weight = parts[2 * i], parts[2 * i + 1]
        return float(total) / float(weight) if total is not None and weight else None

    return Figures(
        requests=int(requests),
        mock=int(mock),
        recorded=int(recorded),
        live=int(live),
        errors=int(errors),
        p50_ms=mean(0),
        p95_ms=mean(1),
        p99_ms=mean(2),
        cache_hit_rate=mean(3),
        quality_score=mean(4),
    )
