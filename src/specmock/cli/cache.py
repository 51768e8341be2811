"""``specmock cache``: the response cache's figures, and clearing it.

Two ways to look: ``--server URL`` asks a running ``specmock serve`` (its admin API
``/__specmock/cache``), which knows every tier including its own memory; without it the
shared tiers the settings name (``CACHE_STRATEGY``, ``REDIS_URL``, ``DATABASE_URL``) are
opened directly, which shows what they hold (a memory tier lives inside a server and
holds nothing here). ``clear --spec S`` clears the answers of that description as it is
now (its content digest), ``--operation`` one operation of it.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from specmock.cli.options import load_description
from specmock.cli.output import dumps, write_line
from specmock.config import CacheStrategy, load_settings
from specmock.errors import SpecmockError

if TYPE_CHECKING:
    from specmock.cache import Cache

__all__ = ["app", "clear", "stats"]

app = typer.Typer(help="The response cache: statistics and clearing.")

ServerOption = Annotated[
    str | None,
    typer.Option("--server", help="Ask a running server, e.g. http://127.0.0.1:4010."),
]
TokenOption = Annotated[
    str | None,
    typer.Option("--admin-token", envvar="SPECMOCK_ADMIN_TOKEN", help="The server's admin token."),
]


class CacheCommandError(SpecmockError, ValueError):
    """The server could not be asked, or the request makes no sense."""

    status = 400


def _open() -> Cache:
    """The shared tiers of the configured strategy (without the per-process memory)."""
    from specmock.cache import open_cache

    settings = load_settings(store=True)
    strategy = settings.cache_strategy
    if strategy is CacheStrategy.MEMORY:
        raise CacheCommandError(
            "CACHE_STRATEGY=memory keeps answers inside each server process: "
            "ask one with --server http://HOST:PORT"
        )
    urls = [settings.redis_url] if strategy is not CacheStrategy.DATABASE else []
    if strategy is not CacheStrategy.REDIS:
        urls.append(settings.database_url)
    tiers = [url for url in urls if url]
    if not tiers:
        raise CacheCommandError(f"CACHE_STRATEGY={strategy} needs REDIS_URL")
    if len(tiers) == 1:
        return open_cache(tiers[0], namespace="default")
    from specmock.cache import TieredCache

    return TieredCache(*(open_cache(url, namespace="default") for url in tiers))


def _ask(server: str, method: str, token: str | None, body: Any = None) -> Any:
    import httpx

    headers = {"authorization": f"Bearer {token}"} if token else {}
    url = server.rstrip("/") + "/__specmock/cache"
    try:
        answer = httpx.request(method, url, json=body, headers=headers, timeout=10)
    except httpx.HTTPError as error:
        raise CacheCommandError(f"cannot reach the server at {server}: {error}") from None
    if answer.status_code >= 400:
        detail = answer.text.strip().splitlines()[0] if answer.text.strip() else ""
        raise CacheCommandError(f"{url} answered {answer.status_code}: {detail[:200]}")
    return answer.json()


@app.command("stats")
def stats(
    server: ServerOption = None,
    admin_token: TokenOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON object, for machines.")] = False,
) -> None:
    """Hits, misses, hit rate, sizes and latency per tier."""
    if server is not None:
        figures = _ask(server, "GET", admin_token)
    else:

        async def read() -> dict[str, Any]:
            cache = _open()
            try:
                return {"enabled": True, **(await cache.stats()).as_dict()}
            finally:
                await cache.aclose()

        figures = asyncio.run(read())
    if as_json:
        write_line(dumps(figures, indent=True))
        return
    if not figures.get("enabled"):
        write_line("caching is off on that server (--no-cache or MOCK_CACHE_ENABLED=false)")
        return
    Console().print(_table(figures))


@app.command("clear")
def clear(
    spec: Annotated[
        str | None, typer.Option("--spec", help="Only this description's answers.")
    ] = None,
    operation: Annotated[
        str | None,
        typer.Option("--operation", help="Only this operation ('GET /pets/{id}' or its id)."),
    ] = None,
    server: ServerOption = None,
    admin_token: TokenOption = None,
) -> None:
    """Forget cached answers: all, one description's, or one operation's."""
    if server is not None:
        if spec is not None:
            raise CacheCommandError("--spec is the served description with --server: leave it out")
        answer = _ask(
            server, "DELETE", admin_token, {"operation": operation} if operation else None
        )
        write_line(f"cleared {answer.get('cleared', 0)} entries")
        return
    digest: str | None = None
    key: str | None = None
    if spec is not None:
        loaded = load_description(spec)
        digest = loaded.digest
        key = loaded.operation(operation).key if operation else None
    elif operation is not None:
        raise CacheCommandError("--operation needs --spec (or --server)")

    async def go() -> int:
        cache = _open()
        try:
            return await cache.clear(spec=digest, operation=key)
        finally:
            await cache.aclose()

    write_line(f"cleared {asyncio.run(go())} entries")


def _table(figures: dict[str, Any]) -> Table:
    table = Table(
        title=(
            f"cache: hit rate {figures['hit_rate']:.1%} "
            f"({figures['hits']} hits, {figures['misses']} misses)"
        ),
        title_justify="left",
    )
    for column in ("tier", "hits", "misses", "entries", "bytes", "p50 µs", "p99 µs", "errors"):
        table.add_column(column, justify="left" if column == "tier" else "right")
    for name, tier in figures.get("tiers", {}).items():
        state = "" if tier.get("available", True) else " (down)"
        table.add_row(
            name + state,
            str(tier["hits"]),
            str(tier["misses"]),
            str(tier["size"]),
            str(tier["bytes"]),
            f"{tier['latency_p50_us']:.1f}",
            f"{tier['latency_p99_us']:.1f}",
            str(tier["errors"]),
        )
    return table
