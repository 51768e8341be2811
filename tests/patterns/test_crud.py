"""crud: REST shapes, RPC names, and the README's exclusions."""

from __future__ import annotations

import pytest

from patterns.building import body, found, obj, op, query, respond

LIST_BODY = {"type": ["array"], "items": obj(id="string")}


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        pytest.param(op("get", "/pets", responses=respond(LIST_BODY)), "list", id="get-collection"),
        pytest.param(
            op("post", "/pets", request=body(obj(name="string"))), "create", id="post-collection"
        ),
        pytest.param(op("get", "/pets/{petId}"), "read", id="get-item"),
        pytest.param(
            op("put", "/pets/{petId}", request=body(obj(name="string"))), "update", id="put-item"
        ),
        pytest.param(op("patch", "/pets/{petId}"), "update", id="patch-item"),
        pytest.param(op("delete", "/pets/{petId}"), "delete", id="delete-item"),
        pytest.param(op("head", "/pets"), "read", id="head"),
        pytest.param(op("get", "/me"), "read", id="me-singleton"),
        pytest.param(op("get", "/users/{id}/settings"), "read", id="settings-singleton"),
        pytest.param(op("get", "/users/{id}/followers"), "list", id="sub-collection"),
        pytest.param(op("get", "/api/v2/people"), "list", id="irregular-plural"),
        pytest.param(
            op("delete", "/certificates(thumbprint={thumbprint})"), "delete", id="odata-key"
        ),
        pytest.param(op("get", "/comics/{comicId}/info.0.json"), "read", id="file-extension"),
    ],
)
def test_rest_shapes(operation, expected):
    match = found(operation)["crud"]
    assert match.detail == expected
    assert match.confidence >= 0.9 or expected == "read"


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        pytest.param(
            op("post", "/createUser", request=body(obj(name="string"))), "create", id="createUser"
        ),
        pytest.param(op("get", "/DescribeInstances"), "list", id="DescribeInstances"),
        pytest.param(op("post", "/#ListThings", "ListThings"), "list", id="aws-list"),
        pytest.param(op("post", "/#DescribeThing", "DescribeThing"), "read", id="aws-describe-one"),
        pytest.param(op("post", "/#CreateThing", "CreateThing"), "create", id="aws-create"),
        pytest.param(op("post", "/#DeleteThing", "DeleteThing"), "delete", id="aws-delete"),
        pytest.param(op("post", "/#UpdateThing", "UpdateThing"), "update", id="aws-update"),
        pytest.param(
            op("post", "/#TerminateInstances", "TerminateInstances"), "delete", id="terminate-many"
        ),
        pytest.param(op("post", "/#AddTags", "AddTags"), "create", id="add-tags"),
        pytest.param(op("post", "/#RemoveTags", "RemoveTags"), "delete", id="remove-tags"),
        pytest.param(
            op("post", "/#SetTerminationProtection", "SetTerminationProtection"), "update", id="set"
        ),
        pytest.param(op("get", "/files", "drive.files.list"), "list", id="google-list"),
        pytest.param(op("post", "/certificates", "Certificate_Add"), "create", id="azure-add"),
        pytest.param(op("put", "/vaults/{name}", "Vaults_CreateOrUpdate"), "create", id="upsert"),
        pytest.param(op("post", "/files/{fileId}/copy", "drive.files.copy"), "create", id="copy"),
        pytest.param(
            op("post", "/LastMedia", summary="Get information about the last media"),
            "read",
            id="summary-verb",
        ),
    ],
)
def test_rpc_names(operation, expected):
    assert found(operation)["crud"].detail == expected


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(op("post", "/jobs/{jobId}/terminate", "Job_Terminate"), id="terminate-job"),
        pytest.param(op("post", "/servers/{id}/reboot"), id="reboot"),
        pytest.param(op("post", "/messages/send", "sendMessage"), id="send"),
        pytest.param(op("post", "/#StartLogging", "StartLogging"), id="start"),
        pytest.param(op("post", "/invoices/{id}/void"), id="void"),
        pytest.param(op("post", "/pools/{id}/evaluateautoscale"), id="run-together-action"),
        pytest.param(
            op("post", "/login", request=body(obj(username="string", password="string"))),
            id="login",
        ),
        pytest.param(op("delete", "/sessions"), id="logout"),
        pytest.param(
            op("get", "/lifetimejobstats", "Job_GetAllLifetimeStatistics"), id="statistics"
        ),
        pytest.param(op("get", "/fw/stats/"), id="stats"),
        pytest.param(op("get", "/health"), id="health"),
        pytest.param(op("get", "/files/generateIds"), id="generate"),
        pytest.param(op("get", "/analyze", params=[query("text", required=True)]), id="processing"),
        pytest.param(op("post", "/builds/{id}/retry"), id="action-after-item"),
        pytest.param(
            op("post", "/incidents/{id}/snooze", "createIncidentSnooze"),
            id="generated-create-name-on-action-path",
        ),
        pytest.param(
            op("post", "/images/{id}/transfer/accept", "images_post_transfer_accept"),
            id="method-word-in-name",
        ),
        pytest.param(op("post", "/schedules/preview", "createSchedulePreview"), id="preview"),
        pytest.param(op("post", "/jobs/{id}:cancel", "createJobCancel"), id="colon-action"),
        pytest.param(
            op("post", "/bank-accounts/{id}/deactivation", request=body(obj(reason="string"))),
            id="action-noun",
        ),
        pytest.param(op("get", "/giftcards/verify", params=[query("code")]), id="get-action"),
        pytest.param(op("get", "/maps/api/geocode/json"), id="format-segment-dropped"),
        pytest.param(op("get", "/radar/traffic/timeseries"), id="timeseries"),
        pytest.param(op("put", "/me/player/pause"), id="put-action"),
        pytest.param(op("delete", "/builds/{version}", "cancelBuild"), id="delete-cancels"),
    ],
)
def test_not_crud(operation):
    assert "crud" not in found(operation)


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        pytest.param(op("post", "/test_clocks", "PostTestClocks"), "create", id="noun-phrase"),
        pytest.param(op("delete", "/peers/{key}", "DisconnectPeer"), "delete", id="delete-item"),
        pytest.param(op("post", "/returns", "createReturn"), "create", id="plural-collection"),
        pytest.param(op("get", "/users/{id}/lock"), "read", id="get-state"),
        pytest.param(
            op("put", "/databases/{id}/do_settings", "databases_update_do_settings"),
            "update",
            id="auxiliary-verb",
        ),
        pytest.param(
            op("delete", "/users/{id}", "deactivateOrDeleteUser"), "delete", id="or-delete"
        ),
    ],
)
def test_action_words_that_still_name_crud(operation, expected):
    assert found(operation)["crud"].detail == expected


def test_format_parameter_is_not_an_item():
    match = found(op("get", "/countries/{format}"))["crud"]
    assert match.detail == "list"
    assert "id_param" not in match.params


def test_params_name_resource_and_id():
    match = found(op("get", "/pets/{petId}"))["crud"]
    assert dict(match.params) == {"resource": "pets", "id_param": "petId"}


def test_api_key_resource_is_crud_and_auth():
    names = found(op("delete", "/api-keys/{id}"))
    assert names["crud"].detail == "delete"
    assert names["auth"].detail == "api_key"


def test_evidence_explains_the_match():
    match = found(op("get", "/pets/{petId}"))["crud"]
    assert any("petId" in line for line in match.evidence)


@pytest.mark.parametrize("path", ["/articles{mediaTypeExtension}", "/articles.{format}"])
def test_format_suffix_inside_a_segment_is_not_an_item(path):
    match = found(op("get", path, responses=respond(LIST_BODY)))["crud"]
    assert match.detail == "list"
    assert "id_param" not in match.params


def test_a_read_that_takes_paging_controls_lists():
    operation = op(
        "get",
        "/projects/{id}/award_emoji",
        params=[query("page", "integer"), query("per_page", "integer")],
    )
    match = found(operation)["crud"]
    assert match.detail == "list"
    assert any("paging" in line for line in match.evidence)


def test_an_item_read_with_paging_params_stays_a_read():
    operation = op("get", "/pets/{petId}", params=[query("page", "integer")])
    assert found(operation)["crud"].detail == "read"


def test_editing_a_stored_session_is_crud_not_auth():
    names = found(op("put", "/sessions/{idSession}", request=body(obj(status="string"))))
    assert names["crud"].detail == "update"
    assert "auth" not in names


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            op(
                "get",
                "/estimates/fare",
                params=[query("from_lat", "number", required=True)],
                responses=respond(LIST_BODY),
            ),
            id="estimate",
        ),
        pytest.param(
            op("post", "/exchange/getQuote", request=body(obj(amount="number"))), id="quote"
        ),
        pytest.param(
            op("post", "/text/completions", "createCompletion", request=body(obj(prompt="string"))),
            id="generated-from-prompt",
        ),
    ],
)
def test_computed_results_are_not_crud(operation):
    assert "crud" not in found(operation)


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        pytest.param(op("get", "/predictions/{predictionId}"), "read", id="kept-prediction"),
        pytest.param(
            op("get", "/quotes", responses=respond(LIST_BODY)), "list", id="stored-quotes"
        ),
        pytest.param(
            op("get", "/text/completions", responses=respond(LIST_BODY)), "list", id="kept-outputs"
        ),
    ],
)
def test_stored_results_stay_crud(operation, expected):
    assert found(operation)["crud"].detail == expected


def test_downloading_one_report_file_reads_it():
    operation = op(
        "get",
        "/exports/{fileId}",
        "download-report",
        responses=respond({"type": ["string"], "format": "binary"}, media="application/zip"),
    )
    assert found(operation)["crud"].detail == "read"


def test_a_computed_report_is_still_not_crud():
    operation = op("get", "/reports/{period}", "getUsageReport", responses=respond(LIST_BODY))
    assert "crud" not in found(operation)


@pytest.mark.parametrize(
    ("operation", "expected"),
    [
        pytest.param(
            op("put", "/rooms/{roomId}/users/{userId}", "Rooms_PutRoomUser"),
            "update",
            id="put-name-on-item",
        ),
        pytest.param(op("put", "/vaults/{name}", "Vaults_CreateOrUpdate"), "create", id="upsert"),
        pytest.param(
            op("put", "/{Bucket}/{Key}#PutObject", "PutObject"), "create", id="aws-put-object"
        ),
    ],
)
def test_put_in_a_name(operation, expected):
    assert found(operation)["crud"].detail == expected
