"""``specmock recordings`` (list, import, export) and ``specmock drift``.

Recordings live in the store at ``DATABASE_URL`` (the SQLite file by default), under
the live API they were recorded from (``--target``). Imported cassettes and HAR files
are redacted like live traffic before they are stored. ``drift`` checks recorded
answers against a description and lists where they disagree.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from specmock.cli.db import DatabaseUrlOption, database_url
from specmock.cli.options import SpecArgument, load_description
from specmock.cli.output import dumps, stderr, write_line
from specmock.errors import SpecmockError

if TYPE_CHECKING:
    from specmock.record.exchange import Exchange

__all__ = ["app", "drift", "export", "import_", "list_"]

app = typer.Typer(help="Recorded exchanges: list, import (VCR.py cassettes, HAR), export HAR.")

TargetOption = Annotated[
    str | None,
    typer.Option("--target", help="Only the recordings of this live API (default: all)."),
]


class RecordingsError(SpecmockError, ValueError):
    """A recordings command that cannot run as asked."""

    status = 400


def _key(target: str | None) -> str:
    return f"live {target.rstrip('/')}" if target else ""


async def _load(url: str, target: str | None) -> tuple[Exchange, ...]:
    from specmock.record.recorder import Recorder

    recorder = await Recorder.open(url, spec_key=_key(target))
    try:
        return await recorder.exchanges()
    finally:
        await recorder.aclose()


@app.command("list")
def list_(
    target: TargetOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, for machines.")] = False,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """List recorded exchanges, oldest first."""
    found = asyncio.run(_load(database_url(database_url_), target))
    rows = [
        {
            "method": ex.request.method,
            "url": ex.request.url,
            "status": ex.response.status,
            "operation": ex.operation,
            "recorded_at": ex.recorded_at,
            "duration_ms": ex.duration_ms,
        }
        for ex in found
    ]
    if as_json:
        write_line(dumps(rows, indent=True))
        return
    table = Table(title=f"{len(rows)} recorded exchanges", title_justify="left")
    for column in ("method", "url", "status", "operation"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(str(row[c] or "") for c in ("method", "url", "status", "operation")))
    Console().print(table)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A VCR.py / pytest-recording cassette or a HAR.")],
    target: TargetOption = None,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """Store a cassette's or HAR's exchanges (redacted), to replay them."""
    from specmock.record.formats import load_recordings

    exchanges = load_recordings(file)
    if not exchanges:
        raise RecordingsError(f"{file}: no exchanges to import")

    async def store() -> str:
        from specmock.record.recorder import Recorder

        first = exchanges[0].request
        origin = target or f"{first.scheme}://{first.host}" + (
            f":{first.port}" if first.port else ""
        )
        recorder = await Recorder.open(database_url(database_url_), spec_key=_key(origin))
        try:
            for exchange in exchanges:
                await recorder.record(exchange)
            return f"imported {len(exchanges)} exchanges from {file} as {origin}: " + str(
                recorder.redactor.summary()
            )
        finally:
            await recorder.aclose()

    write_line(asyncio.run(store()))


@app.command("export")
def export(
    har: Annotated[Path, typer.Option("--har", help="Write a HAR 1.2 file here.")],
    target: TargetOption = None,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """Write the recorded exchanges as a HAR file."""
    from specmock.record.formats.har import dump_har

    found = asyncio.run(_load(database_url(database_url_), target))
    har.write_text(dump_har(found), encoding="utf-8")
    write_line(f"wrote {len(found)} exchanges to {har}")


def drift(
    spec: SpecArgument,
    target: TargetOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, for machines.")] = False,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """Check recorded answers against a description: where does it lie?"""
    from specmock.engine import Engine
    from specmock.record.drift import drift as find_drift

    engine = Engine(load_description(spec))
    exchanges = asyncio.run(_load(database_url(database_url_), target))
    findings = find_drift(engine, exchanges)
    if as_json:
        write_line(dumps([f.as_dict() for f in findings], indent=True))
        return
    _print_findings(findings, len(exchanges))


def _print_findings(findings: Iterable[object], checked: int) -> None:
    from specmock.record.drift import Finding

    rows = [f for f in findings if isinstance(f, Finding)]
    if not rows:
        stderr().print(f"{checked} recorded exchanges agree with the description")
        return
    table = Table(
        title=f"drift: {len(rows)} findings over {checked} recorded exchanges", title_justify="left"
    )
    for column in ("operation", "kind", "where", "detail", "seen"):
        table.add_column(column, justify="right" if column == "seen" else "left")
    for f in rows:
        table.add_row(f.operation, f.kind, f.pointer or "/", f.detail, str(f.count))
    Console().print(table)
