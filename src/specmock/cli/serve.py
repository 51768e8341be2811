"""``specmock serve``: the mock HTTP server under uvicorn, with a banner of what it serves.

Rules: the description and the chaos settings are read (and a bad one reported as one
line, exit 2) before uvicorn starts. Binding to anything but loopback needs an admin
token (``--admin-token`` or ``SPECMOCK_ADMIN_TOKEN``, read here and nowhere else).
uvloop and httptools are used when installed; the access log is off unless ``--log``
(it costs throughput). specmock's own logs (reloads, store warnings, ``--debug``'s
per-answer trace) go to stderr through structlog (:mod:`specmock.logs`).
``--stateful`` keeps state in memory, or in the store ``--state-url`` (or ``REDIS_URL``)
names; ``--workers N`` > 1 runs the app factory of ``http/factory.py`` in N
processes, which share the SQL store (``DATABASE_URL``, the SQLite file by default)
when no other store is named. Settings (quality, cache)
come from :func:`specmock.config.load_settings`: flags > ``MOCK_*`` / ``CACHE_*``
variables > values stored with ``specmock config set`` > pyproject.toml > the environment
preset. Stateful answers are never cached.
A large YAML description is parsed once and kept in ``.specmock/parse-cache/`` (or the
folder ``SPECMOCK_PARSE_CACHE`` names; ``0`` turns it off), so later starts skip parsing.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import os
import re
from dataclasses import replace
from typing import Annotated, Any

import typer
from rich.table import Table

from specmock.cli.options import spec_source
from specmock.cli.output import stderr, warn
from specmock.config import CacheStrategy, Mode, Quality, Settings, load_settings
from specmock.engine import Engine
from specmock.engine.modes import ModeOptions
from specmock.engine.state import DEFAULT_NAMESPACE
from specmock.errors import SpecmockError
from specmock.http.ratelimit import is_loopback
from specmock.logs import configure as configure_logs
from specmock.spec.read import gc_paused

__all__ = ["is_loopback", "record", "serve"]

_TOKEN_VARIABLE = "SPECMOCK_ADMIN_TOKEN"
_REDIS_VARIABLE = "REDIS_URL"  # named in messages; read by load_settings


class UnsafeBinding(SpecmockError, ValueError):
    """Serving beyond loopback without an admin token."""

    status = 400


OptionalSpec = Annotated[
    str | None,
    typer.Argument(
        help="API description: a file, a folder or an http(s) URL (optional to record or replay)."
    ),
]


def serve(
    spec: OptionalSpec = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 4010,
    quality: Annotated[
        Quality | None, typer.Option(help="How rich the bodies are (or $MOCK_QUALITY).")
    ] = None,
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
    latency: Annotated[
        str | None,
        typer.Option(help="Chaos: delay every answer, e.g. 50ms or 20ms-200ms (s units too)."),
    ] = None,
    error_rate: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Chaos: share of requests answered with an error."),
    ] = 0.0,
    watch: Annotated[
        bool, typer.Option("--watch", help="Reload the description when its files change.")
    ] = False,
    stateful: Annotated[
        bool, typer.Option("--stateful", help="CRUD collections keep what clients create.")
    ] = False,
    state_url: Annotated[
        str | None,
        typer.Option(
            help=(
                "Shared state store: redis://HOST:6379/0, postgresql://USER@HOST/DB or "
                f"sqlite:///FILE (or ${_REDIS_VARIABLE}; --workers N uses $DATABASE_URL)."
            )
        ),
    ] = None,
    state_namespace: Annotated[
        str, typer.Option(help="Prefix of this server's keys in the shared store.")
    ] = DEFAULT_NAMESPACE,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    cache: Annotated[
        bool | None,
        typer.Option(
            "--cache/--no-cache",
            help="Answer repeated requests from a cache (or $MOCK_CACHE_ENABLED).",
        ),
    ] = None,
    cache_strategy: Annotated[
        CacheStrategy | None,
        typer.Option(help="Cache tiers (or $CACHE_STRATEGY); redis and database need their URLs."),
    ] = None,
    mode: Annotated[
        Mode | None, typer.Option(help="Where answers come from (or $MOCK_MODE).")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(help="The live API to forward to (record, hybrid, disabled)."),
    ] = None,
    live_first: Annotated[
        bool,
        typer.Option("--live-first", help="Hybrid: ask the live API first, mock when it fails."),
    ] = False,
    record_on_miss: Annotated[
        bool,
        typer.Option("--record-on-miss", help="Hybrid: record live answers to new requests."),
    ] = False,
    match_on: Annotated[
        str,
        typer.Option(help="Playback: request parts that must match (method,path,query,body...)."),
    ] = "method,path,query,body",
    token_specs: Annotated[
        list[str] | None,
        typer.Option(
            "--token", help="An admin API token with its role, TOKEN:read or TOKEN:admin."
        ),
    ] = None,
    rate_limit: Annotated[
        str | None,
        typer.Option(help="Requests per client, e.g. '50/s burst 100' (default off on loopback)."),
    ] = None,
    operation_limit: Annotated[
        list[str] | None,
        typer.Option(help="Requests per operation, e.g. 'GET /pets=5/s' (repeatable)."),
    ] = None,
    expensive_limit: Annotated[
        str | None, typer.Option(help="Production-quality answers per client, e.g. '10/s'.")
    ] = None,
    no_rate_limit: Annotated[
        bool, typer.Option("--no-rate-limit", help="No rate limits, even off loopback.")
    ] = False,
    analytics: Annotated[
        bool,
        typer.Option("--analytics/--no-analytics", help="Count every answer (stats, metrics)."),
    ] = True,
    debug: Annotated[
        bool | None,
        typer.Option(
            "--debug", help="Trace each answer: pattern, strategy, cache, source ($MOCK_DEBUG)."
        ),
    ] = None,
    redact_field: Annotated[
        list[str] | None,
        typer.Option(help="Recording: also redact this field or header name (repeatable)."),
    ] = None,
    redact_pattern: Annotated[
        list[str] | None,
        typer.Option(help="Recording: also redact what this regex matches (repeatable)."),
    ] = None,
    allow_field: Annotated[
        list[str] | None,
        typer.Option(help="Recording: never redact this field (repeatable)."),
    ] = None,
) -> None:
    """Serve mock answers for every operation of a description."""
    import uvicorn

    from specmock.http.chaos import parse_latency
    from specmock.http.factory import FACTORY, OPTIONS_VARIABLE, ServeOptions

    settings = load_settings(
        {
            "quality": quality,
            "cache_enabled": cache,
            "cache_strategy": cache_strategy,
            "mode": mode,
            "debug": debug,
        },
        store=True,
    )
    modes = replace(
        mode_options(settings, spec, target, live_first, record_on_miss, match_on),
        redact_fields=tuple(redact_field or ()),
        redact_patterns=tuple(_checked_patterns(redact_pattern or [])),
        allow_fields=tuple(allow_field or ()),
    )
    token = admin_token or os.environ.get(_TOKEN_VARIABLE) or None
    state_url = (state_url or settings.redis_url) if stateful else None
    if stateful and workers > 1 and state_url is None:
        # several processes need one world: the embedded SQL store is shared by them all
        state_url = settings.database_url
    parse_latency(latency, "--latency: ")  # a bad value is one line, before anything starts
    options = ServeOptions(
        spec_source(spec) if spec is not None else None,
        quality=settings.quality,
        seed=seed,
        verify=verify,
        validate=validate,
        admin_token=token,
        max_body=max_body,
        latency=latency,
        error_rate=error_rate,
        watch=watch,
        stateful=stateful,
        state_url=state_url,
        state_namespace=state_namespace,
        cache=str(settings.cache_strategy) if settings.cache_enabled else None,
        cache_ttl=float(settings.cache_ttl) if settings.cache_ttl else None,
        redis_url=settings.redis_url,
        database_url=settings.database_url,
        modes=modes,
        target=target,
        debug=settings.debug,
        host=host,
        tokens=tuple(token_specs or ()),
        rate_limit=rate_limit,
        operation_limits=tuple(operation_limit or ()),
        expensive_limit=expensive_limit,
        no_rate_limit=no_rate_limit,
        environment=str(settings.environment),
        analytics=analytics,
        parse_cache=settings.parse_cache,
    )
    options.limits()  # a bad limit is one line, before anything starts
    if not is_loopback(host) and not options.access():
        raise UnsafeBinding(
            f"refusing to serve on {host} without an admin token: give --admin-token, "
            f"--token TOKEN:admin, set {_TOKEN_VARIABLE} or add one with "
            "`specmock admin token add NAME`"
        )
    if options.cache is not None and not stateful and workers > 1:
        from specmock.cache import open_cache

        # a strategy that needs a missing URL is one line here, not one per worker
        asyncio.run(
            open_cache(
                options.cache, redis_url=options.redis_url, database_url=options.database_url
            ).aclose()
        )
    # the loaded description lives as long as the process: built with the collector off and
    # frozen before it is back on, no collection walks it (0.3 s each on the largest; the
    # first would come as loading ends)
    with gc_paused():
        engine = options.engine()
        gc.freeze()
    if options.stateful and options.state_url is not None:
        asyncio.run(options.check_store())  # an unreachable store is one line, exit 2
    for skipped in engine.spec.skipped:
        warn(f"skipped {skipped.pointer}: {skipped.reason}")
    # One process serves the app built here; workers each build theirs from the options.
    app = options.app(engine) if workers == 1 else None
    served: Any = app if app is not None else FACTORY
    if workers > 1:
        os.environ[OPTIONS_VARIABLE] = options.to_json()
    _banner(engine, host, port, modes, target)
    configure_logs(settings.environment, debug=settings.debug)
    # What was built to serve (the description, compiled schemas, routes) lives as long as
    # the process: out of the collector's sight, full collections stay short under load.
    # Only the young generations are collected first: a full collection finds next to
    # nothing after loading (7 of 187,000 objects on the largest description) in 0.3 s.
    gc.collect(1)
    gc.freeze()
    uvicorn.run(
        served,
        factory=workers > 1,
        workers=workers if workers > 1 else None,
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
    if app is not None and app.redaction is not None:
        stderr().print(f"specmock: {app.redaction}")


def _masked(url: str | None) -> str:
    from specmock.store.database import mask

    return mask(url) if url else "none"


def _checked_patterns(patterns: list[str]) -> list[str]:
    """The ``--redact-pattern`` values, each compiled once here so a bad one is one line."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as error:
            raise MissingPart(f"--redact-pattern {pattern!r} is not a regex: {error}") from None
    return patterns


class MissingPart(SpecmockError, ValueError):
    """A mode started without what it needs (a description, a live target)."""

    status = 400


def mode_options(
    settings: Settings,
    spec: str | None,
    target: str | None,
    live_first: bool,
    record_on_miss: bool,
    match_on: str,
) -> ModeOptions:
    """The mode's options, checked: one line for a mode that lacks a description or target.

    Raises:
        MissingPart: the mode needs a description or a ``--target`` it was not given.
        MatchError: ``--match-on`` names an unknown request part.
    """
    from specmock.record.matchers import parse_match_on

    modes = ModeOptions(
        settings.mode,
        fallback_to_live=settings.fallback_to_live and target is not None,
        live_first=live_first,
        record_on_miss=record_on_miss,
        match_on=parse_match_on(match_on),
        store_url=settings.database_url,
        spec_key=f"live {target.rstrip('/')}" if target else "",
        environment=str(settings.environment),
    )
    if modes.needs_upstream and target is None:
        raise MissingPart(f"--mode {modes.mode} needs --target URL (the live API)")
    if spec is None and modes.mode in (Mode.MOCK_ONLY, Mode.HYBRID) and target is None:
        raise MissingPart(f"--mode {modes.mode} needs an API description (or --target to record)")
    return modes


def record(
    target: Annotated[
        str, typer.Option(help="The live API to record, e.g. https://api.example.com.")
    ],
    spec: Annotated[
        str | None, typer.Option("--spec", help="Its description, to name the operations.")
    ] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 4010,
    admin_token: Annotated[
        str | None,
        typer.Option(help=f"Bearer token for /__specmock/ (or ${_TOKEN_VARIABLE})."),
    ] = None,
    redact_field: Annotated[
        list[str] | None, typer.Option(help="Also redact this field or header (repeatable).")
    ] = None,
    redact_pattern: Annotated[
        list[str] | None, typer.Option(help="Also redact what this regex matches (repeatable).")
    ] = None,
    allow_field: Annotated[
        list[str] | None, typer.Option(help="Never redact this field (repeatable).")
    ] = None,
) -> None:
    """Record a live API: a proxy that stores every exchange, redacted (serve --mode record)."""
    serve(
        spec,
        host=host,
        port=port,
        admin_token=admin_token,
        mode=Mode.RECORD,
        target=target,
        quality=None,
        seed=0,
        validate=False,
        verify=True,
        max_body=10 * 1024 * 1024,
        log=False,
        latency=None,
        error_rate=0.0,
        watch=False,
        stateful=False,
        state_url=None,
        state_namespace=DEFAULT_NAMESPACE,
        workers=1,
        cache=False,
        cache_strategy=None,
        live_first=False,
        record_on_miss=False,
        match_on="method,path,query,body",
        redact_field=redact_field,
        redact_pattern=redact_pattern,
        allow_field=allow_field,
    )


#: Operations the start-up banner lists.
BANNER_ROWS = 40


def _banner(engine: Engine, host: str, port: int, modes: ModeOptions, target: str | None) -> None:
    spec = engine.spec
    table = Table(title=f"{spec.title} {spec.api_version}", title_justify="left", box=None)
    table.add_column("method", style="bold")
    table.add_column("path")
    table.add_column("pattern", style="dim")
    # a long list is read by nobody and delays start-up (recognition, rendering): the
    # first rows, and where to see the rest
    for op in spec.operations[:BANNER_ROWS]:
        matches = engine.patterns(op)
        top = f"{matches[0].name} ({matches[0].confidence:.2f})" if matches else ""
        table.add_row(op.method.upper(), op.path, top)
    hidden = len(spec.operations) - BANNER_ROWS
    if hidden > 0:
        table.add_row("", f"... and {hidden} more (specmock inspect lists them all)", "")
    console = stderr()
    if spec.operations:
        console.print(table)
    if target is not None:
        console.print(f"mode {modes.mode}: live API {target}, store {_masked(modes.store_url)}")
    shown = f"[{host}]" if ":" in host else host
    bases = ", ".join(b for b in spec.base_paths if b) or "none"
    console.print(
        f"specmock serving {len(spec.operations)} operations on http://{shown}:{port} "
        f"(base paths: {bases}; admin: /__specmock/)"
    )
