"""``specmock inspect``: what a description offers, as a table or as JSON."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from specmock.cli.options import SpecArgument, load_description
from specmock.cli.output import dumps, warn, write_line
from specmock.errors import SpecmockError
from specmock.patterns import PatternMatch, recognise, strategy_for
from specmock.spec import Spec
from specmock.spec.model import Operation

__all__ = ["inspect", "operation_summary"]


class ExplainError(SpecmockError, ValueError):
    """``--explain`` was not given as ``'METHOD /path'``."""

    status = 400


def inspect(
    spec: SpecArgument,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, for machines.")] = False,
    explain: Annotated[
        str | None,
        typer.Option(
            "--explain",
            help="Explain one request, e.g. 'GET /pets/7': operation, patterns, strategy.",
        ),
    ] = None,
) -> None:
    """List the operations of a description (or explain how one request is answered)."""
    loaded = load_description(spec)
    for skipped in loaded.skipped:
        warn(f"skipped {skipped.pointer}: {skipped.reason}")
    if explain is not None:
        _explain(loaded, explain, as_json)
        return
    rows = [operation_summary(op, recognise(op, loaded.schemas)) for op in loaded.operations]
    if as_json:
        write_line(dumps(rows, indent=True))
        return
    Console().print(_table(loaded, rows))


def operation_summary(op: Operation, matches: tuple[PatternMatch, ...]) -> dict[str, Any]:
    """The machine-readable summary of one operation (``inspect --json``)."""
    return {
        "method": op.method,
        "path": op.path,
        "operation_id": op.operation_id,
        "summary": op.summary,
        "tags": list(op.tags),
        "responses": [
            {"status": r.status, "media_types": list(r.content)} for r in op.responses.values()
        ],
        "patterns": [
            {
                "name": m.name,
                "confidence": round(m.confidence, 3),
                "detail": m.detail,
                "evidence": list(m.evidence),
                "params": dict(m.params),
            }
            for m in matches
        ],
        "strategy": strategy_for(matches).value,
    }


def _table(spec: Spec, rows: list[dict[str, Any]]) -> Table:
    table = Table(
        title=f"{spec.title} {spec.api_version} (OpenAPI {spec.version}): {len(rows)} operations",
        title_justify="left",
    )
    # Fold rather than cut: a path or an id is useless with an ellipsis in it.
    table.add_column("method", style="bold", no_wrap=True)
    table.add_column("path", overflow="fold")
    table.add_column("operation id", style="cyan", overflow="fold")
    table.add_column("responses", overflow="fold")
    table.add_column("pattern", overflow="fold")
    table.add_column("confidence", justify="right", no_wrap=True)
    table.add_column("strategy", no_wrap=True)
    for row in rows:
        top = row["patterns"][0] if row["patterns"] else None
        table.add_row(
            row["method"].upper(),
            row["path"],
            row["operation_id"] or "",
            " ".join(r["status"] for r in row["responses"]),
            f"{top['name']} ({top['detail']})"
            if top and top["detail"]
            else (top or {}).get("name", ""),
            f"{top['confidence']:.2f}" if top else "",
            row["strategy"],
        )
    return table


def _explain(spec: Spec, request: str, as_json: bool) -> None:
    from specmock.engine import Engine
    from specmock.engine.explain import explain

    method, _, path = request.strip().partition(" ")
    if not path.startswith("/"):
        raise ExplainError(f"--explain {request!r}: give it as 'METHOD /path', e.g. 'GET /pets/7'")
    facts = explain(Engine(spec), method, path.strip().split("?", 1)[0])
    if as_json:
        write_line(dumps(facts, indent=True))
        return
    console = Console()
    console.print(f"[bold]{method.upper()} {path.strip()}[/bold] -> {facts['operation']}")
    console.print(
        f"  path parameters: {facts['path_params'] or '-'}; answers {facts['status']} "
        f"{facts['media_type'] or '(no body)'} by the [bold]{facts['strategy']}[/bold] strategy"
    )
    if not facts["patterns"]:
        console.print("  no pattern recognised: generated from the schema alone")
    for match in facts["patterns"]:
        state = "recognised" if match["recognised"] else "below 0.5"
        detail = f" ({match['detail']})" if match["detail"] else ""
        console.print(f"  {match['name']}{detail} {match['confidence']:.2f}, {state}")
        for line in match["evidence"]:
            console.print(f"    - {line}")
