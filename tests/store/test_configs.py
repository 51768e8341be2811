"""Stored settings read back synchronously at start-up, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from specmock.audit import set_environment_config
from specmock.config import Quality, load_settings
from specmock.store.configs import read_configs, stored_settings

from .conftest import Make, run_store


def _store(url: str, rows: list[tuple[str, str, object]]) -> None:
    async def body(make: Make) -> None:
        async with make() as session, session.begin():
            for environment, key, value in rows:
                await set_environment_config(session, environment, key, value, actor="test")

    run_store(url, body)


def test_rows_of_the_asked_environments_only(store_url: str) -> None:
    _store(
        store_url,
        [("*", "quality", "basic"), ("testing", "quality", "production"), ("staging", "mode", "x")],
    )
    assert read_configs(store_url, ["*", "testing"]) == [
        ("*", "quality", "basic"),
        ("testing", "quality", "production"),
    ]
    assert read_configs(store_url, []) == []


def test_an_environment_beats_every_environment(store_url: str) -> None:
    _store(
        store_url,
        [
            ("*", "quality", "basic"),
            ("*", "cache_ttl", 60),
            ("testing", "quality", "production"),
            ("*", "admin.token.ci", {"hash": "0" * 64, "role": "read"}),
        ],
    )
    values, sources = stored_settings(store_url, "testing", {"quality", "cache_ttl"})
    assert values == {"quality": "production", "cache_ttl": 60}
    assert sources == {"quality": "store [testing]", "cache_ttl": "store [*]"}
    values, _ = stored_settings(store_url, "staging", {"quality", "cache_ttl"})
    assert values == {"quality": "basic", "cache_ttl": 60}


def test_load_settings_reads_the_store_between_environment_and_pyproject(
    store_url: str, tmp_path: Path
) -> None:
    _store(
        store_url,
        [
            ("testing", "quality", "production"),
            ("*", "cache_ttl", 60),
            ("*", "parse_cache", "/elsewhere"),  # a path on one machine: never shared
        ],
    )
    (tmp_path / "pyproject.toml").write_text('[tool.specmock]\nquality = "basic"\ncache_ttl = 5\n')
    env = {"DATABASE_URL": store_url, "MOCK_ENVIRONMENT": "testing"}
    settings = load_settings(env=env, cwd=tmp_path, store=True)
    assert (settings.quality, settings.cache_ttl) == (Quality.PRODUCTION, 60)
    assert settings.sources["quality"] == "store [testing]"
    assert settings.sources["cache_ttl"] == "store [*]"
    assert settings.sources["parse_cache"] == "default"
    # a variable still beats the store; without store=True nothing is read
    louder = load_settings(env={**env, "MOCK_QUALITY": "basic"}, cwd=tmp_path, store=True)
    assert louder.quality == Quality.BASIC
    assert load_settings(env=env, cwd=tmp_path).quality == Quality.BASIC  # pyproject's


def test_missing_or_unmigrated_stores_have_no_rows(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    assert read_configs(f"sqlite:///{missing}", ["*"]) == []
    assert not missing.exists()  # reading never creates the file
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert read_configs(f"sqlite:///{empty}", ["*"]) == []
    assert read_configs("postgresql://nobody@127.0.0.1:1/none", ["*"]) == []
