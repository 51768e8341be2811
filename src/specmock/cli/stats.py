"""``specmock stats``: what the store has learnt, e.g. the most used patterns.

``stats patterns SPEC`` first recognises every operation of the description and syncs
the patterns into the store (idempotent), then lists the most used ones.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from specmock.cli.db import DatabaseUrlOption, database_url
from specmock.cli.options import spec_source
from specmock.cli.output import dumps, warn, write_line

if TYPE_CHECKING:
    from specmock.store.patterns import PatternRow, PopularPattern

__all__ = ["app", "patterns"]

app = typer.Typer(help="What the store has learnt.")


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
    from specmock.spec import load
    from specmock.store.patterns import recognised_rows, spec_key

    url = database_url(database_url_)
    key: str | None = None
    rows: tuple[PatternRow, ...] = ()
    if spec is not None:
        loaded = load(spec_source(spec))
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
