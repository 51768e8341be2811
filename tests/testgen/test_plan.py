"""The planner's requests: what it sends for parameters that name media types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from builders import openapi, write_spec
from specmock.spec import load
from specmock.testgen.plan import plan_suite


def _case(tmp_path: Path, parameter: dict[str, Any], media: str = "application/json") -> Any:
    document = openapi(
        {
            "/things": {
                "get": {
                    "parameters": [parameter],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {media: {"schema": {"type": "object"}}},
                        }
                    },
                }
            }
        },
        version="3.0.3",
    )
    (case,) = plan_suite(load(write_spec(tmp_path, document))).cases
    return case


@pytest.mark.parametrize(
    ("schema", "sent"),
    [
        ({"type": "string"}, "application/json"),  # no value given: the documented type
        ({"type": "string", "default": "application/vnd.acme+json"}, "application/vnd.acme+json"),
        ({"type": "string", "enum": ["text/html", "application/json"]}, "application/json"),
    ],
)
def test_an_accept_parameter_asks_for_a_media_type_the_answer_has(
    tmp_path: Path, schema: dict[str, Any], sent: str
) -> None:
    for required in (True, False):  # an optional Accept is sent too: it overrides httpx's
        parameter = {"name": "Accept", "in": "header", "required": required, "schema": schema}
        case = _case(tmp_path, parameter)
        assert case.skip is None
        assert case.status == 200
        assert dict(case.call.headers)["Accept"] == sent


def test_an_accept_parameter_for_another_type_is_answered_with_that_type(tmp_path: Path) -> None:
    parameter = {"name": "Accept", "in": "header", "required": True, "schema": {"type": "string"}}
    case = _case(tmp_path, parameter, media="application/vnd.acme.v2+json")
    assert dict(case.call.headers)["Accept"] == "application/vnd.acme.v2+json"
    assert case.status == 200


@pytest.mark.parametrize("media", ["application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_form_with_only_optional_fields_is_sent_with_fields(tmp_path: Path, media: str) -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string"}}}
    document = openapi(
        {
            "/things": {
                "post": {
                    "requestBody": {"required": True, "content": {media: {"schema": schema}}},
                    "responses": {"201": {"description": "made"}},
                }
            }
        },
        version="3.0.3",
    )
    (case,) = plan_suite(load(write_spec(tmp_path, document))).cases
    assert case.skip is None  # an empty form reads as no body: the mock would refuse it
    assert case.call.body  # fields are sent
    assert case.status == 201


def test_a_bare_file_multipart_body_is_sent_as_raw_content(tmp_path: Path) -> None:
    file = {"type": "object", "format": "file"}  # as converted from a Swagger 2.0 file body
    content = {
        "application/octet-stream": {"schema": file},
        "multipart/form-data": {"schema": file},
    }
    document = openapi(
        {
            "/analyze": {
                "post": {
                    "requestBody": {"required": True, "content": content},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        version="3.0.3",
    )
    (case,) = plan_suite(load(write_spec(tmp_path, document))).cases
    assert case.skip is None
    assert case.call.body_kind == "content"
    assert case.status == 200
