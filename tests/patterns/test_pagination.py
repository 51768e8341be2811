"""pagination: paging controls and paging metadata, with their names in ``params``."""

from __future__ import annotations

import pytest

from patterns.building import body, found, obj, op, query, respond

ITEMS = {"type": ["array"], "items": obj(id="string")}


def paged(*params, schema=None, headers=(), **kwargs):
    responses = respond(schema or {"type": ["array"], "items": obj(id="string")}, headers=headers)
    return found(op("get", "/pets", params=params, responses=responses, **kwargs)).get("pagination")


def test_page_and_per_page():
    match = paged(query("page", "integer"), query("per_page", "integer"))
    assert match.detail == "page"
    assert match.params["page"] == "page"
    assert match.params["size"] == "per_page"
    assert match.confidence >= 0.9


def test_offset_and_limit():
    match = paged(query("offset", "integer"), query("limit", "integer"))
    assert match.detail == "offset"
    assert (match.params["offset"], match.params["size"]) == ("offset", "limit")


def test_cursor():
    match = paged(query("cursor"), query("limit", "integer"))
    assert match.detail == "cursor"
    assert match.params["cursor"] == "cursor"


def test_page_token_and_next_page_token():
    schema = obj(items=ITEMS, nextPageToken="string")
    match = paged(query("pageToken"), query("maxResults", "integer"), schema=schema)
    assert match.detail == "token"
    assert match.params["cursor"] == "pageToken"
    assert match.params["next"] == "nextPageToken"
    assert match.params["items"] == "items"


def test_link_header():
    match = paged(headers=["Link"])
    assert match.detail == "link"
    assert match.params["next_header"] == "Link"


def test_odata_skip_and_next_link():
    match = paged(query("$skip", "integer"), query("$top", "integer"))
    assert match.params["offset"] == "$skip"


def test_azure_pageable_with_next_link_name():
    schema = obj(value=ITEMS, nextLink="string")
    match = paged(schema=schema, extensions={"x-ms-pageable": {"nextLinkName": "nextLink"}})
    assert match.confidence >= 0.9
    assert match.params["next"] == "nextLink"


def test_azure_pageable_without_next_link_is_not_paging():
    assert (
        paged(schema=obj(value=ITEMS), extensions={"x-ms-pageable": {"nextLinkName": None}}) is None
    )


def test_response_metadata_alone():
    schema = obj(data=ITEMS, meta=obj(next_cursor="string", has_more="boolean"))
    match = paged(schema=schema)
    assert match.params["next"] == "meta.next_cursor"
    assert match.params["has_more"] == "meta.has_more"


def test_id_cursor():
    assert paged(query("since_id", "integer"), query("count", "integer")).detail == "cursor"


def test_aws_body_token():
    request = body(obj(NextToken="string", MaxResults="integer"))
    responses = respond(obj(Things=ITEMS, NextToken="string"))
    match = found(op("post", "/#ListThings", "ListThings", request=request, responses=responses))
    assert match["pagination"].params["cursor"] == "NextToken"


@pytest.mark.parametrize(
    "params",
    [
        pytest.param([query("limit", "integer")], id="lone-limit"),
        pytest.param([query("maxResults", "integer")], id="lone-maxResults"),
        pytest.param([query("status")], id="plain-filter"),
        pytest.param([], id="plain-list"),
    ],
)
def test_not_paging(params):
    assert paged(*params) is None or not paged(*params).recognised


def test_total_count_alone_is_not_paging():
    match = paged(schema=obj(items=ITEMS, totalResults="integer"))
    assert match is None or not match.recognised


def test_paging_params_on_create_do_not_count():
    operation = op(
        "post", "/pets", params=[query("page", "integer")], request=body(obj(name="string"))
    )
    assert "pagination" not in found(operation)


def test_page_number_alone_in_response_metadata_is_not_paging():
    # an envelope every response shares (Cloudflare's result_info) tells the page, but
    # nothing in the request pages: readers of fresh3, fresh18 and fresh20 agreed
    schema = obj(result=ITEMS, result_info=obj(page="integer", per_page="integer", count="integer"))
    assert paged(schema=schema) is None
    # still read as a page field, should a paging control come with it
    match = paged(query("page", "integer"), schema=schema)
    assert match is not None and match.params["page_field"] == "result_info.page"


def test_page_number_with_total_pages_is_paging():
    schema = obj(result=ITEMS, result_info=obj(page="integer", total_pages="integer"))
    match = paged(schema=schema)
    assert match is not None and match.recognised
    assert match.detail == "page"


def test_writes_are_not_paged():
    schema = obj(result=ITEMS, result_info=obj(page="integer", per_page="integer"))
    operation = op("put", "/zones/{id}/rules", responses=respond(schema))
    assert "pagination" not in found(operation)


def test_cursor_named_like_a_response_field():
    assert paged(query("next_cursor"), query("limit", "integer")).detail == "cursor"


def test_a_token_with_a_size_is_a_cursor():
    match = paged(query("batch_token"), query("limit", "integer"))
    assert match.detail == "token"
    assert match.params["cursor"] == "batch_token"
    assert match.recognised


@pytest.mark.parametrize(
    "params",
    [
        pytest.param([query("batch_token")], id="token-without-size"),
        pytest.param([query("access_token"), query("limit", "integer")], id="credential-token"),
    ],
)
def test_a_token_that_is_not_a_cursor(params):
    match = paged(*params)
    assert match is None or not match.recognised


def test_paging_links_around_one_object_are_not_paging():
    links = obj(Self="string", Next="string", Last="string")
    schema = obj(Data=obj(Party=obj(Name="string")), Links=links, Meta=obj(TotalPages="integer"))
    assert "pagination" not in found(op("get", "/accounts/{id}/party", responses=respond(schema)))


def test_paging_links_around_a_list_are_paging():
    links = obj(Self="string", Next="string", Last="string")
    schema = obj(Data=obj(Offer=ITEMS), Links=links, Meta=obj(TotalPages="integer"))
    assert found(op("get", "/offers", responses=respond(schema)))["pagination"].recognised


@pytest.mark.parametrize(
    ("start", "size"),
    [
        pytest.param("from", "size", id="elasticsearch-from-size"),
        pytest.param("start", "rows", id="solr-start-rows"),
    ],
)
def test_a_start_written_as_text_with_a_size_is_an_offset(start, size):
    match = paged(query("q"), query(start), query(size))
    assert match is not None
    assert match.confidence >= 0.5
    assert match.detail == "offset"
    assert (match.params["offset"], match.params["size"]) == (start, size)


@pytest.mark.parametrize(
    "params",
    [
        # a range's bounds, with a size that only truncates
        pytest.param((query("from"), query("to"), query("limit", "integer")), id="from-to"),
        pytest.param((query("start"), query("end"), query("limit", "integer")), id="start-end"),
        # a date by its format
        pytest.param(
            (query("from", "string", fmt="date-time"), query("limit", "integer")), id="from-date"
        ),
        # no size: a start alone is no page
        pytest.param((query("from"),), id="from-alone"),
    ],
)
def test_a_start_written_as_text_that_is_no_offset(params):
    match = paged(*params)
    assert match is None or match.confidence < 0.5


def test_a_start_written_as_text_beside_a_page_is_a_key():
    # Twilio Sync's "From" (a key to start at) beside "Page" and "PageToken"
    match = paged(query("From"), query("Page", "integer"), query("PageSize", "integer"))
    assert match is not None
    assert match.detail == "page"
    assert "offset" not in match.params
