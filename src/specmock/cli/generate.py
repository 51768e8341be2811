"""``specmock generate``: print generated bodies for one operation or for all of them.

Output contract (machines read it; keep it stable):

- one operation: each body as indented JSON (``--jsonl``: one compact line each);
- ``--all``: one JSON object per line for every operation x documented JSON response x
  ``--count``: ``{"method", "path", "status", "media_type", "body"}``, or ``{"method",
  "path", "status", "error"}`` where a body cannot be generated. ``path`` is the template
  as written (no base path), ``status`` as written (``"200"``, ``"default"``, ``"4XX"``).
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from specmock.cli.options import SpecArgument, load_description
from specmock.cli.output import dumps, stderr, warn, write_line
from specmock.config import Quality, Strategy
from specmock.engine import Engine, Generated
from specmock.errors import SpecmockError
from specmock.models import Inputs, RequestError

__all__ = ["generate"]

#: Show a progress bar for --all when there are at least this many bodies to produce.
PROGRESS_THRESHOLD = 200


def generate(
    spec: SpecArgument,
    operation: Annotated[
        str | None,
        typer.Option("--operation", "-o", help="operationId or 'METHOD /path/{param}'."),
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="Documented status: 200, 404, 4XX, default.")
    ] = None,
    media_type: Annotated[
        str | None, typer.Option("--media-type", help="Documented media type (JSON first).")
    ] = None,
    quality: Annotated[Quality, typer.Option(help="How rich the bodies are.")] = (
        Quality.REALISTIC
    ),
    seed: Annotated[int, typer.Option(help="Same seed, same bodies.")] = 0,
    count: Annotated[int, typer.Option(min=1, help="Bodies per response.")] = 1,
    strategy: Annotated[
        Strategy | None,
        typer.Option(help="static: the description's examples first; dynamic: always generate."),
    ] = None,
    all_operations: Annotated[
        bool, typer.Option("--all", help="Every operation x documented JSON response.")
    ] = False,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One compact JSON per line.")] = False,
    verify: Annotated[
        bool, typer.Option(help="Check each body with a compiled validator; retry if invalid.")
    ] = True,
    request: Annotated[
        str | None,
        typer.Option(
            help='The request to answer, as JSON: {"path": {..}, "query": {..}, "headers": {..}, '
            '"body": .., "files": {"field": {"filename", "size", "media_type"}}}.',
        ),
    ] = None,
) -> None:
    """Print generated response bodies."""
    inputs = _parse_request(request)
    engine = Engine(load_description(spec), quality=quality, seed=seed, verify=verify)
    for skipped in engine.spec.skipped:
        warn(f"skipped {skipped.pointer}: {skipped.reason}")
    if all_operations:
        if operation is not None:
            raise typer.BadParameter("give either --all or --operation", param_hint="--all")
        _generate_all(engine, count=count, strategy=strategy)
        return
    if operation is None:
        raise typer.BadParameter("name an operation, or use --all", param_hint="--operation")
    for index in range(count):
        result = engine.generate(
            operation,
            status=status,
            media_type=media_type,
            strategy=strategy,
            index=index,
            inputs=inputs,
        )
        _report(result)
        if result.media_type is None:
            warn(f"{result.operation.key} {result.status} documents no body")
            continue
        write_line(dumps(result.body, indent=not jsonl))


def _parse_request(text: str | None) -> Inputs | None:
    if text is None:
        return None
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise RequestError(f"--request is not JSON: {error}") from None
    return Inputs.from_json(value)


def _generate_all(engine: Engine, *, count: int, strategy: Strategy | None) -> None:
    targets = list(engine.documented_json_responses())
    total = len(targets) * count
    show = stderr().is_terminal and total >= PROGRESS_THRESHOLD
    columns = (
        TextColumn("generating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=stderr(), disable=not show, transient=True) as progress:
        task = progress.add_task("generate", total=total)
        for op, response, media in targets:
            for index in range(count):
                line: dict[str, Any] = {
                    "method": op.method,
                    "path": op.path,
                    "status": response.status,
                }
                try:
                    result = engine.generate(
                        op,
                        status=response.status,
                        media_type=media.name,
                        strategy=strategy,
                        index=index,
                    )
                except SpecmockError as error:
                    line["error"] = str(error)
                except (RecursionError, ValueError, TypeError) as error:
                    # A generator bug must not hide the other responses; say what failed.
                    line["error"] = f"internal error: {type(error).__name__}: {error}"
                else:
                    _report(result)
                    line["media_type"] = media.name
                    line["body"] = result.body
                write_line(dumps(line))
                progress.advance(task)


def _report(result: Generated) -> None:
    for problem in result.problems:
        warn(f"{result.operation.key} {result.status}: {problem}")
