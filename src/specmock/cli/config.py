"""``specmock config``: the effective settings and where each value came from."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from specmock.cli.output import dumps, write_line
from specmock.config import VARIABLES, load_settings

__all__ = ["config"]


def _mask(url: str | None) -> str | None:
    """A URL with any password replaced by ``***``."""
    from specmock.store.database import mask

    return mask(url) if url else url


def config(
    as_json: Annotated[bool, typer.Option("--json", help="A JSON object, for machines.")] = False,
) -> None:
    """Show the effective settings: CLI > environment > store > pyproject.toml > preset >
    default."""
    settings = load_settings(store=True)
    values = settings.as_dict()
    for name in ("database_url", "redis_url"):
        values[name] = _mask(values[name])
    if as_json:
        write_line(
            dumps(
                {
                    name: {"value": value, "source": settings.sources[name]}
                    for name, value in values.items()
                },
                indent=True,
            )
        )
        return
    table = Table(title="specmock settings")
    table.add_column("setting")
    table.add_column("variable")
    table.add_column("value")
    table.add_column("from")
    for name, value in values.items():
        table.add_row(name, VARIABLES[name], str(value), settings.sources[name])
    Console().print(table)
