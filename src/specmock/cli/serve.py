"""``specmock serve``: the mock HTTP server under uvicorn, with a banner of what it serves.

Rules: the description is loaded (and a bad one reported as one line, exit 2) before
uvicorn starts. Binding to anything but loopback needs an admin token (``--admin-token``
or ``SPECMOCK_ADMIN_TOKEN``, read here and nowhere else). uvloop and httptools are used
when installed; the access log is off unless ``--log`` (it costs throughput).
"""

from __future__ import annotations

import importlib.util
import ipaddress
import os
from typing import Annotated

import typer
from rich.table import Table

from specmock.cli.options import SpecArgument, spec_source
from specmock.cli.output import stderr, warn
from specmock.config import Quality
from specmock.engine import Engine
from specmock.errors import SpecmockError

__all__ = ["serve"]

_TOKEN_VARIABLE = "SPECMOCK_ADMIN_TOKEN"


class UnsafeBinding(SpecmockError, ValueError):
    """Serving beyond loopback without an admin token."""

    status = 400


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback addresses (``127.0.0.0/8``, ``::1``).

    Example:
        >>> is_loopback("127.0.0.1"), is_loopback("0.0.0.0")
        (True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(
    spec: SpecArgument,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 4010,
    quality: Annotated[Quality, typer.Option(help="How rich the bodies are.")] = (
        Quality.REALISTIC
    ),
    seed: Annotated[int, typer.Option(help="Same seed, same answers.")] = 0,
    validate: Annotated[
        bool, typer.Option("--validate/--no-validate", help="Check requests (400/415/422).")
    ] = True,
    verify: Annotated[
        bool, typer.Option(help="Check each generated body; regenerate if invalid.")
    ] = True,
    admin_token: Annotated[
        str | None,
        typer.Option(help=f"Bearer token for /__specmock/ (or ${_TOKEN_VARIABLE})."),
    ] = None,
    max_body: Annotated[
        int, typer.Option(min=0, help="Largest request body in bytes (413 beyond).")
    ] = 10 * 1024 * 1024,
    log: Annotated[bool, typer.Option("--log", help="Write an access log line per request.")] = (
        False
    ),
) -> None:
    """Serve mock answers for every operation of a description."""
    import uvicorn

    from specmock.http.app import create_app

    token = admin_token or os.environ.get(_TOKEN_VARIABLE) or None
    if not is_loopback(host) and token is None:
        raise UnsafeBinding(
            f"refusing to serve on {host} without an admin token: "
            f"give --admin-token or set {_TOKEN_VARIABLE}"
        )
    engine = Engine.from_source(spec_source(spec), quality=quality, seed=seed, verify=verify)
    for skipped in engine.spec.skipped:
        warn(f"skipped {skipped.pointer}: {skipped.reason}")
    app = create_app(engine, validate=validate, admin_token=token, max_body=max_body)
    _banner(engine, host, port)
    uvicorn.run(
        app,
        host=host,
        port=port,
        loop="uvloop" if importlib.util.find_spec("uvloop") else "asyncio",
        http="httptools" if importlib.util.find_spec("httptools") else "h11",
        ws="none",
        lifespan="on",
        access_log=log,
        log_level="info" if log else "warning",
        server_header=False,
    )


def _banner(engine: Engine, host: str, port: int) -> None:
    spec = engine.spec
    table = Table(title=f"{spec.title} {spec.api_version}", title_justify="left", box=None)
    table.add_column("method", style="bold")
    table.add_column("path")
    table.add_column("pattern", style="dim")
    for op in spec.operations:
        matches = engine.patterns(op)
        top = f"{matches[0].name} ({matches[0].confidence:.2f})" if matches else ""
        table.add_row(op.method.upper(), op.path, top)
    console = stderr()
    console.print(table)
    shown = f"[{host}]" if ":" in host else host
    bases = ", ".join(b for b in spec.base_paths if b) or "none"
    console.print(
        f"specmock serving {len(spec.operations)} operations on http://{shown}:{port} "
        f"(base paths: {bases}; admin: /__specmock/)"
    )
