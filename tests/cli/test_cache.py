"""``specmock cache stats|clear``: a running server's figures, and the shared tiers'."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from corpus import EXAMPLES
from serving import serving
from specmock.cache import MemoryCache, open_cache
from specmock.cache.keys import cache_key
from specmock.cli import main
from specmock.engine import Engine
from specmock.http import create_app
from specmock.models import Inputs
from specmock.spec import load

PETSTORE = EXAMPLES / "petstore.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_stats_and_clear_through_a_running_server(capsys: pytest.CaptureFixture[str]) -> None:
    app = create_app(Engine.from_source(PETSTORE), cache=MemoryCache())
    with serving(app) as url:
        for _ in range(4):
            assert httpx.get(f"{url}/pets/9").status_code == 200
        code, out, _ = run(capsys, "cache", "stats", "--server", url, "--json")
        assert code == 0
        figures = json.loads(out)
        assert (figures["hits"], figures["misses"], figures["memory_cache_size"]) == (3, 1, 1)
        code, out, _ = run(capsys, "cache", "stats", "--server", url)
        assert code == 0 and "75.0%" in out and "memory" in out
        code, out, _ = run(capsys, "cache", "clear", "--server", url, "--operation", "getPet")
        assert (code, out.strip()) == (0, "cleared 1 entries")


def test_unreachable_server_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "cache", "stats", "--server", "http://127.0.0.1:9")
    assert code == 2 and err.startswith("error: cannot reach the server") and err.count("\n") == 1


def test_memory_strategy_has_nothing_shared_to_show(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CACHE_STRATEGY", "memory")
    code, _, err = run(capsys, "cache", "stats")
    assert code == 2 and "--server" in err


def test_database_tier_stats_and_clear_by_spec(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CACHE_STRATEGY", "database")
    monkeypatch.setenv("DATABASE_URL", url)
    digest = load(str(PETSTORE)).digest

    async def fill() -> None:
        cache = open_cache(url)
        try:
            for n, op in enumerate(["GET /pets", "GET /pets/{petId}", "GET /pets/{petId}"]):
                key = cache_key(digest, op, Inputs(query={"n": n}), quality="basic", seed=0)
                await cache.set(key, b"{}")
            other = cache_key("other", "GET /x", Inputs(), quality="basic", seed=0)
            await cache.set(other, b"{}")
        finally:
            await cache.aclose()

    asyncio.run(fill())
    code, out, _ = run(capsys, "cache", "stats", "--json")
    assert code == 0 and json.loads(out)["database_cache_size"] == 4
    code, out, _ = run(capsys, "cache", "clear", "--spec", str(PETSTORE), "--operation", "getPet")
    assert (code, out.strip()) == (0, "cleared 2 entries")
    code, out, _ = run(capsys, "cache", "clear", "--spec", str(PETSTORE))
    assert out.strip() == "cleared 1 entries"
    code, out, _ = run(capsys, "cache", "stats", "--json")
    assert json.loads(out)["database_cache_size"] == 1  # another description's entry stays
