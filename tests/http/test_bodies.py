"""Request bodies the server takes or refuses: binary uploads, JSON null, broken JSON."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from builders import openapi, write_spec
from specmock.engine import Engine
from specmock.models import Request

CREATED = {"201": {"description": "made"}}


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    binary = {"type": "string", "format": "binary"}
    thing = {"type": "object", "properties": {"name": {"type": "string"}}}
    document = openapi(
        {
            "/files/{name}": {
                "put": {
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {"application/octet-stream": {"schema": binary}},
                    },
                    "responses": CREATED,
                }
            },
            "/things": {
                "post": {
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": thing}},
                    },
                    "responses": CREATED,
                }
            },
        },
        version="3.0.3",
    )
    return Engine.from_source(str(write_spec(tmp_path, document)))


def _send(engine: Engine, method: str, path: str, media: str, body: bytes) -> tuple[int, list[str]]:
    """The status and the problem's error messages (none for a success)."""
    answer = engine.respond(Request(method, path, headers=(("content-type", media),), body=body))
    problem = orjson.loads(answer.body) if answer.status >= 400 else {}
    return answer.status, [e["message"] for e in problem.get("errors", [])]


def test_a_required_binary_body_that_was_sent_is_taken(engine: Engine) -> None:
    status, _ = _send(engine, "PUT", "/files/a.bin", "application/octet-stream", b"\x00\x01raw")
    assert status == 201


def test_a_required_binary_body_that_was_not_sent_is_missing(engine: Engine) -> None:
    status, messages = _send(engine, "PUT", "/files/a.bin", "application/octet-stream", b"")
    assert (status, messages) == (422, ["the request body is required"])


def test_json_null_is_checked_against_the_schema(engine: Engine) -> None:
    status, messages = _send(engine, "POST", "/things", "application/json", b"null")
    assert status == 422
    assert messages and "object" in messages[0]


def test_broken_json_is_reported_once(engine: Engine) -> None:
    status, messages = _send(engine, "POST", "/things", "application/json", b'{"name": ')
    assert status == 400
    assert len(messages) == 1


def test_objects_in_a_query_array_are_read_as_json(tmp_path: Path) -> None:
    tag = {"type": "object", "required": ["Key"], "properties": {"Key": {"type": "string"}}}
    tags = {"name": "Tags", "in": "query", "schema": {"type": "array", "items": tag}}
    document = openapi(
        {"/tags": {"get": {"parameters": [tags], "responses": {"200": {"description": "ok"}}}}},
        version="3.0.3",
    )
    engine = Engine.from_source(str(write_spec(tmp_path, document)))
    query = (("Tags", '{"Key": "a"}'), ("Tags", '{"Key": "b"}'))
    assert engine.respond(Request("GET", "/tags", query=query)).status == 200
    wrong = (("Tags", '{"Value": "a"}'),)  # still checked: Key is required
    assert engine.respond(Request("GET", "/tags", query=wrong)).status == 422
