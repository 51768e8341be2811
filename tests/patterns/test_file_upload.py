"""file_upload: multipart with a binary part, binary bodies, explicit uploads."""

from __future__ import annotations

import pytest

from patterns.building import body, found, obj, op, query

BINARY = {"type": ["string"], "format": "binary"}


@pytest.mark.parametrize(
    ("operation", "detail", "field"),
    [
        pytest.param(
            op(
                "post",
                "/files",
                request=body(obj(file=BINARY, name="string"), "multipart/form-data"),
            ),
            "multipart",
            "file",
            id="multipart-binary",
        ),
        pytest.param(
            op("put", "/files/{id}/content", request=body(BINARY, "application/octet-stream")),
            "binary",
            None,
            id="octet-stream",
        ),
        pytest.param(
            op("post", "/photos", request=body(BINARY, "image/png")), "binary", None, id="image"
        ),
        pytest.param(
            op(
                "post",
                "/projects",
                request=body(obj(upload=BINARY), "application/x-www-form-urlencoded"),
            ),
            "form_file",
            "upload",
            id="swagger2-type-file",
        ),
        pytest.param(
            op(
                "put",
                "/{Bucket}/{Key}#PutObject",
                "PutObject",
                request=body(obj(Body={"$ref": "k#/definitions/Body"})),
            ),
            "binary",
            "Body",
            id="aws-blob",
        ),
        pytest.param(
            op("post", "/tables/import", "tables.import"), "binary", None, id="import-without-body"
        ),
    ],
)
def test_upload_variants(operation, detail, field):
    schemas = {"k#/definitions/Body": {"type": ["string"]}}
    match = found(operation, schemas)["file_upload"]
    assert match.detail == detail
    assert match.params.get("file_field") == field


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            op("post", "/pictures", request=body(obj(pictureURL="string"))), id="url-only"
        ),
        pytest.param(
            op("post", "/contact", request=body(obj(name="string"), "multipart/form-data")),
            id="plain-multipart",
        ),
        pytest.param(
            op(
                "post",
                "/files/upload_sessions",
                "createUploadSession",
                request=body(obj(file_name="string")),
            ),
            id="upload-session",
        ),
        pytest.param(
            op("post", "/uploads/{id}/commit", request=body(obj(parts={"type": ["array"]}))),
            id="commit",
        ),
        pytest.param(op("get", "/files/{id}/content", responses={}), id="download"),
    ],
)
def test_not_upload(operation):
    assert "file_upload" not in found(operation)


def test_multipart_upload_is_confident():
    operation = op("post", "/files", request=body(obj(file=BINARY), "multipart/form-data"))
    assert found(operation)["file_upload"].confidence >= 0.9


def test_google_media_upload_parameter():
    operation = op("post", "/upload/storage/v1/b/{bucket}/o", params=[query("uploadType")])
    assert found(operation)["file_upload"].confidence >= 0.9


def test_posting_to_attachments_without_a_declared_body():
    match = found(op("post", "/timeline/{itemId}/attachments"))["file_upload"]
    assert 0.5 <= match.confidence < 0.9


def test_raw_text_body_alone_is_not_an_upload():
    operation = op(
        "put", "/authn/{account}/password", request=body({"type": ["string"]}, "text/plain")
    )
    assert "file_upload" not in found(operation)
