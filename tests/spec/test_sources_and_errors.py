"""Loading from files, folders and URLs, and the one-line errors for bad input."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specmock.errors import SpecError
from specmock.spec import load

WriteFile = Callable[[str, Any], Path]

PETS = {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}}}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("version", ["2.0", "3.0.3", "3.1.0"])
def test_loads_every_version_in_yaml_and_json(
    make_spec: Callable[..., Path], fmt: str, version: str
) -> None:
    spec = load(make_spec(PETS, version=version, fmt=fmt))

    assert spec.version == version
    assert spec.title == "Test API"
    assert spec.api_version == "1"
    assert [op.key for op in spec.operations] == ["GET /pets"]


def test_loads_a_folder_by_its_openapi_file(
    make_spec: Callable[..., Path], tmp_path: Path, write_file: WriteFile
) -> None:
    make_spec(PETS, name="openapi.yml")
    write_file("other.yaml", {"not": "an api"})

    assert load(tmp_path).operations[0].operation_id == "listPets"


def test_loads_a_folder_by_its_single_api_file(
    make_spec: Callable[..., Path], tmp_path: Path, write_file: WriteFile
) -> None:
    make_spec(PETS, name="petstore.json", fmt="json")
    write_file("schemas.yaml", {"Pet": {"type": "object"}})

    assert load(tmp_path).operations[0].operation_id == "listPets"


def test_a_folder_with_two_api_files_asks_which(
    make_spec: Callable[..., Path], tmp_path: Path
) -> None:
    make_spec(PETS, name="a.yaml")
    make_spec(PETS, name="b.yaml")

    with pytest.raises(SpecError, match=r"several API descriptions in this folder: a.yaml, b.yaml"):
        load(tmp_path)


def test_a_folder_without_api_file_says_so(tmp_path: Path, write_file: WriteFile) -> None:
    write_file("x.yaml", {"a": 1})

    with pytest.raises(SpecError, match="no API description in this folder"):
        load(tmp_path)


def test_a_missing_file_is_a_spec_error(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="no such file or folder"):
        load(tmp_path / "nope.yaml")


def test_loads_a_url_with_relative_refs(
    make_spec: Callable[..., Path], tmp_path: Path, serve: Callable[[Path], str]
) -> None:
    paths = {"/pets": {"$ref": "paths/pets.yaml"}}
    pets = {
        "get": {
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "../schemas.yaml#/Pet"}}},
                }
            }
        }
    }
    make_spec(paths, files={"paths/pets.yaml": pets, "schemas.yaml": {"Pet": {"type": "object"}}})
    base = serve(tmp_path)

    spec = load(f"{base}/openapi.yaml")

    media = spec.operations[0].responses["200"].content["application/json"]
    assert media.schema == {"$ref": f"{base}/schemas.yaml#/Pet"}
    assert spec.schemas[f"{base}/schemas.yaml#/Pet"] == {"type": ["object"]}
    assert (
        media.source
        == f"{base}/paths/pets.yaml#/get/responses/200/content/application~1json/schema"
    )
    assert set(spec.documents) == {
        f"{base}/openapi.yaml",
        f"{base}/paths/pets.yaml",
        f"{base}/schemas.yaml",
    }


def test_a_url_that_cannot_be_fetched_is_a_spec_error(
    serve: Callable[[Path], str], tmp_path: Path
) -> None:
    base = serve(tmp_path)

    with pytest.raises(SpecError, match=r"cannot fetch: HTTP 404") as caught:
        load(f"{base}/missing.yaml")

    assert str(caught.value).startswith(f"{base}/missing.yaml: ")


def test_a_remote_document_cannot_refer_to_a_local_file(
    make_spec: Callable[..., Path], tmp_path: Path, serve: Callable[[Path], str]
) -> None:
    secret = tmp_path / "secret.yaml"
    make_spec({"/a": {"$ref": secret.as_uri()}}, files={"secret.yaml": {"get": {"responses": {}}}})

    spec = load(f"{serve(tmp_path)}/openapi.yaml")

    assert spec.operations == ()
    assert "a remote document cannot refer to a local file" in spec.skipped[0].reason


def test_accepts_str_path_and_file_uri(make_spec: Callable[..., Path]) -> None:
    root = make_spec(PETS)

    assert load(str(root)).operations == load(root.resolve().as_uri()).operations


def test_documents_and_digest_cover_every_file(
    make_spec: Callable[..., Path], tmp_path: Path
) -> None:
    paths = {"/pets": {"$ref": "pets.yaml"}}
    pets = {"get": {"responses": {"200": {"description": "ok"}}}}
    root = make_spec(paths, files={"pets.yaml": pets})

    spec = load(root)

    uris = sorted([root.resolve().as_uri(), (tmp_path / "pets.yaml").resolve().as_uri()])
    assert sorted(spec.documents) == uris
    assert spec.documents[uris[1]] == pets
    expected = hashlib.sha256()
    for uri in uris:
        expected.update(Path(uri.removeprefix("file://")).read_bytes())
    assert spec.digest == expected.hexdigest()


def test_digest_changes_when_a_referenced_file_changes(
    make_spec: Callable[..., Path], tmp_path: Path, write_file: WriteFile
) -> None:
    root = make_spec(
        {"/pets": {"$ref": "pets.yaml"}}, files={"pets.yaml": {"get": {"responses": {}}}}
    )
    before = load(root).digest
    write_file("pets.yaml", {"post": {"responses": {}}})

    assert load(root).digest != before


# --- bad input ------------------------------------------------------------------------------


def test_malformed_yaml_names_file_and_line(tmp_path: Path, write_file: WriteFile) -> None:
    path = write_file("api.yaml", "openapi: 3.1.0\ninfo:\n  title: x\n  version: [1\npaths: {}\n")

    with pytest.raises(SpecError) as caught:
        load(path)

    message = str(caught.value)
    assert message.startswith(f"{path.resolve()}:5: invalid YAML: ")
    assert "\n" not in message
    assert caught.value.location is not None
    assert caught.value.location.line == 5


def test_malformed_json_names_file_and_line(tmp_path: Path, write_file: WriteFile) -> None:
    path = write_file("api.json", '{\n  "openapi": "3.1.0",\n  "paths": {,}\n}\n')

    with pytest.raises(SpecError) as caught:
        load(path)

    assert str(caught.value).startswith(f"{path.resolve()}:3: invalid JSON: ")
    assert "\n" not in str(caught.value)


def test_malformed_referenced_file_skips_what_uses_it(
    make_spec: Callable[..., Path], tmp_path: Path
) -> None:
    responses = {"200": {"$ref": "bad.yaml#/Ok"}}
    root = make_spec({"/a": {"get": {"responses": responses}}}, files={"bad.yaml": "Ok: [\n"})

    spec = load(root)

    assert spec.operations[0].responses == {}
    (skipped,) = spec.skipped
    assert skipped.pointer == "#/paths/~1a/get/responses/200"
    assert f"{(tmp_path / 'bad.yaml').resolve()}:2: invalid YAML" in skipped.reason


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- a\n- b\n", "not an API description: the document is a list, not a mapping"),
        ("", "not an API description: the document is empty, not a mapping"),
        (
            "info: {title: x}\npaths: {}\n",
            "not an API description: no top-level 'openapi' or 'swagger' key",
        ),
        (
            "openapi: 4.0.0\npaths: {}\n",
            "unsupported openapi version '4.0.0' (supported: 3.0.x and 3.1.x)",
        ),
        ("openapi: 3\npaths: {}\n", "unsupported openapi version '3' (supported: 3.0.x and 3.1.x)"),
        ("swagger: '1.2'\npaths: {}\n", "unsupported swagger version '1.2' (supported: 2.0)"),
    ],
    ids=["list", "empty", "no-key", "openapi-4", "openapi-3", "swagger-1.2"],
)
def test_no_api_description_is_a_one_line_spec_error(
    tmp_path: Path, text: str, message: str, write_file: WriteFile
) -> None:
    path = write_file("api.yaml", text)

    with pytest.raises(SpecError) as caught:
        load(path)

    assert str(caught.value) == f"{path.resolve()}: {message}"


def test_unresolvable_paths_ref_is_fatal_and_names_ref_pointer_line_and_file(
    write_file: WriteFile,
) -> None:
    root = write_file(
        "api.yaml", "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  $ref: '#/x-paths'\n"
    )

    with pytest.raises(SpecError) as caught:
        load(root)

    file = root.resolve()
    assert str(caught.value) == (
        f"{file}:3 at #/paths: unresolvable $ref '#/x-paths': no 'x-paths' in {file}#"
    )


def test_unresolvable_paths_file_is_fatal(write_file: WriteFile, tmp_path: Path) -> None:
    root = write_file("api.json", '{"openapi": "3.0.0",\n "paths": {"$ref": "paths/_index.yaml"}}')

    with pytest.raises(SpecError) as caught:
        load(root)

    message = str(caught.value)
    prefix = f"{root.resolve()}:2 at #/paths: unresolvable $ref 'paths/_index.yaml': "
    assert message.startswith(prefix)
    assert f"{(tmp_path / 'paths' / '_index.yaml').resolve()}: cannot read file" in message
    assert "\n" not in message


def test_yaml_scalars_stay_json_values(write_file: WriteFile) -> None:
    text = """\
openapi: 3.1.0
info: {title: t, version: 1.0}
paths:
  /a:
    get:
      responses:
        200:
          description: ok
          content:
            application/json:
              example: {on: yes, date: 2024-01-01, zip: 01234, n: 12, f: 1.5}
"""
    spec = load(write_file("api.yaml", text))

    response = spec.operations[0].responses["200"]
    assert response.content["application/json"].examples["example"] == {
        "on": "yes",
        "date": "2024-01-01",
        "zip": "01234",
        "n": 12,
        "f": 1.5,
    }
    assert spec.api_version == "1.0"


def test_json_with_byte_order_mark_loads(write_file: WriteFile) -> None:
    text = '{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}'

    assert load(write_file("api.json", b"\xef\xbb\xbf" + text.encode())).title == "t"


def test_spaces_in_file_names_resolve(write_file: WriteFile, tmp_path: Path) -> None:
    write_file("my api/schemas/a pet.yaml", {"type": "object"})
    response = {"description": "ok", "schema": {"$ref": "schemas/a pet.yaml"}}
    paths = {"/a": {"get": {"responses": {"200": response}}}}
    root = write_file("my api/swagger.yaml", {"swagger": "2.0", "paths": paths})

    spec = load(root.parent)

    key = (tmp_path / "my api/schemas/a pet.yaml").resolve().as_uri() + "#"
    assert "%20" in key
    assert spec.schemas == {key: {"type": ["object"]}}
