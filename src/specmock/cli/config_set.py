"""``specmock config set KEY VALUE``: store a setting for an environment, audited.

Rules: KEY is a setting name (``quality``) or its variable (``MOCK_QUALITY``); VALUE is
checked by the same parser as every other source (:func:`specmock.config.load_settings`)
and stored normalised (``"Production"`` becomes ``"production"``, ``"yes"`` ``true``).
The row and its audit entry are written in one transaction; the actor is ``$USER``.

``config_app`` is the ``specmock config`` group: without a subcommand it shows the
effective settings exactly as before (``specmock config [--json]``).
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Annotated, Any

import typer

from specmock.cli.config import config
from specmock.cli.db import DatabaseUrlOption, database_url
from specmock.cli.output import dumps, write_line
from specmock.config import VARIABLES, ConfigError, Environment, load_settings

__all__ = ["EVERY_ENVIRONMENT", "config_app", "config_set", "setting_value"]

#: The environment name of a setting stored for every environment.
EVERY_ENVIRONMENT = "*"

config_app = typer.Typer(
    help="Show the effective settings, or store one (`config set`).",
    invoke_without_command=True,
)


@config_app.callback()
def _show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON object, for machines.")] = False,
) -> None:
    """Show the effective settings: CLI > environment > store > pyproject.toml > preset >
    default."""
    if ctx.invoked_subcommand is None:
        config(as_json)


def setting_value(key: str, value: str) -> tuple[str, Any]:
    """The setting's name and its value, parsed and normalised as JSON.

    Raises:
        ConfigError: an unknown key or a bad value (one line, naming the key).

    Example:
        >>> setting_value("MOCK_QUALITY", "Production")
        ('quality', 'production')
        >>> setting_value("cache_ttl", "60")
        ('cache_ttl', 60)
    """
    by_variable = {variable.lower(): name for name, variable in VARIABLES.items()}
    name = key.strip().lower()
    name = by_variable.get(name, name)
    if name not in VARIABLES:
        known = ", ".join(VARIABLES)
        raise ConfigError(f"config set: unknown setting {key!r} (known: {known})")
    # The same parser as every other source; "/" has no pyproject.toml to mix in.
    try:
        settings = load_settings({name: value}, env={}, cwd=Path("/"))
    except ConfigError as error:  # it names "--quality": name what the user typed
        reason = str(error).removeprefix(f"--{name}=")
        raise ConfigError(f"config set {key}={reason}") from None
    return name, settings.as_dict()[name]


def config_set(
    key: Annotated[str, typer.Argument(help="A setting (quality) or its variable.")],
    value: Annotated[str, typer.Argument(help="The new value.")],
    environment: Annotated[
        str,
        typer.Option(
            "--environment",
            help="development, testing, staging, integration, production, or * for all.",
        ),
    ] = EVERY_ENVIRONMENT,
    database_url_: DatabaseUrlOption = None,
) -> None:
    """Store a setting for an environment in the store (written to the audit log)."""
    name, parsed = setting_value(key, value)
    where = _environment(environment)
    actor = os.environ.get("USER", "cli")
    old = asyncio.run(_store(database_url(database_url_), where, name, parsed, actor))
    before = "(unset)" if old is None else dumps(old)
    write_line(f"{name} [{where}]: {before} → {dumps(parsed)}")


def _environment(given: str) -> str:
    text = given.strip().lower()
    if text == EVERY_ENVIRONMENT:
        return text
    try:
        return Environment(text).value
    except ValueError:
        allowed = ", ".join([*(e.value for e in Environment), EVERY_ENVIRONMENT])
        raise ConfigError(f"--environment={given!r} is not one of: {allowed}") from None


async def _store(url: str, environment: str, key: str, value: Any, actor: str) -> Any:
    """Store the value; return the one it replaced."""
    from specmock.audit import get_environment_config, set_environment_config
    from specmock.store.database import open_engine, sessions

    engine = open_engine(url)
    try:
        async with sessions(engine)() as session, session.begin():
            old = await get_environment_config(session, environment, key)
            await set_environment_config(session, environment, key, value, actor=actor)
            return old
    finally:
        await engine.dispose()


config_app.command("set")(config_set)
