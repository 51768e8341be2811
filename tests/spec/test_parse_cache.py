"""The parse cache: large YAML documents parsed once, read back by later loads."""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from specmock.config import DEFAULT_PARSE_CACHE, Settings, load_settings
from specmock.errors import SpecError
from specmock.spec import load
from specmock.spec.parse_cache import ParseCache
from specmock.spec.read import parse

MakeSpec = Callable[..., Path]

PETS = {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}}}


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


class Counted:
    """A parser that counts its calls (the cache's input, not the thing tested)."""

    def __init__(self, value: Any) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> Any:
        self.calls += 1
        return self.value


@pytest.fixture
def cache(tmp_path: Path) -> ParseCache:
    """A cache that keeps every document, however small."""
    return ParseCache(tmp_path / "cache", min_size=0)


def test_a_hit_returns_an_equal_tree_without_parsing(
    make_spec: MakeSpec, cache: ParseCache
) -> None:
    path = make_spec(PETS)
    first = load(path, parse_cache=cache)
    (entry,) = entries(cache.folder)

    raw = path.read_bytes()
    again = Counted(None)
    tree = cache.parsed(raw, again)

    assert again.calls == 0
    assert tree == parse(raw, path.name)
    assert load(path, parse_cache=cache) == first
    assert entries(cache.folder) == [entry]


def test_shared_anchors_stay_shared_after_a_hit(write_file: Any, cache: ParseCache) -> None:
    path = write_file("api.yaml", "a: &shared {type: object}\nb: *shared\nc: [*shared]\n")
    raw = path.read_bytes()
    parse(raw, path.name, cache=cache)

    tree = parse(raw, path.name, cache=cache)

    assert tree["a"] is tree["b"] is tree["c"][0]


def test_changed_bytes_miss(make_spec: MakeSpec, cache: ParseCache) -> None:
    path = make_spec(PETS)
    load(path, parse_cache=cache)
    path.write_text(path.read_text().replace("Test API", "Changed API"))

    assert load(path, parse_cache=cache).title == "Changed API"
    assert len(entries(cache.folder)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],
        lambda data: data.replace(b"listPets", b"listPetz"),  # still a valid pickle
        lambda data: b"",
        lambda data: b"not a cache entry at all",
    ],
    ids=["truncated", "changed-byte", "empty", "foreign"],
)
def test_a_damaged_entry_is_ignored_and_rewritten(
    make_spec: MakeSpec, cache: ParseCache, damage: Callable[[bytes], bytes]
) -> None:
    path = make_spec(PETS)
    expected = load(path, parse_cache=cache)
    (entry,) = entries(cache.folder)
    intact = entry.read_bytes()
    entry.write_bytes(damage(intact))

    assert load(path, parse_cache=cache) == expected
    assert entry.read_bytes() == intact


def test_a_planted_entry_cannot_run_code(
    make_spec: MakeSpec, cache: ParseCache, tmp_path: Path
) -> None:
    from specmock.spec import parse_cache

    path = make_spec(PETS)
    expected = load(path, parse_cache=cache)
    (entry,) = entries(cache.folder)
    marker = tmp_path / "ran"

    class Planted:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (marker,))

    payload = memoryview(pickle.dumps(Planted(), protocol=5))
    key = bytes.fromhex(entry.stem)  # a valid header and checksum: only the unpickler stands
    entry.write_bytes(parse_cache._MAGIC + parse_cache._checksum(key, payload) + payload)

    assert load(path, parse_cache=cache) == expected
    assert not marker.exists()


def test_an_unwritable_folder_still_loads(make_spec: MakeSpec, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a folder below a file can never be made, even by root
    cache = ParseCache(blocker / "cache", min_size=0)

    spec = load(make_spec(PETS), parse_cache=cache)

    assert spec.operations[0].operation_id == "listPets"
    assert not (blocker / "cache").exists()


def test_bad_yaml_still_names_file_and_line(write_file: Any, cache: ParseCache) -> None:
    path = write_file("api.yaml", "openapi: 3.1.0\ninfo:\n  title: x\n  version: [1\npaths: {}\n")

    for _ in range(2):  # nothing is kept, so the second load meets the parser's error too
        with pytest.raises(SpecError) as caught:
            load(path, parse_cache=cache)
        assert str(caught.value).startswith(f"{path.resolve()}:5: invalid YAML: ")
    assert entries(cache.folder) == []


def large_yaml(operations: int = 4000) -> str:
    """A description of ``operations`` GETs, written as text (PyYAML's emitter is slow)."""
    item = "  /items{0}:\n    get:\n      operationId: op{0}\n      responses: {{'200': {{}}}}\n"
    return "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n" + "".join(
        item.format(i) for i in range(operations)
    )


def test_small_documents_and_json_are_not_kept(make_spec: MakeSpec, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")  # the default threshold, 256 KiB
    big = {f"/items{i}": PETS["/pets"] for i in range(3000)}
    big_json = make_spec(big, fmt="json")
    assert big_json.stat().st_size >= cache.min_size

    load(make_spec(PETS), parse_cache=cache)
    load(big_json, parse_cache=cache)

    assert entries(cache.folder) == []


def test_a_large_yaml_document_is_kept(write_file: Any, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    path = write_file("api.yaml", large_yaml())
    assert path.stat().st_size >= cache.min_size

    first = load(path, parse_cache=cache)

    assert len(entries(cache.folder)) == 1
    assert load(path, parse_cache=cache) == first


def test_values_beyond_plain_data_are_parsed_every_time(write_file: Any, cache: ParseCache) -> None:
    path = write_file("api.yaml", "when: !!timestamp 2024-01-01\nids: !!set {a: null}\n")

    tree = parse(path.read_bytes(), path.name, cache=cache)

    assert str(tree["when"]) == "2024-01-01"
    assert tree["ids"] == {"a"}
    assert entries(cache.folder) == []


def test_only_the_most_recently_used_entries_stay(make_spec: MakeSpec, tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache", keep=2, min_size=0)
    paths = [make_spec(PETS, name=f"api{i}.yaml", **{"x-n": i}) for i in range(3)]
    load(paths[0], parse_cache=cache)
    load(paths[1], parse_cache=cache)
    for entry in entries(cache.folder):
        os.utime(entry, (1, 1))  # both long unused
    load(paths[0], parse_cache=cache)  # a hit: the most recently used again

    load(paths[2], parse_cache=cache)

    assert len(entries(cache.folder)) == 2
    kept, dropped = Counted(None), Counted(None)
    cache.parsed(paths[0].read_bytes(), kept)
    cache.parsed(paths[1].read_bytes(), dropped)
    assert (kept.calls, dropped.calls) == (0, 1)


def test_no_temporary_file_is_left_behind(make_spec: MakeSpec, cache: ParseCache) -> None:
    load(make_spec(PETS), parse_cache=cache)

    assert [p.suffix for p in cache.folder.iterdir()] == [".pickle"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", None),
        ("off", None),
        ("false", None),
        ("1", DEFAULT_PARSE_CACHE),
        ("on", DEFAULT_PARSE_CACHE),
        ("/var/cache/specmock", "/var/cache/specmock"),
    ],
    ids=["0", "off", "false", "1", "on", "folder"],
)
def test_the_setting_disables_or_moves_the_cache(
    tmp_path: Path, value: str, expected: str | None
) -> None:
    settings = load_settings(env={"SPECMOCK_PARSE_CACHE": value}, cwd=tmp_path)

    assert settings.parse_cache == expected
    assert settings.sources["parse_cache"] == "env SPECMOCK_PARSE_CACHE"


def test_the_cache_is_on_by_default_and_off_in_pyproject(tmp_path: Path) -> None:
    assert load_settings(env={}, cwd=tmp_path).parse_cache == DEFAULT_PARSE_CACHE
    (tmp_path / "pyproject.toml").write_text("[tool.specmock]\nparse_cache = false\n")

    assert load_settings(env={}, cwd=tmp_path).parse_cache is None


def test_a_stored_null_turns_the_cache_off() -> None:
    # None, as a caller may pass it, is off
    assert Settings().replace(parse_cache=None).parse_cache is None


# --- the resolver ---------------------------------------------------------------------------


class _Reference(yaml.SafeLoader):
    """PyYAML's own resolver over the YAML 1.2 core schema: the oracle for ours."""


_Reference.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^(?:<<)$", "<"),
):
    _Reference.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first)
    )

SCALARS = (  # noqa: SIM905 - a table to read, not a list to edit
    "true True TRUE tRUE false yes no on off y ~ null Null NULL nULL 0 -0 +12 012 1_000 0x1F "
    "0o7 1.5 .5 -.5 1. 1e3 1.5E-3 +1e+3 .inf -.Inf +.INF .nan .NaN nan inf 1.2.3 12a + . "
    "2024-01-01 12:30 <<x"
).split()


@pytest.mark.parametrize("scalar", SCALARS)
def test_plain_scalars_resolve_as_pyyamls_resolver_would(scalar: str) -> None:
    text = f"plain: {scalar}\nquoted: '{scalar}'\nlisted: [{scalar}]\n"

    assert parse(text.encode(), "a.yaml") == yaml.load(text, Loader=_Reference)


def test_empty_values_and_merge_keys_resolve_as_pyyamls_resolver_would() -> None:
    text = "base: &b {a: 1}\nmerged: {<<: *b, c: }\nempty:\nlist: [~, null, ]\n"

    assert parse(text.encode(), "a.yaml") == yaml.load(text, Loader=_Reference)


def test_serve_workers_keep_and_read_the_same_cache(write_file: Any, tmp_path: Path) -> None:
    """What ``serve --workers N`` hands each worker (the options as JSON) names the cache."""
    from specmock.http.factory import ServeOptions

    path = write_file("api.yaml", large_yaml())
    folder = tmp_path / "kept"
    options = ServeOptions(str(path), parse_cache=str(folder))
    worker = ServeOptions.from_json(options.to_json())

    assert worker.parse_cache == str(folder)
    first = worker.engine().spec
    assert len(entries(folder)) == 1
    assert options.engine().spec == first
    assert ServeOptions(str(path)).engine().spec == first  # off: parsed, nothing kept
    assert len(entries(folder)) == 1


@pytest.mark.parametrize(
    "command",
    [["inspect", "--json"], ["generate", "-o", "op7"], ["testgen", "--out", "{out}"]],
    ids=lambda c: c[0],
)
def test_cli_commands_keep_and_read_the_cache(
    write_file: Any, tmp_path: Path, command: list[str]
) -> None:
    """The commands that load a description use the cache the settings name, as serve does."""
    from typer.testing import CliRunner

    from specmock.cli.app import app

    path = write_file("api.yaml", large_yaml())
    folder = tmp_path / "kept"
    args = [c.format(out=tmp_path / "suite") for c in command]
    args = [args[0], str(path), *args[1:]]
    env = {"SPECMOCK_PARSE_CACHE": str(folder)}
    first = CliRunner().invoke(app, args, env=env)
    assert first.exit_code == 0, first.output
    (entry,) = entries(folder)
    second = CliRunner().invoke(app, args, env=env)
    assert second.exit_code == 0, second.output
    assert entries(folder) == [entry]
    assert CliRunner().invoke(app, args, env={"SPECMOCK_PARSE_CACHE": "0"}).exit_code == 0
