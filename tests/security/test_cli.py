"""``specmock audit``, ``config set`` and ``admin token``, through a local Typer app.

The commands are registered in ``specmock.cli.app`` by hand; this app registers them
the same way so they can be tested before that.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from specmock.cli import audit, config_set, tokens
from specmock.config import ConfigError
from specmock.http.access import AccessError, Role, load_stored_tokens
from specmock.http.factory import ServeOptions
from specmock.store.database import open_engine, sessions

app = typer.Typer()
app.command("audit")(audit.audit)
app.add_typer(config_set.config_app, name="config")
app.add_typer(tokens.admin_app, name="admin")


def invoke(*args: str, env: dict[str, str] | None = None) -> str:
    done = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("USER", "alice")
    return f"sqlite:///{tmp_path / 's.db'}"


def test_config_set_stores_normalised_value_and_prints_old_to_new(url: str) -> None:
    first = invoke("config", "set", "MOCK_QUALITY", "Production", "--database-url", url)
    assert first.strip() == 'quality [*]: (unset) → "production"'
    second = invoke(
        "config", "set", "quality", "basic", "--environment", "*", "--database-url", url
    )
    assert second.strip() == 'quality [*]: "production" → "basic"'
    ttl = invoke(
        "config", "set", "cache_ttl", "60", "--environment", "Testing", "--database-url", url
    )
    assert ttl.strip() == "cache_ttl [testing]: (unset) → 60"

    changes = json.loads(invoke("audit", "--json", "--database-url", url))
    assert [(c["actor"], c["target"], c["old"], c["new"]) for c in changes] == [
        ("alice", "testing/cache_ttl", None, 60),
        ("alice", "*/quality", "production", "basic"),
        ("alice", "*/quality", None, "production"),
    ]
    assert set(changes[0]) == {"id", "at", "actor", "action", "target", "old", "new"}
    assert len(json.loads(invoke("audit", "--json", "--limit", "1", "--database-url", url))) == 1


def test_audit_table(url: str) -> None:
    invoke("config", "set", "mode", "hybrid", "--database-url", url)
    invoke("config", "set", "database_url", "postgresql://me:pw@db/x", "--database-url", url)
    table = invoke("audit", "--database-url", url)
    assert "configuration changes: 2" in table
    assert '- → "hybrid"' in table
    assert "config.set" in table and "alice" in table
    assert ":pw@" not in table  # the password never reached the log


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("colour", "blue"), "config set: unknown setting 'colour'"),
        (("MOCK_MODE", "hybird"), "config set MOCK_MODE='hybird' is not one of"),
        (("cache_ttl", "soon"), "config set cache_ttl='soon' is not a whole number"),
        (("mode", "hybrid", "--environment", "moon"), "--environment='moon' is not one of"),
    ],
    ids=str,
)
def test_config_set_refuses_bad_keys_and_values_in_one_line(
    url: str, args: tuple[str, ...], message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        invoke("config", "set", *args, "--database-url", url)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)
    assert "(unset)" not in json.dumps(json.loads(invoke("audit", "--json", "--database-url", url)))


def test_config_without_subcommand_still_shows_the_settings(url: str) -> None:
    shown = json.loads(invoke("config", "--json", env={"MOCK_ENVIRONMENT": "testing"}))
    assert shown["mode"] == {"value": "hybrid", "source": "preset testing"}
    assert "specmock settings" in invoke("config")


def test_stored_settings_are_the_effective_settings_of_their_environment(url: str) -> None:
    invoke("config", "set", "quality", "basic", "--environment", "testing", "--database-url", url)
    invoke("config", "set", "cache_ttl", "60", "--database-url", url)
    env = {"DATABASE_URL": url, "MOCK_ENVIRONMENT": "testing"}
    shown = json.loads(invoke("config", "--json", env=env))
    assert shown["quality"] == {"value": "basic", "source": "store [testing]"}
    assert shown["cache_ttl"] == {"value": 60, "source": "store [*]"}
    staging = json.loads(invoke("config", "--json", env={**env, "MOCK_ENVIRONMENT": "staging"}))
    assert staging["quality"] == {"value": "production", "source": "preset staging"}
    assert staging["cache_ttl"]["source"] == "store [*]"
    loud = json.loads(invoke("config", "--json", env={**env, "MOCK_QUALITY": "production"}))
    assert loud["quality"] == {"value": "production", "source": "env MOCK_QUALITY"}


def test_admin_token_add_list_remove(url: str) -> None:
    done = CliRunner().invoke(
        app, ["admin", "token", "add", "ci", "--role", "admin", "--database-url", url]
    )
    assert done.exit_code == 0, done.output
    token = done.stdout.strip()
    assert len(token) >= 40 and "\n" not in token
    assert "not shown again" in done.stderr

    async def roles() -> Role | None:
        engine = open_engine(url)
        try:
            async with sessions(engine)() as session:
                return (await load_stored_tokens(session)).role_of(f"Bearer {token}")
        finally:
            await engine.dispose()

    assert asyncio.run(roles()) is Role.ADMIN
    # what a starting server reads, synchronously, before its event loop exists
    served = ServeOptions(None, database_url=url).access()
    assert served.role_of(f"Bearer {token}") is Role.ADMIN
    assert (
        ServeOptions(None, database_url=url, stored_tokens=False)
        .access()
        .role_of(f"Bearer {token}")
        is None
    )
    listed = json.loads(invoke("admin", "token", "list", "--json", "--database-url", url))
    assert listed == [{"name": "ci", "role": "admin"}]
    assert "ci" in invoke("admin", "token", "list", "--database-url", url)
    changes = invoke("audit", "--json", "--database-url", url)
    assert token not in changes and '"***"' in changes
    assert invoke("admin", "token", "remove", "ci", "--database-url", url).strip() == (
        "removed token 'ci'"
    )
    assert asyncio.run(roles()) is None
    actions = [c["action"] for c in json.loads(invoke("audit", "--json", "--database-url", url))]
    assert actions == ["config.delete", "config.set"]


def test_admin_token_refuses_a_bad_role(url: str) -> None:
    with pytest.raises(AccessError, match=r"--role='root' is not one of: read, admin"):
        invoke("admin", "token", "add", "ci", "--role", "root", "--database-url", url)
