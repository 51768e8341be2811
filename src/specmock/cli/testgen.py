"""``specmock testgen``: write (or bring up to date) a pytest suite for a description."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from specmock.cli.options import load_description
from specmock.cli.output import dumps, stderr, warn, write_line
from specmock.spec.model import Operation

if TYPE_CHECKING:
    from specmock.testgen import Report

__all__ = ["testgen"]

#: Show a progress bar when the description has at least this many operations.
PROGRESS_THRESHOLD = 50


def testgen(
    spec: Annotated[
        str | None,
        typer.Argument(help="API description: a file, a folder or an http(s) URL."),
    ] = None,
    out: Annotated[
        str, typer.Option("--out", "-o", help="The suite's folder (created when missing).")
    ] = "tests/api",
    seed: Annotated[int, typer.Option("--seed", help="Varies the generated values.")] = 0,
    from_webhook: Annotated[
        str | None,
        typer.Option(
            "--from-webhook",
            help="A spec-change event (JSON file): regenerate only the affected tests.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="The report as JSON.")] = False,
) -> None:
    """Write a pytest suite that checks every operation against the description."""
    # imported here: the generator's dependencies would slow every other command's start
    from specmock.testgen import TestgenError, generate_tests, generate_tests_from_webhook

    columns = (TextColumn("planning tests"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(
        *columns, console=stderr(), disable=not stderr().is_terminal, transient=True
    ) as bar:
        task = bar.add_task("testgen", total=None, visible=False)

        def tick(op: Operation) -> None:
            bar.advance(task)

        if from_webhook is not None:
            if spec is not None:
                raise TestgenError("give either SPEC or --from-webhook, not both")
            report = generate_tests_from_webhook(from_webhook, out, seed=seed, progress=tick)
        elif spec is None:
            raise TestgenError("give an API description (SPEC) or --from-webhook EVENT")
        else:
            loaded = load_description(spec)
            for skipped in loaded.skipped:
                warn(f"skipped {skipped.pointer}: {skipped.reason}")
            large = len(loaded.operations) >= PROGRESS_THRESHOLD
            bar.update(task, total=len(loaded.operations), visible=large)
            report = generate_tests(loaded, out, seed=seed, progress=tick)
    if as_json:
        write_line(dumps(report.as_json(), indent=True))
        return
    for kept in report.kept:
        warn(f"kept {kept}: hand-edited (no generated header), left alone")
    Console().print(_table(report))


def _table(report: Report) -> Table:
    table = Table(title=f"specmock testgen → {report.out_dir}", title_justify="left")
    table.add_column("files", style="bold")
    table.add_column("count", justify="right")
    table.add_column("examples", overflow="fold")
    for label, names in (
        ("written", report.written),
        ("unchanged", report.unchanged),
        ("removed", report.removed),
        ("kept (hand-edited)", report.kept),
    ):
        table.add_row(
            label, str(len(names)), ", ".join(names[:4]) + (" …" if len(names) > 4 else "")
        )
    table.add_row("tests", str(report.tests), "")
    table.add_row(
        "skipped tests",
        str(len(report.skipped)),
        "; ".join(report.skipped[:2]) + (" …" if len(report.skipped) > 2 else ""),
    )
    table.add_row(
        "expected failures",
        str(len(report.xfailed)),
        "; ".join(report.xfailed[:2]) + (" …" if len(report.xfailed) > 2 else ""),
    )
    return table
