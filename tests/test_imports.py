"""``import specmock`` stays cheap, and its public names are exactly ``__all__``."""

from __future__ import annotations

import subprocess
import sys

import specmock

HEAVY = ("sqlalchemy", "redis", "uvicorn", "typer", "faker", "jsonschema_rs", "httpx", "psycopg")


def test_import_pulls_in_no_heavy_dependency() -> None:
    code = f"import sys, specmock; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert specmock.__all__ == sorted(specmock.__all__)
    for name in specmock.__all__:
        assert getattr(specmock, name) is not None


def test_brief_names_are_aliases() -> None:
    assert issubclass(specmock.MockGenerationEngine, specmock.Engine)
    assert specmock.MockQualityLevel is specmock.Quality
    assert specmock.MockMode is specmock.Mode
    assert specmock.MockEnvironment is specmock.Environment
    assert specmock.MockIntegrationConfig(quality_level="basic").quality is specmock.Quality.BASIC
