"""The Typer application and the one place where user errors become exit code 2."""

from __future__ import annotations

import sys

import typer
from rich.console import Console
from rich.text import Text

from specmock.cli import (
    audit,
    cache,
    config_set,
    db,
    generate,
    inspect,
    recordings,
    serve,
    stats,
    testgen,
    tokens,
)
from specmock.errors import SpecmockError

__all__ = ["USER_ERROR", "app", "main"]

app = typer.Typer(
    name="specmock",
    help="Zero-configuration API mocks from OpenAPI 3.1, 3.0 and Swagger 2.0 descriptions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("generate")(generate.generate)
app.command("inspect")(inspect.inspect)
app.command("serve")(serve.serve)
app.command("record")(serve.record)
app.add_typer(config_set.config_app, name="config")
app.command("audit")(audit.audit)
app.add_typer(tokens.admin_app, name="admin")
app.add_typer(db.app, name="db")
app.add_typer(stats.app, name="stats")
app.add_typer(cache.app, name="cache")
app.add_typer(recordings.app, name="recordings")
app.command("drift")(recordings.drift)
app.command("testgen")(testgen.testgen)

#: Exit code for a user's mistake (bad description, unknown operation, bad flag).
USER_ERROR = 2


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a ``SpecmockError`` becomes one red line on stderr and exit 2."""
    try:
        app(args=argv, standalone_mode=True)
    except SpecmockError as error:
        line = Text("error: ", style="bold red")
        line.append(str(error))
        Console(stderr=True, highlight=False, soft_wrap=True).print(line)
        sys.exit(USER_ERROR)
