"""Analytics for people and machines: the stats document, rich tables, a latency chart.

Rules:

- :func:`stats_document` is the one JSON shape of the figures: ``GET /__specmock/stats``
  serves it, ``specmock stats --json`` prints it, and :func:`read_document` reads it
  back (``specmock stats --server``), so the two sides cannot drift apart.
- Tables show the key figures of the brief: requests, hit rate, cache size, p50/p95/p99,
  mock vs real, error rate and quality score; then the top operations and patterns, and
  a bar chart of the latency percentiles drawn with Unicode blocks (no terminal
  graphics needed).
- Unknown values print as ``-``, never as 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from specmock.analytics.snapshot import CONFIDENCE_BINS, AnalyticsError, Figures, Snapshot
from specmock.cache import CacheStats

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from specmock.store.patterns import PopularPattern

__all__ = [
    "StatsDocument",
    "bar_chart",
    "latency_chart",
    "read_document",
    "renderables",
    "stats_document",
]

_BLOCKS = " ▏▎▍▌▋▊▉█"


@dataclass(frozen=True, slots=True)
class StatsDocument:
    """What ``specmock stats`` shows: the analytics, the cache, the top patterns.

    ``patterns`` are dicts with ``spec_key``, ``operation``, ``name``, ``detail``,
    ``confidence`` and ``usage_count`` (:class:`~specmock.store.patterns.PopularPattern`).
    """

    analytics: Snapshot
    cache: CacheStats | None = None
    patterns: tuple[Mapping[str, Any], ...] = ()


def stats_document(
    snapshot: Snapshot,
    cache_stats: CacheStats | None = None,
    patterns: Sequence[PopularPattern] = (),
) -> dict[str, Any]:
    """The JSON document of the figures (the admin API's ``/__specmock/stats`` body).

    Args:
        snapshot: a collector's snapshot or the store's totals.
        cache_stats: the cache's figures (``None`` when caching is off).
        patterns: the most used patterns.

    Example:
        >>> from specmock.analytics.collector import Collector
        >>> doc = stats_document(Collector("testing").snapshot())
        >>> sorted(doc), doc["analytics"]["environment"]
        (['analytics', 'cache', 'patterns'], 'testing')
    """
    return {
        "analytics": snapshot.as_dict(),
        "cache": None if cache_stats is None else cache_stats.as_dict(),
        "patterns": [asdict(p) for p in patterns],
    }


def read_document(data: Any) -> StatsDocument:
    """The document :func:`stats_document` wrote.

    Raises:
        AnalyticsError: when ``data`` is not such a document.

    Example:
        >>> from specmock.analytics.collector import Collector
        >>> read_document(stats_document(Collector("x").snapshot())).analytics.environment
        'x'
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("analytics"), Mapping):
        raise AnalyticsError('not a stats document: expected {"analytics": {...}, ...}')
    cache = data.get("cache")
    stats = None
    if isinstance(cache, Mapping):
        stats = CacheStats(
            hits=int(cache.get("hits", 0)),
            misses=int(cache.get("misses", 0)),
            size=int(cache.get("size", 0)),
            bytes=int(cache.get("bytes", 0)),
        )
    patterns = tuple(p for p in data.get("patterns") or () if isinstance(p, Mapping))
    return StatsDocument(Snapshot.from_dict(data["analytics"]), stats, patterns)


def renderables(document: StatsDocument, *, top: int = 10) -> list[RenderableType]:
    """Tables and charts for ``specmock stats``, in the order they print.

    Example:
        >>> from specmock.analytics.collector import Collector
        >>> len(renderables(StatsDocument(Collector().snapshot()))) >= 2
        True
    """
    snapshot = document.analytics
    shown: list[RenderableType] = [_overview(snapshot, document.cache)]
    if snapshot.operations:
        shown.append(_operations(snapshot.operations[:top]))
    if document.patterns:
        shown.append(_patterns(document.patterns[:top]))
    shown.append(latency_chart(snapshot.overall))
    if any(snapshot.pattern_confidence):
        labels = [f"{i / CONFIDENCE_BINS:.1f}+" for i in range(CONFIDENCE_BINS)]
        shown.append(
            bar_chart(
                "pattern confidence",
                [
                    (label, float(n), str(n))
                    for label, n in zip(labels, snapshot.pattern_confidence, strict=False)
                ],
            )
        )
    return shown


def latency_chart(figures: Figures, *, width: int = 40) -> Text:
    """A bar per latency percentile, scaled to the longest.

    Example:
        >>> print(latency_chart(Figures(requests=1, p50_ms=1.0, p95_ms=2.0, p99_ms=4.0), width=8))
        latency (ms)
          p50 ██          1.00
          p95 ████        2.00
          p99 ████████    4.00
    """
    rows = [
        (name, value, "-" if value is None else f"{value:.2f}")
        for name, value in (
            ("p50", figures.p50_ms),
            ("p95", figures.p95_ms),
            ("p99", figures.p99_ms),
        )
    ]
    return bar_chart("latency (ms)", rows, width=width)


def bar_chart(
    title: str, rows: Sequence[tuple[str, float | None, str]], *, width: int = 40
) -> Text:
    """Horizontal bars in eighths of a character: (label, value, printed value) per row."""
    from rich.text import Text

    largest = max((value for _, value, _ in rows if value), default=0.0)
    label_width = max((len(label) for label, _, _ in rows), default=0)
    text = Text(title, style="bold")
    for label, value, shown in rows:
        eighths = round((value or 0.0) / largest * width * 8) if largest else 0
        full, part = divmod(eighths, 8)
        bar = "█" * full + (_BLOCKS[part] if part else "")
        text.append(f"\n  {label:>{label_width}} ")
        text.append(f"{bar:<{width}}", style="cyan")
        text.append(f" {shown:>7}")
    return text


def _overview(snapshot: Snapshot, cache: CacheStats | None) -> Table:

    scope = snapshot.environment or "every environment"
    cache_text = "cache off" if cache is None else f"cache {cache.size} entries, {cache.bytes} B"
    table = _figure_table(f"specmock analytics ({scope}; {cache_text}; times in ms)")
    rows = list(snapshot.environments)
    if len(rows) != 1:
        rows.append(("all", snapshot.overall))
    widest = max((len(name) for name, _ in rows), default=3)
    table.add_column("environment", style="bold", overflow="fold", min_width=min(widest, 16))
    _figure_columns(table)
    for name, figures in rows:
        table.add_row(name, *_cells(figures))
    return table


def _operations(operations: Sequence[tuple[str, Figures]]) -> Table:

    table = _figure_table(f"top operations: {len(operations)}")
    widest = max((len(name) for name, _ in operations), default=9)
    table.add_column("operation", style="bold", overflow="fold", min_width=min(widest, 24))
    _figure_columns(table)
    for name, figures in operations:
        table.add_row(name, *_cells(figures))
    return table


def _patterns(patterns: Sequence[Mapping[str, Any]]) -> Table:
    from rich.table import Table

    table = Table(title=f"top patterns by usage: {len(patterns)}", title_justify="left")
    table.add_column("pattern", style="bold", no_wrap=True)
    table.add_column("operation", overflow="fold")
    table.add_column("confidence", justify="right", no_wrap=True)
    table.add_column("usage", justify="right", no_wrap=True)
    for p in patterns:
        table.add_row(
            str(p.get("name", "")),
            str(p.get("operation", "")),
            _number(p.get("confidence"), "{:.2f}"),
            str(p.get("usage_count", "")),
        )
    return table


def _figure_table(title: str) -> Table:
    """A table without vertical rules: nine columns fit in 80 characters."""
    from rich import box
    from rich.table import Table

    return Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, padding=(0, 1, 0, 0)
    )


def _figure_columns(table: Table) -> None:
    for name in ("requests", "hit", "p50", "p95", "p99", "mock:real", "errors", "quality"):
        table.add_column(name, justify="right", no_wrap=True)


def _cells(f: Figures) -> tuple[str, ...]:
    ratio = f"{f.mock}:{f.recorded + f.live}"
    return (
        str(f.requests),
        _number(f.cache_hit_rate, "{:.0%}"),
        _number(f.p50_ms, "{:.2f}"),
        _number(f.p95_ms, "{:.2f}"),
        _number(f.p99_ms, "{:.2f}"),
        ratio,
        _number(f.error_rate, "{:.1%}"),
        _number(f.quality_score, "{:.0%}"),
    )


def _number(value: Any, form: str) -> str:
    return "-" if value is None else form.format(value)
