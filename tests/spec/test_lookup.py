"""Finding an operation by operationId or "METHOD /path", and explaining a miss."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from specmock.errors import OperationNotFound
from specmock.spec import Spec, find_operation, load

MakeSpec = Callable[..., Path]


@pytest.fixture
def spec(make_spec: MakeSpec) -> Spec:
    paths = {
        "/pets": {"get": {"operationId": "listPets", "responses": {}}, "post": {"responses": {}}},
        "/pets/{id}": {"get": {"operationId": "showPetById", "responses": {}}},
    }
    return load(make_spec(paths))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("listPets", "GET /pets"),
        ("showPetById", "GET /pets/{id}"),
        ("GET /pets/{id}", "GET /pets/{id}"),
        ("get /pets/{id}", "GET /pets/{id}"),
        ("Post /pets", "POST /pets"),
    ],
)
def test_finds_by_operation_id_or_method_and_path(spec: Spec, name: str, key: str) -> None:
    assert find_operation(spec, name).key == key
    assert spec.operation(name).key == key


def test_miss_lists_the_nearest_operations(spec: Spec) -> None:
    with pytest.raises(OperationNotFound) as caught:
        spec.operation("listPet")

    assert str(caught.value) == "no operation 'listPet' in 'Test API'; nearest: 'listPets'"
    assert isinstance(caught.value, LookupError)


def test_miss_by_path_lists_the_nearest(spec: Spec) -> None:
    with pytest.raises(OperationNotFound, match=r"nearest: 'GET /pets/\{id\}'"):
        spec.operation("GET /pet/{id}")


def test_miss_with_nothing_close(spec: Spec) -> None:
    with pytest.raises(OperationNotFound, match=r"none close among 3 operations$"):
        spec.operation("zzzzzzzzzzzz")
