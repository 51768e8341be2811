"""Stateful mode: created items are stored, read, listed, updated and deleted, everywhere.

In process with the memory store, the State conformance suite over every store, and two
real server processes sharing one Redis.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builders import openapi, path_param, write_spec
from judge import Judge
from services import database_url, drop_database, redis_url, unique_namespace
from serving import PETSTORE, InProcess, free_port
from specmock.engine import Engine
from specmock.engine.state import MemoryState, RedisState, State, StateError, open_state
from specmock.engine.stateful import roles_of
from specmock.http import create_app

WIDGET = {"$ref": "#/components/schemas/Widget"}
FIELDS = {
    "name": {"type": "string", "minLength": 1, "maxLength": 40},
    "size": {"type": "integer", "minimum": 1, "maximum": 10},
    "color": {"type": "string", "enum": ["red", "blue"]},
}


def json_of(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def widgets(tmp_path: Path) -> Engine:
    """Widgets with uuid ids: offset paging, PATCH, a 204 delete and no documented 404."""
    limit = {"type": "integer", "minimum": 1, "maximum": 50, "default": 2}
    page = {
        "type": "object",
        "required": ["items", "total"],
        "properties": {
            "items": {"type": "array", "items": WIDGET},
            "total": {"type": "integer", "minimum": 0},
        },
    }
    document = openapi(
        {
            "/widgets": {
                "get": {
                    "parameters": [
                        {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                        {"name": "limit", "in": "query", "schema": limit},
                    ],
                    "responses": {"200": {"description": "ok", "content": json_of(page)}},
                },
                "post": {
                    "requestBody": {"required": True, "content": json_of({"$ref": "#/c/New"})},
                    "responses": {"201": {"description": "made", "content": json_of(WIDGET)}},
                },
            },
            "/widgets/{widgetId}": {
                "parameters": [
                    {
                        "name": "widgetId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "format": "uuid"},
                    }
                ],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(WIDGET)}}},
                "patch": {
                    "requestBody": {"content": json_of({"type": "object", "properties": FIELDS})},
                    "responses": {"200": {"description": "ok", "content": json_of(WIDGET)}},
                },
                "delete": {"responses": {"204": {"description": "gone"}}},
            },
        },
        components={
            "schemas": {
                "New": {"type": "object", "required": ["name", "size"], "properties": FIELDS},
                "Widget": {
                    "type": "object",
                    "required": ["id", "name", "size"],
                    "properties": {
                        "id": {"type": "string", "format": "uuid", "readOnly": True},
                        **FIELDS,
                    },
                },
            }
        },
    )
    text = write_spec(tmp_path, document).read_text().replace("#/c/New", "#/components/schemas/New")
    return Engine.from_source(write_spec(tmp_path, text))


@pytest.fixture
def petstore() -> Engine:
    return Engine.from_source(PETSTORE)


def stateful(engine: Engine, **options: Any) -> InProcess:
    return InProcess(create_app(engine, state=MemoryState(), **options))


def checked(
    engine: Engine, response: httpx.Response, key: str, status: int = 200, media: str = ""
) -> Any:
    """The body of a ``status`` answer, judged against the documented schema."""
    assert response.status_code == status, response.text
    op = engine.spec.operation(key)
    spec = op.responses[str(status)] if str(status) in op.responses else op.responses["default"]
    documented = spec.content[media or response.headers["content-type"].split(";")[0]]
    body = response.json()
    assert Judge(engine.spec).errors(documented, body) == []
    return body


# -- in process -----------------------------------------------------------------------


def test_created_pet_is_read_listed_updated_and_deleted(petstore: Engine) -> None:
    client = stateful(petstore)
    created = client.request("POST", "/pets", json={"name": "Rex", "species": "dog"})
    rex = checked(petstore, created, "POST /pets", 201)
    assert rex["id"] == 1 and rex["name"] == "Rex" and rex["species"] == "dog"
    assert created.headers["location"] == "/pets/1"
    assert created.headers["x-specmock-source"] == "state"

    assert checked(petstore, client.request("GET", "/pets/1"), "GET /pets/{petId}") == rex

    update = {"name": "Rexy", "species": "cat", "tags": ["old"]}
    updated = checked(petstore, client.request("PUT", "/pets/1", json=update), "PUT /pets/{petId}")
    assert {k: updated[k] for k in update} == update and updated["id"] == 1
    assert checked(petstore, client.request("GET", "/v1/pets/1"), "GET /pets/{petId}") == updated

    deleted = client.request("DELETE", "/pets/1")
    assert deleted.status_code == 204 and deleted.content == b""
    gone = client.request("GET", "/pets/1")
    problem = checked(petstore, gone, "GET /pets/{petId}", 404, "application/problem+json")
    assert problem["status"] == 404
    assert client.request("PUT", "/pets/1", json=update).status_code == 404
    assert client.request("DELETE", "/pets/1").status_code == 404


def test_never_created_item_is_404(petstore: Engine) -> None:
    response = stateful(petstore).request("GET", "/pets/42")
    checked(petstore, response, "GET /pets/{petId}", 404, "application/problem+json")


def test_list_pages_through_created_items_with_the_cursor(petstore: Engine) -> None:
    client = stateful(petstore)
    names = [f"Pet{n}" for n in range(5)]
    for name in names:
        client.request("POST", "/pets", json={"name": name, "species": "fish"})
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = checked(petstore, client.request("GET", "/pets", params=params), "GET /pets")
        seen += [pet["name"] for pet in page["data"]]
        assert page["has_more"] is (len(seen) < len(names))
        cursor = page.get("next_cursor")
        if not cursor:
            break
    assert seen == names
    everything = checked(petstore, client.request("GET", "/pets"), "GET /pets")
    assert [pet["id"] for pet in everything["data"]] == [1, 2, 3, 4, 5]


def test_a_stored_listing_honours_its_filters_and_pages_through_the_matches(
    petstore: Engine,
) -> None:
    client = stateful(petstore)
    for name, species in [("Rex", "dog"), ("Tom", "cat"), ("Fido", "dog"), ("Max", "dog")]:
        client.request("POST", "/pets", json={"name": name, "species": species})
    dogs = checked(petstore, client.request("GET", "/pets?species=dog"), "GET /pets")
    assert [p["name"] for p in dogs["data"]] == ["Rex", "Fido", "Max"] and not dogs["has_more"]
    first = checked(petstore, client.request("GET", "/pets?species=dog&limit=2"), "GET /pets")
    assert [p["name"] for p in first["data"]] == ["Rex", "Fido"] and first["has_more"]
    params = {"species": "dog", "limit": 2, "cursor": first["next_cursor"]}
    rest = checked(petstore, client.request("GET", "/pets", params=params), "GET /pets")
    assert [p["name"] for p in rest["data"]] == ["Max"] and not rest["has_more"]
    assert client.request("GET", "/pets?species=bird").json()["data"] == []


def test_a_stored_listing_finds_the_search_term_and_list_values(tmp_path: Path) -> None:
    book = {
        "type": "object",
        "required": ["id", "title"],
        "properties": {
            "id": {"type": "integer"},
            "title": {"type": "string"},
            "genre": {"enum": ["poetry", "crime"]},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    query = [
        {"name": "q", "in": "query", "schema": {"type": "string"}},
        {"name": "genre", "in": "query", "schema": {"enum": ["poetry", "crime"]}},
        {"name": "tags", "in": "query", "schema": {"type": "string"}},
    ]
    listing = {"type": "array", "items": book}
    document = openapi(
        {
            "/books": {
                "get": {
                    "summary": "Search books",
                    "parameters": query,
                    "responses": {"200": {"description": "ok", "content": json_of(listing)}},
                },
                "post": {
                    "requestBody": {"content": json_of({**book, "required": ["title"]})},
                    "responses": {"201": {"description": "made", "content": json_of(book)}},
                },
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    client = stateful(engine)
    for title, genre, tags in [
        ("The Waste Land", "poetry", ["modern"]),
        ("Murder on the Orient Express", "crime", ["train", "classic"]),
        ("Strangers on a Train", "crime", ["modern"]),
    ]:
        client.request("POST", "/books", json={"title": title, "genre": genre, "tags": tags})

    def titles(query: str) -> list[str]:
        answer = client.request("GET", f"/books?{query}")
        assert answer.headers["x-specmock-source"] == "state"
        return [b["title"] for b in checked(engine, answer, "GET /books")]

    # the term is found in any text of the item, whatever its case: a title, a tag
    assert titles("q=TRAIN") == ["Murder on the Orient Express", "Strangers on a Train"]
    assert titles("q=waste") == ["The Waste Land"]
    assert titles("q=on&genre=crime") == ["Murder on the Orient Express", "Strangers on a Train"]
    assert titles("tags=modern") == ["The Waste Land", "Strangers on a Train"]
    assert titles("q=nothing") == []


def test_empty_collection_lists_nothing(petstore: Engine) -> None:
    page = checked(petstore, stateful(petstore).request("GET", "/pets"), "GET /pets")
    assert page["data"] == [] and page["has_more"] is False


def test_offset_paging_patch_and_undocumented_404(tmp_path: Path) -> None:
    engine = widgets(tmp_path)
    client = stateful(engine)
    ids = []
    for n in range(3):
        body = {"name": f"w{n}", "size": n + 1}
        made = checked(engine, client.request("POST", "/widgets", json=body), "POST /widgets", 201)
        assert {k: made[k] for k in body} == body
        ids.append(made["id"])
    assert len(set(ids)) == 3

    first = checked(engine, client.request("GET", "/widgets"), "GET /widgets")
    assert [w["id"] for w in first["items"]] == ids[:2] and first["total"] == 3  # default 2
    rest = client.request("GET", "/widgets", params={"offset": 2, "limit": 5})
    assert [w["id"] for w in checked(engine, rest, "GET /widgets")["items"]] == ids[2:]

    patched = client.request("PATCH", f"/widgets/{ids[0]}", json={"color": "red"})
    widget = checked(engine, patched, "PATCH /widgets/{widgetId}")
    assert widget["color"] == "red" and widget["name"] == "w0" and widget["size"] == 1
    again = client.request("GET", f"/widgets/{ids[0]}")
    assert checked(engine, again, "GET /widgets/{widgetId}") == widget

    assert client.request("DELETE", f"/widgets/{ids[0]}").status_code == 204
    missing = client.request("GET", f"/widgets/{ids[0]}")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["status"] == 404 and ids[0] in missing.json()["detail"]
    left = checked(engine, client.request("GET", "/widgets"), "GET /widgets")
    assert left["total"] == 2


def owners_pets(tmp_path: Path, **fields: Any) -> Engine:
    """Pets kept per owner: ``/owners/{ownerId}/pets`` (list, create) and
    ``/owners/{ownerId}/pets/{petId}`` (read, replace); a pet has ``fields`` beside its
    id and name."""
    pet = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "integer", "minimum": 1},
            "name": {"type": "string"},
            **fields,
        },
    }
    owner_id = {"name": "ownerId", "in": "path", "required": True, "schema": {"type": "integer"}}
    pet_id = {"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"}}
    document = openapi(
        {
            "/owners/{ownerId}/pets": {
                "parameters": [owner_id],
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": json_of({"type": "array", "items": pet}),
                        }
                    }
                },
                "post": {
                    "requestBody": {
                        "content": json_of({"properties": {"name": {"type": "string"}}})
                    },
                    "responses": {"201": {"description": "made", "content": json_of(pet)}},
                },
            },
            "/owners/{ownerId}/pets/{petId}": {
                "parameters": [owner_id, pet_id],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(pet)}}},
                "put": {
                    "requestBody": {"content": json_of(pet)},
                    "responses": {"200": {"description": "ok", "content": json_of(pet)}},
                },
            },
        }
    )
    return Engine.from_source(write_spec(tmp_path, document))


def test_nested_collections_are_kept_per_parent(tmp_path: Path) -> None:
    client = stateful(owners_pets(tmp_path))
    assert client.request("POST", "/owners/1/pets", json={"name": "a"}).json()["id"] == 1
    assert client.request("POST", "/owners/2/pets", json={"name": "b"}).json()["id"] == 1
    assert [p["name"] for p in client.request("GET", "/owners/1/pets").json()] == ["a"]
    assert client.request("GET", "/owners/2/pets/1").json()["name"] == "b"
    assert client.request("GET", "/owners/3/pets/1").status_code == 404


def test_items_created_under_a_parent_are_stored_as_its_own(tmp_path: Path) -> None:
    engine = owners_pets(tmp_path, owner_id={"type": "integer"})
    client = stateful(engine)
    made = client.request("POST", "/owners/2/pets", json={"name": "b"})
    assert checked(engine, made, "POST /owners/{ownerId}/pets", 201)["owner_id"] == 2
    read = client.request("GET", "/owners/2/pets/1")
    assert checked(engine, read, "GET /owners/{ownerId}/pets/{petId}")["owner_id"] == 2
    put = client.request("PUT", "/owners/2/pets/1", json={"id": 1, "name": "c"})
    assert checked(engine, put, "PUT /owners/{ownerId}/pets/{petId}")["owner_id"] == 2
    listed = checked(engine, client.request("GET", "/owners/2/pets"), "GET /owners/{ownerId}/pets")
    assert [(p["name"], p["owner_id"]) for p in listed] == [("c", 2)]


INT = {"type": "integer", "minimum": 1}


def pets_and_owners(tmp_path: Path, *, flat_create: bool = True) -> Engine:
    """Pets kept flat (``/pets``: list, and create when ``flat_create``; ``/pets/{petId}``:
    read, replace, delete) and per owner (``/owners/{ownerId}/pets``: list, create;
    ``/owners/{ownerId}/pets/{petId}``: read, delete); a pet names its owner in
    ``owner_id``."""
    pet = {"$ref": "#/components/schemas/Pet"}
    new = {"type": "object", "properties": {"name": {"type": "string"}, "owner_id": INT}}
    owner_id = path_param("ownerId", INT)
    pet_id = path_param("petId", INT)
    listing = {
        "responses": {
            "200": {"description": "ok", "content": json_of({"type": "array", "items": pet})}
        }
    }
    create = {
        "requestBody": {"content": json_of(new)},
        "responses": {"201": {"description": "made", "content": json_of(pet)}},
    }
    read = {"responses": {"200": {"description": "ok", "content": json_of(pet)}}}
    flat: dict[str, Any] = {"get": listing, **({"post": create} if flat_create else {})}
    document = openapi(
        {
            "/pets": flat,
            "/pets/{petId}": {
                "parameters": [pet_id],
                "get": read,
                "put": {"requestBody": {"content": json_of(new)}, **read},
                "delete": {"responses": {"204": {"description": "gone"}}},
            },
            "/owners/{ownerId}/pets": {"parameters": [owner_id], "get": listing, "post": create},
            "/owners/{ownerId}/pets/{petId}": {
                "parameters": [owner_id, pet_id],
                "get": read,
                "delete": {"responses": {"204": {"description": "gone"}}},
            },
        },
        components={
            "schemas": {
                "Pet": {
                    "type": "object",
                    "required": ["id", "name", "owner_id"],
                    "properties": {"id": INT, "name": {"type": "string"}, "owner_id": INT},
                }
            }
        },
    )
    return Engine.from_source(write_spec(tmp_path, document))


@pytest.mark.parametrize("flat_create", [True, False], ids=["flat-create", "nested-create-only"])
def test_an_item_created_under_its_parent_is_one_item_everywhere(
    tmp_path: Path, flat_create: bool
) -> None:
    engine = pets_and_owners(tmp_path, flat_create=flat_create)
    client = stateful(engine)
    rex = checked(
        engine,
        client.request("POST", "/owners/7/pets", json={"name": "Rex"}),
        "POST /owners/{ownerId}/pets",
        201,
    )
    assert rex["owner_id"] == 7
    tom = client.request("POST", "/owners/8/pets", json={"name": "Tom"}).json()
    assert tom["id"] != rex["id"]  # one sequence for every owner's pets
    read = client.request("GET", f"/pets/{rex['id']}")
    assert read.headers["x-specmock-source"] == "state"
    assert checked(engine, read, "GET /pets/{petId}") == rex
    nested = client.request("GET", f"/owners/7/pets/{rex['id']}")
    assert checked(engine, nested, "GET /owners/{ownerId}/pets/{petId}") == rex
    assert client.request("GET", f"/owners/8/pets/{rex['id']}").status_code == 404
    every = checked(engine, client.request("GET", "/pets"), "GET /pets")
    assert every == [rex, tom]
    assert checked(
        engine, client.request("GET", "/owners/7/pets"), "GET /owners/{ownerId}/pets"
    ) == [rex]
    assert client.request("GET", "/owners/8/pets").json() == [tom]
    assert client.request("GET", "/owners/9/pets").json() == []

    assert client.request("DELETE", f"/pets/{rex['id']}").status_code == 204
    assert client.request("GET", "/owners/7/pets").json() == []
    assert client.request("GET", f"/owners/7/pets/{rex['id']}").status_code == 404
    assert client.request("GET", "/pets").json() == [tom]


def test_an_item_created_flat_is_held_by_the_parent_it_names(tmp_path: Path) -> None:
    engine = pets_and_owners(tmp_path)
    client = stateful(engine)
    made = client.request("POST", "/pets", json={"name": "Rex", "owner_id": 3})
    rex = checked(engine, made, "POST /pets", 201)
    assert rex["owner_id"] == 3
    assert client.request("GET", "/owners/3/pets").json() == [rex]
    assert client.request("GET", f"/owners/3/pets/{rex['id']}").json() == rex
    assert client.request("GET", "/owners/4/pets").json() == []
    # the owner its field names owns it: a delete there removes it everywhere
    assert client.request("DELETE", f"/owners/3/pets/{rex['id']}").status_code == 204
    assert client.request("GET", f"/pets/{rex['id']}").status_code == 404


def test_replacing_an_item_by_its_id_alone_keeps_its_parent(tmp_path: Path) -> None:
    engine = pets_and_owners(tmp_path)
    client = stateful(engine)
    rex = client.request("POST", "/owners/7/pets", json={"name": "Rex"}).json()
    put = client.request("PUT", f"/pets/{rex['id']}", json={"name": "Rexy"})
    assert checked(engine, put, "PUT /pets/{petId}") == {**rex, "name": "Rexy"}
    assert client.request("GET", "/owners/7/pets").json() == [{**rex, "name": "Rexy"}]


def test_naming_an_item_under_another_parent_adds_it_there(tmp_path: Path) -> None:
    """Teams made at ``/teams`` and added to runners by id: adding links, removing from a
    runner unlinks, and only a delete where the item was made removes it."""
    team = {"$ref": "#/components/schemas/Team"}
    runner_id = path_param("runnerId")
    team_id = path_param("teamId")
    made = {"201": {"description": "made", "content": json_of(team)}}
    ok_list = {"200": {"description": "ok", "content": json_of({"type": "array", "items": team})}}
    document = openapi(
        {
            "/teams": {
                "get": {"responses": ok_list},
                "post": {"requestBody": {"content": json_of(team)}, "responses": made},
            },
            "/teams/{teamId}": {
                "parameters": [team_id],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(team)}}},
            },
            "/runners/{runnerId}/teams": {
                "parameters": [runner_id],
                "get": {"responses": ok_list},
                "post": {"requestBody": {"content": json_of(team)}, "responses": made},
            },
            "/runners/{runnerId}/teams/{teamId}": {
                "parameters": [runner_id, team_id],
                "delete": {"responses": {"204": {"description": "gone"}}},
            },
        },
        components={
            "schemas": {
                "Team": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
                }
            }
        },
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    client = stateful(engine)
    ops = client.request("POST", "/teams", json={"id": "ops", "name": "Ops"}).json()
    linked = client.request("POST", "/runners/r1/teams", json={"id": "ops"})
    assert linked.status_code == 201 and linked.json() == ops
    assert client.request("POST", "/runners/r1/teams", json={"id": "ops"}).status_code == 409
    own = client.request("POST", "/runners/r2/teams", json={"id": "dev", "name": "Dev"}).json()
    assert client.request("GET", "/runners/r1/teams").json() == [ops]
    assert client.request("GET", "/teams").json() == [ops, own]

    assert client.request("DELETE", "/runners/r1/teams/ops").status_code == 204
    assert client.request("GET", "/runners/r1/teams").json() == []
    assert client.request("GET", "/teams/ops").json() == ops  # unlinked, not deleted
    assert client.request("DELETE", "/runners/r1/teams/ops").status_code == 404

    assert client.request("DELETE", "/runners/r2/teams/dev").status_code == 204
    assert client.request("GET", "/teams/dev").status_code == 404  # made there: gone
    assert client.request("GET", "/teams").json() == [ops]


def test_an_item_made_under_a_parent_has_an_id_its_read_alone_takes(tmp_path: Path) -> None:
    """Intercom's notes: a string id, made under a contact, read by an integer
    ``note_id`` alone; the id handed out is digits, in both modes."""
    note = {
        "type": "object",
        "required": ["id", "body"],
        "properties": {"id": {"type": "string"}, "body": {"type": "string"}},
    }
    document = openapi(
        {
            "/contacts/{contact_id}/notes": {
                "parameters": [path_param("contact_id")],
                "post": {
                    "requestBody": {
                        "content": json_of({"properties": {"body": {"type": "string"}}})
                    },
                    "responses": {"200": {"description": "made", "content": json_of(note)}},
                },
            },
            "/notes/{note_id}": {
                "parameters": [path_param("note_id", {"type": "integer"})],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(note)}}},
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    for client in (stateful(engine), InProcess(create_app(engine))):
        made = client.request("POST", "/contacts/c1/notes", json={"body": "hi"}).json()
        assert made["id"].isdigit()
        read = client.request("GET", f"/notes/{made['id']}")
        assert read.status_code == 200 and read.json()["id"] == made["id"]


def test_another_kind_under_the_same_noun_keeps_its_own_collection(tmp_path: Path) -> None:
    """Stripe's fee refunds, made under a fee, are not the refunds of ``/refunds``: the
    refunds listing holds only refunds."""

    def refund(kind: str) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["id", "object"],
            "properties": {"id": {"type": "string"}, "object": {"enum": [kind]}},
        }

    def made(kind: str) -> dict[str, Any]:
        return {"responses": {"200": {"description": "made", "content": json_of(refund(kind))}}}

    listing = {"type": "array", "items": refund("refund")}
    document = openapi(
        {
            "/refunds": {
                "get": {"responses": {"200": {"description": "ok", "content": json_of(listing)}}},
                "post": made("refund"),
            },
            "/refunds/{refund}": {
                "parameters": [path_param("refund")],
                "get": {
                    "responses": {
                        "200": {"description": "ok", "content": json_of(refund("refund"))}
                    }
                },
            },
            "/fees/{fee}/refunds": {"parameters": [path_param("fee")], "post": made("fee_refund")},
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert roles_of(engine)["POST /fees/{fee}/refunds"].collection.home is None
    client = stateful(engine)
    own = client.request("POST", "/refunds").json()
    assert client.request("POST", "/fees/f1/refunds").json()["object"] == "fee_refund"
    listed = client.request("GET", "/refunds")
    assert listed.headers["x-specmock-source"] == "state" and listed.json() == [own]


def test_an_item_that_cannot_be_drawn_is_not_kept_and_not_a_500(tmp_path: Path) -> None:
    """Loket's creates: the envelope's item has an id no string satisfies, so stateless
    answers leave the optional item out; stateful mode gives that answer too, with a
    warning, instead of a 500."""
    impossible = {"type": "string", "pattern": "^[a-z]+$", "maxLength": 0}
    item = {"type": "object", "required": ["id"], "properties": {"id": impossible}}
    answer = {"type": "object", "properties": {"content": item, "version": {"type": "string"}}}
    document = openapi(
        {
            "/things": {
                "post": {"responses": {"201": {"description": "made", "content": json_of(answer)}}}
            }
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert roles_of(engine)["POST /things"].kind == "create"
    made = stateful(engine).request("POST", "/things")
    assert made.status_code == 201 and "content" not in made.json()
    assert "not kept" in made.headers["x-specmock-warning"]


def test_a_home_is_the_nested_path_without_its_parents(tmp_path: Path) -> None:
    """PagerDuty: a service's integrations are not the workflow integrations of
    ``/workflows/integrations``, though both end in the noun and their items look alike."""
    item = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    made = {"responses": {"201": {"description": "made", "content": json_of(item)}}}
    read = {"responses": {"200": {"description": "ok", "content": json_of(item)}}}
    document = openapi(
        {
            "/workflows/integrations": {"post": made},
            "/workflows/integrations/{id}": {"parameters": [path_param("id")], "get": read},
            "/services/{service}/integrations": {
                "parameters": [path_param("service")],
                "post": made,
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert roles_of(engine)["POST /services/{service}/integrations"].collection.home is None


def test_a_path_whose_own_create_is_not_kept_is_no_home(tmp_path: Path) -> None:
    """``POST /certs`` answers no entity, so what it creates is never stored: its reads
    stay answered from the description, not 404, though certs are also made under
    accounts."""
    cert = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
    made = {"201": {"description": "made", "content": json_of(cert)}}
    document = openapi(
        {
            "/certs": {
                "post": {
                    "responses": {
                        "202": {
                            "description": "queued",
                            "content": json_of({"properties": {"queued": {"type": "boolean"}}}),
                        }
                    }
                },
            },
            "/certs/{certId}": {
                "parameters": [path_param("certId")],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(cert)}}},
            },
            "/accounts/{accountId}/certs": {
                "parameters": [path_param("accountId")],
                "post": {"responses": made},
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert "POST /accounts/{accountId}/certs" in roles_of(engine)
    assert "GET /certs/{certId}" not in roles_of(engine)
    read = stateful(engine).request("GET", "/certs/c1")
    assert read.status_code == 200 and read.headers["x-specmock-source"] != "state"


def test_a_flat_read_beside_a_create_under_a_parent_is_kept(tmp_path: Path) -> None:
    """Discord's shape: channels are made under a guild and read by their id alone."""
    channel = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "string", "pattern": "^[0-9]+$"}, "name": {"type": "string"}},
    }
    guild_id = path_param("guild_id", {"type": "string"})
    channel_id = path_param("channel_id", {"type": "string"})
    document = openapi(
        {
            "/guilds/{guild_id}/channels": {
                "parameters": [guild_id],
                "post": {
                    "requestBody": {
                        "content": json_of({"properties": {"name": {"type": "string"}}})
                    },
                    "responses": {"201": {"description": "made", "content": json_of(channel)}},
                },
            },
            "/channels/{channel_id}": {
                "parameters": [channel_id],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(channel)}}},
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    client = stateful(engine)
    assert roles_of(engine)["GET /channels/{channel_id}"].kind == "read"
    assert client.request("GET", "/channels/1").status_code == 404  # never created
    made = client.request("POST", "/guilds/5/channels", json={"name": "general"}).json()
    read = client.request("GET", f"/channels/{made['id']}")
    assert read.headers["x-specmock-source"] == "state" and read.json() == made


def test_prefer_code_bypasses_the_state(petstore: Engine) -> None:
    client = stateful(petstore)
    response = client.request("GET", "/pets/5", headers={"Prefer": "code=200"})
    assert checked(petstore, response, "GET /pets/{petId}")["id"] == 5
    assert response.headers["x-specmock-source"] != "state"


def test_operations_that_are_not_crud_collections_answer_as_usual(petstore: Engine) -> None:
    client = stateful(petstore)
    owner = client.request("GET", "/owners/7")  # no create operation: not stateful
    assert checked(petstore, owner, "GET /owners/{ownerId}")
    assert owner.headers["x-specmock-source"] == "generated"
    search = client.request("GET", "/pets/search", params={"q": "rex"})
    assert checked(petstore, search, "GET /pets/search")["items"]
    roles = roles_of(petstore)
    assert "GET /owners/{ownerId}" not in roles and "GET /pets/search" not in roles
    assert roles["DELETE /pets/{petId}"].kind == "delete"


def test_invalid_update_is_not_stored(tmp_path: Path) -> None:
    engine = widgets(tmp_path)
    client = InProcess(create_app(engine, state=MemoryState(), validate=False))
    made = client.request("POST", "/widgets", json={"name": "ok", "size": 3}).json()
    client.request("PATCH", f"/widgets/{made['id']}", json={"size": 99, "name": ""})
    stored = client.request("GET", f"/widgets/{made['id']}")
    assert checked(engine, stored, "GET /widgets/{widgetId}") == made


def orders(tmp_path: Path) -> Engine:
    """Orders kept in envelopes, as Square's are: ``{"order": {...}, "errors": [...]}``,
    posted as ``{"idempotency_key", "order": {...}}``, listed as ``{"orders", "cursor"}``."""
    order = {
        "type": "object",
        "required": ["id", "location_id"],
        "properties": {
            "id": {"type": "string", "readOnly": True, "minLength": 1},
            "location_id": {"type": "string", "minLength": 1, "maxLength": 20},
            "note": {"type": "string", "maxLength": 40},
            "state": {"type": "string", "enum": ["OPEN", "COMPLETED"]},
        },
    }
    errors = {
        "type": "array",
        "items": {"type": "object", "properties": {"code": {"type": "string"}}},
    }
    one = {"type": "object", "properties": {"order": order, "errors": errors}}
    posted = {
        "type": "object",
        "required": ["order"],
        "properties": {"idempotency_key": {"type": "string"}, "order": order},
    }
    page = {
        "type": "object",
        "properties": {
            "orders": {"type": "array", "items": order},
            "cursor": {"type": "string"},
            "errors": errors,
        },
    }
    order_id = {"name": "order_id", "in": "path", "required": True, "schema": {"type": "string"}}
    document = openapi(
        {
            "/v2/orders": {
                "get": {
                    "operationId": "ListOrders",
                    "parameters": [
                        {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {"200": {"description": "ok", "content": json_of(page)}},
                },
                "post": {
                    "operationId": "CreateOrder",
                    "requestBody": {"required": True, "content": json_of(posted)},
                    "responses": {
                        "200": {
                            "description": "made",
                            "headers": {"Location": {"schema": {"type": "string"}}},
                            "content": json_of(one),
                        }
                    },
                },
            },
            "/v2/orders/{order_id}": {
                "parameters": [order_id],
                "get": {
                    "operationId": "RetrieveOrder",
                    "responses": {"200": {"description": "ok", "content": json_of(one)}},
                },
                "put": {
                    "operationId": "UpdateOrder",
                    "requestBody": {"content": json_of(posted)},
                    "responses": {"200": {"description": "ok", "content": json_of(one)}},
                },
                "delete": {
                    "operationId": "DeleteOrder",
                    "responses": {
                        "200": {
                            "description": "gone",
                            "content": json_of(
                                {"type": "object", "properties": {"errors": errors}}
                            ),
                        }
                    },
                },
            },
        }
    )
    return Engine.from_source(write_spec(tmp_path, document))


def test_items_in_envelopes_are_stored_and_answered_in_each_envelope(tmp_path: Path) -> None:
    engine = orders(tmp_path)
    assert roles_of(engine)["POST /v2/orders"].kind == "create"
    client = stateful(engine)
    made = []
    for n in range(3):
        posted = {"idempotency_key": f"k{n}", "order": {"location_id": f"L{n}", "note": f"n{n}"}}
        answer = client.request("POST", "/v2/orders", json=posted)
        assert answer.headers["x-specmock-source"] == "state"
        order = checked(engine, answer, "POST /v2/orders")["order"]
        assert order["location_id"] == f"L{n}" and order["note"] == f"n{n}"
        assert answer.headers["location"] == f"/v2/orders/{order['id']}"
        made.append(order)
    assert len({o["id"] for o in made}) == 3

    read = client.request("GET", f"/v2/orders/{made[1]['id']}")
    assert read.headers["x-specmock-source"] == "state"
    assert checked(engine, read, "GET /v2/orders/{order_id}")["order"] == made[1]

    listed = checked(engine, client.request("GET", "/v2/orders"), "GET /v2/orders")
    assert listed["orders"] == made

    put = {"order": {"location_id": "L9", "state": "COMPLETED"}}
    updated = client.request("PUT", f"/v2/orders/{made[0]['id']}", json=put)
    order = checked(engine, updated, "PUT /v2/orders/{order_id}")["order"]
    assert order["id"] == made[0]["id"] and order["location_id"] == "L9"
    assert order["state"] == "COMPLETED"
    again = client.request("GET", f"/v2/orders/{made[0]['id']}")
    assert checked(engine, again, "GET /v2/orders/{order_id}")["order"] == order

    assert client.request("DELETE", f"/v2/orders/{made[0]['id']}").status_code == 200
    assert client.request("GET", f"/v2/orders/{made[0]['id']}").status_code == 404
    left = checked(engine, client.request("GET", "/v2/orders"), "GET /v2/orders")
    assert [o["id"] for o in left["orders"]] == [made[1]["id"], made[2]["id"]]


def test_an_item_posted_in_its_envelope_comes_back_without_state(tmp_path: Path) -> None:
    engine = orders(tmp_path)
    client = InProcess(create_app(engine))
    posted = {"idempotency_key": "k", "order": {"location_id": "L1", "note": "hello"}}
    order = checked(engine, client.request("POST", "/v2/orders", json=posted), "POST /v2/orders")
    assert order["order"]["location_id"] == "L1" and order["order"]["note"] == "hello"


@pytest.mark.parametrize(
    "read_by", [{"type": "string", "format": "uuid"}, {"type": "integer"}], ids=["uuid", "integer"]
)
def test_a_created_string_id_fits_the_path_parameter_that_reads_it(
    tmp_path: Path, read_by: dict[str, Any]
) -> None:
    """A free-form string id is minted so the read's path parameter can name it: no suffix
    on a drawn uuid, and digits where the items are read by an integer."""
    thing = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    }
    document = openapi(
        {
            "/things": {
                "get": {
                    "parameters": [
                        {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                        {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": json_of({"type": "array", "items": thing}),
                        }
                    },
                },
                "post": {
                    "requestBody": {
                        "content": json_of({"properties": {"name": {"type": "string"}}})
                    },
                    "responses": {"201": {"description": "made", "content": json_of(thing)}},
                },
            },
            "/things/{thing_id}": {
                "parameters": [
                    {"name": "thing_id", "in": "path", "required": True, "schema": read_by}
                ],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(thing)}}},
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    client = stateful(engine)
    made = checked(
        engine, client.request("POST", "/things", json={"name": "a"}), "POST /things", 201
    )
    read = client.request("GET", f"/things/{made['id']}")
    assert read.headers["x-specmock-source"] == "state"
    assert checked(engine, read, "GET /things/{thing_id}") == made
    # without state too: every listed item reads as listed, by an id the path takes
    plain = InProcess(create_app(engine))
    listed = checked(engine, plain.request("GET", "/things", params={"limit": 3}), "GET /things")
    assert len(listed) == 3
    for item in listed:
        answer = plain.request("GET", f"/things/{item['id']}")
        assert checked(engine, answer, "GET /things/{thing_id}") == item


def test_an_id_the_client_names_is_the_stored_items_and_is_taken_once(tmp_path: Path) -> None:
    engine = orders(tmp_path)
    client = stateful(engine)
    posted = {"order": {"id": "ord-7", "location_id": "L1"}}
    made = client.request("POST", "/v2/orders", json=posted)
    assert checked(engine, made, "POST /v2/orders")["order"]["id"] == "ord-7"
    read = client.request("GET", "/v2/orders/ord-7")
    assert read.headers["x-specmock-source"] == "state"
    assert checked(engine, read, "GET /v2/orders/{order_id}")["order"]["location_id"] == "L1"
    again = client.request("POST", "/v2/orders", json=posted)
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    assert "ord-7" in again.json()["detail"]
    renamed = client.request(
        "PUT", "/v2/orders/ord-7", json={"order": {"id": "x", "location_id": "L2"}}
    )
    assert checked(engine, renamed, "PUT /v2/orders/{order_id}")["order"]["id"] == "ord-7"
    assert client.request("GET", "/v2/orders/ord-7").json()["order"]["location_id"] == "L2"


def test_an_object_named_like_the_path_parameter_is_no_id(tmp_path: Path) -> None:
    """``{"floating_ip": {...}}`` read by ``/floating_ips/{floating_ip}``: the field is an
    envelope, and an item cannot be stored under an object."""
    ip = {"type": "object", "properties": {"ip": {"type": "string"}, "region": {"type": "string"}}}
    one = {"type": "object", "properties": {"floating_ip": ip}}
    document = openapi(
        {
            "/floating_ips": {
                "post": {
                    "requestBody": {
                        "content": json_of({"properties": {"region": {"type": "string"}}})
                    },
                    "responses": {"202": {"description": "made", "content": json_of(one)}},
                }
            },
            "/floating_ips/{floating_ip}": {
                "parameters": [
                    {
                        "name": "floating_ip",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(one)}}},
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    assert "POST /floating_ips" not in roles_of(engine)
    client = stateful(engine)
    made = client.request("POST", "/floating_ips", json={"region": "nyc"})
    assert isinstance(checked(engine, made, "POST /floating_ips", 202)["floating_ip"], dict)
    assert client.request("GET", "/floating_ips/192.0.2.1").status_code == 200


def test_stored_pages_carry_a_link_header_through_the_stored_items(tmp_path: Path) -> None:
    item = {
        "type": "object",
        "required": ["id", "name"],
        "properties": {"id": {"type": "integer", "minimum": 1}, "name": {"type": "string"}},
    }
    link = {"Link": {"schema": {"type": "string"}}}
    document = openapi(
        {
            "/repos": {
                "get": {
                    "parameters": [
                        {"name": "page", "in": "query", "schema": {"type": "integer"}},
                        {"name": "per_page", "in": "query", "schema": {"type": "integer"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": link,
                            "content": json_of({"type": "array", "items": item}),
                        }
                    },
                },
                "post": {
                    "requestBody": {
                        "content": json_of({"properties": {"name": {"type": "string"}}})
                    },
                    "responses": {"201": {"description": "made", "content": json_of(item)}},
                },
            },
            "/repos/{id}": {
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "get": {"responses": {"200": {"description": "ok", "content": json_of(item)}}},
            },
        }
    )
    engine = Engine.from_source(write_spec(tmp_path, document))
    client = stateful(engine)
    for n in range(5):
        client.request("POST", "/repos", json={"name": f"r{n}"})
    names: list[str] = []
    url: str | None = "/repos?per_page=2"
    while url is not None and len(names) < 10:
        answer = client.request("GET", url)
        names += [repo["name"] for repo in checked(engine, answer, "GET /repos")]
        links = httpx.Response(200, headers={"link": answer.headers["link"]}).links
        assert links["first"]["url"].endswith("page=1") and links["last"]["url"].endswith("page=3")
        url = links.get("next", {}).get("url")
    assert names == [f"r{n}" for n in range(5)]


def test_reset_through_the_admin_api_needs_the_token(petstore: Engine) -> None:
    client = stateful(petstore, admin_token="s3cret")
    client.request("POST", "/pets", json={"name": "Rex", "species": "dog"})
    assert client.request("POST", "/__specmock/reset").status_code == 401
    assert client.request("GET", "/pets/1").status_code == 200
    auth = {"Authorization": "Bearer s3cret"}
    reset = client.request("POST", "/__specmock/reset", headers=auth)
    assert reset.status_code == 200 and reset.json() == {"reset": True}
    assert client.request("GET", "/pets/1").status_code == 404
    again = client.request("POST", "/pets", json={"name": "Tom", "species": "cat"})
    assert again.json()["id"] == 1  # sequences start again


def test_reset_without_state_says_so(petstore: Engine) -> None:
    response = InProcess(create_app(petstore)).request("POST", "/__specmock/reset")
    assert response.status_code == 200 and response.json()["reset"] is False


# -- the State protocol, over every store ----------------------------------------------


@pytest.fixture(params=["memory", "redis", "sqlite", "postgresql"])
def make_state(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], State]]:
    """A factory of one store kind (a fresh namespace, file or database per test)."""
    if request.param == "memory":
        yield MemoryState
        return
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'state.db'}"
        yield lambda: open_state(url, namespace="test")
        return
    if request.param == "postgresql":
        url = database_url()
        yield lambda: open_state(url, namespace="test")
        drop_database(url)
        return
    url, namespace = redis_url(), unique_namespace()
    yield lambda: RedisState(url, namespace=namespace)

    async def clean() -> None:
        state = RedisState(url, namespace=namespace)
        await state.reset()
        await state.aclose()

    asyncio.run(clean())


def run_with(make: Callable[[], State], scenario: Callable[[State], Any]) -> None:
    async def go() -> None:
        state = make()
        try:
            await scenario(state)
        finally:
            await state.aclose()

    asyncio.run(go())


def test_state_stores_lists_in_creation_order_and_deletes(make_state: Callable[[], State]) -> None:
    async def scenario(state: State) -> None:
        assert await state.get("/pets", "1") is None
        assert [await state.next_id("/pets") for _ in range(3)] == [1, 2, 3]
        assert await state.next_id("/owners") == 1
        for n in (3, 1, 2):
            await state.put("/pets", str(n), {"id": n})
        await state.put("/pets", "1", {"id": 1, "name": "renamed"})  # keeps its place
        assert await state.get("/pets", "1") == {"id": 1, "name": "renamed"}
        items, total = await state.list("/pets", 0, 10)
        assert [i["id"] for i in items] == [3, 1, 2] and total == 3
        assert await state.list("/pets", 1, 1) == ([{"id": 1, "name": "renamed"}], 3)
        assert await state.list("/pets", 5, 10) == ([], 3)
        assert await state.list("/pets", 0, 0) == ([], 3)
        assert await state.delete("/pets", "1") is True
        assert await state.delete("/pets", "1") is False
        assert (await state.list("/pets", 0, 10))[1] == 2
        assert await state.list("/other", 0, 10) == ([], 0)

    run_with(make_state, scenario)


def test_one_world_under_parents_in_every_store(
    make_state: Callable[[], State], tmp_path: Path
) -> None:
    """The parents' listings and their record live in the store like the items do."""
    engine = pets_and_owners(tmp_path)

    async def scenario(state: State) -> None:
        transport = httpx.ASGITransport(app=create_app(engine, state=state))
        async with httpx.AsyncClient(transport=transport, base_url="http://mock") as client:
            rex = (await client.post("/owners/7/pets", json={"name": "Rex"})).json()
            tom = (await client.post("/pets", json={"name": "Tom", "owner_id": 8})).json()
            assert (await client.get("/owners/7/pets")).json() == [rex]
            assert (await client.get("/owners/8/pets")).json() == [tom]
            assert (await client.delete(f"/pets/{tom['id']}")).status_code == 204
            assert (await client.get("/owners/8/pets")).json() == []
            assert (await client.get("/pets")).json() == [rex]

    run_with(make_state, scenario)


def test_state_reset_forgets_everything(make_state: Callable[[], State]) -> None:
    async def scenario(state: State) -> None:
        await state.put("/pets", "1", {"id": 1})
        await state.next_id("/pets")
        await state.reset()
        assert await state.get("/pets", "1") is None
        assert await state.list("/pets", 0, 10) == ([], 0)
        assert await state.next_id("/pets") == 1

    run_with(make_state, scenario)


def test_state_returns_copies(make_state: Callable[[], State]) -> None:
    async def scenario(state: State) -> None:
        entity = {"id": 1, "tags": ["a"]}
        await state.put("/pets", "1", entity)
        entity["tags"].append("b")
        got = await state.get("/pets", "1")
        got["tags"].append("c")
        assert await state.get("/pets", "1") == {"id": 1, "tags": ["a"]}

    run_with(make_state, scenario)


def test_redis_namespaces_do_not_meet() -> None:
    url = redis_url()
    first, second = unique_namespace(), unique_namespace()

    async def scenario() -> None:
        a, b = RedisState(url, namespace=first), RedisState(url, namespace=second)
        try:
            await a.put("/pets", "1", {"id": 1})
            assert await b.get("/pets", "1") is None
            await b.reset()
            assert await a.get("/pets", "1") == {"id": 1}
            await a.reset()
        finally:
            await a.aclose()
            await b.aclose()

    asyncio.run(scenario())


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(st.just("put"), st.sampled_from("abcd"), st.integers(0, 9)),
        st.tuples(st.just("delete"), st.sampled_from("abcd"), st.just(0)),
        st.tuples(st.just("list"), st.integers(0, 4), st.integers(0, 4)),
        st.tuples(st.just("next_id"), st.just(""), st.just(0)),
        st.tuples(st.just("reset"), st.just(""), st.just(0)),
    ),
    max_size=25,
)


@settings(max_examples=40, deadline=None)
@given(OPERATIONS)
def test_redis_agrees_with_memory(operations: list[tuple[str, Any, int]]) -> None:
    url = redis_url()

    async def apply(state: State) -> list[Any]:
        seen: list[Any] = []
        for name, key, number in operations:
            if name == "put":
                seen.append(await state.put("/c", key, {"id": key, "n": number}))
            elif name == "delete":
                seen.append(await state.delete("/c", key))
            elif name == "list":
                seen.append(await state.list("/c", key, number))
            elif name == "next_id":
                seen.append(await state.next_id("/c"))
            else:
                seen.append(await state.reset())
            seen.append(await state.get("/c", "a"))
        return seen

    async def both() -> None:
        redis_state = RedisState(url, namespace=unique_namespace())
        try:
            assert await apply(redis_state) == await apply(MemoryState())
        finally:
            await redis_state.reset()
            await redis_state.aclose()

    asyncio.run(both())


def test_state_urls_choose_the_store() -> None:
    assert isinstance(open_state(None), MemoryState)
    assert isinstance(open_state("memory://"), MemoryState)
    with pytest.raises(StateError, match="known: memory://"):
        open_state("mongodb://x")


def test_unreachable_redis_is_a_503(petstore: Engine) -> None:
    port = free_port()  # nothing listens there
    state = RedisState(f"redis://127.0.0.1:{port}/0", namespace=unique_namespace())
    response = InProcess(create_app(petstore, state=state)).request("GET", "/pets/1")
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"


# -- several processes, one store -------------------------------------------------------


@contextmanager
def running(*args: str, env: dict[str, str] | None = None) -> Iterator[httpx.Client]:
    """``specmock serve`` in a subprocess on a free port, and a client of it once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "specmock", "serve", *args, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/__specmock/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("specmock serve did not start")
            time.sleep(0.1)
        with httpx.Client(base_url=url, timeout=10) as client:
            yield client
    finally:
        process.terminate()
        try:
            process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


@pytest.fixture
def shared_store() -> Iterator[list[str]]:
    """``serve`` arguments naming the real Redis under a namespace of this test only."""
    url, namespace = redis_url(), unique_namespace()
    yield [str(PETSTORE), "--stateful", "--state-url", url, "--state-namespace", namespace]

    async def clean() -> None:
        state = RedisState(url, namespace=namespace)
        await state.reset()
        await state.aclose()

    asyncio.run(clean())


@pytest.mark.slow
def test_two_servers_on_one_store_see_one_world(shared_store: list[str], petstore: Engine) -> None:
    with running(*shared_store) as a, running(*shared_store) as b:
        rex = checked(
            petstore, a.post("/pets", json={"name": "Rex", "species": "dog"}), "POST /pets", 201
        )
        tom = checked(
            petstore, b.post("/pets", json={"name": "Tom", "species": "cat"}), "POST /pets", 201
        )
        assert tom["id"] != rex["id"]

        path = f"/pets/{rex['id']}"
        assert checked(petstore, b.get(path), "GET /pets/{petId}") == rex
        listed = checked(petstore, b.get("/pets"), "GET /pets")
        assert [p["name"] for p in listed["data"]] == ["Rex", "Tom"]

        update = {"name": "Rexy", "species": "dog"}
        renamed = checked(petstore, b.put(path, json=update), "PUT /pets/{petId}")
        assert renamed["name"] == "Rexy"
        assert checked(petstore, a.get(path), "GET /pets/{petId}") == renamed

        assert b.delete(path).status_code == 204
        assert a.get(path).status_code == 404
        assert b.get(path).status_code == 404


@pytest.mark.slow
def test_two_servers_on_one_postgresql_database_see_one_world(petstore: Engine) -> None:
    url = database_url()
    try:
        args = [str(PETSTORE), "--stateful", "--state-url", url]
        with running(*args) as a, running(*args) as b:
            rex = checked(
                petstore, a.post("/pets", json={"name": "Rex", "species": "dog"}), "POST /pets", 201
            )
            path = f"/pets/{rex['id']}"
            assert checked(petstore, b.get(path), "GET /pets/{petId}") == rex
            renamed = checked(
                petstore, b.put(path, json={"name": "Rexy", "species": "dog"}), "PUT /pets/{petId}"
            )
            assert checked(petstore, a.get(path), "GET /pets/{petId}") == renamed
            listed = checked(petstore, a.get("/pets"), "GET /pets")
            assert [p["name"] for p in listed["data"]] == ["Rexy"]
            assert a.delete(path).status_code == 204
            assert b.get(path).status_code == 404
            assert b.post("/__specmock/reset").json() == {"reset": True}
    finally:
        drop_database(url)


@pytest.mark.slow
def test_workers_share_the_store(shared_store: list[str], petstore: Engine) -> None:
    with running(*shared_store, "--workers", "2") as client:
        pets = ({"name": f"p{n}", "species": "bird"} for n in range(6))
        ids = [
            checked(petstore, client.post("/pets", json=p), "POST /pets", 201)["id"] for p in pets
        ]
        assert len(set(ids)) == 6
        for pet_id in ids:  # whichever worker answers has every item
            assert client.get(f"/pets/{pet_id}").status_code == 200


def test_unreachable_store_refuses_to_start() -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "specmock",
            "serve",
            str(PETSTORE),
            "--stateful",
            "--state-url",
            url,
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=30,
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "state store" in lines[0] and "Traceback" not in done.stderr


@pytest.mark.slow
def test_workers_without_a_named_store_share_the_sqlite_file(
    petstore: Engine, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shared.db'}"
    with running(str(PETSTORE), "--stateful", "--workers", "2", env=env) as client:
        pets = ({"name": f"p{n}", "species": "bird"} for n in range(6))
        ids = [
            checked(petstore, client.post("/pets", json=p), "POST /pets", 201)["id"] for p in pets
        ]
        assert len(set(ids)) == 6
        for pet_id in ids:  # whichever worker answers has every item
            assert client.get(f"/pets/{pet_id}").status_code == 200
    assert (tmp_path / "shared.db").exists()
