"""``specmock generate`` and ``specmock inspect``: the output contract machines rely on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from corpus import EXAMPLES
from judge import Judge
from specmock.cli import main
from specmock.spec import load

PETSTORE = EXAMPLES / "petstore.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(list(args))
    out, err = capsys.readouterr()
    return int(exited.value.code or 0), out, err


def test_generate_one_operation_prints_indented_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "generate", str(PETSTORE), "--operation", "GET /owners/{ownerId}")
    assert code == 0
    body = json.loads(out)
    assert {"id", "name", "email"} <= body.keys()
    assert out.startswith("{\n  ")


def test_generate_by_operation_id_with_count_and_jsonl(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "generate", str(PETSTORE), "-o", "placeOrder", "--count", "3", "--jsonl"
    )
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    bodies = [json.loads(line) for line in lines]
    assert len({json.dumps(b, sort_keys=True) for b in bodies}) == 3


def test_generate_is_byte_identical_for_a_seed(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("generate", str(PETSTORE), "-o", "listPets", "--quality", "production")
    first = run(capsys, *args, "--seed", "5")[1]
    again = run(capsys, *args, "--seed", "5")[1]
    other = run(capsys, *args, "--seed", "6")[1]
    assert first == again
    assert first != other


def test_generate_status_selects_the_documented_response(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "generate", str(PETSTORE), "-o", "getPet", "--status", "404")
    assert code == 0
    assert {"type", "title", "status"} <= json.loads(out).keys()


def test_generate_all_jsonl_covers_every_json_response(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "generate", str(PETSTORE), "--all", "--jsonl", "--count", "2")
    assert code == 0
    spec = load(PETSTORE)
    judge = Judge(spec)
    expected = {
        (op.method, op.path, status, media)
        for op in spec.operations
        for status, response in op.responses.items()
        for media in response.content
        if "json" in media
    }
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 2 * len(expected)
    assert {(x["method"], x["path"], x["status"], x["media_type"]) for x in lines} == expected
    assert all(set(x) == {"method", "path", "status", "media_type", "body"} for x in lines)
    for line in lines:
        op = spec.operation(f"{line['method']} {line['path']}")
        media = op.responses[line["status"]].content[line["media_type"]]
        assert judge.errors(media, line["body"]) == []


def test_generate_all_reports_unsatisfiable_schema_as_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    impossible = {"allOf": [{"type": "string"}, {"type": "integer"}]}
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/bad": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {"application/json": {"schema": impossible}},
                        }
                    }
                }
            },
            "/good": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "x",
                            "content": {"application/json": {"schema": {"type": "integer"}}},
                        }
                    }
                }
            },
        },
    }
    path = tmp_path / "api.json"
    path.write_text(json.dumps(doc))
    code, out, _ = run(capsys, "generate", str(path), "--all", "--jsonl")
    assert code == 0
    lines = {x["path"]: x for x in map(json.loads, out.splitlines())}
    assert set(lines["/bad"]) == {"method", "path", "status", "error"}
    error = lines["/bad"]["error"]
    assert "cannot satisfy 'type'" in error
    assert "api.json at #/paths/~1bad/get/responses/200/content/application~1json/schema" in error
    assert isinstance(lines["/good"]["body"], int)


def test_inspect_json_lists_operations(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "inspect", str(PETSTORE), "--json")
    assert code == 0
    rows = json.loads(out)
    by_id = {row["operation_id"]: row for row in rows}
    assert by_id["getPet"]["method"] == "get"
    assert by_id["getPet"]["path"] == "/pets/{petId}"
    assert [r["status"] for r in by_id["getPet"]["responses"]] == ["200", "404"]


def test_inspect_table_shows_each_operation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "inspect", str(PETSTORE))
    assert code == 0
    # Narrow terminals fold long cells over several lines instead of cutting them.
    cells = "".join(line.split("│")[2].strip() for line in out.splitlines() if "│" in line)
    assert "/pets/{petId}/photo" in cells
    assert "…" not in out


def test_console_script_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "specmock", "generate", str(PETSTORE), "-o", "health"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["status"] in {"ok", "degraded"}
