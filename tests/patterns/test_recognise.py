"""The public API: recognise, strategy_for, DETECTORS, and the features it reads."""

from __future__ import annotations

import dataclasses

import pytest

from patterns.building import body, obj, op, query, respond
from specmock.config import Strategy
from specmock.patterns import DETECTORS, PatternMatch, recognise, strategy_for
from specmock.patterns.features import extract
from specmock.patterns.vocabulary import is_plural, singular
from specmock.patterns.words import words


def test_matches_are_sorted_by_confidence():
    operation = op("get", "/files", params=[query("q"), query("pageToken")])
    confidences = [m.confidence for m in recognise(operation, {})]
    assert confidences == sorted(confidences, reverse=True)
    assert {m.name for m in recognise(operation, {})} >= {"crud", "search", "pagination"}


def test_matches_are_frozen_values():
    match = recognise(op("get", "/pets/{id}"), {})[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.confidence = 1.0  # type: ignore[misc]
    with pytest.raises(TypeError):
        match.params["x"] = "y"  # type: ignore[index]


def test_user_detectors_extend_the_tuple():
    def always(operation, schemas):
        return PatternMatch("mine", 0.99, None, ("always",), {})

    names = [m.name for m in recognise(op("get", "/pets"), {}, (*DETECTORS, always))]
    assert names[0] == "mine"


def test_detectors_work_alone():
    crud = DETECTORS[0]
    assert crud(op("delete", "/pets/{id}"), {}).detail == "delete"


@pytest.mark.parametrize(
    ("confidences", "strategy"),
    [
        ([0.95], Strategy.TEMPLATE),
        ([0.9], Strategy.TEMPLATE),
        ([0.3, 0.8], Strategy.INTELLIGENT),
        ([0.7], Strategy.INTELLIGENT),
        ([0.69], Strategy.DYNAMIC),
        ([], Strategy.DYNAMIC),
    ],
)
def test_strategy_for(confidences, strategy):
    assert strategy_for([PatternMatch("x", c) for c in confidences]) is strategy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ComputeNode_GetRemoteLoginSettings",
            ("compute", "node", "get", "remote", "login", "settings"),
        ),
        ("getHTTPResponse", ("get", "http", "response")),
        ("userIDs", ("user", "ids")),  # an acronym's plural is one word
        ("listAPIsByTag", ("list", "apis", "by", "tag")),
        ("HTTPSettings", ("http", "settings")),  # not "https ettings"
        ("page-size_limit", ("page", "size", "limit")),
        ("removenodes", ("remove", "nodes")),
        ("settings", ("settings",)),
        ("address", ("address",)),
        ("setupcomplete", ("setupcomplete",)),
    ],
)
def test_words(text, expected):
    assert words(text) == expected


@pytest.mark.parametrize(
    ("word", "one", "plural"),
    [
        ("pets", "pet", True),
        ("policies", "policy", True),
        ("boxes", "box", True),
        ("people", "person", True),
        ("status", "status", False),
        ("address", "address", False),
        ("news", "news", False),
    ],
)
def test_inflection(word, one, plural):
    assert singular(word) == one
    assert is_plural(word) is plural


def test_features_of_paths():
    aws = extract(op("put", "/{Bucket}?acl#PutBucketAcl", "PutBucketAcl"), {})
    assert aws.action == ("put", "bucket", "acl")
    assert aws.verb == "put" and aws.verb_source == "action"
    odata = extract(op("delete", "/certificates(thumbprint={t})"), {})
    assert odata.last_literal == ("certificates",) and odata.ends_with_param
    versioned = extract(op("get", "/api/v1/users"), {})
    assert versioned.path_words == ("users",)


def test_features_resolve_refs_and_all_of_cycle_safe():
    schemas = {
        "k#/Page": {"allOf": [{"$ref": "k#/Base"}, obj(items={"type": ["array"]})]},
        "k#/Base": {
            "type": ["object"],
            "properties": {"next": {"type": ["string"]}, "self": {"$ref": "k#/Page"}},
        },
    }
    features = extract(op("get", "/pets", responses=respond({"$ref": "k#/Page"})), schemas)
    names = {f.path for f in features.response_fields}
    assert {"next", "items", "self", "self.next"} <= names
    assert features.array_field == "items"


def test_body_fields_are_extracted():
    features = extract(op("post", "/pets", request=body(obj(name="string"))), {})
    assert [f.name for f in features.body_fields] == ["name"]
    assert features.body_media == ("application/json",)
