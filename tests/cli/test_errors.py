"""Bad input: one clear line naming what and where, exit code 2, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from corpus import EXAMPLES


def specmock(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specmock", *args], capture_output=True, text=True, check=False
    )


def assert_one_line_error(done: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\npaths: {}\n")
    assert_one_line_error(specmock("inspect", str(path)), "broken.yaml", ":4")


def test_malformed_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "openapi": "3.0.3",\n  "info": {,\n}\n')
    assert_one_line_error(specmock("generate", str(path), "--all"), "broken.json", ":3")


def test_document_that_is_no_api_description(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("name: my-app\nreplicas: 3\n")
    assert_one_line_error(specmock("inspect", str(path)), "config.yaml", "openapi")


@pytest.mark.parametrize("header", ["openapi: 4.0.0", "swagger: '1.2'"])
def test_unsupported_version(tmp_path: Path, header: str) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(f"{header}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\n")
    assert_one_line_error(specmock("inspect", str(path)), "api.yaml", header.split()[-1].strip("'"))


def test_missing_file(tmp_path: Path) -> None:
    assert_one_line_error(specmock("inspect", str(tmp_path / "nope.yaml")), "nope.yaml")


def test_unknown_operation_lists_nearest() -> None:
    done = specmock("generate", str(EXAMPLES / "petstore.yaml"), "-o", "GET /pet/{petId}")
    assert_one_line_error(done, "GET /pet/{petId}", "GET /pets/{petId}")


def test_unknown_quality_is_a_usage_error() -> None:
    done = specmock("generate", str(EXAMPLES / "petstore.yaml"), "-o", "health", "--quality", "x")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "basic" in done.stderr


def test_broken_operation_is_skipped_and_the_rest_served(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /ok:\n    get:\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n              schema: {type: integer}\n"
        "  /broken:\n    get:\n      responses:\n        '200':\n          description: x\n"
        "          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Missing'}\n"
    )
    done = specmock("generate", str(path), "--all", "--jsonl")
    assert done.returncode == 0, done.stderr
    assert "/ok" in done.stdout
    assert "#/components/schemas/Missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_inspect_explains_one_request(capsys) -> None:
    import json

    from corpus import EXAMPLES
    from specmock.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["inspect", str(EXAMPLES / "petstore.yaml"), "--explain", "GET /v1/pets/7", "--json"])
    assert exited.value.code == 0
    facts = json.loads(capsys.readouterr().out)
    assert facts["operation"] == "GET /pets/{petId}"
    assert facts["path_params"] == {"petId": "7"} and facts["base_path"] == "/v1"
    crud = next(p for p in facts["patterns"] if p["name"] == "crud")
    assert crud["detail"] == "read" and crud["evidence"]
    assert facts["strategy"] == "template"  # crud read at 0.90, a shape the template knows


def test_inspect_explain_of_an_unknown_path_is_one_line(capsys) -> None:
    from corpus import EXAMPLES
    from specmock.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["inspect", str(EXAMPLES / "petstore.yaml"), "--explain", "GET /nope"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no path") and "nearest" in err and err.count("\n") == 1
