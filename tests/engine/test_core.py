"""The engine: response choice, static examples, verification, reproducibility."""

from __future__ import annotations

from pathlib import Path

import pytest

from builders import json_response, openapi, write_spec
from corpus import EXAMPLES
from judge import Judge
from specmock.config import Quality, Strategy
from specmock.engine import Engine
from specmock.errors import OperationNotFound
from specmock.spec import load

PETSTORE = EXAMPLES / "petstore.yaml"


@pytest.fixture(scope="module")
def petstore() -> Engine:
    return Engine.from_source(PETSTORE)


@pytest.mark.parametrize("quality", [Quality.BASIC, Quality.REALISTIC, Quality.PRODUCTION])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_every_petstore_response_is_valid(petstore: Engine, quality: Quality, seed: int) -> None:
    judge = Judge(petstore.spec)
    checked = 0
    for op, response, media in petstore.documented_json_responses():
        result = petstore.generate(
            op,
            status=response.status,
            media_type=media.name,
            quality=quality,
            seed=seed,
            strategy=Strategy.DYNAMIC,
        )
        assert result.problems == ()
        assert judge.errors(media, result.body) == [], (op.key, response.status)
        checked += 1
    assert checked >= 15


def test_default_status_is_lowest_documented_success(petstore: Engine) -> None:
    assert petstore.generate("POST /pets").status == "201"
    assert petstore.generate("listPets").status == "200"
    assert petstore.generate("deletePet").status == "204"


def test_response_without_content_has_no_body(petstore: Engine) -> None:
    result = petstore.generate("deletePet")
    assert result.media_type is None
    assert result.body is None


def test_valid_example_is_served_as_written(petstore: Engine) -> None:
    result = petstore.generate("getPet", strategy=Strategy.STATIC)
    assert result.source == "example"
    assert result.example_name == "rex"
    assert result.body["name"] == "Rex"
    assert result.body["owner"]["email"] == "ada@example.com"


def test_dynamic_strategy_ignores_examples(petstore: Engine) -> None:
    result = petstore.generate("getPet", strategy=Strategy.DYNAMIC)
    assert result.source == "generated"
    assert result.body != petstore.generate("getPet", strategy=Strategy.STATIC).body


def test_invalid_example_is_reported_and_replaced(tmp_path: Path) -> None:
    schema = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    path = write_spec(
        tmp_path,
        openapi({"/things": {"get": {"responses": json_response(schema, example={"id": "x"})}}}),
    )
    engine = Engine.from_source(path)
    result = engine.generate("GET /things")
    assert result.source == "generated"
    assert isinstance(result.body["id"], int)
    assert len(result.problems) == 1
    assert "example 'example'" in result.problems[0]
    assert (
        "#/paths/~1things/get/responses/200/content/application~1json/schema"
        in (result.problems[0])
    )


def test_same_seed_same_body_other_seed_other_body(petstore: Engine) -> None:
    def body(seed: int) -> object:
        return petstore.generate("listPets", quality=Quality.PRODUCTION, seed=seed).body

    assert body(7) == body(7)
    assert body(7) != body(8)
    fresh = Engine(load(PETSTORE), quality=Quality.PRODUCTION, seed=7)
    assert fresh.generate("listPets").body == body(7)


def test_index_gives_distinct_bodies_for_count(petstore: Engine) -> None:
    bodies = [petstore.generate("listPets", index=i).body for i in range(3)]
    assert bodies[0] != bodies[1] != bodies[2]


def test_write_only_fields_never_appear_in_responses(petstore: Engine) -> None:
    for seed in range(20):
        body = petstore.generate("placeOrder", quality=Quality.PRODUCTION, seed=seed).body
        payment = body.get("payment", {})
        assert "card_number" not in payment
        assert payment["method"] in {"card", "bank"}


def test_write_only_beside_a_ref_keeps_the_field_out_of_3_0_responses(tmp_path: Path) -> None:
    schemas = {
        "Alias": {"type": "object", "properties": {"name": {"type": "string"}}},
        "User": {
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "integer"},
                "guardian": {"$ref": "#/components/schemas/Alias", "writeOnly": True},
            },
        },
    }
    document = openapi(
        {"/user": {"get": {"responses": json_response({"$ref": "#/components/schemas/User"})}}},
        version="3.0.3",
        components={"schemas": schemas},
    )
    spec = load(write_spec(tmp_path, document))
    engine = Engine(spec, quality=Quality.PRODUCTION)
    media = spec.operations[0].responses["200"].content["application/json"]
    for seed in range(10):
        body = engine.generate("GET /user", seed=seed, strategy=Strategy.DYNAMIC).body
        assert "guardian" not in body
        assert Judge(spec).errors(media, body) == []


def test_undocumented_status_names_the_documented_ones(petstore: Engine) -> None:
    with pytest.raises(OperationNotFound, match=r"status 500 is not documented .*200, 404"):
        petstore.generate("getPet", status="500")


def test_unknown_media_type_names_the_documented_ones(petstore: Engine) -> None:
    with pytest.raises(OperationNotFound, match="application/problem\\+json"):
        petstore.generate("getPet", status="404", media_type="text/html")


def test_problem_json_response_is_generated(petstore: Engine) -> None:
    result = petstore.generate("getPet", status="404")
    assert result.media_type == "application/problem+json"
    assert 100 <= result.body["status"] <= 599
