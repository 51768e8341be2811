"""``specmock db`` and ``specmock stats patterns`` against a temporary SQLite file."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from specmock.cli.app import app
from specmock.patterns import DETECTORS
from specmock.spec import load
from specmock.store.database import head, open_engine, sessions
from specmock.store.patterns import add_usage, recognised_rows, spec_key

PETSTORE = Path(__file__).parents[2] / "examples" / "petstore.yaml"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def invoke(*args: str, env: dict[str, str] | None = None) -> str:
    done = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.output


def test_db_current_then_upgrade(url: str) -> None:
    assert "is empty: run `specmock db upgrade`" in invoke("db", "current", "--database-url", url)
    upgraded = invoke("db", "upgrade", "--database-url", url)
    assert f"revision {head()}" in upgraded
    assert f"({len(DETECTORS)} built-in patterns)" in upgraded  # the library is seeded
    assert invoke("db", "current", "--database-url", url).strip() == f"{head()} (latest)"
    # Upgrading again changes nothing.
    invoke("db", "upgrade", "--database-url", url)
    assert invoke("db", "current", "--database-url", url).startswith(head())


def test_database_url_comes_from_the_environment(url: str) -> None:
    invoke("db", "upgrade", env={"DATABASE_URL": url})
    assert invoke("db", "current", "--database-url", url).startswith(head())


def test_stats_patterns_syncs_and_lists_as_json(url: str) -> None:
    first = json.loads(invoke("stats", "patterns", str(PETSTORE), "--json", "--database-url", url))
    again = json.loads(invoke("stats", "patterns", str(PETSTORE), "--json", "--database-url", url))
    assert first == again
    assert first, "petstore has recognised patterns"
    assert set(first[0]) == {"spec_key", "operation", "name", "detail", "confidence", "usage_count"}

    spec = load(PETSTORE)
    rows = recognised_rows(spec)
    chosen = rows[-1]

    async def use() -> None:
        engine = open_engine(url)
        try:
            async with sessions(engine)() as session, session.begin():
                await add_usage(session, {(spec_key(spec), chosen.operation, chosen.name): 7})
        finally:
            await engine.dispose()

    asyncio.run(use())
    top = json.loads(invoke("stats", "patterns", "--limit", "1", "--json", "--database-url", url))
    assert [(p["operation"], p["name"], p["usage_count"]) for p in top] == [
        (chosen.operation, chosen.name, 7)
    ]
    everything = json.loads(
        invoke("stats", "patterns", "--limit", "1000", "--json", "--database-url", url)
    )
    assert len(everything) == len(rows)


def test_stats_patterns_table(url: str) -> None:
    output = invoke("stats", "patterns", str(PETSTORE), "--database-url", url)
    assert "most used patterns" in output
    assert "confidence" in output
    assert "usage" in output


@pytest.mark.parametrize(
    "args",
    [
        ("db", "upgrade", "--database-url", "mysql://me:secret@h/db"),
        ("db", "current", "--database-url", "postgresql://me:secret@127.0.0.1:1/x"),
        ("stats", "patterns", "--database-url", "oracle://h"),
    ],
    ids=["unknown-scheme", "unreachable", "stats-unknown-scheme"],
)
def test_a_bad_url_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "specmock", *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    assert "secret" not in lines[0]
    assert "Traceback" not in done.stderr
