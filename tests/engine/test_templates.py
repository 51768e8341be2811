"""Answers that follow the recognised pattern and the request, and stay valid."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from builders import json_response, openapi, path_param, query_param, write_spec
from corpus import EXAMPLES
from judge import Judge
from specmock.config import Quality, Strategy
from specmock.engine import Engine, Generated
from specmock.http import create_app
from specmock.http.transport import MockTransport
from specmock.models import Inputs
from specmock.spec import load


@pytest.fixture(scope="module", params=[Quality.BASIC, Quality.REALISTIC, Quality.PRODUCTION])
def petstore(request: pytest.FixtureRequest) -> Engine:
    return Engine.from_source(EXAMPLES / "petstore.yaml", quality=request.param)


def answer(engine: Engine, operation: str, **request: Any) -> Generated:
    """Generate, and check the body with the independent judge before returning it."""
    result = engine.generate(operation, inputs=Inputs.from_json(request))
    media = engine.operation(operation).responses[result.status].content[result.media_type or ""]
    assert Judge(engine.spec).errors(media, result.body) == []
    assert result.problems == ()
    return result


def test_read_returns_the_path_id(petstore: Engine) -> None:
    result = answer(petstore, "getPet", path={"petId": "42"})
    assert result.strategy in (Strategy.TEMPLATE, Strategy.INTELLIGENT)
    assert result.body["id"] == 42


def test_one_world_read_list_and_update_agree(petstore: Engine) -> None:
    page = answer(petstore, "listPets", query={"limit": 5}).body["data"]
    third = answer(petstore, "getPet", path={"petId": 3}).body
    assert page[2] == third
    updated = answer(
        petstore, "updatePet", path={"petId": 3}, body={"name": "Max", "species": "cat"}
    ).body
    assert updated["name"] == "Max"
    assert updated["species"] == "cat"
    unchanged = {k: v for k, v in third.items() if k not in {"name", "species"}}
    assert {k: updated[k] for k in unchanged} == unchanged


def test_the_same_entity_in_another_process(petstore: Engine) -> None:
    fresh = Engine(load(EXAMPLES / "petstore.yaml"), quality=petstore.quality)
    assert (
        answer(fresh, "getPet", path={"petId": 8}).body
        == answer(petstore, "getPet", path={"petId": 8}).body
    )


def test_create_returns_the_posted_fields_with_a_new_id(petstore: Engine) -> None:
    posted = {"name": "Rex", "species": "dog", "tags": ["good-boy"], "weight_kg": 12.5}
    body = answer(petstore, "createPet", body=posted).body
    assert {k: body[k] for k in posted} == posted
    assert isinstance(body["id"], int)
    again = answer(petstore, "createPet", body=posted).body
    assert again["id"] == body["id"]  # the same post creates the same item


def test_a_posted_write_only_field_does_not_come_back(tmp_path: Path) -> None:
    user = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "integer", "readOnly": True},
            "name": {"type": "string"},
            "password": {"type": "string", "writeOnly": True},
        },
    }
    body = {"content": {"application/json": {"schema": user}}}
    created = {"201": {"description": "made", **body}}
    document = openapi(
        {"/users": {"post": {"requestBody": body, "responses": created}}}, version="3.0.3"
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    made = answer(engine, "POST /users", body={"name": "Ann", "password": "s3cret!"}).body
    assert made["name"] == "Ann"  # the other posted fields still come back
    assert "password" not in made


@pytest.mark.parametrize("limit", [1, 5, 17])
def test_limit_gives_that_many_items(petstore: Engine, limit: int) -> None:
    body = answer(petstore, "listPets", query={"limit": limit}).body
    assert len(body["data"]) == limit


def test_limit_is_capped_by_max_items(tmp_path: Path) -> None:
    item = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    schema = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "maxItems": 3, "items": item},
            "next_cursor": {"type": ["string", "null"]},
        },
    }
    path = write_spec(
        tmp_path,
        openapi(
            {
                "/things": {
                    "get": {
                        "parameters": [
                            query_param("limit"),
                            query_param("cursor", "string"),
                        ],
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": schema}},
                            }
                        },
                    }
                }
            }
        ),
    )
    engine = Engine.from_source(path)
    assert len(answer(engine, "GET /things", query={"limit": 10}).body["items"]) == 3


def test_cursor_walks_the_whole_collection_and_stops(petstore: Engine) -> None:
    seen: list[int] = []
    query: dict[str, Any] = {"limit": 25}
    for _ in range(20):
        body = answer(petstore, "listPets", query=query).body
        seen += [pet["id"] for pet in body["data"]]
        if not body["has_more"]:
            assert body.get("next_cursor") is None
            break
        query = {"limit": 25, "cursor": body["next_cursor"]}
    else:
        pytest.fail("the cursor never reached the last page")
    assert seen == list(range(1, len(seen) + 1))
    assert len(seen) >= 20


def test_a_byte_token_is_base64_and_walks_the_collection(tmp_path: Path) -> None:
    # Google's and Vectara's page tokens are {"type": "string", "format": "byte"}: the
    # cursor must be base64 text (openapi-schema-validator checks it), and following it
    # must still give the next page
    item = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    schema = {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": item},
            "nextPageToken": {"type": "string", "format": "byte"},
        },
    }
    params = [
        query_param("pageSize"),
        query_param("pageToken", "string"),
    ]
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
    path = write_spec(
        tmp_path,
        openapi(
            {"/things": {"get": {"parameters": params, "responses": responses}}}, version="3.0.3"
        ),
    )
    engine = Engine.from_source(path)
    seen: list[int] = []
    query: dict[str, Any] = {"pageSize": 7}
    for _ in range(30):
        body = answer(engine, "GET /things", query=query).body  # judged, formats included
        seen += [thing["id"] for thing in body["items"]]
        if "nextPageToken" not in body:
            break
        query = {"pageSize": 7, "pageToken": body["nextPageToken"]}
    else:
        pytest.fail("the token never reached the last page")
    assert seen == list(range(1, len(seen) + 1))
    assert len(seen) > 7


def test_page_and_per_page_agree_with_the_items(petstore: Engine) -> None:
    body = answer(petstore, "searchPets", query={"q": "rex", "page": 2, "per_page": 4}).body
    assert body["page"] == 2
    assert body["per_page"] == 4
    assert [item["id"] for item in body["items"]] == [5, 6, 7, 8]
    assert body["total"] >= 8


def test_search_results_mention_the_term(petstore: Engine) -> None:
    body = answer(petstore, "searchPets", query={"q": "fluffy", "per_page": 5}).body
    assert body["items"]
    assert all("fluffy" in item["name"] for item in body["items"])


def test_list_honours_exact_filters(petstore: Engine) -> None:
    body = answer(petstore, "listPets", query={"limit": 6, "species": "cat"}).body
    assert {pet["species"] for pet in body["data"]} == {"cat"}


def test_login_token_is_clearly_a_mock(petstore: Engine) -> None:
    body = answer(petstore, "login", body={"username": "ada", "password": "secret"}).body
    assert body["access_token"].startswith("mock_")
    assert body["token_type"] == "Bearer"
    assert 60 <= body["expires_in"] <= 86400


def test_upload_response_describes_the_file(petstore: Engine) -> None:
    body = answer(
        petstore,
        "uploadPetPhoto",
        path={"petId": 1},
        files={"file": {"filename": "rex.png", "size": 2048, "media_type": "image/png"}},
    ).body
    assert body["file_name"] == "rex.png"
    assert body["size"] == 2048
    assert body["content_type"] == "image/png"


def test_string_ids_come_back_as_written(tmp_path: Path) -> None:
    thing = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}},
    }
    path = write_spec(
        tmp_path,
        openapi(
            {
                "/things/{thingId}": {
                    "get": {
                        "parameters": [
                            {
                                "name": "thingId",
                                "in": "path",
                                "required": True,
                                "schema": {"type": "string"},
                            }
                        ],
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": thing}},
                            }
                        },
                    }
                }
            }
        ),
    )
    engine = Engine.from_source(path)
    wanted = "3f1c2a4e-8b7d-4c6a-9e2f-1a2b3c4d5e6f"
    assert answer(engine, "GET /things/{thingId}", path={"thingId": wanted}).body["id"] == wanted
    # An id the schema cannot hold is not forced in: the answer stays valid.
    assert answer(engine, "GET /things/{thingId}", path={"thingId": "nope"}).body["id"] != "nope"


def _read_by(tmp_path: Path, param: str, fields: dict[str, Any], status: str = "200") -> Engine:
    """An engine for ``GET /things/{<param>}`` answering an object of ``fields``."""
    thing = {"type": "object", "required": list(fields), "properties": fields}
    parameter = path_param(param)
    responses = {status: {"description": "ok", "content": {"application/json": {"schema": thing}}}}
    document = openapi(
        {f"/things/{{{param}}}": {"get": {"parameters": [parameter], "responses": responses}}}
    )
    return Engine.from_source(write_spec(tmp_path, document))


@pytest.mark.parametrize(
    ("param", "fields", "carrier"),
    [
        # the field named like the parameter carries it, though there is an id as well
        ("username", {"id": {"type": "integer"}, "username": {"type": "string"}}, "username"),
        ("thingId", {"ID": {"type": "string"}, "label": {"type": "string"}}, "ID"),  # any case
        ("thingId", {"Id": {"type": "string"}, "label": {"type": "string"}}, "Id"),
    ],
)
def test_the_path_id_comes_back_in_the_field_that_names_it(
    tmp_path: Path, param: str, fields: dict[str, Any], carrier: str
) -> None:
    engine = _read_by(tmp_path, param, fields)
    body = answer(engine, f"GET /things/{{{param}}}", path={param: "ann-7"}).body
    assert body[carrier] == "ann-7"


def test_an_integer_path_id_comes_back_as_a_string_id(tmp_path: Path) -> None:
    thing = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    parameter = path_param("thingId", {"type": "integer"})
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": thing}}}}
    document = openapi(
        {"/things/{thingId}": {"get": {"parameters": [parameter], "responses": responses}}}
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert answer(engine, "GET /things/{thingId}", path={"thingId": 80723}).body["id"] == "80723"


def test_a_default_only_answer_is_shaped_like_a_success(tmp_path: Path) -> None:
    fields = {"id": {"type": "string"}, "label": {"type": "string"}}
    engine = _read_by(tmp_path, "thingId", fields, status="default")
    result = answer(engine, "GET /things/{thingId}", path={"thingId": "t-42"})
    assert result.strategy in (Strategy.TEMPLATE, Strategy.INTELLIGENT)
    assert result.body["id"] == "t-42"


def test_a_paged_list_of_names_takes_the_page_size_and_walks(tmp_path: Path) -> None:
    page = {
        "type": "object",
        "properties": {
            "Names": {"type": "array", "items": {"type": "string"}},
            "NextToken": {"type": "string"},
        },
    }
    params = [
        query_param("PageSize"),
        query_param("NextToken", "string"),
    ]
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    document = openapi({"/names": {"get": {"parameters": params, "responses": responses}}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    first = answer(engine, "GET /names", query={"PageSize": 3}).body
    assert len(first["Names"]) == 3
    second = answer(
        engine, "GET /names", query={"PageSize": 3, "NextToken": first["NextToken"]}
    ).body
    assert len(second["Names"]) == 3
    assert second["Names"] != first["Names"]


def test_a_template_that_cannot_make_an_item_leaves_the_plain_answer(tmp_path: Path) -> None:
    # the identifier lists strings under an integer type: no id can be made (gov.bc.ca's
    # job types); the field is optional, so the plain answer leaves it out
    bad = {"type": "integer", "enum": ["Full-Time", "Part-Time"]}
    item = {"type": "object", "properties": {"ID": bad, "Caption": {"type": "string"}}}
    page = {"type": "array", "items": item}
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    document = openapi(
        {"/jobTypes": {"get": {"operationId": "listJobTypes", "responses": responses}}}
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    body = answer(engine, "listJobTypes").body  # judged valid; no 500
    assert all("ID" not in entry for entry in body)


@pytest.mark.parametrize("quality", [Quality.BASIC, Quality.REALISTIC])  # basic leaves meta out
def test_paging_fields_inside_nested_objects_are_set_there(
    tmp_path: Path, quality: Quality
) -> None:
    item = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    page = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "data": {"type": "array", "items": item},
            "meta": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"total": {"type": "integer"}},
            },
            "links": {  # optional, with a required field of its own
                "type": "object",
                "additionalProperties": False,
                "required": ["self"],
                "properties": {"self": {"type": "string"}, "next": {"type": ["string", "null"]}},
            },
        },
    }
    params = [
        query_param("limit"),
        query_param("cursor", "string"),
    ]
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    document = openapi(
        {
            "/items": {
                "get": {"operationId": "listItems", "parameters": params, "responses": responses}
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document), quality=quality)
    query: dict[str, Any] = {"limit": 7}
    seen: list[int] = []
    for _ in range(40):
        body = answer(engine, "listItems", query=query).body  # judged: no stray keys
        assert set(body) <= {"data", "meta", "links"}
        total = body["meta"]["total"]
        seen += [entry["id"] for entry in body["data"]]
        following = body["links"].get("next")
        if following is None:
            break
        query = {"limit": 7, "cursor": following.rsplit("cursor=", 1)[-1]}
    assert len(seen) == total  # the cursor walked every item once, and the total agrees
    assert len(set(seen)) == total


def test_foreign_keys_point_at_listed_items(petstore: Engine) -> None:
    listed = {pet["id"] for pet in answer(petstore, "listPets", query={"limit": 20}).body["data"]}
    for index in range(10):
        order = petstore.generate("placeOrder", index=index, inputs=Inputs()).body
        assert order["pet_id"] in listed


def test_token_answer_echoes_requested_scope(tmp_path: Path) -> None:
    token = {
        "type": "object",
        "required": ["access_token", "token_type", "expires_in"],
        "properties": {
            "access_token": {"type": "string"},
            "token_type": {"type": "string"},
            "expires_in": {"type": "integer"},
            "scope": {"type": "string"},
        },
    }
    form = {
        "type": "object",
        "properties": {"grant_type": {"type": "string"}, "scope": {"type": "string"}},
    }
    path = write_spec(
        tmp_path,
        openapi(
            {
                "/oauth/token": {
                    "post": {
                        "requestBody": {
                            "content": {"application/x-www-form-urlencoded": {"schema": form}}
                        },
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {"application/json": {"schema": token}},
                            }
                        },
                    }
                }
            }
        ),
    )
    engine = Engine.from_source(path)
    body = answer(
        engine, "POST /oauth/token", body={"grant_type": "client_credentials", "scope": "read"}
    ).body
    assert body["scope"] == "read"
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["access_token"].startswith("mock_")


def test_item_with_an_array_field_is_not_taken_for_a_list(petstore: Engine) -> None:
    # An Owner has a `pets` array; GET /owners/{id} is still one owner, with the path id.
    assert answer(petstore, "getOwner", path={"ownerId": "77"}).body["id"] == 77


def test_a_page_number_beside_a_cursor_pages(tmp_path: Path) -> None:
    # openstates' /events takes "before" (a position the recogniser reads as a cursor) and
    # "page": a request that sends only the page number gets that page, not the first
    item = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    page = {
        "type": "object",
        "properties": {
            "results": {"type": "array", "items": item},
            "pagination": {
                "type": "object",
                "properties": {"page": {"type": "integer"}, "total_items": {"type": "integer"}},
            },
        },
    }
    params = [
        query_param("before", "string"),
        query_param("page"),
        query_param("per_page"),
    ]
    responses = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    document = openapi({"/events": {"get": {"parameters": params, "responses": responses}}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    second = answer(engine, "GET /events", query={"page": 2, "per_page": 3}).body
    assert [event["id"] for event in second["results"]] == [4, 5, 6]


def _linked_pages(tmp_path: Path) -> Path:
    # Twilio's lists: Page, PageSize and PageToken, answered with meta.next_page_url, a
    # URL; a link the client follows as it is
    fields = {"sid": {"type": "string"}, "status": {"type": "string"}, "to": {"type": "string"}}
    item = {"type": "object", "required": ["sid", "status"], "properties": fields}
    meta = {
        "type": "object",
        "properties": {
            "page": {"type": "integer"},
            "page_size": {"type": "integer"},
            "next_page_url": {"type": "string", "format": "uri", "nullable": True},
        },
    }
    page = {
        "type": "object",
        "properties": {"faxes": {"type": "array", "items": item}, "meta": meta},
    }
    params = [
        {"name": name, "in": "query", "schema": {"type": kind}}
        for name, kind in (
            ("Status", "string"),
            ("PageSize", "integer"),
            ("Page", "integer"),
            ("PageToken", "string"),
        )
    ]
    read = {"type": "object", "required": ["sid", "status"], "properties": fields}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    one = {"200": {"description": "ok", "content": {"application/json": {"schema": read}}}}
    sid = path_param("Sid")
    document = openapi(
        {
            "/v1/Faxes": {"get": {"parameters": params, "responses": ok}},
            "/v1/Faxes/{Sid}": {"get": {"parameters": [sid], "responses": one}},
        },
        version="3.0.3",
    )
    return write_spec(tmp_path, document)


def test_a_next_link_leads_back_to_the_mock_and_walks_the_collection(tmp_path: Path) -> None:
    transport = MockTransport(create_app(Engine.from_source(_linked_pages(tmp_path))))
    seen: list[str] = []
    with httpx.Client(transport=transport, base_url="https://fax.example.com") as client:
        url: str | None = "/v1/Faxes?PageSize=7&Status=sent"
        for _ in range(40):
            assert url is not None
            body = client.get(url).json()
            seen += [fax["sid"] for fax in body["faxes"]]
            url = body["meta"].get("next_page_url")
            if url is None:
                break
            # the link is absolute, to where the request went, and keeps the filters
            assert url.startswith("https://fax.example.com/v1/Faxes?")
            assert "Status=sent" in url and "PageSize=7" in url
        else:
            pytest.fail("the next link never reached the last page")
    assert len(seen) == len(set(seen)) > 7


def test_a_next_link_without_a_host_is_still_a_uri(tmp_path: Path) -> None:
    # the library answers with no request URL: the link still validates as a URI (judged)
    engine = Engine.from_source(_linked_pages(tmp_path))
    first = answer(engine, "GET /v1/Faxes", query={"PageSize": 3}).body
    link = first["meta"]["next_page_url"]
    token = parse_qs(urlsplit(link).query)["PageToken"][0]
    second = answer(engine, "GET /v1/Faxes", query={"PageSize": 3, "PageToken": token}).body
    assert len(second["faxes"]) == 3
    assert not {f["sid"] for f in second["faxes"]} & {f["sid"] for f in first["faxes"]}


def test_a_listed_item_reads_the_same_by_the_id_its_read_takes(tmp_path: Path) -> None:
    # the items' identifier is "sid", named by the read beside the listing, not "id"
    engine = Engine.from_source(_linked_pages(tmp_path))
    listed = answer(engine, "GET /v1/Faxes", query={"PageSize": 4}).body["faxes"]
    for fax in listed:
        assert answer(engine, "GET /v1/Faxes/{Sid}", path={"Sid": fax["sid"]}).body == fax


@pytest.mark.parametrize("quality", [Quality.REALISTIC, Quality.PRODUCTION])
def test_a_summary_and_a_detail_of_one_item_agree(tmp_path: Path, quality: Quality) -> None:
    # a listing describes its items by a summary schema, the read by a fuller one (AWS's
    # DataSetEntry and GetDataSetResponse): one item, the same values where both have a field
    shared = {
        "Id": {"type": "string"},
        "Name": {"type": "string"},
        "CreatedAt": {"type": "string", "format": "date-time"},
        "Origin": {"type": "string", "enum": ["OWNED", "ENTITLED"]},
        # values an object's fields share: one person, one timeline, one currency
        "lastName": {"type": "string"},
        "email": {"type": "string", "format": "email"},
        "updatedAt": {"type": "string", "format": "date-time"},
        "price": {"type": "number"},
    }
    owner = {"id": {"type": "integer"}, "name": {"type": "string"}}
    tag = {"type": "object", "required": ["label"], "properties": {"label": {"type": "string"}}}
    summary = {
        "type": "object",
        "required": [*shared, "owner", "tags"],
        "properties": {
            **shared,
            "owner": {"type": "object", "required": list(owner), "properties": owner},
            "tags": {"type": "array", "items": tag, "minItems": 1},
        },
    }
    first = {
        "firstName": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "currency": {"type": "string"},
    }
    fuller = {"avatar_url": {"type": "string", "format": "uri"}, **owner}
    detail = {
        "type": "object",
        "required": [*first, *shared, "owner", "tags"],
        "properties": {
            **first,
            "Arn": {"type": "string"},
            **shared,
            "owner": {"type": "object", "required": list(fuller), "properties": fuller},
            "tags": {"type": "array", "items": tag, "minItems": 1},
        },
    }
    page = {"type": "object", "properties": {"DataSets": {"type": "array", "items": summary}}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    one = {"200": {"description": "ok", "content": {"application/json": {"schema": detail}}}}
    data_set = path_param("DataSetId")
    document = openapi(
        {
            "/v1/data-sets": {"get": {"responses": ok}},
            "/v1/data-sets/{DataSetId}": {"get": {"parameters": [data_set], "responses": one}},
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document), quality=quality)
    listed = answer(engine, "GET /v1/data-sets").body["DataSets"]
    assert listed
    for item in listed:
        read = answer(engine, "GET /v1/data-sets/{DataSetId}", path={"DataSetId": item["Id"]}).body
        assert {k: read[k] for k in item if k in read and k != "owner"} == {
            k: v for k, v in item.items() if k != "owner"
        }
        # the detail's owner has an avatar besides: the fields both have agree
        assert {k: read["owner"][k] for k in item["owner"]} == item["owner"]


def test_a_client_named_id_comes_back_from_the_create(tmp_path: Path) -> None:
    # a create that names its own key (PUT-less sandboxes, AWS's client tokens): the
    # created item carries the key posted, and reading it by that key gives the same item
    fields = {"poolId": {"type": "string"}, "label": {"type": "string"}}
    item = {"type": "object", "required": ["poolId"], "properties": fields}
    created = {"201": {"description": "ok", "content": {"application/json": {"schema": item}}}}
    body = {"content": {"application/json": {"schema": item}}, "required": True}
    read = {"200": {"description": "ok", "content": {"application/json": {"schema": item}}}}
    param = path_param("poolId")
    document = openapi(
        {
            "/pools": {"post": {"requestBody": body, "responses": created}},
            "/pools/{poolId}": {"get": {"parameters": [param], "responses": read}},
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    made = answer(engine, "POST /pools", body={"poolId": "pool-7", "label": "demo"}).body
    assert made["poolId"] == "pool-7" and made["label"] == "demo"
    again = answer(engine, "GET /pools/{poolId}", path={"poolId": "pool-7"}).body
    assert {k: again[k] for k in made if k != "label"} == {
        k: v for k, v in made.items() if k != "label"
    }


def test_an_update_named_by_its_body_answers_the_fields_it_sets(tmp_path: Path) -> None:
    # AWS's RPC updates name the item in the body: POST /UpdateAlert {AlertArn, ...}
    fields = {"AlertArn": {"type": "string"}, "Threshold": {"type": "integer"}}
    sent = {"type": "object", "required": ["AlertArn"], "properties": fields}
    back = {"type": "object", "properties": {"AlertArn": {"type": "string"}}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": back}}}}
    body = {"content": {"application/json": {"schema": sent}}, "required": True}
    document = openapi(
        {
            "/UpdateAlert": {
                "post": {"operationId": "UpdateAlert", "requestBody": body, "responses": ok}
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    arn = "arn:aws:lookoutmetrics:us-east-1:123456789012:Alert:demo"
    result = answer(engine, "UpdateAlert", body={"AlertArn": arn, "Threshold": 70})
    assert result.strategy in (Strategy.TEMPLATE, Strategy.INTELLIGENT)
    assert result.body["AlertArn"] == arn


def test_search_results_mention_the_term_in_a_field_named_otherwise(tmp_path: Path) -> None:
    # Parliament's bills: no "name" or "title", but "shortTitle" beside ids and dates
    fields = {
        "billId": {"type": "integer"},
        "shortTitle": {"type": "string"},
        "lastUpdate": {"type": "string", "format": "date-time"},
        "currentHouse": {"type": "string", "enum": ["Commons", "Lords"]},
    }
    item = {"type": "object", "required": list(fields), "properties": fields}
    page = {"type": "object", "properties": {"items": {"type": "array", "items": item}}}
    params = [
        query_param("SearchTerm", "string"),
        query_param("Take"),
        query_param("Skip"),
    ]
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    document = openapi({"/api/v1/Bills": {"get": {"parameters": params, "responses": ok}}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    found = {m.name: m for m in engine.patterns("GET /api/v1/Bills") if m.recognised}
    assert found["search"].params.get("query") == "SearchTerm"
    items = answer(engine, "GET /api/v1/Bills", query={"SearchTerm": "zebra", "Take": 4}).body
    assert len(items["items"]) == 4
    assert all("zebra" in item["shortTitle"] for item in items["items"])


def test_every_credential_of_a_token_answer_says_it_is_a_mock(tmp_path: Path) -> None:
    # the description's examples are real-looking tokens (Docker Hub's login, api.video's):
    # the answer's tokens say they are test data, a JWT by its claims
    fields = {
        "access_token": {"type": "string", "example": "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"},
        "refresh_token": {"type": "string", "example": "myRefreshToken"},
        "id_token": {"type": "string"},
        "token_type": {"type": "string"},
    }
    token = {"type": "object", "required": list(fields), "properties": fields}
    form = {
        "type": "object",
        "required": ["username", "password"],
        "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
    }
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": token}}}}
    body = {"content": {"application/json": {"schema": form}}, "required": True}
    document = openapi(
        {"/auth/login": {"post": {"summary": "Log in", "requestBody": body, "responses": ok}}}
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    got = answer(engine, "POST /auth/login", body={"username": "ada", "password": "pw"}).body
    assert got["access_token"].startswith("mock_")
    assert got["refresh_token"].startswith("mock_")
    _header, claims, _signature = got["id_token"].split(".")
    decoded = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    assert decoded["mock"] is True and decoded["iss"] == "specmock"


def test_an_item_in_an_envelope_is_the_listed_item(tmp_path: Path) -> None:
    # Hetzner's {"certificate": {...}} and Apideck's {"status": 200, "data": {...}}: the
    # read carries the path id inside the envelope, and the item agrees with the listing
    fields = {"id": {"type": "integer"}, "name": {"type": "string"}}
    item = {"type": "object", "required": ["id", "name"], "properties": fields}
    page = {"type": "object", "properties": {"certificates": {"type": "array", "items": item}}}
    one = {
        "type": "object",
        "required": ["certificate"],
        "properties": {"status": {"type": "integer"}, "certificate": item},
    }
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    read = {"200": {"description": "ok", "content": {"application/json": {"schema": one}}}}
    param = path_param("id", {"type": "integer"})
    body = {"content": {"application/json": {"schema": item}}, "required": True}
    document = openapi(
        {
            "/certificates": {"get": {"responses": ok}},
            "/certificates/{id}": {
                "get": {"parameters": [param], "responses": read},
                "put": {"parameters": [param], "requestBody": body, "responses": read},
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    last = answer(engine, "GET /certificates").body["certificates"][-1]
    read = answer(engine, "GET /certificates/{id}", path={"id": last["id"]}).body
    assert read["certificate"] == last
    put = {"id": last["id"], "name": "renamed"}
    updated = answer(engine, "PUT /certificates/{id}", path={"id": last["id"]}, body=put).body
    assert updated["certificate"] == {**last, "name": "renamed"}


def test_a_key_named_by_the_path_comes_back_in_a_credential_answer(tmp_path: Path) -> None:
    # Twilio's /v1/Secrets/{Key}: an auth answer, whose "key" is the item's identifier
    fields = {"key": {"type": "string"}, "date_rotated": {"type": "string"}}
    secret = {"type": "object", "required": ["key"], "properties": fields}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": secret}}}}
    param = path_param("Key")
    get = {
        "operationId": "FetchAccountSecret",
        "description": "Retrieve a Secret for an Account.",
        "parameters": [param],
        "responses": ok,
    }
    document = openapi({"/v1/Secrets/{Key}": {"get": get}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert "auth" in {m.name for m in engine.patterns("GET /v1/Secrets/{Key}") if m.recognised}
    body = answer(engine, "GET /v1/Secrets/{Key}", path={"Key": "db-password"}).body
    assert body["key"] == "db-password"


def test_a_link_header_walks_the_collection(tmp_path: Path) -> None:
    # GitHub's lists: a bare array, ?per_page and ?page, and the pages in a Link header
    repo = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    params = [
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 30}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "default": 1}},
    ]
    link = {"Link": {"schema": {"type": "string"}}}
    ok = {
        "200": {
            "description": "ok",
            "headers": link,
            "content": {"application/json": {"schema": {"type": "array", "items": repo}}},
        }
    }
    since = [query_param("since")]
    document = openapi(
        {
            "/user/repos": {"get": {"parameters": params, "responses": ok}},
            # no position the mock can move: no Link at all, rather than a made-up one
            "/repositories": {"get": {"parameters": since, "responses": ok}},
        }
    )
    transport = MockTransport(create_app(Engine.from_source(write_spec(tmp_path, document))))
    seen: list[int] = []
    with httpx.Client(transport=transport, base_url="https://api.github.example") as client:
        assert "link" not in client.get("/repositories").headers
        response = client.get("/user/repos", params={"per_page": 8})
        assert "last" in response.links and "first" in response.links
        for _ in range(30):
            seen += [item["id"] for item in response.json()]
            if "next" not in response.links:
                break
            following = response.links["next"]["url"]
            assert following.startswith("https://api.github.example/user/repos?")
            response = client.get(following)
        else:
            pytest.fail("the Link header never reached the last page")
    assert seen == list(range(1, len(seen) + 1)) and len(seen) > 8


def test_a_page_not_sized_by_the_request_has_the_documented_default_size(tmp_path: Path) -> None:
    repo = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    params = [
        {"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 7}},
        query_param("page"),
    ]
    ok = {
        "200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"type": "array", "items": repo}}},
        }
    }
    document = openapi({"/user/repos": {"get": {"parameters": params, "responses": ok}}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert [r["id"] for r in answer(engine, "GET /user/repos").body] == list(range(1, 8))
    second = answer(engine, "GET /user/repos", query={"page": 2}).body
    assert [r["id"] for r in second] == list(range(8, 15))


def test_a_next_page_object_takes_the_cursor_and_the_link(tmp_path: Path) -> None:
    # HubSpot: {"results": [...], "paging": {"next": {"after": "...", "link": "..."}}}
    item = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    following = {
        "type": "object",
        "required": ["after"],
        "properties": {"after": {"type": "string"}, "link": {"type": "string"}},
    }
    page = {
        "type": "object",
        "required": ["results"],
        "properties": {
            "results": {"type": "array", "items": item},
            "paging": {"type": "object", "properties": {"next": following}},
        },
    }
    params = [
        query_param("after", "string"),
        query_param("limit"),
    ]
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    document = openapi({"/cms/v3/domains": {"get": {"parameters": params, "responses": ok}}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    seen: list[int] = []
    query: dict[str, Any] = {"limit": 9}
    for _ in range(30):
        body = answer(engine, "GET /cms/v3/domains", query=query).body
        seen += [item["id"] for item in body["results"]]
        following_page = body.get("paging", {}).get("next")
        if following_page is None:
            break
        assert "after=" in following_page["link"]
        query = {"limit": 9, "after": following_page["after"]}
    else:
        pytest.fail("the cursor never reached the last page")
    assert seen == list(range(1, len(seen) + 1)) and len(seen) > 9


def test_a_page_token_of_a_credential_listing_still_walks(tmp_path: Path) -> None:
    # Google's apikeys: listing keys is auth, and nextPageToken ends like a credential
    key = {"type": "object", "required": ["uid"], "properties": {"uid": {"type": "string"}}}
    page = {
        "type": "object",
        "properties": {
            "keys": {"type": "array", "items": key},
            "nextPageToken": {"type": "string"},
        },
    }
    params = [
        query_param("pageSize"),
        query_param("pageToken", "string"),
    ]
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    get = {"operationId": "apikeys.keys.list", "parameters": params, "responses": ok}
    document = openapi({"/v2/keys": {"get": get}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert {"auth", "pagination"} <= {m.name for m in engine.patterns("GET /v2/keys")}
    first = answer(engine, "GET /v2/keys", query={"pageSize": 3}).body
    token = first["nextPageToken"]
    second = answer(engine, "GET /v2/keys", query={"pageSize": 3, "pageToken": token}).body
    assert {k["uid"] for k in second["keys"]}.isdisjoint({k["uid"] for k in first["keys"]})


def test_a_numeric_marker_walks_the_collection(tmp_path: Path) -> None:
    # Box: ?marker=&limit=, answered with an integer next_marker
    item = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    page = {
        "type": "object",
        "properties": {
            "entries": {"type": "array", "items": item},
            "next_marker": {"type": "integer", "nullable": True},
        },
    }
    params = [
        query_param("marker", "string"),
        query_param("limit"),
    ]
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    document = openapi(
        {"/folders": {"get": {"parameters": params, "responses": ok}}}, version="3.0.3"
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    seen: list[int] = []
    query: dict[str, Any] = {"limit": 8}
    for _ in range(30):
        body = answer(engine, "GET /folders", query=query).body
        seen += [item["id"] for item in body["entries"]]
        if body.get("next_marker") is None:
            break
        query = {"limit": 8, "marker": str(body["next_marker"])}
    else:
        pytest.fail("the marker never reached the last page")
    assert seen == list(range(1, len(seen) + 1)) and len(seen) > 8


def test_search_results_mention_the_term_inside_json_api_attributes(tmp_path: Path) -> None:
    # JSON:API items keep their text in "attributes" (art19, openfintech, Red Hat's)
    attributes = {"type": "object", "properties": {"title": {"type": "string"}}}
    item = {
        "type": "object",
        "required": ["id", "type", "attributes"],
        "properties": {
            "id": {"type": "string"},
            "type": {"type": "string"},
            "attributes": attributes,
        },
    }
    page = {"type": "object", "properties": {"data": {"type": "array", "items": item}}}
    params = [
        query_param("q", "string"),
        query_param("page[size]"),
        query_param("page[number]"),
    ]
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}}
    document = openapi({"/series": {"get": {"parameters": params, "responses": ok}}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    body = answer(engine, "GET /series", query={"q": "zebra", "page[size]": 4}).body
    assert len(body["data"]) == 4
    assert all("zebra" in item["attributes"]["title"] for item in body["data"])


def test_an_update_named_by_an_id_in_its_body_answers_that_id(tmp_path: Path) -> None:
    # AWS IoT RoboRunner's POST /updateSite {"id": arn, ...}: no path names the item
    fields = {"id": {"type": "string"}, "name": {"type": "string"}}
    site = {"type": "object", "required": ["id"], "properties": fields}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": site}}}}
    body = {"content": {"application/json": {"schema": site}}, "required": True}
    update = {"operationId": "UpdateSite", "requestBody": body, "responses": ok}
    document = openapi({"/updateSite": {"post": update}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    arn = "arn:aws:iotroborunner:us-east-1:123456789012:site/abc"
    result = answer(engine, "UpdateSite", body={"id": arn, "name": "Depot"})
    assert result.body == {**result.body, "id": arn, "name": "Depot"}


def test_a_posted_credential_comes_back_as_posted(tmp_path: Path) -> None:
    # Vonage's external accounts: linking a Messenger page posts its access token, and the
    # created account holds that token, not a new mock one
    fields = {"external_id": {"type": "string"}, "access_token": {"type": "string"}}
    account = {"type": "object", "required": list(fields), "properties": fields}
    created = {"201": {"description": "ok", "content": {"application/json": {"schema": account}}}}
    body = {"content": {"application/json": {"schema": account}}, "required": True}
    post = {"operationId": "createMessengerAccount", "requestBody": body, "responses": created}
    document = openapi({"/messenger": {"post": post}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert "auth" in {m.name for m in engine.patterns("createMessengerAccount") if m.recognised}
    sent = {"external_id": "page-1", "access_token": "EAAB-page-token"}
    assert answer(engine, "createMessengerAccount", body=sent).body == sent


def test_a_listed_key_reads_with_the_same_token(tmp_path: Path) -> None:
    # Rumble's /account/keys: reading a key is an auth answer, and its token stays the one
    # the listing shows (already test data), not a new mock token
    fields = {"id": {"type": "string"}, "token": {"type": "string"}, "comment": {"type": "string"}}
    key = {"type": "object", "required": list(fields), "properties": fields}
    listing = {"type": "array", "items": key}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": listing}}}}
    one = {"200": {"description": "ok", "content": {"application/json": {"schema": key}}}}
    param = path_param("key_id")
    read = {"operationId": "getAccountKey", "parameters": [param], "responses": one}
    document = openapi(
        {
            "/account/keys": {"get": {"operationId": "getAccountKeys", "responses": ok}},
            "/account/keys/{key_id}": {"get": read},
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert "auth" in {m.name for m in engine.patterns("getAccountKey") if m.recognised}
    for item in answer(engine, "getAccountKeys").body:
        assert item["token"].startswith("mock_")
        assert answer(engine, "getAccountKey", path={"key_id": item["id"]}).body == item


def test_the_id_field_is_the_one_the_path_parameter_describes(tmp_path: Path) -> None:
    # no "id": the item's identifier is the field of the path parameter's own $ref
    # ("uid"), not the secret "key" the resource is named after (Cloudflare's turn keys)
    identifier = {"$ref": "#/components/schemas/Identifier"}
    key = {
        "type": "object",
        "required": ["uid", "key"],
        "properties": {"uid": identifier, "key": {"type": "string", "minLength": 8}},
    }
    document = openapi(
        {
            "/turn_keys": {
                "get": {
                    "parameters": [
                        query_param("page"),
                        query_param("per_page"),
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"type": "array", "items": key}}
                            },
                        }
                    },
                }
            },
            "/turn_keys/{key_id}": {
                "get": {
                    "parameters": [path_param("key_id", identifier)],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": key}},
                        }
                    },
                }
            },
        },
        components={"schemas": {"Identifier": {"type": "string", "maxLength": 32}}},
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    read = answer(engine, "GET /turn_keys/{key_id}", path={"key_id": "k-42"}).body
    assert read["uid"] == "k-42"
    for item in answer(engine, "GET /turn_keys", query={"per_page": 3}).body:
        assert answer(engine, "GET /turn_keys/{key_id}", path={"key_id": item["uid"]}).body == item


@pytest.mark.parametrize(
    ("size", "wrapped"), [("limit", False), ("maxResults", True)], ids=["limit", "maxResults"]
)
def test_a_lone_limit_that_pages_nothing_still_gives_that_many_items(
    tmp_path: Path, size: str, wrapped: bool
) -> None:
    # the labels' README: a lone limit only truncates; truncating is still a promise
    thing = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    }
    listed: dict[str, Any] = {"type": "array", "items": thing}
    if wrapped:
        listed = {"type": "object", "properties": {"items": listed}}
    parameter = {"name": size, "in": "query", "schema": {"type": "integer", "default": 100}}
    document = openapi(
        {
            "/things": {
                "get": {
                    "parameters": [parameter],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": listed}},
                        }
                    },
                }
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    for asked in (1, 5, 7):
        body = answer(engine, "GET /things", query={size: asked}).body
        items = body["items"] if wrapped else body
        assert len(items) == asked
        assert len({item["id"] for item in items}) == asked
    # its default is a ceiling, not a page: unasked, the answer is not blown up to it
    body = answer(engine, "GET /things").body
    assert len(body["items"] if wrapped else body) < 100


def test_a_foreign_key_agrees_between_a_summary_and_a_detail(tmp_path: Path) -> None:
    # the detail has more fields than the summary, so the values drawn before the foreign
    # key differ: the foreign key is drawn by the item and its name, not after them
    owner = {"type": "object", "properties": {"id": {"type": "integer", "minimum": 1}}}
    summary = {
        "type": "object",
        "required": ["id", "owner_id"],
        "properties": {"id": {"type": "integer"}, "owner_id": {"type": "integer"}},
    }
    detail = {
        "type": "object",
        "required": ["id", "owner_id", "name", "notes", "size"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "notes": {"type": "string"},
            "size": {"type": "integer", "minimum": 1, "maximum": 9},
            "owner_id": {"type": "integer"},
            "headers": {"type": "object", "additionalProperties": {"type": "string"}},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }

    def ok(schema: dict[str, Any]) -> dict[str, Any]:
        return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}

    def path_id(name: str) -> list[dict[str, Any]]:
        return [path_param(name, {"type": "integer"})]

    paging = [
        query_param("page"),
        query_param("per_page"),
    ]
    document = openapi(
        {
            "/owners": {
                "get": {"parameters": paging, "responses": ok({"type": "array", "items": owner})}
            },
            "/owners/{ownerId}": {
                "get": {"parameters": path_id("ownerId"), "responses": ok(owner)}
            },
            "/things": {
                "get": {"parameters": paging, "responses": ok({"type": "array", "items": summary})}
            },
            "/things/{thingId}": {
                "get": {"parameters": path_id("thingId"), "responses": ok(detail)}
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    listed = answer(engine, "GET /things", query={"per_page": 6}).body
    assert len(listed) == 6
    for item in listed:
        read = answer(engine, "GET /things/{thingId}", path={"thingId": item["id"]}).body
        assert read["owner_id"] == item["owner_id"]


@pytest.mark.parametrize(
    "id_schema",
    [
        {"type": "string", "example": "123e4567-e89b-12d3-a456-426614174000"},
        {"type": "string", "example": "5f3a9c00"},
        {"type": "string", "example": "12345"},
        # Telnyx: a format no suffix fits, the example listed under "examples"
        {"type": "string", "format": "int64", "examples": ["1293384261075731499"]},
    ],
    ids=["uuid", "hex", "digits", "int64-examples"],
)
def test_listed_ids_never_repeat_the_descriptions_example(
    tmp_path: Path, id_schema: dict[str, Any]
) -> None:
    # an id whose generation takes the description's example would repeat it
    thing = {"type": "object", "properties": {"id": id_schema, "name": {"type": "string"}}}
    paging = [
        query_param("page"),
        query_param("per_page"),
    ]
    listed = {"type": "array", "items": thing}
    document = openapi(
        {
            "/things": {
                "get": {
                    "parameters": paging,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": listed}},
                        }
                    },
                }
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    ids = [t["id"] for t in answer(engine, "GET /things", query={"per_page": 40}).body]
    assert len(ids) == 40 and len(set(ids)) == 40


def _listing_and_read(tmp_path: Path, read_param: dict[str, Any], list_path: str) -> Engine:
    thing = {
        "type": "object",
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    }
    paging = [
        query_param("$top"),
        query_param("$skip"),
    ]
    listed = {"type": "object", "properties": {"value": {"type": "array", "items": thing}}}
    own = [path_param(n[1:-1], read_param) for n in list_path.split("/") if n.startswith("{")]
    ok = {"description": "ok", "content": {"application/json": {"schema": listed}}}
    one = {"description": "ok", "content": {"application/json": {"schema": thing}}}
    item = path_param("templateName", read_param)
    paths: dict[str, Any] = {
        list_path: {"get": {"parameters": paging + own, "responses": {"200": ok}}}
    }
    if not own:
        paths[list_path + "/{templateName}"] = {
            "get": {"parameters": [item], "responses": {"200": one}}
        }
    return Engine.from_source(write_spec(tmp_path, openapi(paths)))


def test_items_read_by_an_enumerated_parameter_are_its_values_in_order(tmp_path: Path) -> None:
    # Azure's email templates: GET .../templates/{templateName}, templateName an enum
    names = [f"template{n}" for n in range(1, 8)]
    engine = _listing_and_read(tmp_path, {"type": "string", "enum": names}, "/templates")
    first = answer(engine, "GET /templates", query={"$top": 3}).body["value"]
    second = answer(engine, "GET /templates", query={"$top": 3, "$skip": 3}).body["value"]
    assert [t["id"] for t in first + second] == names[:6]
    for item in first:
        read = answer(engine, "GET /templates/{templateName}", path={"templateName": item["id"]})
        assert read.body == item


def test_a_listings_own_enumerated_parameter_does_not_name_its_items(tmp_path: Path) -> None:
    # Google+: GET /people/{collection}, collection "plusoners" or "resharers", lists people
    enum = {"type": "string", "enum": ["plusoners", "resharers"]}
    engine = _listing_and_read(tmp_path, enum, "/people/{collection}")
    path = {"collection": "plusoners"}
    first = answer(engine, "GET /people/{collection}", path=path, query={"$top": 3}).body["value"]
    second = answer(
        engine, "GET /people/{collection}", path=path, query={"$top": 3, "$skip": 3}
    ).body["value"]
    ids = [t["id"] for t in first + second]
    assert len(set(ids)) == 6 and not set(ids) & {"plusoners", "resharers"}


def test_a_page_size_field_beside_the_page_number_states_the_size_asked(tmp_path: Path) -> None:
    # Telnyx: page[size] asked, meta.page_size answered beside meta.page_number
    thing = {"type": "object", "properties": {"id": {"type": "string"}}}
    meta = {
        "type": "object",
        "properties": {
            "page_number": {"type": "integer"},
            "page_size": {"type": "integer"},
            "total_pages": {"type": "integer"},
            "total_results": {"type": "integer"},
        },
    }
    listed = {
        "type": "object",
        "properties": {"data": {"type": "array", "items": thing}, "meta": meta},
    }
    paging = [
        {"name": "page[number]", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "page[size]", "in": "query", "schema": {"type": "integer", "maximum": 250}},
    ]
    ok = {"description": "ok", "content": {"application/json": {"schema": listed}}}
    document = openapi({"/apps": {"get": {"parameters": paging, "responses": {"200": ok}}}})
    engine = Engine.from_source(write_spec(tmp_path, document))
    body = answer(engine, "GET /apps", query={"page[size]": 3, "page[number]": 2}).body
    assert len(body["data"]) == 3
    meta_out = body["meta"]
    assert meta_out["page_size"] == 3 and meta_out["page_number"] == 2
    assert meta_out["total_pages"] == -(-meta_out["total_results"] // 3)


def test_a_start_written_as_text_pages_by_its_offset(tmp_path: Path) -> None:
    # Elasticsearch-style "from" + "size", both declared as strings
    hit = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
    }
    page = {
        "type": "object",
        "properties": {"total": {"type": "integer"}, "hits": {"type": "array", "items": hit}},
    }
    params = [query_param(n, "string") for n in ("q", "from", "size")]
    document = openapi(
        {
            "/search": {
                "get": {
                    "operationId": "search",
                    "parameters": params,
                    "responses": json_response(page),
                }
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    first = answer(engine, "search", query={"q": "kiwi", "size": "3"}).body
    second = answer(engine, "search", query={"q": "kiwi", "size": "3", "from": "3"}).body
    assert len(first["hits"]) == len(second["hits"]) == 3
    assert first["total"] == second["total"]
    firsts = {hit["id"] for hit in first["hits"]}
    assert firsts.isdisjoint(hit["id"] for hit in second["hits"])
    again = answer(engine, "search", query={"q": "kiwi", "size": "6"}).body
    assert [hit["id"] for hit in again["hits"]] == [
        hit["id"] for hit in first["hits"] + second["hits"]
    ]


def _owned_pets(tmp_path: Path, owner_id_schema: dict[str, Any]) -> Engine:
    owner = {"type": "object", "properties": {"id": owner_id_schema, "name": {"type": "string"}}}
    pet = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "ownerId": owner_id_schema,
            "owner": {"$ref": "#/components/schemas/Owner"},
            "version": {"type": "string"},
        },
    }
    owner_param = path_param("owner", owner_id_schema)
    pet_param = path_param("petId", {"type": "integer"})
    version = path_param("version")
    one = json_response({"$ref": "#/components/schemas/Pet"})
    many = json_response({"type": "array", "items": {"$ref": "#/components/schemas/Pet"}})
    document = openapi(
        {
            "/owners/{owner}/pets": {
                "get": {
                    "operationId": "listOwnerPets",
                    "parameters": [
                        owner_param,
                        query_param("limit"),
                        query_param("offset"),
                    ],
                    "responses": many,
                },
                "post": {
                    "operationId": "addOwnerPet",
                    "parameters": [owner_param],
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        }
                    },
                    "responses": {"201": one["200"]},
                },
            },
            "/owners/{owner}/pets/{petId}": {
                "get": {
                    "operationId": "getOwnerPet",
                    "parameters": [owner_param, pet_param],
                    "responses": one,
                },
                "put": {
                    "operationId": "replaceOwnerPet",
                    "parameters": [owner_param, pet_param],
                    "requestBody": {
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}
                        }
                    },
                    "responses": one,
                },
            },
            "/api/{version}/pets": {
                "get": {
                    "operationId": "listVersionedPets",
                    "parameters": [version],
                    "responses": many,
                }
            },
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "parameters": [
                        query_param("limit"),
                        query_param("offset"),
                    ],
                    "responses": many,
                }
            },
            "/pets/{petId}": {
                "get": {"operationId": "getPet", "parameters": [pet_param], "responses": one}
            },
        },
        components={"schemas": {"Owner": owner, "Pet": pet}},
    )
    return Engine.from_source(write_spec(tmp_path, document))


@pytest.mark.parametrize(
    ("owner_schema", "sent", "expected", "other"),
    [
        pytest.param({"type": "integer"}, "7", 7, 8, id="integer-id"),
        pytest.param({"type": "string"}, "ada", "ada", "bob", id="string-id"),
    ],
)
def test_items_under_a_parent_belong_to_it(
    tmp_path: Path, owner_schema: dict[str, Any], sent: str, expected: Any, other: Any
) -> None:
    engine = _owned_pets(tmp_path, owner_schema)
    listed = answer(engine, "listOwnerPets", path={"owner": sent}, query={}).body
    read = answer(engine, "getOwnerPet", path={"owner": sent, "petId": "3"}).body
    # the path names the parent, whatever owner the body posts (as a stored item keeps it)
    created = answer(
        engine,
        "addOwnerPet",
        path={"owner": sent},
        body={"id": 77, "name": "Rex", "ownerId": other},
    ).body
    replaced = answer(
        engine,
        "replaceOwnerPet",
        path={"owner": sent, "petId": "3"},
        body={"id": 3, "name": "Rex", "ownerId": other},
    ).body
    assert replaced["name"] == "Rex"
    for pet in [*listed, read, created, replaced]:
        assert pet["ownerId"] == expected
        if "owner" in pet:
            assert pet["owner"]["id"] == expected
    assert listed and read["id"] == 3 and created["name"] == "Rex"


def test_a_pet_read_alone_names_the_owner_whose_listing_holds_it(tmp_path: Path) -> None:
    engine = _owned_pets(tmp_path, {"type": "integer"})
    seen: dict[int, int] = {}
    for owner in (1, 7, 8, 250):
        listed = answer(engine, "listOwnerPets", path={"owner": str(owner)}).body
        assert listed
        for pet in listed:
            assert pet["ownerId"] == owner
            assert seen.setdefault(pet["id"], owner) == owner  # no pet has two owners
            alone = answer(engine, "getPet", path={"petId": str(pet["id"])}).body
            assert alone["ownerId"] == owner
            if "owner" in alone:
                assert alone["owner"]["id"] == owner
            # the same pet, field by field, wherever it is read
            assert alone == pet
    # and the other way: the owner a pet of the flat listing names lists it
    flat = answer(engine, "listPets", query={"limit": "10", "offset": "10"}).body
    assert len({pet["ownerId"] for pet in flat}) > 1
    for pet in flat:
        owner = {"owner": str(pet["ownerId"])}
        pages = [
            answer(engine, "listOwnerPets", path=owner, query={"limit": "50", "offset": str(o)})
            for o in (0, 50)
        ]
        assert pet in [p for page in pages for p in page.body]
    # a pet created under its owner, read alone, names that owner (no state kept)
    created = answer(engine, "addOwnerPet", path={"owner": "7"}, body={"name": "Rex"}).body
    assert answer(engine, "getPet", path={"petId": str(created["id"])}).body["ownerId"] == 7


def test_a_path_value_that_names_no_parent_stays_out_of_the_items(tmp_path: Path) -> None:
    engine = _owned_pets(tmp_path, {"type": "integer"})
    listed = answer(engine, "listVersionedPets", path={"version": "v9"}).body
    assert listed
    assert all(pet.get("version") != "v9" for pet in listed)


def test_a_parent_by_a_generic_id_fills_only_fields_named_for_its_collection(
    tmp_path: Path,
) -> None:
    member = {
        "type": "object",
        "properties": {"pid": {"type": "string"}, "type": {"type": "string"}},
    }
    transaction = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "accountId": {"type": "string"}},
    }

    def listing(param: str, item: dict[str, Any], paged: bool) -> dict[str, Any]:
        params: list[dict[str, Any]] = [path_param(param)]
        if paged:
            params += [query_param(n) for n in ("limit", "offset")]
        return {
            "get": {
                "parameters": params,
                "responses": json_response({"type": "array", "items": item}),
            }
        }

    document = openapi(
        {
            "/collections/{pid}/members": listing("pid", member, True),
            "/bankAccounts/{accountId}/transactions": listing("accountId", transaction, False),
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    # "pid" after "collections" is a generic id: the members' own "pid" is theirs
    members = answer(
        engine, "GET /collections/{pid}/members", path={"pid": "c1"}, query={"limit": 3}
    ).body
    assert len({m.get("pid") for m in members}) == 3
    # "accountId" after "bankAccounts" names the account the transactions belong to
    transactions = answer(
        engine, "GET /bankAccounts/{accountId}/transactions", path={"accountId": "acc-9"}
    ).body
    assert transactions and all(t["accountId"] == "acc-9" for t in transactions)


def test_a_singleton_under_a_parent_is_the_parents(tmp_path: Path) -> None:
    settings = {
        "type": "object",
        "properties": {"accountId": {"type": "integer"}, "theme": {"type": "string"}},
    }
    param = path_param("accountId", {"type": "integer"})
    document = openapi(
        {
            "/accounts/{accountId}/settings": {
                "get": {
                    "operationId": "getSettings",
                    "parameters": [param],
                    "responses": json_response(settings),
                }
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert answer(engine, "getSettings", path={"accountId": "31"}).body["accountId"] == 31


def test_items_of_several_shapes_belong_to_their_parent(tmp_path: Path) -> None:
    # Stripe's external accounts: each a bank account or a card, each naming its account
    def shape(kind: str, extra: str) -> dict[str, Any]:
        return {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "object", "account"],
            "properties": {
                "id": {"type": "string"},
                "object": {"type": "string", "enum": [kind]},
                "account": {"type": "string", "maxLength": 40},
                extra: {"type": "string"},
            },
        }

    listed = {
        "type": "object",
        "properties": {
            "data": {
                "type": "array",
                "items": {"anyOf": [shape("bank_account", "routing"), shape("card", "brand")]},
            },
            "has_more": {"type": "boolean"},
        },
    }
    params = [
        path_param("account"),
        query_param("limit"),
        query_param("starting_after", "string"),
    ]
    document = openapi(
        {
            "/v1/accounts/{account}/external_accounts": {
                "get": {
                    "operationId": "listExternal",
                    "parameters": params,
                    "responses": json_response(listed),
                }
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    body = answer(engine, "listExternal", path={"account": "acct_42"}, query={"limit": 4}).body
    assert len(body["data"]) == 4
    assert all(item["account"] == "acct_42" for item in body["data"])


def test_a_generic_page_extended_by_allof_is_shaped_by_its_items(tmp_path: Path) -> None:
    # Spring's Page: a generic envelope whose content is untyped, narrowed by allOf
    page = {
        "type": "object",
        "properties": {
            "content": {"type": "array", "items": {}},
            "page": {"type": "integer"},
            "size": {"type": "integer"},
            "totalElements": {"type": "integer"},
            "totalPages": {"type": "integer"},
        },
    }
    review = {
        "type": "object",
        "properties": {
            "reviewId": {"type": "string", "format": "uuid"},
            "articleId": {"type": "string"},
            "title": {"type": "string"},
        },
    }
    reviews = {
        "allOf": [
            {"$ref": "#/components/schemas/Page"},
            {
                "properties": {
                    "content": {"type": "array", "items": {"$ref": "#/components/schemas/Review"}}
                }
            },
        ]
    }
    document = openapi(
        {
            "/articles/{articleId}/reviews": {
                "get": {
                    "operationId": "listReviews",
                    "parameters": [
                        path_param("articleId"),
                        query_param("page"),
                        query_param("pageSize"),
                    ],
                    "responses": json_response({"$ref": "#/components/schemas/ArticleReviews"}),
                }
            }
        },
        components={"schemas": {"Page": page, "Review": review, "ArticleReviews": reviews}},
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    pages = [
        answer(
            engine,
            "listReviews",
            path={"articleId": "shoe-1"},
            query={"pageSize": "3", "page": str(n)},
        ).body
        for n in (1, 2)
    ]
    for number, body in enumerate(pages, 1):
        assert len(body["content"]) == 3
        assert body["size"] == 3 and body["page"] == number
        assert body["totalPages"] == -(-body["totalElements"] // 3)
        assert all(item["articleId"] == "shoe-1" for item in body["content"])
    first, second = ({item["reviewId"] for item in body["content"]} for body in pages)
    assert not first & second


def test_an_item_in_an_envelope_and_the_envelope_name_its_parent(tmp_path: Path) -> None:
    # AWS's {"WorkloadId": …, "Milestone": {…, "Workload": {"WorkloadId": …}}}
    workload = {
        "type": "object",
        "properties": {"WorkloadId": {"type": "string"}, "Name": {"type": "string"}},
    }
    milestone = {
        "type": "object",
        "properties": {
            "MilestoneNumber": {"type": "integer"},
            "MilestoneName": {"type": "string"},
            "Workload": workload,
        },
    }
    answered = {
        "type": "object",
        "properties": {"WorkloadId": {"type": "string"}, "Milestone": milestone},
    }
    params = [
        path_param(name, {"type": kind})
        for name, kind in (("WorkloadId", "string"), ("MilestoneNumber", "integer"))
    ]
    document = openapi(
        {
            "/workloads/{WorkloadId}/milestones/{MilestoneNumber}": {
                "get": {
                    "operationId": "GetMilestone",
                    "parameters": params,
                    "responses": json_response(answered),
                }
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    body = answer(
        engine, "GetMilestone", path={"WorkloadId": "wl-9f2", "MilestoneNumber": "67"}
    ).body
    assert body["Milestone"]["MilestoneNumber"] == 67
    assert body["WorkloadId"] == "wl-9f2"
    assert body["Milestone"]["Workload"]["WorkloadId"] == "wl-9f2"


def test_a_pet_of_an_owner_known_by_uuid_names_that_owner_when_read_alone(
    tmp_path: Path,
) -> None:
    owner = {
        "type": "object",
        "properties": {"id": {"type": "string", "format": "uuid"}, "name": {"type": "string"}},
    }
    pet = {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "owner_id": {"type": "string", "format": "uuid"},
        },
    }

    def param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
        return path_param(name, schema)

    uuid = {"type": "string", "format": "uuid"}
    owners = {"type": "array", "items": {"$ref": "#/components/schemas/Owner"}}
    pets = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    document = openapi(
        {
            "/owners": {"get": {"operationId": "listOwners", "responses": json_response(owners)}},
            "/owners/{ownerId}": {
                "get": {
                    "operationId": "getOwner",
                    "parameters": [path_param("ownerId", uuid)],
                    "responses": json_response({"$ref": "#/components/schemas/Owner"}),
                }
            },
            "/owners/{ownerId}/pets": {
                "get": {
                    "operationId": "listOwnerPets",
                    "parameters": [path_param("ownerId", uuid)],
                    "responses": json_response(pets),
                }
            },
            "/pets/{petId}": {
                "get": {
                    "operationId": "getPet",
                    "parameters": [path_param("petId", {"type": "integer"})],
                    "responses": json_response({"$ref": "#/components/schemas/Pet"}),
                }
            },
        },
        components={"schemas": {"Owner": owner, "Pet": pet}},
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    listed_owners = answer(engine, "listOwners").body
    assert len(listed_owners) >= 2
    seen: dict[int, str] = {}
    for listed_owner in listed_owners[:2]:
        uid = listed_owner["id"]
        held = answer(engine, "listOwnerPets", path={"ownerId": uid}).body
        assert held
        for one in held:
            assert one["owner_id"] == uid
            assert seen.setdefault(one["id"], uid) == uid
            alone = answer(engine, "getPet", path={"petId": str(one["id"])}).body
            assert alone == one
    # an id the mock never handed out keeps its pets, but they are not scoped by it
    stranger = "8b0f7b2c-3f4e-4c51-9d1e-6a1f0c2d9e77"
    assert all(
        p["owner_id"] == stranger
        for p in answer(engine, "listOwnerPets", path={"ownerId": stranger}).body
    )


def test_a_scope_named_by_a_generic_id_never_renames_the_item(tmp_path: Path) -> None:
    # AWS's /evaluation-forms/{InstanceId}/{EvaluationFormId}: InstanceId names the
    # instance, not the form, though it follows the forms' segment
    form = {
        "type": "object",
        "properties": {"EvaluationFormId": {"type": "string"}, "Title": {"type": "string"}},
    }
    params = [path_param(name) for name in ("InstanceId", "EvaluationFormId")]
    document = openapi(
        {
            "/evaluation-forms/{InstanceId}/{EvaluationFormId}": {
                "get": {
                    "operationId": "DescribeEvaluationForm",
                    "parameters": params,
                    "responses": json_response(
                        {"type": "object", "properties": {"EvaluationForm": form}}
                    ),
                }
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    body = answer(
        engine,
        "DescribeEvaluationForm",
        path={"InstanceId": "inst-1", "EvaluationFormId": "form-7"},
    ).body
    assert body["EvaluationForm"]["EvaluationFormId"] == "form-7"


def test_items_named_by_words_keep_their_names_under_a_parent(tmp_path: Path) -> None:
    recording = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "callId": {"type": "integer"}},
    }
    call = path_param("id", {"type": "integer"})
    name = path_param("name")
    document = openapi(
        {
            "/calls/{id}/recordings": {
                "get": {
                    "operationId": "listRecordings",
                    "parameters": [call],
                    "responses": json_response({"type": "array", "items": recording}),
                }
            },
            "/calls/{id}/recordings/{name}": {
                "get": {
                    "operationId": "getRecording",
                    "parameters": [call, name],
                    "responses": json_response(recording),
                }
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    listed = answer(engine, "listRecordings", path={"id": "88351"}).body
    assert listed and all(r["callId"] == 88351 for r in listed)
    # a recording's name stays words, as the collection's names are, not a number
    assert not any(r["name"].isdigit() for r in listed)


@pytest.mark.parametrize(
    "pet_id",
    [
        pytest.param({"type": "string", "format": "uuid"}, id="uuid"),
        pytest.param(
            {
                "type": "string",
                "format": "uuid",
                "pattern": "^[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}$",
            },
            id="upper-case-uuid",
        ),
        pytest.param({"type": "string"}, id="words"),
        pytest.param({"type": "string", "pattern": "^[0-9]+$"}, id="digits"),
    ],
)
def test_pets_known_by_any_readable_id_name_their_owner_when_read_alone(
    tmp_path: Path, pet_id: dict[str, Any]
) -> None:
    pet = {
        "type": "object",
        "properties": {"id": pet_id, "name": {"type": "string"}, "ownerId": {"type": "integer"}},
    }

    def param(name: str, schema: dict[str, Any]) -> dict[str, Any]:
        return path_param(name, schema)

    pets = {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}
    document = openapi(
        {
            "/owners/{ownerId}/pets": {
                "get": {
                    "operationId": "listOwnerPets",
                    "parameters": [path_param("ownerId", {"type": "integer"})],
                    "responses": json_response(pets),
                }
            },
            "/pets": {"get": {"operationId": "listPets", "responses": json_response(pets)}},
            "/pets/{petId}": {
                "get": {
                    "operationId": "getPet",
                    "parameters": [path_param("petId")],
                    "responses": json_response({"$ref": "#/components/schemas/Pet"}),
                }
            },
        },
        components={"schemas": {"Pet": pet}},
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    seen: set[str] = set()
    for owner in (3, 12):
        held = answer(engine, "listOwnerPets", path={"ownerId": str(owner)}).body
        assert held
        for one in held:
            assert one["ownerId"] == owner and one["id"] not in seen
            seen.add(one["id"])
            assert answer(engine, "getPet", path={"petId": one["id"]}).body == one
    # a pet of the flat listing and the same pet read alone name one owner
    for one in answer(engine, "listPets").body[:5]:
        alone = answer(engine, "getPet", path={"petId": one["id"]}).body
        assert alone["ownerId"] == one["ownerId"]
    # an id the mock never gave still reads: the path's id comes back
    stranger = "0b5e1c8e-2f55-4f0e-9a57-3c1e2d4f5a6b" if "format" in pet_id else "rex"
    if "pattern" not in pet_id:
        assert answer(engine, "getPet", path={"petId": stranger}).body["id"] == stranger


def test_an_items_reference_names_the_ids_its_path_names(tmp_path: Path) -> None:
    # BigQuery's tables: tableReference {projectId, datasetId, tableId}
    reference = {
        "type": "object",
        "properties": {name: {"type": "string"} for name in ("projectId", "datasetId", "tableId")},
    }
    table = {
        "type": "object",
        "required": ["tableReference"],
        "properties": {"id": {"type": "string"}, "tableReference": reference},
    }
    names = ("projectId", "datasetId", "tableId")
    params = [path_param(n) for n in names]
    document = openapi(
        {
            "/projects/{projectId}/datasets/{datasetId}/tables/{tableId}": {
                "get": {
                    "operationId": "getTable",
                    "parameters": params,
                    "responses": json_response(table),
                }
            },
            "/projects/{projectId}/datasets/{datasetId}/tables": {
                "get": {
                    "operationId": "listTables",
                    "parameters": params[:2],
                    "responses": json_response(
                        {
                            "type": "object",
                            "properties": {"tables": {"type": "array", "items": table}},
                        }
                    ),
                }
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    path = {"projectId": "p1", "datasetId": "d1", "tableId": "t1"}
    read = answer(engine, "getTable", path=path).body
    assert read["tableReference"] == path
    listed = answer(engine, "listTables", path={"projectId": "p1", "datasetId": "d1"}).body
    assert listed["tables"]
    for one in listed["tables"]:
        assert one["tableReference"]["projectId"] == "p1"
        assert one["tableReference"]["datasetId"] == "d1"
        # listed or read alone, a table's reference names the table itself
        assert one["tableReference"]["tableId"] == one["id"]
        alone = answer(engine, "getTable", path={**path, "tableId": one["id"]}).body
        assert alone["tableReference"] == one["tableReference"]
