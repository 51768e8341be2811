"""search: free text, query languages and filter expressions; not lookups by id."""

from __future__ import annotations

import pytest

from patterns.building import body, found, obj, op, query
from specmock.spec.model import Parameter, ParamLocation


def enum_query(name: str, *values: str) -> Parameter:
    schema = {"type": ["string"], "enum": list(values)}
    return Parameter(name, ParamLocation.QUERY, False, schema, "form", True)


@pytest.mark.parametrize(
    ("operation", "detail", "strong"),
    [
        pytest.param(op("get", "/files", params=[query("q")]), "text", True, id="q"),
        pytest.param(op("get", "/items", params=[query("query")]), "text", True, id="query"),
        pytest.param(op("get", "/users", params=[query("search")]), "text", True, id="search"),
        pytest.param(op("get", "/movies", params=[query("keyword")]), "text", True, id="keyword"),
        pytest.param(op("get", "/search", params=[query("name")]), "text", True, id="search-path"),
        pytest.param(op("get", "/movie/search/{title}"), "text", True, id="search-in-path"),
        pytest.param(
            op("post", "/sparql", request=body(obj(sparql="string"))), "query", True, id="sparql"
        ),
        pytest.param(
            op("get", "/tasks", params=[query("$filter")]), "filter", False, id="odata-filter"
        ),
        pytest.param(
            op(
                "post",
                "/#DescribeThings",
                "DescribeThings",
                request=body(obj(Filters={"type": ["array"]})),
            ),
            "filter",
            False,
            id="aws-filters",
        ),
        pytest.param(
            op("get", "/pets/findByStatus", "findPetsByStatus", params=[query("status")]),
            "filter",
            False,
            id="find-by",
        ),
        pytest.param(
            op("get", "/atms", params=[query("latitude", "number"), query("longitude", "number")]),
            "filter",
            False,
            id="geo",
        ),
        pytest.param(
            op("get", "/place/autocomplete", params=[query("input", required=True)]),
            "text",
            False,
            id="autocomplete",
        ),
        pytest.param(
            op("get", "/posts", params=[query("q[title_cont]")]), "text", True, id="ransack-q"
        ),
        pytest.param(
            op("get", "/buckets", params=[query("name_contains")]),
            "filter",
            False,
            id="partial-match-filter",
        ),
    ],
)
def test_search_variants(operation, detail, strong):
    match = found(operation)["search"]
    assert match.detail == detail
    assert (match.confidence >= 0.9) is strong


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(op("get", "/users/{id}"), id="by-id"),
        pytest.param(op("get", "/cinema/search/{id}"), id="search-by-id"),
        pytest.param(op("get", "/users", params=[query("status")]), id="exact-filter"),
        pytest.param(op("get", "/pets/{petId}", "getPetById"), id="get-by-id"),
        pytest.param(op("delete", "/items", params=[query("filter")]), id="delete-with-filter"),
        pytest.param(
            op("get", "/videos", params=[enum_query("filter", "featured", "embeddable")]),
            id="enumerated-filter",
        ),
        pytest.param(op("get", "/loans", params=[query("term", "integer")]), id="numeric-term"),
        pytest.param(
            op(
                "get",
                "/resourceGroups/{resourceGroupName}/vaults",
                "Vaults_ListByResourceGroup",
            ),
            id="list-by-scope",
        ),
        pytest.param(op("get", "/suggestions"), id="recommendations"),
    ],
)
def test_not_search(operation):
    assert "search" not in found(operation)


def test_query_name_in_params():
    assert found(op("get", "/files", params=[query("q")]))["search"].params["query"] == "q"


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            op(
                "get",
                "/venues/in-box",
                params=[query(side, "number") for side in ("north", "south", "east", "west")],
            ),
            id="bounding-box-by-its-sides",
        ),
        pytest.param(
            op("get", "/stores/around", params=[query("postal_code"), query("radius", "integer")]),
            id="radius-round-a-postal-code",
        ),
    ],
)
def test_an_area_drawn_round_a_place_is_a_geographic_lookup(operation):
    match = found(operation).get("search")
    assert match is not None and match.confidence >= 0.5
    assert match.detail == "filter"


@pytest.mark.parametrize(
    "operation",
    [
        # a place alone, no area: what is computed for it (a forecast)
        pytest.param(
            op("get", "/forecast", params=[query("postal_code"), query("days", "integer")]),
            id="place-without-area",
        ),
        # two sides are no box
        pytest.param(
            op("get", "/tiles", params=[query("north", "number"), query("east", "number")]),
            id="two-sides",
        ),
    ],
)
def test_a_place_or_half_a_box_is_no_geographic_lookup(operation):
    match = found(operation).get("search")
    assert match is None or match.confidence < 0.5


@pytest.mark.parametrize(
    "operation",
    [
        # a query sent to be run: POST .../execute_read {"query": "..."}
        pytest.param(
            op(
                "post",
                "/metadata_queries/execute_read",
                "metadata_queries_execute_read",
                request=body(obj(query="string", limit="integer")),
            ),
            id="query-run",
        ),
        # a form posted to a lookup service with the term to match
        pytest.param(
            op(
                "post",
                "/rest_lookups.parameters",
                request=body(obj(search_term="string"), "application/x-www-form-urlencoded"),
            ),
            id="lookups-with-a-term",
        ),
    ],
)
def test_criteria_a_reading_operation_is_sent_are_search(operation):
    match = found(operation).get("search")
    assert match is not None and match.confidence >= 0.5


@pytest.mark.parametrize(
    "operation",
    [
        # a saved query created, not run
        pytest.param(
            op("post", "/queries", request=body(obj(name="string", query="string"))),
            id="saved-query",
        ),
        # a query run by id takes no query of its own
        pytest.param(
            op("post", "/queries/{id}/run", "runQuery", request=body(obj(params="object"))),
            id="run-saved-query",
        ),
        # a stored filter read by id, and filters kept as items
        pytest.param(op("get", "/api/filter/{id}"), id="filter-by-id"),
        pytest.param(op("get", "/zones/{zone}/filters"), id="stored-filters"),
    ],
)
def test_query_and_filter_resources_are_not_search(operation):
    match = found(operation).get("search")
    assert match is None or match.confidence < 0.5
