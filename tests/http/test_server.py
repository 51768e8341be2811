"""The pet store served in-process and through a real socket: the behaviour users meet."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from judge import Judge
from serving import Client
from specmock.engine import Engine
from specmock.spec.model import MediaType


def media_of(engine: Engine, key: str, status: str = "200") -> MediaType:
    return engine.spec.operation(key).responses[status].content["application/json"]


def assert_valid(engine: Engine, key: str, response: httpx.Response, status: str = "200") -> Any:
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert Judge(engine.spec).errors(media_of(engine, key, status), body) == []
    return body


def test_get_by_id_returns_that_id(client: Client, petstore_engine: Engine) -> None:
    response = client.request("GET", "/pets/42")
    assert response.status_code == 200
    assert response.headers["x-specmock-source"] == "generated"
    assert assert_valid(petstore_engine, "GET /pets/{petId}", response)["id"] == 42


def test_base_path_is_optional(client: Client) -> None:
    assert client.request("GET", "/v1/pets/7").json()["id"] == 7
    assert client.request("GET", "/pets/7").json()["id"] == 7


def test_limit_gives_that_many_items(client: Client, petstore_engine: Engine) -> None:
    response = client.request("GET", "/pets", params={"limit": 5})
    body = assert_valid(petstore_engine, "GET /pets", response)
    assert len(body["data"]) == 5


def test_following_next_cursor_gives_the_next_page(client: Client, petstore_engine: Engine) -> None:
    first = client.request("GET", "/pets", params={"limit": 3}).json()
    assert first["has_more"] is True and first["next_cursor"]
    response = client.request("GET", "/pets", params={"limit": 3, "cursor": first["next_cursor"]})
    second = assert_valid(petstore_engine, "GET /pets", response)
    first_ids = {p["id"] for p in first["data"]}
    assert first_ids.isdisjoint(p["id"] for p in second["data"])


def test_documented_headers_are_generated(client: Client) -> None:
    remaining = client.request("GET", "/pets").headers["x-ratelimit-remaining"]
    assert 0 <= int(remaining) <= 1000


def test_created_item_has_a_location(client: Client, petstore_engine: Engine) -> None:
    response = client.request("POST", "/v1/pets", json={"name": "Rex", "species": "dog"})
    assert response.status_code == 201
    body = assert_valid(petstore_engine, "POST /pets", response, "201")
    assert response.headers["location"] == f"/v1/pets/{body['id']}"


def test_no_content_has_no_body(client: Client) -> None:
    response = client.request("DELETE", "/pets/3")
    assert response.status_code == 204
    assert response.content == b""
    assert "content-type" not in response.headers


def test_head_answers_without_a_body(client: Client) -> None:
    response = client.request("HEAD", "/pets/3")
    assert response.status_code == 200
    assert response.content == b""


def test_unknown_path_lists_the_nearest(client: Client) -> None:
    response = client.request("GET", "/petz")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 404 and "/pets" in problem["nearest"]
    assert {"type", "title", "detail"} <= set(problem)


def test_other_method_is_405_with_allow(client: Client) -> None:
    response = client.request("PATCH", "/pets")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD, POST"


def test_literal_segment_wins_over_template(client: Client, petstore_engine: Engine) -> None:
    response = client.request("GET", "/pets/search", params={"q": "rex"})
    assert_valid(petstore_engine, "GET /pets/search", response)


def test_validation_lists_every_violation_with_its_place(client: Client) -> None:
    response = client.request(
        "POST", "/pets?limit=0", json={"name": "", "species": "dragon", "tags": "x"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {e["pointer"] for e in errors if e["in"] == "body"} >= {"/name", "/species", "/tags"}


def test_query_and_path_are_typed_before_validation(client: Client) -> None:
    response = client.request("GET", "/pets", params={"limit": "500", "species": "dragon"})
    assert response.status_code == 422
    places = {(e["in"], e["name"]) for e in response.json()["errors"]}
    assert places == {("query", "species"), ("query", "limit")}
    response = client.request("GET", "/pets/abc")
    assert [(e["in"], e["name"]) for e in response.json()["errors"]] == [("path", "petId")]


def test_missing_required_query_parameter(client: Client) -> None:
    response = client.request("GET", "/pets/search")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "in": "query",
            "name": "q",
            "pointer": "",
            "message": "required query parameter q is missing",
        }
    ]


def test_malformed_json_is_400(client: Client) -> None:
    response = client.request(
        "POST", "/pets", content=b'{"name": ', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["in"] == "body"


def test_undocumented_content_type_is_415(client: Client) -> None:
    response = client.request(
        "POST", "/pets", content=b"name=Rex", headers={"content-type": "text/csv"}
    )
    assert response.status_code == 415


def test_missing_required_body_is_422(client: Client) -> None:
    response = client.request("POST", "/pets")
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "the request body is required"


def test_multipart_upload_reports_the_file(client: Client, petstore_engine: Engine) -> None:
    response = client.request(
        "POST",
        "/pets/3/photo",
        files={"file": ("rex.png", b"\x89PNG....", "image/png")},
        data={"caption": "Rex"},
    )
    body = assert_valid(petstore_engine, "POST /pets/{petId}/photo", response, "201")
    assert (body["file_name"], body["size"], body["content_type"]) == ("rex.png", 8, "image/png")


def test_multipart_without_the_required_file_is_422(client: Client) -> None:
    response = client.request("POST", "/pets/3/photo", files={"caption": (None, b"Rex")})
    assert response.status_code == 422
    assert "file" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("prefer", "status", "source"),
    [
        ("code=404", 404, "generated"),
        ("example=rex", 200, "example"),
        ("dynamic=false", 200, "example"),
        ("dynamic=true", 200, "generated"),
        ("code=200, dynamic=false", 200, "example"),
        ("code=200 example=rex", 200, "example"),
    ],
)
def test_prefer_header(client: Client, prefer: str, status: int, source: str) -> None:
    response = client.request("GET", "/pets/9", headers={"prefer": prefer})
    assert response.status_code == status
    assert response.headers["x-specmock-source"] == source


def test_prefer_example_returns_that_example(client: Client) -> None:
    response = client.request("GET", "/pets/9", headers={"prefer": "example=rex"})
    assert response.json()["name"] == "Rex"


def test_prefer_seed_changes_the_answer_and_is_stable(client: Client) -> None:
    def get(seed: int) -> Any:
        headers = {"prefer": f"dynamic=true, seed={seed}"}
        return client.request("GET", "/owners/5", headers=headers).json()

    assert get(1) == get(1)
    assert get(1) != get(2)


def test_prefer_quality_production_fills_every_property(client: Client) -> None:
    headers = {"prefer": "quality=production"}
    body = client.request("GET", "/owners/5", headers=headers).json()
    assert {"id", "name", "email", "phone", "address", "pets"} <= set(body)


@pytest.mark.parametrize(
    "prefer", ["code=999", "code=abc", "dynamic=maybe", "quality=great", "example=nope"]
)
def test_bad_preferences_are_400(client: Client, prefer: str) -> None:
    response = client.request("GET", "/pets/9", headers={"prefer": prefer})
    assert response.status_code == 400, response.text


def test_undocumented_prefer_code_is_400(client: Client) -> None:
    assert client.request("GET", "/health", headers={"prefer": "code=418"}).status_code == 400


@pytest.mark.parametrize(
    ("accept", "status"),
    [
        ("application/json", 200),
        ("application/*", 200),
        ("*/*", 200),
        ("text/html, */*;q=0.1", 200),
        ("application/xml", 406),
        ("application/json;q=0", 406),
    ],
)
def test_accept_negotiation(client: Client, accept: str, status: int) -> None:
    response = client.request("GET", "/pets/9", headers={"accept": accept})
    assert response.status_code == status
    if status == 406:
        assert response.json()["available"] == ["application/json"]


def test_admin_health_and_operations(client: Client) -> None:
    assert client.request("GET", "/__specmock/health").json() == {"status": "ok"}
    operations = client.request("GET", "/__specmock/operations").json()["operations"]
    get_pet = next(o for o in operations if o["operationId"] == "getPet")
    assert get_pet["method"] == "GET" and get_pet["path"] == "/pets/{petId}"
    assert get_pet["patterns"][0]["name"] == "crud"
    assert 0 < get_pet["patterns"][0]["confidence"] <= 1
    assert get_pet["strategy"] in {"static", "dynamic", "template", "intelligent"}
