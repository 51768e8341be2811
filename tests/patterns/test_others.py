"""health, batch, async_job and export."""

from __future__ import annotations

import pytest

from patterns.building import body, found, obj, op, query, respond


@pytest.mark.parametrize(
    "path", ["/health", "/healthz", "/ping", "/status", "/IsAlive", "/heartbeat"]
)
def test_health(path):
    assert found(op("get", path))["health"].confidence >= 0.7


def test_resource_status_is_not_health():
    assert "health" not in found(op("get", "/trails/{id}/status"))


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            op("post", "/batch", request=body(obj(requests={"type": ["array"]}))), id="batch-path"
        ),
        pytest.param(op("post", "/#BatchGetItem", "BatchGetItem"), id="aws-batch"),
        pytest.param(op("post", "/users/bulk"), id="bulk"),
        pytest.param(op("post", "/$batch", request=body(None, "multipart/mixed")), id="odata"),
    ],
)
def test_batch(operation):
    assert found(operation)["batch"].recognised


def test_async_job_with_location():
    operation = op("post", "/exports", responses=respond(None, "202", headers=["Location"]))
    match = found(operation)["async_job"]
    assert match.confidence >= 0.9
    assert match.params["status_header"] == "Location"


def test_async_status_url_in_body():
    operation = op("post", "/jobs", responses=respond(obj(statusUrl="string"), "202"))
    assert found(operation)["async_job"].params["status_field"] == "statusUrl"


def test_azure_long_running():
    operation = op("put", "/vaults/{name}", extensions={"x-ms-long-running-operation": True})
    assert found(operation)["async_job"].recognised


@pytest.mark.parametrize(
    ("operation", "detail"),
    [
        pytest.param(
            op("get", "/files/{id}/export", params=[query("mimeType")]), "export", id="export"
        ),
        pytest.param(op("get", "/files/{id}/download"), "download", id="download"),
        pytest.param(
            op("get", "/reports/{id}", responses=respond({"type": ["string"]}, media="text/csv")),
            "download",
            id="csv-response",
        ),
    ],
)
def test_export(operation, detail):
    assert found(operation)["export"].detail == detail


def test_plain_json_read_is_not_export():
    assert "export" not in found(op("get", "/pets/{id}", responses=respond(obj(id="string"))))
