"""``specmock db``: migrate the store and say which revision it is at.

The URL comes from ``--database-url``, else ``DATABASE_URL``, else the embedded SQLite
file (``sqlite:///.specmock/specmock.db``). SQLAlchemy loads only when a command runs.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from specmock.cli.output import write_line

__all__ = ["DatabaseUrlOption", "app", "current", "upgrade"]

app = typer.Typer(help="Manage the SQL store (SQLite by default, PostgreSQL for teams).")

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="DATABASE_URL",
        show_envvar=True,
        help="sqlite:///path.db or postgresql://user@host/db "
        "(default: sqlite:///.specmock/specmock.db).",
    ),
]


def database_url(given: str | None) -> str:
    """The URL to use: the option (or ``DATABASE_URL``), else the embedded default."""
    from specmock.store.database import DEFAULT_DATABASE_URL

    return given or DEFAULT_DATABASE_URL


@app.command("upgrade")
def upgrade(database_url_: DatabaseUrlOption = None) -> None:
    """Create or migrate the store's tables to the newest revision."""
    from specmock.store import database

    url = database_url(database_url_)
    database.upgrade(url)
    seeded = asyncio.run(_seed(url))
    where = database.mask(database.normalise_url(url))
    write_line(f"{where} is at revision {database.head()} ({seeded} built-in patterns)")


async def _seed(url: str) -> int:
    """Seed the pattern library with the built-in detectors (idempotent)."""
    from specmock.store.database import open_engine, sessions
    from specmock.store.patterns import seed_pattern_library

    engine = open_engine(url, auto_upgrade=False)
    try:
        async with sessions(engine)() as session, session.begin():
            return await seed_pattern_library(session)
    finally:
        await engine.dispose()


@app.command("current")
def current(database_url_: DatabaseUrlOption = None) -> None:
    """Print the store's revision, or say that it is empty."""
    from specmock.store import database

    url = database_url(database_url_)
    revision = database.current(url)
    where = database.mask(database.normalise_url(url))
    if revision is None:
        write_line(f"{where} is empty: run `specmock db upgrade`")
    else:
        latest = " (latest)" if revision == database.head() else f" (latest: {database.head()})"
        write_line(f"{revision}{latest}")
