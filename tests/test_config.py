"""Settings: precedence, presets, provenance and one-line errors for bad values."""

from __future__ import annotations

import json

import pytest

from specmock.cli import main
from specmock.config import (
    CacheStrategy,
    ConfigError,
    Environment,
    Mode,
    Quality,
    Settings,
    load_settings,
)


@pytest.fixture
def project(tmp_path):
    """A folder with a pyproject.toml holding ``[tool.specmock]``."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specmock]\nmode = "hybrid"\nquality = "production"\ncache_ttl = 120\n'
    )
    return tmp_path


def test_defaults_without_an_environment(tmp_path):
    settings = load_settings(env={}, cwd=tmp_path)
    assert settings.environment is Environment.DEVELOPMENT
    assert (settings.mode, settings.quality, settings.cache_strategy) == (
        Mode.MOCK_ONLY,
        Quality.REALISTIC,
        CacheStrategy.MEMORY,
    )
    assert settings.sources["mode"] == "default"
    assert settings.database_url.startswith("sqlite:///")


@pytest.mark.parametrize(
    ("environment", "mode", "quality", "cache"),
    [
        ("development", "mock_only", "basic", "memory"),
        ("testing", "hybrid", "realistic", "hybrid"),
        ("staging", "record", "production", "database"),
        ("production", "disabled", "exact", "redis"),
        ("integration", "playback", "exact", "database"),
    ],
)
def test_environment_selects_the_brief_preset(tmp_path, environment, mode, quality, cache):
    settings = load_settings(env={"MOCK_ENVIRONMENT": environment}, cwd=tmp_path)
    assert (settings.mode, settings.quality, settings.cache_strategy) == (mode, quality, cache)


def test_precedence_cli_over_env_over_pyproject_over_preset(project):
    env = {"MOCK_QUALITY": "basic", "MOCK_ENVIRONMENT": "staging"}
    settings = load_settings({"mode": "playback", "quality": None}, env=env, cwd=project)
    assert settings.mode is Mode.PLAYBACK and settings.sources["mode"] == "cli"
    assert settings.quality is Quality.BASIC and settings.sources["quality"] == "env MOCK_QUALITY"
    assert settings.cache_ttl == 120 and settings.sources["cache_ttl"] == "pyproject.toml"
    assert settings.cache_strategy is CacheStrategy.DATABASE  # staging's preset
    assert settings.sources["cache_strategy"] == "preset staging"


def test_pyproject_is_found_from_a_subfolder(project):
    inner = project / "tests" / "api"
    inner.mkdir(parents=True)
    assert load_settings(env={}, cwd=inner).mode is Mode.HYBRID


@pytest.mark.parametrize(
    ("env", "words"),
    [
        ({"MOCK_MODE": "hybird"}, ["MOCK_MODE", "'hybird'", "mock_only", "playback"]),
        ({"CACHE_STRATEGY": "disk"}, ["CACHE_STRATEGY", "memory", "hybrid"]),
        ({"CACHE_TTL": "soon"}, ["CACHE_TTL", "seconds"]),
        ({"MOCK_CACHE_ENABLED": "maybe"}, ["MOCK_CACHE_ENABLED", "boolean"]),
    ],
)
def test_bad_value_names_the_variable_and_the_allowed_values(tmp_path, env, words):
    with pytest.raises(ConfigError) as caught:
        load_settings(env=env, cwd=tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_bad_value_in_pyproject_names_the_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.specmock]\nquality = "shiny"\n')
    with pytest.raises(ConfigError, match=r"pyproject\.toml.*quality.*basic"):
        load_settings(env={}, cwd=tmp_path)


@pytest.mark.parametrize(("text", "value"), [("1", True), ("no", False), ("TRUE", True)])
def test_booleans_read_as_people_write_them(tmp_path, text, value):
    assert load_settings(env={"MOCK_AUTO_DETECT": text}, cwd=tmp_path).auto_detect is value


def test_replace_marks_the_change_as_cli():
    settings = Settings().replace(quality_level="production")
    assert settings.quality is Quality.PRODUCTION
    assert settings.quality_level is Quality.PRODUCTION
    assert settings.sources["quality"] == "cli"


def test_config_command_shows_values_and_sources(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MOCK_ENVIRONMENT", "testing")
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres:secret@127.0.0.1/test")
    with pytest.raises(SystemExit) as exited:
        main(["config", "--json"])
    assert exited.value.code == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["mode"] == {"value": "hybrid", "source": "preset testing"}
    assert shown["environment"]["source"] == "env MOCK_ENVIRONMENT"
    assert "secret" not in shown["database_url"]["value"]


def test_config_command_refuses_a_bad_variable_in_one_line(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MOCK_MODE", "hybird")
    with pytest.raises(SystemExit) as exited:
        main(["config"])
    assert exited.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: MOCK_MODE") and "\n" not in err
