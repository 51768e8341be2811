"""``specmock audit``: the newest configuration changes, who made them, before and after.

Values are shown as the log keeps them: secrets were redacted before they were written.
"""

from __future__ import annotations

import asyncio
import datetime
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from specmock.cli.db import DatabaseUrlOption, database_url
from specmock.cli.output import dumps, write_line

if TYPE_CHECKING:
    from specmock.store.patterns import Audit

__all__ = ["audit"]


def audit(
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many entries.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, for machines.")] = False,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """List the audit log of configuration changes (newest first)."""
    found = asyncio.run(_list(database_url(database_url_), limit))
    if as_json:
        write_line(dumps([asdict(entry) for entry in found], indent=True))
        return
    Console().print(_table(found))


async def _list(url: str, limit: int) -> tuple[Audit, ...]:
    from specmock.audit import list_changes
    from specmock.store.database import open_engine, sessions

    engine = open_engine(url)
    try:
        async with sessions(engine)() as session:
            return await list_changes(session, limit)
    finally:
        await engine.dispose()


def _table(found: tuple[Audit, ...]) -> Table:
    table = Table(title=f"configuration changes: {len(found)}", title_justify="left")
    table.add_column("time (UTC)", no_wrap=True)
    table.add_column("actor", style="bold")
    table.add_column("action")
    table.add_column("target")
    table.add_column("old → new")
    for entry in found:
        table.add_row(
            _time(entry.at),
            entry.actor,
            entry.action,
            entry.target,
            f"{_value(entry.old)} → {_value(entry.new)}",
        )
    return table


def _time(at: float) -> str:
    moment = datetime.datetime.fromtimestamp(at, tz=datetime.UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _value(value: Any) -> str:
    """A value in one short line: JSON, ``-`` for none."""
    return "-" if value is None else dumps(value)
