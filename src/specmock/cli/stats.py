"""``specmock stats``: the analytics every process added up, and the most used patterns.

``specmock stats`` (no subcommand) shows the key figures: requests, cache hit rate and
size, p50/p95/p99, mock vs real, error rate and quality score per environment, the top
operations and patterns, and a chart of the latency percentiles. It reads the store's
``mock_analytics`` rows (every process's flushes, added up), or with ``--server URL``
asks a running server (``GET URL/__specmock/stats``). ``--json`` prints the same
document the admin API serves (:func:`specmock.analytics.render.stats_document`).

``stats patterns SPEC`` first recognises every operation of the description and syncs
the patterns into the store (idempotent), then lists the most used ones.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from specmock.cli.db import DatabaseUrlOption, database_url
from specmock.cli.options import load_description
from specmock.cli.output import dumps, warn, write_line

if TYPE_CHECKING:
    from specmock.analytics.snapshot import Snapshot
    from specmock.cache import CacheStats
    from specmock.store.patterns import PatternRow, PopularPattern

__all__ = ["app", "overview", "patterns"]

app = typer.Typer(help="Analytics and what the store has learnt.")

#: Seconds ``--server`` waits for the server.
_SERVER_TIMEOUT = 10.0


@app.callback(invoke_without_command=True)
def overview(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object, for machines.")] = False,
    server: Annotated[
        str | None,
        typer.Option("--server", help="Ask this running server (e.g. http://127.0.0.1:8000)."),
    ] = None,
    environment: Annotated[
        str | None, typer.Option("--environment", help="Only this environment's figures.")
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, help="How many operations and patterns.")
    ] = 10,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """Show the analytics: hit rate, latency percentiles, mock vs real, errors, quality."""
    if ctx.invoked_subcommand is not None:
        return
    from specmock.analytics.render import read_document, renderables, stats_document

    if server is not None:
        data = _fetch(server, environment)
    else:
        snapshot, cache, popular = asyncio.run(
            _read_store(database_url(database_url_), environment, top)
        )
        data = stats_document(snapshot, cache, popular)
    if as_json:
        write_line(dumps(data, indent=True))
        return
    console = Console()
    for shown in renderables(read_document(data), top=top):
        console.print(shown)


def _fetch(server: str, environment: str | None) -> Any:
    """The stats document of a running server."""
    import httpx

    from specmock.analytics.snapshot import AnalyticsError

    url = server.rstrip("/") + "/__specmock/stats"
    params = {} if environment is None else {"environment": environment}
    try:
        answer = httpx.get(url, params=params, timeout=_SERVER_TIMEOUT)
    except httpx.HTTPError as error:
        raise AnalyticsError(f"cannot reach {url}: {error}") from error
    if answer.status_code != 200:
        raise AnalyticsError(f"{url} answered {answer.status_code}: is it a specmock server?")
    try:
        return answer.json()
    except ValueError as error:
        raise AnalyticsError(f"{url} did not answer JSON: {error}") from error


async def _read_store(
    url: str, environment: str | None, top: int
) -> tuple[Snapshot, CacheStats, tuple[PopularPattern, ...]]:
    from specmock.analytics.store import read_cache_size, read_totals
    from specmock.store.database import open_engine, sessions
    from specmock.store.patterns import popular_patterns

    engine = open_engine(url)
    try:
        async with sessions(engine)() as session:
            snapshot = await read_totals(session, environment=environment)
            cache = await read_cache_size(session)
            popular = await popular_patterns(session, top)
        return snapshot, cache, popular
    finally:
        await engine.dispose()


@app.command("patterns")
def patterns(
    spec: Annotated[
        str | None,
        typer.Argument(help="Recognise and store this description's patterns first."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many patterns.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, for machines.")] = False,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """List the most used patterns (most used first)."""
    from specmock.store.patterns import recognised_rows, spec_key

    url = database_url(database_url_)
    key: str | None = None
    rows: tuple[PatternRow, ...] = ()
    if spec is not None:
        loaded = load_description(spec)
        for skipped in loaded.skipped:
            warn(f"skipped {skipped.pointer}: {skipped.reason}")
        key = spec_key(loaded)
        rows = recognised_rows(loaded)
    found = asyncio.run(_sync_and_list(url, key, rows, limit))
    if as_json:
        write_line(dumps([asdict(p) for p in found], indent=True))
        return
    Console().print(_table(found, key))


async def _sync_and_list(
    url: str, key: str | None, rows: tuple[PatternRow, ...], limit: int
) -> tuple[PopularPattern, ...]:
    from specmock.store.database import open_engine, sessions
    from specmock.store.patterns import popular_patterns, seed_pattern_library, sync_patterns

    engine = open_engine(url)
    try:
        async with sessions(engine)() as session:
            async with session.begin():
                await seed_pattern_library(session)
                if key is not None:
                    await sync_patterns(session, key, rows)
            return await popular_patterns(session, limit, key=key)
    finally:
        await engine.dispose()


def _table(found: tuple[PopularPattern, ...], key: str | None) -> Table:
    title = f"most used patterns of {key}" if key else "most used patterns"
    table = Table(title=f"{title}: {len(found)}", title_justify="left")
    table.add_column("pattern", style="bold", no_wrap=True)
    table.add_column("operation", overflow="fold")
    table.add_column("detail", overflow="fold")
    table.add_column("confidence", justify="right", no_wrap=True)
    table.add_column("usage", justify="right", no_wrap=True)
    for p in found:
        table.add_row(
            p.name, p.operation, p.detail or "", f"{p.confidence:.2f}", str(p.usage_count)
        )
    return table
