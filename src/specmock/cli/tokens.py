"""``specmock admin token``: admin API tokens kept in the store, hashed.

``add NAME --role read|admin`` prints a fresh random token once; only its SHA-256
digest is stored (``admin.token.NAME``), and the change goes to the audit log with the
digest redacted. Giving an existing name replaces its token. A running server reads
the stored tokens when it starts.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from specmock.cli.db import DatabaseUrlOption, database_url
from specmock.cli.output import dumps, stderr, write_line

if TYPE_CHECKING:
    from specmock.http.access import Grant, Role

__all__ = ["add", "admin_app", "remove", "token_app", "tokens"]

admin_app = typer.Typer(help="Administer a specmock store.")
token_app = typer.Typer(help="Tokens of the admin API (role read or admin), kept hashed.")
admin_app.add_typer(token_app, name="token")


@token_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A name for the token (shown as the actor).")],
    role: Annotated[str, typer.Option("--role", help="read (stats) or admin (changes).")],
    database_url_: DatabaseUrlOption = None,
) -> None:
    """Make a token, store its hash, and print the token (this once only)."""
    chosen = _role(role)
    token = asyncio.run(_add(database_url(database_url_), name, chosen))
    stderr().print(f"token {name!r} (role {chosen}); it is not shown again:", highlight=False)
    write_line(token)


@token_app.command("remove")
def remove(
    name: Annotated[str, typer.Argument(help="The token's name.")],
    database_url_: DatabaseUrlOption = None,
) -> None:
    """Delete a stored token (it stops working when servers restart)."""
    from specmock.errors import SpecmockError

    if not asyncio.run(_remove(database_url(database_url_), name)):
        raise SpecmockError(f"no stored token named {name!r}: see `specmock admin token list`")
    write_line(f"removed token {name!r}")


@token_app.command("list")
def tokens(
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array, for machines.")] = False,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """List the stored tokens' names and roles (never the tokens)."""
    grants = asyncio.run(_list(database_url(database_url_)))
    if as_json:
        write_line(dumps([{"name": g.name, "role": g.role.value} for g in grants], indent=True))
        return
    table = Table(title=f"stored admin tokens: {len(grants)}", title_justify="left")
    table.add_column("name", style="bold")
    table.add_column("role")
    for grant in grants:
        table.add_row(grant.name, grant.role.value)
    Console().print(table)


def _role(given: str) -> Role:
    from specmock.http.access import AccessError, Role

    try:
        return Role(given.strip().lower())
    except ValueError:
        raise AccessError(f"--role={given!r} is not one of: read, admin") from None


def _actor() -> str:
    return os.environ.get("USER", "cli")


async def _add(url: str, name: str, role: Role) -> str:
    from specmock.http.access import create_token
    from specmock.store.database import open_engine, sessions

    engine = open_engine(url)
    try:
        async with sessions(engine)() as session, session.begin():
            return await create_token(session, name, role, actor=_actor())
    finally:
        await engine.dispose()


async def _remove(url: str, name: str) -> bool:
    from specmock.http.access import revoke_token
    from specmock.store.database import open_engine, sessions

    engine = open_engine(url)
    try:
        async with sessions(engine)() as session, session.begin():
            return await revoke_token(session, name, actor=_actor())
    finally:
        await engine.dispose()


async def _list(url: str) -> tuple[Grant, ...]:
    from specmock.http.access import load_stored_tokens
    from specmock.store.database import open_engine, sessions

    engine = open_engine(url)
    try:
        async with sessions(engine)() as session:
            return (await load_stored_tokens(session)).grants
    finally:
        await engine.dispose()
