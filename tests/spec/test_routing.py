"""Routing: literal beats template, segment templates, base paths, helpful misses."""

from __future__ import annotations

import pytest

from specmock.spec.model import Operation, Parameter, ParamLocation
from specmock.spec.routing import MAX_PATH_LENGTH, BadPath, MethodNotAllowed, NoRoute, Router


def router(*keys: str, bases: tuple[str, ...] = ()) -> Router:
    ops = []
    for key in keys:
        method, path = key.split(" ", 1)
        ops.append(Operation(method.lower(), path, None, f"#{key}"))
    return Router(ops, bases)


def test_literal_segment_wins_over_template() -> None:
    r = router("GET /pets/{id}", "GET /pets/search")
    assert r.match("GET", "/pets/search").operation.path == "/pets/search"
    assert r.match("GET", "/pets/12").params == {"id": "12"}


def test_template_order_does_not_matter() -> None:
    r = router("GET /pets/search", "GET /pets/{id}")
    assert r.match("GET", "/pets/search").operation.path == "/pets/search"


def test_backtracks_when_the_literal_branch_dead_ends() -> None:
    r = router("GET /a/b/c", "GET /a/{x}/d")
    assert r.match("GET", "/a/b/d").params == {"x": "b"}


def test_each_operation_names_its_own_parameters() -> None:
    r = router("GET /pets/{petId}", "DELETE /pets/{id}")
    assert r.match("GET", "/pets/3").params == {"petId": "3"}
    assert r.match("DELETE", "/pets/3").params == {"id": "3"}


@pytest.mark.parametrize(
    ("template", "path", "params"),
    [
        ("/files/{name}.{ext}", "/files/report.final.pdf", {"name": "report", "ext": "final.pdf"}),
        ("/certificates(thumbprint={t})", "/certificates(thumbprint=AB12)", {"t": "AB12"}),
        ("/users/{id}/avatar.png", "/users/7/avatar.png", {"id": "7"}),
    ],
    ids=["dot", "odata", "suffix"],
)
def test_templates_inside_a_segment(template: str, path: str, params: dict[str, str]) -> None:
    assert router(f"GET {template}").match("GET", path).params == params


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/blog/all.json", {"page": "all", "ext": ".json"}),
        ("/blog/a.b.xml", {"page": "a.b", "ext": ".xml"}),
    ],
)
def test_adjacent_parameters_split_at_a_listed_value(path: str, params: dict[str, str]) -> None:
    listed = {"type": ["string"], "enum": [".json", ".xml"]}
    ext = Parameter("ext", ParamLocation.PATH, True, listed, "simple", False)
    page = Parameter("page", ParamLocation.PATH, True, {"type": ["string"]}, "simple", False)
    op = Operation("get", "/blog/{page}{ext}", None, "#", parameters=(page, ext))
    r = Router([op])
    assert r.match("GET", path).params == params
    with pytest.raises(NoRoute):
        r.match("GET", "/blog/all.csv")


def test_more_literal_segment_template_wins() -> None:
    r = router("GET /files/{name}", "GET /files/{name}.json")
    assert r.match("GET", "/files/a.json").operation.path == "/files/{name}.json"
    assert r.match("GET", "/files/a.xml").operation.path == "/files/{name}"


def test_parameter_values_are_percent_decoded() -> None:
    r = router("GET /tags/{name}")
    assert r.match("GET", "/tags/caf%C3%A9%20au%2Flait").params == {"name": "café au/lait"}


def test_encoded_slash_does_not_split_segments() -> None:
    with pytest.raises(NoRoute):
        router("GET /a/{x}/b").match("GET", "/a/1%2F2")


def test_invalid_utf8_is_bad_path() -> None:
    with pytest.raises(BadPath) as caught:
        router("GET /a/{x}").match("GET", "/a/%FF")
    assert caught.value.status == 400


@pytest.mark.parametrize("path", ["/a/../a/1", "/a/./1", "/a/%2E%2E"])
def test_dot_segments_are_refused(path: str) -> None:
    with pytest.raises(BadPath):
        router("GET /a/{x}").match("GET", path)


def test_overlong_path_is_414() -> None:
    with pytest.raises(BadPath) as caught:
        router("GET /a").match("GET", "/" + "a" * MAX_PATH_LENGTH)
    assert caught.value.status == 414


def test_served_with_and_without_base_path() -> None:
    r = router("GET /pets/{id}", bases=("/api/v1", "", "/"))
    assert r.match("GET", "/api/v1/pets/1").base_path == "/api/v1"
    assert r.match("GET", "/pets/1").base_path == ""
    with pytest.raises(NoRoute):
        r.match("GET", "/api/pets/1")


def test_trailing_slash_is_tolerated() -> None:
    assert router("GET /pets").match("GET", "/pets/").operation.path == "/pets"


@pytest.mark.parametrize("order", [("GET /jobs", "GET /jobs/"), ("GET /jobs/", "GET /jobs")])
def test_a_documented_trailing_slash_is_its_own_path(order: tuple[str, str]) -> None:
    r = router(*order)
    assert r.match("GET", "/jobs/").operation.path == "/jobs/"
    assert r.match("GET", "/jobs").operation.path == "/jobs"


def test_unknown_method_lists_allowed() -> None:
    with pytest.raises(MethodNotAllowed) as caught:
        router("GET /pets", "POST /pets").match("PUT", "/pets")
    assert caught.value.allowed == ("GET", "HEAD", "POST")
    assert caught.value.status == 405


def test_head_falls_back_to_get() -> None:
    assert router("GET /pets").match("HEAD", "/pets").operation.method == "get"


def test_unknown_path_names_the_nearest() -> None:
    with pytest.raises(NoRoute) as caught:
        router("GET /pets", "GET /owners", "GET /orders").match("GET", "/pet")
    assert caught.value.nearest[0] == "/pets"
    assert "/pets" in str(caught.value)


def test_root_path() -> None:
    assert router("GET /").match("GET", "/").operation.path == "/"
