"""Well-known API conventions (GitHub, Stripe, Slack, Kubernetes, Twilio, Azure, OData,
SCIM, OAuth servers, the Petstore): what each operation is, end to end."""

from __future__ import annotations

import pytest

from patterns.building import body, found, header_param, obj, op, path_param, query, respond
from specmock.spec.model import Body, MediaType, Parameter, ParamLocation, ResponseSpec

BINARY = {"type": ["string"], "format": "binary"}
ITEMS = {"type": ["array"], "items": obj(id="string")}
MAIN = ("crud", "auth", "pagination", "search", "file_upload", "health")

CASES = [
    pytest.param(
        op(
            "get",
            "/repos/{owner}/{repo}/issues",
            params=[query("page", "integer"), query("per_page", "integer"), query("state")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "page"},
        id="github-issues",
    ),
    pytest.param(
        op("get", "/search/repositories", params=[query("q"), query("page", "integer")]),
        {"crud": "list", "search": "text", "pagination": "page"},
        id="github-search",
    ),
    pytest.param(
        op("put", "/repos/{owner}/{repo}/pulls/{pull_number}/merge"), {}, id="github-merge"
    ),
    pytest.param(
        op("get", "/user/keys"), {"crud": "list", "auth": "api_key"}, id="github-ssh-keys"
    ),
    pytest.param(
        op("post", "/applications/{client_id}/token"), {"auth": "token"}, id="github-app-token"
    ),
    pytest.param(
        op(
            "post",
            "/repos/{owner}/{repo}/releases/{release_id}/assets",
            params=[query("name")],
            request=body(BINARY, "application/octet-stream"),
        ),
        {"crud": "create", "file_upload": "binary"},
        id="github-release-asset",
    ),
    pytest.param(
        op(
            "post",
            "/v1/customers/{customer}",
            request=body(obj(email="string"), "application/x-www-form-urlencoded"),
        ),
        {"crud": "update"},
        id="stripe-update-by-post",
    ),
    pytest.param(
        op("get", "/v1/customers", params=[query("starting_after"), query("limit", "integer")]),
        {"crud": "list", "pagination": "cursor"},
        id="stripe-cursor",
    ),
    pytest.param(op("post", "/v1/charges/{charge}/capture"), {}, id="stripe-capture"),
    pytest.param(
        op(
            "post",
            "/v1/tokens",
            summary="Create a card token",
            description="Creates a single-use token that represents a credit card's details.",
        ),
        {"crud": "create"},
        id="stripe-card-token-is-not-auth",
    ),
    pytest.param(
        op("get", "/conversations.list", params=[query("cursor"), query("limit", "integer")]),
        {"crud": "list", "pagination": "cursor"},
        id="slack-dotted-method",
    ),
    pytest.param(op("post", "/oauth.v2.access"), {"auth": "token"}, id="slack-oauth"),
    pytest.param(
        op(
            "get",
            "/api/v1/namespaces/{namespace}/pods",
            params=[query("continue"), query("limit", "integer")],
        ),
        {"crud": "list", "pagination": "cursor"},
        id="kubernetes-continue",
    ),
    pytest.param(
        op(
            "get",
            "/2010-04-01/Accounts/{AccountSid}/Messages.json",
            params=[query("PageSize", "integer"), query("Page", "integer"), query("PageToken")],
        ),
        {"crud": "list", "pagination": "token"},
        id="twilio-json-suffix",
    ),
    pytest.param(
        op("post", "/upload/drive/v3/files", params=[query("uploadType", required=True)]),
        {"crud": "create", "file_upload": "binary"},
        id="google-media-upload",
    ),
    pytest.param(
        op(
            "post",
            "/subscriptions/{s}/providers/Microsoft.Storage/storageAccounts/{name}/listKeys",
            "StorageAccounts_ListKeys",
        ),
        {"crud": "list", "auth": "api_key"},
        id="azure-list-keys",
    ),
    pytest.param(
        op(
            "post",
            "/subscriptions/{s}/providers/Microsoft.Storage/checkNameAvailability",
            "StorageAccounts_CheckNameAvailability",
        ),
        {},
        id="azure-check-name",
    ),
    pytest.param(
        op(
            "get",
            "/Products",
            params=[query("$filter"), query("$top", "integer"), query("$skip", "integer")],
        ),
        {"crud": "list", "search": "filter", "pagination": "offset"},
        id="odata",
    ),
    pytest.param(op("get", "/Products(1)"), {"crud": "read"}, id="odata-key"),
    pytest.param(
        op(
            "get",
            "/Users",
            params=[query("filter"), query("startIndex", "integer"), query("count", "integer")],
        ),
        {"crud": "list", "search": "filter", "pagination": "offset"},
        id="scim",
    ),
    pytest.param(op("get", "/actuator/health"), {"health": "liveness"}, id="spring-health"),
    pytest.param(
        op("get", "/.well-known/openid-configuration"), {"crud": "read"}, id="oidc-discovery"
    ),
    pytest.param(op("post", "/token/refresh/"), {"auth": "refresh"}, id="jwt-refresh"),
    pytest.param(op("post", "/apikeys/{id}/rotate"), {"auth": "api_key"}, id="rotate-key"),
    pytest.param(op("get", "/oauth2/v1/clients"), {"crud": "list"}, id="oauth-namespace-alone"),
    pytest.param(
        op("get", "/changes/startPageToken", "drive.changes.getStartPageToken"),
        {"crud": "read"},
        id="page-token-is-not-auth",
    ),
    pytest.param(
        op("get", "/webhooks/{webhook_id}/{webhook_token}", "get_webhook_by_token"),
        {"crud": "read"},
        id="lookup-by-token",
    ),
    pytest.param(
        op("get", "/accounts/{id}/signing_groups", "SigningGroups_GetSigningGroups"),
        {"crud": "list"},
        id="signing-is-not-signin",
    ),
    pytest.param(op("get", "/api/v2/move/", "move_list"), {"crud": "list"}, id="drf-noun-verb"),
    pytest.param(
        op("delete", "/v2/load_balancers/{lb_id}", "loadBalancers_delete"),
        {"crud": "delete"},
        id="verb-chunk",
    ),
    pytest.param(
        op("get", "/files/{file_id}/trash", "get_files_id_trash"), {"crud": "read"}, id="get-trash"
    ),
    pytest.param(op("get", "/v1/issuing/cardholders"), {"crud": "list"}, id="issuing-is-not-is"),
    pytest.param(
        op("get", "/user/load_balancing/healthcheck_events"),
        {"crud": "list"},
        id="health-events-are-a-list",
    ),
    pytest.param(op("get", "/pets/{id}", "find pet by id"), {"crud": "read"}, id="find-by-id"),
    pytest.param(
        op(
            "post",
            "/users/{id}/avatar",
            request=body(obj(avatar=BINARY), "multipart/form-data"),
            responses=respond(obj(url="string"), "201"),
        ),
        {"crud": "create", "file_upload": "multipart"},
        id="singular-sub-resource",
    ),
    # a kept report read by its id is crud; running a saved one, or a statistic, is not
    pytest.param(
        op("get", "/v2/reports/{report_id}", "get-report"), {"crud": "read"}, id="kept-report"
    ),
    pytest.param(
        op("get", "/accounts/{a}/reports/{savedReportId}", "accounts.reports.saved.generate"),
        {},
        id="run-saved-report",
    ),
    pytest.param(op("get", "/reports/usage"), {}, id="usage-report"),
    pytest.param(
        op("get", "/revenue", "getRevenue", summary="Get revenue statistics"),
        {},
        id="summary-names-a-statistic",
    ),
    pytest.param(
        op("get", "/revenue", "getRevenue", summary="Get revenue entries"),
        {"crud": "read"},
        id="summary-names-no-statistic",
    ),
    # one item's file below its path, even of a report
    pytest.param(
        op("get", "/file-payments/{FilePaymentId}/report-file", "GetFilePaymentReportFile"),
        {"crud": "read"},
        id="report-file-of-an-item",
    ),
    pytest.param(op("get", "/documents/{id}/content"), {"crud": "read"}, id="content-of-an-item"),
    # a GET whose summary says it reads, though the path starts with a verb
    pytest.param(
        op(
            "get",
            "/workflows/{workflowId}/trigger-requirements",
            summary="Retrieve trigger requirements for a workflow",
        ),
        {"crud": "list"},
        id="summary-reads-verb-path",
    ),
    pytest.param(
        op("get", "/workflows/{workflowId}/trigger-run", summary="Trigger a run"),
        {},
        id="verb-path-with-action-summary",
    ),
    # token status is introspection: auth only
    pytest.param(
        op("post", "/oauth2/token/status", "RetrieveTokenStatus"),
        {"auth": "introspect"},
        id="token-status",
    ),
    # "ByRepository" under /repositories/{slug} scopes by the path, it filters nothing
    pytest.param(
        op("get", "/repositories/{username}/{slug}/pullrequests", "getPullRequestsByRepository"),
        {"crud": "list"},
        id="by-the-path-scope",
    ),
    pytest.param(
        op("get", "/pullrequests", "getPullRequestsByAuthor", params=[query("author")]),
        {"crud": "list", "search": "filter"},
        id="by-an-attribute",
    ),
    # "current" is a page number when a size comes with it
    pytest.param(
        op(
            "get",
            "/earn/products",
            params=[query("current", "integer"), query("size", "integer")],
        ),
        {"crud": "list", "pagination": "page"},
        id="current-and-size",
    ),
    pytest.param(
        op("get", "/earn/products", params=[query("current", "integer")]),
        {"crud": "list"},
        id="current-alone",
    ),
    # a search by text input over places lists them; it processes nothing
    pytest.param(
        op(
            "get",
            "/places/find",
            params=[query("input", required=True), query("fields")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "search": "filter"},
        id="find-by-input",
    ),
    pytest.param(
        op("post", "/text/tokenize", params=[query("text", required=True)]),
        {},
        id="process-an-input",
    ),
    # the summary's action beats a name that only says "new" or "get"
    pytest.param(
        op("post", "/", "NewMessage", summary="Send a message", request=body(obj(to="string"))),
        {},
        id="summary-action-over-new",
    ),
    pytest.param(
        op("post", "/", "NewMessage", summary="Create a message", request=body(obj(to="string"))),
        {"crud": "create"},
        id="summary-create-agrees-with-new",
    ),
    pytest.param(
        op("post", "/profile/status/get", "profileStatusGet", summary="Check a user's status"),
        {},
        id="summary-action-over-rpc-get",
    ),
    pytest.param(
        op("post", "/profile/status/get", "profileStatusGet", summary="Retrieve a user's status"),
        {"crud": "read"},
        id="summary-read-agrees-with-rpc-get",
    ),
    # a socket opens a connection; diagnostics are a check of the service
    pytest.param(op("get", "/events/socket"), {}, id="socket"),
    pytest.param(op("get", "/sockets"), {"crud": "list"}, id="socket-resources"),
    pytest.param(
        op("get", "/v1/getdebuginfo", "Daemon_GetDebugInfo"),
        {"health": "liveness"},
        id="debug-info",
    ),
    pytest.param(op("get", "/debug-sessions/{id}"), {"crud": "read"}, id="debug-session-item"),
    # the summary says which of the name's verb-like words is its verb
    pytest.param(
        op(
            "post",
            "/transfer/document/upload",
            "transferDocumentUpload",
            summary="Upload a transfer document",
            request=body(obj(file=BINARY), "multipart/form-data"),
        ),
        {"crud": "create", "file_upload": "multipart"},
        id="summary-picks-upload",
    ),
    pytest.param(
        op("post", "/transfer/document", "transferDocument", summary="Transfer a document"),
        {},
        id="transfer-action",
    ),
    pytest.param(
        op(
            "post",
            "/suppressions/batch/remove",
            "suppressions_batchRemove",
            summary="Remove up to 100 suppressions",
        ),
        {"crud": "delete"},
        id="summary-picks-remove",
    ),
    # a summary that agrees with PUT beats an action word at the end of the path
    pytest.param(
        op(
            "put",
            "/templates/{templateId}/lock",
            "Lock_PutTemplateLock",
            summary="Updates a template lock",
        ),
        {"crud": "update"},
        id="put-lock-summary-updates",
    ),
    pytest.param(
        op("put", "/templates/{templateId}/lock", "Lock_PutTemplateLock"),
        {},
        id="put-lock-action",
    ),
    # DELETE on an item that ends its validity deletes it
    pytest.param(
        op("delete", "/share-links/{link_id}", "invalidateShareLink"),
        {"crud": "delete"},
        id="invalidate-item",
    ),
    # a summary that lists reports lists kept ones; a report by name alone is computed
    pytest.param(
        op("post", "/audit/report/list", "auditReportList", summary="List audit reports"),
        {"crud": "list"},
        id="list-kept-reports",
    ),
    pytest.param(op("post", "/audit/report/list", "auditReportList"), {}, id="report-list"),
    # inviting adds a member
    pytest.param(
        op("post", "/teams/{team_id}/members/invite", "inviteMember"),
        {"crud": "create"},
        id="invite-member",
    ),
    # account recovery is a password reset; a backup's recovery points are not
    pytest.param(
        op("post", "/self-service/recovery", "updateRecoveryFlow"),
        {"auth": "password_reset"},
        id="recovery-flow",
    ),
    pytest.param(
        op("post", "/admin/recovery/link", "createRecoveryLinkForIdentity"),
        {"auth": "password_reset"},
        id="recovery-link",
    ),
    pytest.param(
        op("get", "/vaults/{vault}/backups/{item}/recoveryPoints"),
        {"crud": "list"},
        id="recovery-points",
    ),
    # an admin ending a session logs it out
    pytest.param(
        op("delete", "/admin/sessions/{id}", "disableSession"),
        {"auth": "logout"},
        id="admin-session-end",
    ),
    # tokens kept as named items are credentials managed like API keys
    pytest.param(
        op("post", "/zones/{zone_id}/access/service_tokens", summary="Create a service token"),
        {"crud": "create", "auth": "api_key"},
        id="service-tokens",
    ),
    pytest.param(op("post", "/auth/tokens"), {"auth": "token"}, id="issue-tokens"),
    # registering a client creates it with its credentials; registering a user signs up
    pytest.param(
        op("post", "/oauth2/register", "registerOAuth2Client"),
        {"crud": "create", "auth": "api_key"},
        id="register-client",
    ),
    pytest.param(
        op("post", "/users/register", request=body(obj(email="string", password="string"))),
        {"auth": "signup"},
        id="register-user",
    ),
    # a summary that names what the method does beats an action word in the name
    pytest.param(
        op(
            "get",
            "/margin/exchange-small-liability-history",
            summary="Get small liability exchange history",
        ),
        {"crud": "read"},
        id="get-summary-over-path-verb",
    ),
    pytest.param(
        op("get", "/margin/exchange-small-liability", summary="Exchange small liability"),
        {},
        id="get-path-verb-action-summary",
    ),
    pytest.param(
        op(
            "post",
            "/emails/{email_id}/share",
            "emails/share",
            summary="Create a shareable link for an email",
        ),
        {"crud": "create"},
        id="post-summary-creates",
    ),
    pytest.param(
        op("post", "/emails/{email_id}/share", "emails/share", summary="Share an email"),
        {},
        id="post-share-action",
    ),
    # a GET that opens a stream of events reads no resource
    pytest.param(
        op("get", "/v1/graph/subscribe", "Lightning_SubscribeChannelGraph"),
        {},
        id="get-subscribe-stream",
    ),
    pytest.param(
        op(
            "get",
            "/streaming/user",
            responses=respond(obj(event="string"), media="text/event-stream"),
        ),
        {},
        id="event-stream",
    ),
    pytest.param(
        op("get", "/users/{id}/subscriptions", "getSubscriptions"),
        {"crud": "list"},
        id="subscriptions-resource",
    ),
    # exporting one item by its id reads its definition; exporting a collection does not
    pytest.param(
        op("get", "/export/workflows/{id}", "exportWorkflow", summary="Export a workflow"),
        {"crud": "read"},
        id="export-an-item",
    ),
    # records of a usage are kept; a usage report is computed
    pytest.param(
        op(
            "post",
            "/subscription_items/{item}/usage_records",
            request=body(obj(quantity="integer")),
        ),
        {"crud": "create"},
        id="usage-records",
    ),
    pytest.param(op("get", "/subscriptions/{id}/usage"), {}, id="usage-of-an-item"),
    pytest.param(
        op(
            "post",
            "/events/summaries",
            summary="Create event summaries",
            request=body(obj(n="string")),
        ),
        {"crud": "create"},
        id="summary-creates-summaries",
    ),
    # an OAuth request (PKCE, grant_type) is auth only, whatever its path is named
    pytest.param(
        op(
            "post",
            "/oauth2/v1/par",
            request=body(
                obj(client_id="string", code_challenge="string"),
                "application/x-www-form-urlencoded",
            ),
        ),
        {"auth": "token"},
        id="oauth-pushed-request",
    ),
    # a product named "Auth" read by an RPC "get" is no login
    pytest.param(
        op("post", "/processor/auth/get", "processorAuthGet", summary="Retrieve Auth data"),
        {"crud": "read"},
        id="read-auth-product",
    ),
    pytest.param(op("post", "/auth"), {"auth": "login"}, id="post-auth"),
    # a token kept by its id is a credential item; rotating one is auth only
    pytest.param(
        op("put", "/organization/{organizationId}/gitToken/{gitTokenId}", "editGitToken"),
        {"crud": "update", "auth": "api_key"},
        id="edit-kept-token",
    ),
    pytest.param(
        op("post", "/projects/{id}/deploy_tokens", "createDeployToken"),
        {"crud": "create", "auth": "api_key"},
        id="deploy-tokens",
    ),
    pytest.param(
        op("post", "/terminal/connection_tokens", "createConnectionToken"),
        {"auth": "token"},
        id="connection-tokens",
    ),
    pytest.param(
        op("post", "/v2/tokens"),
        {"auth": "token"},
        id="versioned-tokens",
    ),
    pytest.param(
        op("post", "/access/service_tokens/{service_token_id}/rotate", "service-tokens-rotate"),
        {"auth": "refresh"},
        id="rotate-token",
    ),
    # favouriting, starring, following add an association; their "un" forms remove it
    pytest.param(
        op("post", "/api/v1/statuses/{id}/favourite", "postStatusFavourite"),
        {"crud": "create"},
        id="favourite",
    ),
    pytest.param(op("post", "/projects/{id}/star"), {"crud": "create"}, id="star"),
    pytest.param(op("post", "/projects/{id}/unstar"), {"crud": "delete"}, id="unstar"),
    # "batch" or "bulk" before a verb says how many, the verb says what
    pytest.param(
        op(
            "post",
            "/v2/catalog/batch-retrieve",
            "BatchRetrieveCatalogObjects",
            request=body(obj(object_ids={"type": ["array"], "items": {"type": ["string"]}})),
            responses=respond(obj(objects=ITEMS)),
        ),
        {"crud": "list"},
        id="batch-retrieve",
    ),
    # paging controls under a size by another name, or in an RPC call's options
    pytest.param(
        op(
            "get",
            "/v1/invoices",
            "ListInvoices",
            params=[query("index_offset", "integer"), query("num_max_invoices", "integer")],
            responses=respond(obj(invoices=ITEMS)),
        ),
        {"crud": "list", "pagination": "offset"},
        id="index-offset",
    ),
    pytest.param(
        op(
            "get",
            "/v1/invoices",
            "ListInvoices",
            params=[query("utc_offset", "integer")],
            responses=respond(obj(invoices=ITEMS)),
        ),
        {"crud": "list"},
        id="an-offset-alone",
    ),
    pytest.param(
        op(
            "post",
            "/processor/transactions/get",
            "processorTransactionsGet",
            request=body(obj(options=obj(count="integer", offset="integer"))),
            responses=respond(obj(transactions=ITEMS, total_transactions="integer")),
        ),
        {"crud": "list", "pagination": "offset"},
        id="options-paging",
    ),
    # association words that also name things: "follow requests" are a collection
    pytest.param(
        op(
            "get",
            "/api/v1/follow_requests",
            "getFollowRequests",
            params=[query("max_id"), query("limit", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="follow-requests",
    ),
    pytest.param(op("post", "/contacts/{id}/block", "BlockContact"), {}, id="block-action"),
    pytest.param(op("post", "/tags/{id}/unfeature"), {"crud": "delete"}, id="unfeature"),
    # removing a kept report's copy computes nothing
    pytest.param(
        op("post", "/asset_report/audit_copy/remove", summary="Remove Asset Report Audit Copy"),
        {"crud": "delete"},
        id="remove-report-copy",
    ),
    # a generated name that repeats the path parameter (PostRefundsRefund) names no verb
    pytest.param(
        op(
            "post",
            "/v1/refunds/{refund}",
            "PostRefundsRefund",
            request=body(obj(metadata="object"), "application/x-www-form-urlencoded"),
        ),
        {"crud": "update"},
        id="name-repeats-param",
    ),
    pytest.param(
        op("post", "/v1/charges/{charge}/refund", "PostChargesChargeRefund"),
        {},
        id="refund-action",
    ),
    # the summary's crud operation picks the name's verb of the same operation
    pytest.param(
        op("post", "/transfer/refund/get", "transferRefundGet", summary="Retrieve a refund"),
        {"crud": "read"},
        id="summary-op-picks-get",
    ),
    # a summary that checks, over a name alone, is no read
    pytest.param(op("get", "/api/v3/time", summary="Check Server Time"), {}, id="check-time"),
    pytest.param(
        op("get", "/api/v3/account", summary="Account information"),
        {"crud": "read"},
        id="summary-without-action",
    ),
    pytest.param(
        op("post", "/terminal/readers/{reader}/process_setup_intent"),
        {},
        id="process-action",
    ),
    # a multipart part that carries several files is a file part
    pytest.param(
        op(
            "put",
            "/workers/scripts/{script_name}/content",
            request=body(
                obj(modules={"type": ["array"], "items": BINARY}, metadata="object"),
                "multipart/form-data",
            ),
        ),
        {"crud": "update", "file_upload": "multipart"},
        id="multipart-files-array",
    ),
    pytest.param(
        op(
            "put",
            "/workers/scripts/{script_name}/settings",
            request=body(
                obj(tags={"type": ["array"], "items": {"type": ["string"]}}), "multipart/form-data"
            ),
        ),
        {"crud": "update"},
        id="multipart-strings-array",
    ),
    # a body that is JSON or a multipart form with a file accepts an upload
    pytest.param(
        op(
            "post",
            "/enrichment/schemas",
            "createEnrichmentSchema",
            request=Body(
                True,
                {
                    "application/json": MediaType("application/json", obj(name="string")),
                    "multipart/form-data": MediaType(
                        "multipart/form-data", obj(name="string", file=BINARY)
                    ),
                },
            ),
        ),
        {"crud": "create", "file_upload": "multipart"},
        id="json-or-multipart-file",
    ),
    # an authorization code is OAuth's one-time grant, issued for a login
    pytest.param(
        op("post", "/mobile/authorization-code", "CreateMobileAuthorizationCode"),
        {"auth": "authorize"},
        id="authorization-code",
    ),
    pytest.param(
        op("get", "/payments/{id}/authorization"),
        {"crud": "read"},
        id="payment-authorization",
    ),
    # a form part's name may hold a dot (Swagger 2.0 formData "file.xml"); it is one part
    pytest.param(
        op(
            "put",
            "/brands/{brandId}/resources/{resourceContentType}",
            request=body(
                {"type": ["object"], "properties": {"file.xml": BINARY}}, "multipart/form-data"
            ),
        ),
        {"crud": "update", "file_upload": "multipart"},
        id="dotted-form-part",
    ),
    pytest.param(
        op(
            "put",
            "/brands/{brandId}",
            request=body(
                {"type": ["object"], "properties": {"logo": obj(**{"file.xml": BINARY})}},
                "application/json",
            ),
        ),
        {"crud": "update"},
        id="nested-binary-is-no-part",
    ),
    # answering an enrolled factor's challenge is MFA, not a read or update of the factor
    pytest.param(
        op("post", "/api/v1/users/{userId}/factors/{factorId}/verify", "verifyFactor"),
        {"auth": "mfa"},
        id="verify-factor",
    ),
    pytest.param(
        op("get", "/api/v1/users/{userId}/factors/{factorId}", "getFactor"),
        {"crud": "read", "auth": "mfa_factor"},
        id="read-factor",
    ),
    # "top" rankings are leaderboards, computed over the kept items
    pytest.param(
        op(
            "get",
            "/radar/dns/top/locations",
            "radar-get-dns-top-locations",
            params=[query("limit", "integer")],
        ),
        {},
        id="top-ranking-path",
    ),
    pytest.param(
        op("get", "/artists/{id}/toptracks", "getArtistTopTracks", summary="Get top tracks"),
        {},
        id="top-ranking-name",
    ),
    pytest.param(
        op("get", "/folders/top-level", "listTopLevelFolders", summary="List top-level folders"),
        {"crud": "list"},
        id="top-level-is-kept",
    ),
    # an RPC read that names its report by the report's token reads a kept one
    pytest.param(
        op(
            "post",
            "/asset_report/pdf/get",
            "assetReportPdfGet",
            request=body(obj(asset_report_token="string")),
        ),
        {"crud": "read"},
        id="rpc-report-by-token",
    ),
    pytest.param(
        op(
            "post",
            "/spending_report/get",
            "spendingReportGet",
            request=body(obj(user_token="string", start_date="string")),
        ),
        {},
        id="rpc-report-computed",
    ),
    pytest.param(
        op(
            "post",
            "/v2/subscriptions/{subscription_id}/swap-plan",
            "SwapPlan",
            summary="SwapPlan",
            request=body(obj(new_plan_variation_id="string")),
        ),
        {},
        id="swap-action",
    ),
    # a GET named for a computation, given a value that is no id, reads nothing
    pytest.param(
        op("get", "/v1/payreq/{pay_req}", "Lightning_DecodePayReq"), {}, id="decode-path-value"
    ),
    pytest.param(
        op("get", "/v1/invoices/{invoice_id}", "Lightning_DecodeInvoice"),
        {"crud": "read"},
        id="decode-named-read-by-id",
    ),
    # statistics read by "Get ...s" are computed; a summary saying "List" lists kept ones
    pytest.param(
        op(
            "get",
            "/accounts/{account_id}/tests/{test_id}/percentiles",
            summary="Get percentiles for an http test",
            responses=respond(ITEMS),
        ),
        {},
        id="percentiles-stats",
    ),
    pytest.param(
        op("get", "/beacon/users/{id}/reports", summary="List Beacon Reports for a user"),
        {"crud": "list"},
        id="listed-reports-are-kept",
    ),
    # an item's qualified action noun (funds confirmation) is a check, not a read
    pytest.param(
        op(
            "get",
            "/payment-consents/{ConsentId}/funds-confirmation",
            summary="Get Payment Consents Funds Confirmation",
        ),
        {},
        id="funds-confirmation",
    ),
    pytest.param(
        op("get", "/clusters/{clusterId}/analysis", responses=respond(ITEMS)),
        {"crud": "list"},
        id="kept-analyses",
    ),
    # the system's, service's or server's own status is a health check; a job's is a read
    pytest.param(
        op("get", "/sapi/v1/system/status", summary="System Status (System)"),
        {"health": "liveness"},
        id="system-status",
    ),
    pytest.param(
        op("get", "/deployments/{deploymentId}/status", summary="Get deployment status"),
        {"crud": "read"},
        id="resource-status",
    ),
    # "Query ... statistics" reads computed ones
    pytest.param(
        op(
            "get",
            "/sapi/v1/sub-account/transaction-statistics",
            summary="Query Sub-account Transaction Statistics",
        ),
        {},
        id="query-statistics",
    ),
    # of a name's verb-like words, the one the path ends with is the verb
    pytest.param(
        op(
            "post",
            "/transfer/originator/list",
            "transferOriginatorList",
            summary="Get status of all originators' onboarding",
            request=body(obj(client_id="string", secret="string")),
        ),
        {"crud": "list"},
        id="path-ends-with-name-verb",
    ),
    # an RPC read that answers with a report's file reads that report
    pytest.param(
        op(
            "post",
            "/consumer_report/pdf/get",
            "consumerReportPdfGet",
            request=body(obj(user_token="string")),
            responses={
                "200": ResponseSpec(
                    "200", content={"application/pdf": MediaType("application/pdf", BINARY)}
                )
            },
        ),
        {"crud": "read"},
        id="rpc-report-file",
    ),
    pytest.param(op("post", "/api/v1/accounts/{id}/endorse"), {"crud": "create"}, id="endorse"),
    pytest.param(op("post", "/api/v1/accounts/{id}/unendorse"), {"crud": "delete"}, id="unendorse"),
    # a POST to a read verb after an item, named by the same verb, computes
    pytest.param(
        op(
            "post",
            "/templates/{templateKey}/components/{componentKey}/resolve",
            "resolveTemplateComponentConfiguration",
            request=body(obj(values="object")),
        ),
        {},
        id="post-resolve-after-item",
    ),
    pytest.param(
        op(
            "post",
            "/indexes/{index_name}/query",
            "queryVectors",
            request=body(obj(vector="array")),
        ),
        {"crud": "list", "search": "filter"},
        id="post-query-after-item",
    ),
    # a GET whose path starts with an action word before a plural reads those items
    pytest.param(
        op("get", "/api/v3/openOrders", responses=respond(ITEMS)),
        {"crud": "list"},
        id="open-orders",
    ),
    # returning a transfer is an action; a summary's "Returns ..." says what comes back
    pytest.param(
        op(
            "post",
            "/v1/test_helpers/inbound_transfers/{id}/return",
            "PostTestHelpersInboundTransfersIdReturn",
            request=body(obj(expand="array"), "application/x-www-form-urlencoded"),
        ),
        {},
        id="return-action",
    ),
    pytest.param(
        op(
            "post",
            "/accounts/balance/get",
            "accountsBalanceGet",
            summary="Returns the real-time balance of each account",
            request=body(obj(access_token="string")),
        ),
        {"crud": "read"},
        id="summary-returns-describes",
    ),
    # an item's action named by an action noun: a check, a rendered preview
    pytest.param(
        op("put", "/zones/{zone_id}/activation_check", summary="Rerun the Activation Check"),
        {},
        id="activation-check",
    ),
    pytest.param(
        op(
            "post",
            "/accounts/{accountId}/templates/{templateId}/responsive_html_preview",
            "ResponsiveHtml_PostTemplateResponsiveHtmlPreview",
            summary="Creates a preview of the responsive version of a template.",
        ),
        {},
        id="html-preview",
    ),
    pytest.param(
        op("put", "/zones/{zone_id}/activation_codes/{code_id}"),
        {"crud": "update"},
        id="activation-codes-kept",
    ),
    # placing an order creates it; a POST named create stores the report it is sent
    pytest.param(
        op(
            "post",
            "/sapi/v1/convert/limit/placeOrder",
            summary="Place limit order (USER_DATA)",
            params=[query("baseAsset", required=True), query("limitPrice", "number")],
        ),
        {"crud": "create"},
        id="place-order",
    ),
    pytest.param(
        op(
            "post",
            "/api/v1/reports",
            "createReport",
            summary="File a report",
            request=body(obj(account_id="string", comment="string")),
        ),
        {"crud": "create"},
        id="create-report",
    ),
    # a name ending in what a path parameter identifies still names it ({api_key_uuid})
    pytest.param(
        op("delete", "/v2/gen-ai/openai/keys/{api_key_uuid}", "genai_delete_openai_api_key"),
        {"crud": "delete", "auth": "api_key"},
        id="api-key-by-uuid",
    ),
    # an upload session is no login session, whichever verb the name has (a guard)
    pytest.param(
        op(
            "post",
            "/files/upload_sessions/{SESSION_ID}/commit",
            "commitUploadSession",
            summary="Commit Upload",
        ),
        {"crud": "create"},
        id="upload-session-commit",
    ),
    # POST to an item's actions does something to the item; an actions collection of its
    # own keeps action definitions
    pytest.param(
        op(
            "post",
            "/v2/droplets/{droplet_id}/actions",
            "dropletActions_post",
            summary="Initiate a Droplet Action",
            request=body(obj(type="string")),
        ),
        {},
        id="item-actions",
    ),
    pytest.param(
        op(
            "post",
            "/automation_actions/actions",
            "createAutomationAction",
            request=body(obj(name="string")),
        ),
        {"crud": "create"},
        id="action-definitions",
    ),
    # "List total number of ..." counts
    pytest.param(
        op(
            "get",
            "/project/{projectId}/environment/stats",
            "getProjectEnvironmentServiceNumber",
            summary="List total number of services for each environment of the project",
        ),
        {},
        id="list-total-number",
    ),
    # a body that is a binary string is a file's bytes, whatever its media type
    pytest.param(
        op(
            "post",
            "/indexes/{index_name}/upsert",
            "upsert-vector",
            request=body(BINARY, "application/x-ndjson"),
        ),
        {"crud": "create", "file_upload": "binary"},
        id="ndjson-binary-body",
    ),
    pytest.param(
        op(
            "post",
            "/indexes/{index_name}/upsert",
            "upsert-vector",
            request=body({"type": ["string"]}, "application/json"),
        ),
        {"crud": "create"},
        id="json-string-body",
    ),
    # a GET named "get" of a plural noun whose body holds an array named for that noun
    # lists it, beside the parent's own fields; with no such array it reads one thing
    pytest.param(
        op(
            "get",
            "/v2/accounts/{accountId}/envelopes/{envelopeId}/documents",
            "Documents_GetDocuments",
            responses=respond(obj(envelopeId="string", envelopeDocuments=ITEMS)),
        ),
        {"crud": "list"},
        id="named-array-lists",
    ),
    pytest.param(
        op(
            "get",
            "/v2/accounts/{accountId}/limits",
            "Limits_GetLimits",
            responses=respond(obj(maxUsers="integer", maxEnvelopes="integer", tiers=ITEMS)),
        ),
        {"crud": "read"},
        id="plural-singleton-reads",
    ),
    # a market's ticker is its price statistics over a window, computed; ticker symbols
    # kept as reference data are still listed
    pytest.param(
        op("get", "/api/v3/ticker/24hr", summary="24hr Ticker Price Change Statistics"),
        {},
        id="market-ticker",
    ),
    pytest.param(
        op("get", "/v3/reference/tickers", "listTickers", responses=respond(ITEMS)),
        {"crud": "list"},
        id="ticker-symbols",
    ),
    # a qualified result noun read by a GET is worked out from its inputs; a kept preview
    # read by its id is still read
    pytest.param(
        op(
            "get",
            "/sapi/v1/simple-earn/flexible/subscriptionPreview",
            summary="Get Flexible Subscription Preview",
            params=[query("productId", required=True), query("amount", "number", required=True)],
        ),
        {},
        id="qualified-preview",
    ),
    pytest.param(
        op(
            "get",
            "/zones/{zone_id}/healthchecks/preview/{healthcheck_id}",
            "health-checks-health-check-preview-details",
            summary="Health Check Preview Details",
        ),
        {"crud": "read"},
        id="kept-preview-by-id",
    ),
    # the most that can be borrowed is computed from the account; setting a maximum is
    # still an update
    pytest.param(
        op("get", "/sapi/v1/margin/maxBorrowable", summary="Query Max Borrow"),
        {},
        id="max-borrowable",
    ),
    pytest.param(
        op(
            "post",
            "/sapi/v1/margin/max-leverage",
            summary="Adjust cross margin max leverage",
            request=body(obj(maxLeverage="integer")),
        ),
        {"crud": "update"},
        id="max-leverage-setting",
    ),
    # preparing is an action
    pytest.param(
        op("post", "/signal/prepare", "signalPrepare", request=body(obj(access_token="string"))),
        {},
        id="prepare-action",
    ),
    # updating an item by its uuid updates it, whatever its noun ("metrics")
    pytest.param(
        op(
            "put",
            "/v2/gen-ai/custom_evaluation_metrics/{metric_uuid}",
            "genai_update_custom_evaluation_metric",
            request=body(obj(metric_name="string")),
        ),
        {"crud": "update"},
        id="update-metric-by-uuid",
    ),
    # a preview of what a collection would hold is computed
    pytest.param(
        op(
            "get",
            "/v1/credit_notes/preview",
            "GetCreditNotesPreview",
            description="<p>Get a preview of a credit note without creating it.</p>",
            params=[query("invoice")],
        ),
        {},
        id="collection-preview",
    ),
    # a numeric "after" with a size is where the next slice starts; alone it is a filter
    pytest.param(
        op(
            "get",
            "/guilds/{guild_id}/members",
            "list_guild_members",
            params=[query("limit", "integer"), query("after", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="numeric-after-with-limit",
    ),
    pytest.param(
        op(
            "get",
            "/events",
            "listEvents",
            params=[query("after", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list"},
        id="numeric-after-alone",
    ),
    # a multipart part named "..._file" is a file; "file_name" only names one
    pytest.param(
        op(
            "put",
            "/invites/{code}/target-users",
            "update_invite_target_users",
            request=body(obj(target_users_file="string"), "multipart/form-data"),
        ),
        {"crud": "update", "file_upload": "multipart"},
        id="file-suffixed-part",
    ),
    pytest.param(
        op(
            "put",
            "/invites/{code}/settings",
            "update_invite_settings",
            request=body(obj(file_name="string", note="string"), "multipart/form-data"),
        ),
        {"crud": "update"},
        id="file-name-part",
    ),
    # a "session_id" in a response alone is a field of many things, no token issued
    pytest.param(
        op(
            "get",
            "/guilds/{guild_id}/voice-states/@me",
            "get_self_voice_state",
            responses=respond(obj(channel_id="string", session_id="string", mute="boolean")),
        ),
        {"crud": "read"},
        id="session-id-field",
    ),
    # "filter_type" and "filter_id" name the object filtered by: exact choices
    pytest.param(
        op(
            "get",
            "/webhook_subscriptions",
            "listWebhookSubscriptions",
            params=[query("filter_type"), query("filter_id")],
            responses=respond(ITEMS),
        ),
        {"crud": "list"},
        id="filter-target",
    ),
    pytest.param(
        op(
            "get",
            "/tickets",
            "listTickets",
            params=[query("filter")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "search": "filter"},
        id="filter-expression",
    ),
    # a keys collection whose items its parameter calls access keys keeps credentials
    pytest.param(
        op("put", "/v2/spaces/keys/{access_key}", "spacesKey_update"),
        {"crud": "update", "auth": "api_key"},
        id="access-key-item",
    ),
    pytest.param(
        op("put", "/v2/projects/keys/{project_key}", "projectKey_update"),
        {"crud": "update"},
        id="project-key-item",
    ),
    # with no summary, the description's first sentence says what is done (Stripe)
    pytest.param(
        op(
            "post",
            "/v1/tax/settings",
            "PostTaxSettings",
            description="<p>Updates Tax <code>Settings</code> parameters.</p>",
            request=body(obj(defaults=obj(tax_code="string")), "application/x-www-form-urlencoded"),
        ),
        {"crud": "update"},
        id="description-as-summary",
    ),
    # joining adds a membership; leaving removes it
    pytest.param(
        op("put", "/users/{user_id}/groups/{group_id}", "join_group"),
        {"crud": "create"},
        id="join-group",
    ),
    # a PUT stores what it is sent, whatever its noun ("usage")
    pytest.param(
        op(
            "put",
            "/accounts/{account_id}/workers/scripts/{script_name}/usage-model",
            "worker-script-update-usage-model",
            summary="Update Usage Model",
            request=body(obj(usage_model="string")),
        ),
        {"crud": "update"},
        id="put-usage-model",
    ),
    # a recovery question is recovered with like a password: changing it is auth alone
    pytest.param(
        op(
            "post",
            "/api/v1/users/{userId}/credentials/change_recovery_question",
            "changeRecoveryQuestion",
            request=body(obj(password=obj(value="string"), recovery_question=obj())),
        ),
        {"auth": "password_reset"},
        id="recovery-question",
    ),
    # a path ending in "List" lists when the body is a list in an envelope; one object
    # called an "order list" is read
    pytest.param(
        op(
            "get",
            "/sapi/v1/mining/pub/coinList",
            responses=respond(obj(code="integer", msg="string", data=ITEMS)),
        ),
        {"crud": "list"},
        id="coin-list",
    ),
    pytest.param(
        op(
            "get",
            "/api/v3/orderList",
            params=[query("orderListId", "integer")],
            responses=respond(obj(orderListId="integer", symbol="string", orders=ITEMS)),
        ),
        {"crud": "read"},
        id="order-list-object",
    ),
    # a download answering a file reads one file, whatever the name's plural
    pytest.param(
        op(
            "post",
            "/statements/download",
            "statementsDownload",
            request=body(obj(access_token="string", statement_id="string")),
            responses=respond(BINARY, media="application/pdf"),
        ),
        {"crud": "read"},
        id="download-one-file",
    ),
    # Box's stream position is a cursor
    pytest.param(
        op(
            "get",
            "/events",
            "get_events",
            params=[query("stream_position"), query("limit", "integer")],
            responses=respond(obj(next_stream_position="string", entries=ITEMS)),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="stream-position",
    ),
    # adding kept videos by their URIs sends no file
    pytest.param(
        op(
            "put",
            "/users/{user_id}/projects/{project_id}/videos",
            "add_videos_to_project",
            params=[query("uris", required=True)],
            responses=respond(status="204"),
        ),
        {"crud": "create"},
        id="add-by-uris",
    ),
    # a parameter that is no item's id names a collection, paged like any other
    pytest.param(
        op(
            "get",
            "/api/v1/users/{userId}/linkedObjects/{relationshipName}",
            "getLinkedObjectsForUser",
            params=[query("after"), query("limit", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="paged-named-collection",
    ),
    # a state transition POSTed to an item is an action; setting a property is an update
    pytest.param(
        op(
            "post",
            "/v1/invoices/{invoice}/mark_uncollectible",
            "PostInvoicesInvoiceMarkUncollectible",
        ),
        {},
        id="mark-transition",
    ),
    pytest.param(
        op(
            "post",
            "/me/albums/{album_id}/videos/{video_id}/set_album_thumbnail",
            "set_video_as_album_thumbnail_alt1",
            request=body(obj(time_code="number")),
        ),
        {"crud": "update"},
        id="set-property",
    ),
    # a name that reads a "List" lists
    pytest.param(
        op(
            "get",
            "/v2/accounts/{accountId}/powerforms",
            "PowerForms_GetPowerFormsList",
            responses=respond(obj(powerForms=ITEMS)),
        ),
        {"crud": "list"},
        id="name-reads-a-list",
    ),
    # removing an ephemeral key invalidates a credential issued earlier
    pytest.param(
        op("delete", "/v1/ephemeral_keys/{key}", "DeleteEphemeralKeysKey"),
        {"crud": "delete", "auth": "api_key"},
        id="delete-ephemeral-key",
    ),
    # a kept report's items paged with a cursor are listed; paged analytics stay statistics
    pytest.param(
        op(
            "post",
            "/cashflow_report/transactions/get",
            "cashflowReportTransactionsGet",
            request=body(obj(user_token="string", cursor="string", count="integer")),
            responses=respond(obj(transactions=ITEMS, next_cursor="string", has_more="boolean")),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="report-items-paged",
    ),
    pytest.param(
        op(
            "get",
            "/v1/analytics/libraries/{file_key}/component/usages",
            "getLibraryAnalyticsComponentUsages",
            params=[query("cursor"), query("group_by", required=True)],
            responses=respond(obj(rows=ITEMS, cursor="string", next_page="boolean")),
        ),
        {"pagination": "cursor"},
        id="analytics-paged",
    ),
    # "find" by criteria filters; a lookup names one item exactly, and "query" is many
    # APIs' word for any read
    pytest.param(
        op("get", "/pets", "findPets", params=[query("tags")], responses=respond(ITEMS)),
        {"crud": "list", "search": "filter"},
        id="find-by-criteria",
    ),
    pytest.param(
        op(
            "get",
            "/api/v1/accounts/lookup",
            "getAccountLookup",
            params=[query("acct", required=True)],
            responses=respond(obj(id="string", username="string")),
        ),
        {"crud": "read"},
        id="exact-lookup",
    ),
    pytest.param(
        op(
            "get",
            "/sapi/v1/managed-subaccount/query-trans-log",
            params=[query("page", "integer"), query("limit", "integer"), query("email")],
            responses=respond(obj(total="integer", managerSubTransferHistoryVos=ITEMS)),
        ),
        {"crud": "list", "pagination": "page"},
        id="query-named-read",
    ),
    # an envelope that only tells the page number pages nothing the request controls;
    # with the total pages it is paging metadata
    pytest.param(
        op(
            "get",
            "/accounts/{account_id}/roles",
            "account-roles-list-roles",
            responses=respond(
                obj(
                    success="boolean",
                    result=ITEMS,
                    result_info=obj(page="number", per_page="number", total_count="number"),
                )
            ),
        ),
        {"crud": "list"},
        id="envelope-page-number",
    ),
    pytest.param(
        op(
            "get",
            "/contacts",
            "listContacts",
            responses=respond(obj(data=ITEMS, pages=obj(page="integer", total_pages="integer"))),
        ),
        {"crud": "list", "pagination": "page"},
        id="page-and-total-pages",
    ),
    # Stripe names an item's parameter for one of its collection: /reports/{report}
    pytest.param(
        op(
            "get",
            "/v1/identity/verification_reports/{report}",
            "GetIdentityVerificationReportsReport",
            responses=respond(obj(id="string", type="string")),
        ),
        {"crud": "read"},
        id="item-named-for-collection",
    ),
    # "exchange rates" is a noun phrase; posting a transfer or presenting a payment method
    # is done to the item
    pytest.param(
        op(
            "get",
            "/v1/exchange_rates",
            "GetExchangeRates",
            params=[query("starting_after"), query("limit", "integer")],
            responses=respond(obj(data=ITEMS, has_more="boolean")),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="exchange-rates",
    ),
    pytest.param(
        op(
            "post",
            "/v1/test_helpers/treasury/outbound_transfers/{outbound_transfer}/post",
            "PostTestHelpersTreasuryOutboundTransfersOutboundTransferPost",
            request=body(obj(expand="array"), "application/x-www-form-urlencoded"),
        ),
        {},
        id="post-a-transfer",
    ),
    pytest.param(
        op(
            "post",
            "/v1/test_helpers/terminal/readers/{reader}/present_payment_method",
            "PostTestHelpersTerminalReadersReaderPresentPaymentMethod",
            request=body(obj(card_present=obj()), "application/x-www-form-urlencoded"),
        ),
        {},
        id="present-payment-method",
    ),
    # an application's secrets (its environment) are its own, not an "application
    # secret"; an OAuth client's new secret is a credential
    pytest.param(
        op(
            "put",
            "/application/{applicationId}/secret/{secretId}",
            "editApplicationSecret",
            request=body(obj(value="string", key="string")),
        ),
        {"crud": "update"},
        id="application-secrets",
    ),
    pytest.param(
        op(
            "post",
            "/oauth2/v1/clients/{clientId}/lifecycle/newSecret",
            "generateNewClientSecret",
            summary="Generate a new client secret",
        ),
        {"auth": "api_key"},
        id="client-new-secret",
    ),
    # a name that reads an item's action noun reads a kept record; unnamed, the noun is
    # a check computed on request
    pytest.param(
        op(
            "get",
            "/v2/databases/{database_cluster_uuid}/online-migration",
            "databases_get_migrationStatus",
            responses=respond(obj(id="string", status="string", created_at="string")),
        ),
        {"crud": "read"},
        id="read-named-migration",
    ),
    pytest.param(
        op(
            "get",
            "/domestic-payment-consents/{ConsentId}/funds-confirmation",
            "GetDomesticPaymentConsentsConsentIdFundsConfirmation",
            responses=respond(obj(Data=obj(FundsAvailableResult=obj()))),
        ),
        {},
        id="funds-confirmation",
    ),
    # a request that names a model and gives it a prompt asks for an answer, computed
    pytest.param(
        op(
            "post",
            "/v1/messages",
            "inference_create_messages",
            request=body(obj(model="string", max_tokens="integer", messages=ITEMS)),
        ),
        {},
        id="model-inference",
    ),
    pytest.param(
        op(
            "post",
            "/channels/{channel_id}/messages",
            "createMessage",
            request=body(obj(content="string", tts="boolean")),
        ),
        {"crud": "create"},
        id="chat-message",
    ),
    # a ranking of one dimension's value is still a ranking; a lookup by the path's value
    # is no filter
    pytest.param(
        op(
            "get",
            "/radar/email/security/top/tlds/malicious/{malicious}",
            "radar-get-email-security-top-tlds-by-malicious",
            params=[query("limit", "integer")],
        ),
        {},
        id="ranking-by-value",
    ),
    pytest.param(
        op(
            "get",
            "/radar/entities/locations/{location}",
            "radar-get-entities-location-by-alpha2",
            responses=respond(obj(location=obj(alpha2="string", name="string"))),
        ),
        {"crud": "read"},
        id="lookup-by-path-value",
    ),
    # "list ... details" of one item reads it
    pytest.param(
        op(
            "get",
            "/accounts/{account_id}/magic/ipsec_tunnels/{ipsec_tunnel_id}",
            "magic-ipsec-tunnels-list-ipsec-tunnel-details",
            responses=respond(obj(result=obj(ipsec_tunnel=obj(id="string")))),
        ),
        {"crud": "read"},
        id="list-details-of-one",
    ),
    # a created job's body "filter" configures it; a read's body filter selects
    pytest.param(
        op(
            "post",
            "/zones/{zone_id}/logpush/edge",
            "post-zones-zone_identifier-logpush-edge-jobs",
            request=body(obj(fields="string", filter="string", sample="integer")),
            responses=respond(
                obj(success="boolean", result=obj(fields="string", sample="integer"))
            ),
        ),
        {"crud": "create"},
        id="job-filter-config",
    ),
    pytest.param(
        op(
            "post",
            "/analytics/raw/incidents",
            "getAnalyticsIncidents",
            request=body(obj(filters=obj(created_at_start="string"), limit="integer")),
        ),
        {"search": "filter"},
        id="read-body-filter",
    ),
    # a POST on a weak shape (no collection, no verb) creates only when its answer shows
    # it: a 201, an identifier, or a field it was sent
    pytest.param(
        op(
            "post",
            "/emotion",
            request=body(obj(text="string", language="string")),
            responses=respond(obj(predictions=ITEMS)),
        ),
        {},
        id="weak-post-answers-nothing-sent",
    ),
    pytest.param(
        op("post", "/late-order-compensation-query", request=body(obj(orderId="string"))),
        {},
        id="weak-post-answers-nothing",
    ),
    pytest.param(
        op(
            "post",
            "/emotion",
            request=body(obj(text="string")),
            responses=respond(obj(predictions=ITEMS), "201"),
        ),
        {"crud": "create"},
        id="weak-post-201-creates",
    ),
    pytest.param(
        op(
            "post",
            "/store/order",
            request=body(obj(petId="integer", quantity="integer")),
            responses=respond(obj(petId="integer", quantity="integer")),
        ),
        {"crud": "create"},
        id="weak-post-echoes-creates",
    ),
    pytest.param(
        op(
            "post",
            "/store/order",
            request=body(obj(petId="integer", quantity="integer")),
            responses=respond(obj(message="string"), "default"),
        ),
        {"crud": "create"},
        id="weak-post-no-2xx-cannot-tell",
    ),
    # a generated name with the method's verb after what the controller does
    pytest.param(op("get", "/v3/Analyze", "Analyze_Get"), {}, id="controller-named-action"),
    pytest.param(
        op("get", "/v3/Pets", "Pets_Get", responses=respond(ITEMS)),
        {"crud": "list"},
        id="controller-named-resource",
    ),
    # a point alone on no collection: a value computed for a place, neither read nor search
    pytest.param(
        op(
            "get",
            "/uv",
            params=[query("lat", "number", required=True), query("lng", "number", required=True)],
        ),
        {},
        id="computed-for-a-place",
    ),
    pytest.param(
        op(
            "get",
            "/stores",
            params=[query("lat", "number", required=True), query("lng", "number", required=True)],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "search": "filter"},
        id="things-near-a-place",
    ),
    # rankings and correlations are statistics
    pytest.param(op("get", "/v2.0/rankings/districts"), {}, id="rankings-are-stats"),
    pytest.param(op("get", "/v1/correlation"), {}, id="correlation-is-stats"),
    # paging controls inside a structure, or under a paging prefix, or abbreviated
    pytest.param(
        op(
            "get",
            "/V1/taxClasses/search",
            params=[
                query("searchCriteria[pageSize]", "integer"),
                query("searchCriteria[currentPage]", "integer"),
            ],
            responses=respond(obj(items=ITEMS, total_count="integer")),
        ),
        {"crud": "list", "search": "text", "pagination": "page"},
        id="bracketed-paging",
    ),
    # a whole name that says it pages is read whole (JSON:API, a token's prefix)
    pytest.param(
        op(
            "get",
            "/articles",
            params=[query("page[number]", "integer"), query("page[size]", "integer")],
            responses=respond(obj(data=ITEMS)),
        ),
        {"crud": "list", "pagination": "page"},
        id="json-api-paging",
    ),
    pytest.param(
        op(
            "get",
            "/tweets",
            params=[query("pagination_token"), query("max_results", "integer")],
            responses=respond(obj(data=ITEMS)),
        ),
        {"crud": "list", "pagination": "token"},
        id="pagination-token",
    ),
    pytest.param(
        op(
            "get",
            "/v1/organizations",
            params=[query("paginate_page", "integer"), query("paginate_limit", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "page"},
        id="prefixed-paging",
    ),
    pytest.param(
        op(
            "get",
            "/v1/feeds",
            params=[query("pagination_id"), query("limit", "integer")],
            responses=respond(obj(feeds=ITEMS, pagination_id="string")),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="pagination-id-cursor",
    ),
    pytest.param(
        op(
            "get",
            "/recipes",
            params=[query("pg", "integer"), query("rpp", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "page"},
        id="pg-rpp",
    ),
    pytest.param(
        op(
            "get",
            "/v1/rules",
            params=[query("firstRow", "integer"), query("rowCount", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "offset"},
        id="first-row-row-count",
    ),
    pytest.param(
        op(
            "get",
            "/.well-known/mercure",
            summary="Subscribe to updates",
            params=[query("Last-Event-ID"), header_param("Last-Event-ID")],
            responses=respond({"type": ["string"]}, media="text/event-stream"),
        ),
        {},
        id="sse-last-event-id",
    ),
    pytest.param(
        op(
            "post",
            "/api2/convert",
            request=body(obj(url="string", page_size="string", key="string")),
        ),
        {},
        id="paper-page-size",
    ),
    # read off ext2: a summary's "Return ..." says what comes back
    pytest.param(
        op(
            "get",
            "/hackathons/coming.json",
            summary="Return upcoming hackathons",
            params=[query("page", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "page"},
        id="summary-return-says-what-comes-back",
    ),
    # a verbless name whose head is a statistic
    pytest.param(
        op("get", "/markets", "market-statistics", responses=respond(ITEMS)),
        {},
        id="name-head-statistic",
    ),
    pytest.param(
        op("get", "/markets", "market-list", responses=respond(ITEMS)),
        {"crud": "list"},
        id="name-head-no-statistic",
    ),
    # "exists" asks, it is no collection
    pytest.param(
        op(
            "post",
            "/discovery/exists",
            "discovery_exists",
            request=body(obj(identifier="string")),
            responses=respond(obj(code="string", email="boolean")),
        ),
        {},
        id="exists-asks",
    ),
    # an anonymous session is a login session
    pytest.param(
        op(
            "post",
            "/account/sessions/anonymous",
            "accountCreateAnonymousSession",
            responses=respond(obj(userId="string", expire="string"), "201"),
        ),
        {"auth": "login"},
        id="anonymous-session",
    ),
    # Joomla's limit + limitstart
    pytest.param(
        op(
            "get",
            "/sites/{id}/audits",
            params=[query("limit", "integer"), query("limitstart", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "offset"},
        id="limitstart-offset",
    ),
    # read off ext3: a weak-shape POST whose summary says it adds, or that sends ids, is
    # about kept items; a summary that only repeats the method says nothing
    pytest.param(
        op(
            "post",
            "/ticket/{ticketId}/message",
            summary="Add new message to trouble ticket",
            request=body(obj(body="string", visibility="string")),
        ),
        {"crud": "create"},
        id="weak-post-summary-adds",
    ),
    pytest.param(
        op(
            "post",
            "/company-overview",
            request=body(obj(companyIds={"type": ["array"], "items": {"type": ["string"]}})),
            responses=respond(obj(companies=ITEMS)),
        ),
        {"crud": "create"},
        id="weak-post-sends-ids",
    ),
    pytest.param(
        op(
            "post",
            "/cluster",
            summary="POST Cluster Endpoint",
            request=body(obj(customers=ITEMS)),
            responses=respond(obj(clusters=ITEMS, status="string")),
        ),
        {},
        id="weak-post-summary-repeats-method",
    ),
    # a GET that requires an address out there (a page, a host) works on it
    pytest.param(
        op(
            "get",
            "/Urls/apps",
            params=[query("url", required=True)],
            responses=respond(obj(apps=ITEMS)),
        ),
        {},
        id="works-on-a-url",
    ),
    pytest.param(
        op("get", "/ip-probe", params=[query("ip", required=True)]),
        {},
        id="works-on-an-ip",
    ),
    pytest.param(
        op("get", "/bookmarks", params=[query("url")], responses=respond(ITEMS)),
        {"crud": "list"},
        id="optional-url-filters-kept-items",
    ),
    # a summary's object ends at a preposition; a gerund after an action word is a domain
    pytest.param(
        op("get", "/events", "getEvents", summary="get events for analytics"),
        {"crud": "list"},
        id="summary-object-ends-at-preposition",
    ),
    pytest.param(
        op("get", "/open-banking/v2.2/atms", responses=respond(obj(data=ITEMS))),
        {"crud": "list"},
        id="open-banking-is-a-domain",
    ),
    # read off ext4: a sign-in record kept by id is read and edited; a point in the path
    # is no item's id
    pytest.param(
        op("get", "/signin/{signinId}", responses=respond(obj(id="string", name="string"))),
        {"crud": "read"},
        id="kept-signin-record",
    ),
    pytest.param(
        op("post", "/signin", request=body(obj(username="string", password="string"))),
        {"auth": "login"},
        id="signin-still-logs-in",
    ),
    pytest.param(
        op("get", "/v1/wgs84ToOsgb36/{latitude}/{longitude}", "wgs84ToOsgb36UsingGET"),
        {},
        id="point-in-the-path",
    ),
    # read off ext6: Elasticsearch's search_after is a position; "?p=" pages when the answer
    # tells pages; coordinates in a non-read body are no place to search near;
    # Google's uploadType on every method uploads nothing; a wallet's token pays; undo
    pytest.param(
        op(
            "get",
            "/catalogs/{id}/mapped-products",
            params=[query("search_after"), query("limit", "integer")],
            responses=respond(obj(items=ITEMS)),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="search-after-is-a-position",
    ),
    pytest.param(
        op(
            "get",
            "/1.0/artist/{mbid}/setlists",
            params=[query("p", "integer")],
            responses=respond(
                obj(setlist=ITEMS, page="integer", itemsPerPage="integer", total="integer")
            ),
        ),
        {"crud": "list", "pagination": "page"},
        id="p-with-pages-in-the-answer",
    ),
    pytest.param(
        op(
            "get",
            "/1.0/artist/{mbid}/setlists",
            params=[query("p", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list"},
        id="p-alone-says-nothing",
    ),
    pytest.param(
        op(
            "post",
            "/v1beta1/{name}:cancel",
            "networkmanagement.projects.locations.global.operations.cancel",
            params=[query("uploadType"), query("upload_protocol")],
        ),
        {},
        id="discovery-upload-type-everywhere",
    ),
    pytest.param(
        op(
            "post",
            "/upload/storage/v1/b/{bucket}/o",
            "storage.objects.insert",
            params=[query("uploadType")],
        ),
        {"crud": "create", "file_upload": "binary"},
        id="discovery-media-upload",
    ),
    pytest.param(
        op(
            "get",
            "/digital_wallet_tokens/{digital_wallet_token_id}",
            "retrieve_a_digital_wallet_token",
        ),
        {"crud": "read"},
        id="wallet-token-pays",
    ),
    pytest.param(
        op(
            "post",
            "/alerts/{alertId}/undoAcknowledge",
            request=body(obj(comment="string")),
            responses=respond(obj(comment="string")),
        ),
        {},
        id="undo-is-an-action",
    ),
    # read off ext7: a GET under a health namespace checks what it names
    pytest.param(
        op("get", "/health/cache", "healthGetCache", summary="Get Cache"),
        {"health": "liveness"},
        id="health-namespace",
    ),
    pytest.param(
        op("get", "/uptime/checks", responses=respond(ITEMS)),
        {"crud": "list"},
        id="uptime-checks-are-kept",
    ),
    # "new" before the items a GET reads is an adjective: new releases are read
    pytest.param(
        op(
            "get",
            "/lists/dvds/new_releases.json",
            "NewReleaseDVDsDVDLists",
            params=[query("page_limit", "integer"), query("page", "integer")],
            responses=respond(obj(movies=ITEMS, total="integer")),
        ),
        {"crud": "list", "pagination": "page"},
        id="new-releases-are-read",
    ),
    pytest.param(
        op("get", "/v1/newaddress", "newAddress", responses=respond(obj(address="string"))),
        {"crud": "create"},
        id="get-new-address-makes-one",
    ),
    # the text to match in the path
    pytest.param(
        op(
            "get",
            "/icons/{term}",
            "getIconsByTerm",
            params=[query("limit", "integer"), query("offset", "integer")],
        ),
        {"crud": "list", "search": "text", "pagination": "offset"},
        id="search-term-in-path",
    ),
    pytest.param(
        op("get", "/keywords/leases/{keyword}", "getKeywordLease"),
        {"crud": "read"},
        id="keyword-names-a-kept-item",
    ),
    # a series laid out over time is computed, and "by time" groups it
    pytest.param(
        op(
            "get",
            "/sessions/data_series",
            "appSessionsByTime",
            params=[query("length", "integer", required=True), query("ending_at")],
            responses=respond(obj(data=ITEMS, message="string")),
        ),
        {},
        id="time-series-by-time",
    ),
    pytest.param(
        op("get", "/series/{id}/episodes", responses=respond(ITEMS)),
        {"crud": "list"},
        id="tv-series-are-kept",
    ),
    # a GET whose answer lists sign-in records signs no one in
    pytest.param(
        op(
            "get",
            "/signins",
            summary="Get signin info",
            responses=respond({"type": ["array"], "items": obj(id="integer", name="string")}),
        ),
        {"crud": "list"},
        id="signin-records-listed",
    ),
    # paging by an opaque key: continueFrom, pageKey
    pytest.param(
        op(
            "get",
            "/clicks",
            "GetClicks",
            params=[query("continueFrom"), query("limit", "integer")],
            responses=respond(obj(clicks=ITEMS, lastId="string")),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="continue-from-cursor",
    ),
    pytest.param(
        op(
            "post",
            "/v1/list-corpora",
            "ListCorpora",
            request=body(obj(numResults="integer", pageKey="string")),
            responses=respond(obj(corpus=ITEMS, pageKey="string")),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="page-key-cursor",
    ),
    # a key asked for with a password is a sign-in
    pytest.param(
        op(
            "get",
            "/authentication/authkey",
            "auth_authkey_get",
            params=[query("username"), query("password")],
            responses=respond(obj(auth_key="string", user_id="integer")),
        ),
        {"auth": "token"},
        id="key-for-a-password",
    ),
    # what is read out of an image file sent is worked out, not kept
    pytest.param(
        op(
            "post",
            "/ocr/preprocessing/image/get-page-angle",
            "Preprocessing_GetPageAngle",
            request=body(obj(imageFile=BINARY), "multipart/form-data"),
            responses=respond(obj(Successful="boolean", Angle="number")),
        ),
        {"file_upload": "multipart"},
        id="read-out-of-a-file-sent",
    ),
    # a path that starts with a verb that computes: GET /validate/name/{name}
    pytest.param(
        op("get", "/validate/name/{name}", responses=respond(obj(valid="boolean"))),
        {},
        id="path-starts-with-compute-verb",
    ),
    pytest.param(
        op("get", "/chat/channels/{channelId}", responses=respond(obj(id="string"))),
        {"crud": "read"},
        id="chat-is-a-noun",
    ),
    # a path key that writes its query string names query parameters, whatever "in" says
    pytest.param(
        op(
            "get",
            "/api/iconsets/v3/category?category={category}&amount={amount}&offset={offset}",
            "By Category",
            params=[
                path_param("category"),
                Parameter(
                    "amount", ParamLocation.PATH, True, {"type": ["number"]}, "simple", False
                ),
                Parameter(
                    "offset", ParamLocation.PATH, True, {"type": ["number"]}, "simple", False
                ),
            ],
            responses=respond(obj(icons=ITEMS, parameters=obj(amount="number"))),
        ),
        {"crud": "list", "pagination": "offset"},
        id="query-string-in-path-key",
    ),
    # a point where nothing is kept is where a value is computed for, though it answers a
    # list (hours of a forecast); things near a point, or a collection at one, are searched
    pytest.param(
        op(
            "get",
            "/forecast",
            params=[query("lat", "number", required=True), query("lng", "number", required=True)],
            responses=respond(obj(result=ITEMS)),
        ),
        {},
        id="point-forecast-answering-a-list",
    ),
    pytest.param(
        op(
            "get",
            "/users/nearby",
            params=[
                query("lat", "number"),
                query("lng", "number"),
                query("limit", "integer"),
                query("offset", "integer"),
            ],
            responses=respond(obj(data=ITEMS)),
        ),
        {"crud": "list", "search": "filter", "pagination": "offset"},
        id="nearby-is-searched",
    ),
    # read off ext8: a collection is sent what it keeps, text included
    pytest.param(
        op(
            "post",
            "/media/{media-id}/comments",
            summary="Create a comment on a media object.",
            params=[query("text", required=True)],
            responses=respond(obj(meta=obj(code="integer"), data=obj(id="string"))),
        ),
        {"crud": "create"},
        id="text-sent-to-a-collection",
    ),
    # a computed noun names what is asked for near the end of a path, not a namespace
    pytest.param(
        op("get", "/quote/image/font/list", params=[query("start", "integer")]),
        {"crud": "list", "pagination": "offset"},
        id="quote-namespace",
    ),
    pytest.param(
        op("get", "/estimates/price", params=[query("start_latitude", "number", required=True)]),
        {},
        id="price-estimate-computed",
    ),
    # one or two JSON:API filter[x] exact filters only narrow a list
    pytest.param(
        op(
            "get",
            "/categories",
            params=[query("filter[parent]")],
            responses=respond(obj(data=ITEMS)),
        ),
        {"crud": "list"},
        id="one-keyed-filter",
    ),
    pytest.param(
        op(
            "get",
            "/payments",
            params=[query("filter[status]"), query("filter[since]"), query("filter[until]")],
            responses=respond(obj(data=ITEMS)),
        ),
        {"crud": "list", "search": "filter"},
        id="several-keyed-filters",
    ),
    # "by" an identifier run together with its noun looks one up
    pytest.param(
        op(
            "get",
            "/api/Liabilities",
            "Liabilities_GetByPlanid",
            params=[query("planId", required=True)],
        ),
        {"crud": "read"},
        id="by-planid-is-no-filter",
    ),
    # a yes/no question about search finds nothing
    pytest.param(
        op("get", "/{organism}/isFreeSearchSupported", responses=respond({"type": ["boolean"]})),
        {},
        id="is-search-supported",
    ),
    # a sign-in record removed by its id is kept data
    pytest.param(
        op("delete", "/signin/{signinId}"),
        {"crud": "delete"},
        id="signin-record-deleted",
    ),
    # tokens sent, burnt or minted are value, no credential
    pytest.param(
        op(
            "post",
            "/ntp1/sendtoken",
            "sendToken",
            request=body(obj(fee="integer", to=ITEMS)),
            responses=respond(obj(txHex="string")),
        ),
        {},
        id="send-token-is-value",
    ),
    # a call that deletes takes no paging, whatever schema it reuses
    pytest.param(
        op(
            "post",
            "/FeedConnections/DeleteRequests",
            "deleteFeedConnections",
            request=body(
                obj(
                    items=ITEMS,
                    pagination=obj(page="integer", pageSize="integer", pageCount="integer"),
                )
            ),
            responses=respond(
                obj(items=ITEMS, pagination=obj(page="integer", pageCount="integer"))
            ),
        ),
        {"crud": "delete"},
        id="delete-takes-no-paging",
    ),
    # a continuation header is a cursor
    pytest.param(
        op(
            "get",
            "/lexemes",
            params=[header_param("continuation"), header_param("maxItemCount")],
            responses=respond({"type": ["array"], "items": obj(id="string")}),
        ),
        {"crud": "list", "pagination": "cursor"},
        id="continuation-header",
    ),
    # a GET's write verb before a plural is a noun phrase (leave policies, change logs)
    pytest.param(
        op(
            "get",
            "/providers/{providerId}/leavePolicies",
            "GetProviderLeavePoliciesByProviderId",
            params=[query("pageNumber", "integer"), query("pageSize", "integer")],
            responses=respond(obj(_embedded=ITEMS, currentPage="integer", totalPages="integer")),
        ),
        {"crud": "list", "pagination": "page"},
        id="leave-policies-are-read",
    ),
    # a segment an item id follows names a collection, whatever verb it starts with
    pytest.param(
        op("get", "/StopPoint/{id}/placeTypes", responses=respond(ITEMS)),
        {"crud": "list"},
        id="stop-point-is-a-collection",
    ),
    pytest.param(
        op(
            "get",
            "/routing/calculateRoute/{locations}/{contentType}",
            responses=respond(obj(routes=ITEMS)),
        ),
        {},
        id="calculate-route-is-sent-inputs",
    ),
    # read off ext9: factors are a person's authentication factors, not a diagnosis's
    pytest.param(
        op(
            "get",
            "/risk_factors/{id}",
            "getRiskFactor",
            responses=respond(obj(id="string", name="string")),
        ),
        {"crud": "read"},
        id="risk-factors-are-no-mfa",
    ),
    pytest.param(
        op("get", "/users/{userId}/factors", responses=respond(ITEMS)),
        {"crud": "list", "auth": "mfa_factor"},
        id="user-factors-are-mfa",
    ),
    # SSO groups and SAML roles are access control, no sign-in
    pytest.param(
        op("get", "/account/sso/groups", "getAccountGroupMappings", responses=respond(ITEMS)),
        {"crud": "list"},
        id="sso-groups-are-kept",
    ),
    # a last path parameter that names what to do
    pytest.param(
        op("get", "/pods/{podId}/{action}", responses=respond(obj(status="string"))),
        {},
        id="action-parameter",
    ),
    pytest.param(
        op(
            "put",
            "/actions/{action}",
            request=body(obj(name="string")),
            responses=respond(obj(id="string")),
        ),
        {"crud": "update"},
        id="actions-collection-item",
    ),
    # "by" a URL looks one up
    pytest.param(
        op(
            "get",
            "/food/images/analyze",
            "imageAnalysisByURL",
            params=[query("imageUrl", required=True)],
        ),
        {},
        id="by-url-is-no-filter",
    ),
    # an action done to an import sends no bytes
    pytest.param(
        op("post", "/v2/user/catalogs/{storeId}/autoImport/resume", "Auto_ResumeAutoImport"),
        {},
        id="resume-an-import",
    ),
    # credentials in the query are no criteria of a find
    pytest.param(
        op(
            "get",
            "/custom_feeds",
            "findCustomFeeds",
            params=[query("vestorly_auth"), query("access_token")],
            responses=respond(obj(custom_feeds=ITEMS)),
        ),
        {"crud": "list"},
        id="find-with-credentials-only",
    ),
    # the page asked for as the path's last segment
    pytest.param(
        op(
            "get",
            "/get/list/{page}",
            responses=respond(obj(skins=ITEMS, page=obj(index="integer", amount="integer"))),
        ),
        {"crud": "list", "pagination": "page"},
        id="page-in-path",
    ),
    # read off ext10: sending a password (or a reminder of it) recovers it
    pytest.param(
        op(
            "post",
            "/sendpassword",
            "auth.sendpassword",
            summary="Password recover by email",
            params=[query("email")],
        ),
        {"auth": "password_reset"},
        id="send-password",
    ),
    # standings are a leaderboard
    pytest.param(
        op(
            "get",
            "/tournaments/{tournament_id}/standings",
            params=[query("page", "integer"), query("per_page", "integer")],
            responses=respond(ITEMS),
        ),
        {"pagination": "page"},
        id="standings-are-a-leaderboard",
    ),
    # a collection gathered at a point given in the path
    pytest.param(
        op(
            "get",
            "/atms/geo-location/lat/{latitude}/long/{longitude}",
            params=[query("radius", "number")],
        ),
        {"crud": "list", "search": "filter"},
        id="collection-at-a-point-in-path",
    ),
    pytest.param(
        op(
            "get",
            "/v1/wgs84ToOsgb36/{latitude}/{longitude}",
            responses=respond(obj(easting="number")),
        ),
        {},
        id="point-converted-in-path",
    ),
    # read off ext11: Springfox's "...UsingPOST" names the method it was generated for;
    # starting an authentication is a sign-in's first step
    pytest.param(
        op(
            "post",
            "/v1/auth/init",
            "initiateAuthUsingPOST",
            summary="Initiate authentication process",
        ),
        {"auth": "login"},
        id="springfox-auth-init",
    ),
    pytest.param(
        op("get", "/users", "listUsersUsingGET", responses=respond(ITEMS)),
        {"crud": "list"},
        id="springfox-list",
    ),
    # RFC 8628's device authorization
    pytest.param(
        op(
            "post",
            "/account/devices/authorization",
            "authorizeDevice",
            request=body(obj(code="string")),
        ),
        {"auth": "authorize"},
        id="device-authorization",
    ),
    # "by" a SKU looks one up
    pytest.param(
        op(
            "get",
            "/catalogs/{storeId}/products",
            "Catalog_GetProductBySku",
            params=[query("sku", required=True)],
        ),
        {"crud": "read"},
        id="by-sku-is-no-filter",
    ),
    # TomTom's "ofs" is an offset
    pytest.param(
        op(
            "get",
            "/search/2/poiSearch/{query}.json",
            params=[query("limit", "integer"), query("ofs", "integer")],
            responses=respond(obj(results=ITEMS, summary=obj(numResults="integer"))),
        ),
        {"crud": "list", "search": "text", "pagination": "offset"},
        id="ofs-offset",
    ),
    # the server's clock and the caller's address are no resource's
    pytest.param(
        op(
            "get",
            "/time",
            summary="Get current server time",
            responses=respond(obj(time="integer")),
        ),
        {},
        id="server-clock",
    ),
    pytest.param(
        op("get", "/ip", description="Returns the requester's IP address."), {}, id="caller-ip"
    ),
    pytest.param(
        op("get", "/devices/{id}/ip", responses=respond(obj(id="string", ip="string"))),
        {"crud": "read"},
        id="an-items-ip-is-read",
    ),
    # a call no verb names a create that answers a list with its paging metadata reads a
    # slice; POST to "searches" answering a list runs a search
    pytest.param(
        op(
            "post",
            "/users/searches",
            description="Fetch users whose profile fields match the query.",
            request=body(obj(query="string", offset="integer", limit="integer")),
            responses=respond(obj(data=ITEMS, pagination=obj(offset="integer", limit="integer"))),
        ),
        {"crud": "list", "search": "text", "pagination": "offset"},
        id="post-searches-runs-a-search",
    ),
    pytest.param(
        op(
            "post",
            "/messages/metadata/filters",
            request=body(obj(key="string", offset="integer", limit="integer")),
            responses=respond(obj(data=ITEMS, pagination=obj(total_records="integer"))),
        ),
        {"crud": "list", "pagination": "offset"},
        id="post-answering-a-paged-list-pages",
    ),
    pytest.param(
        op(
            "post",
            "/FeedConnections",
            "createFeedConnections",
            request=body(obj(items=ITEMS, pagination=obj(page="integer"))),
            responses=respond(obj(items=ITEMS, pagination=obj(page="integer")), "201"),
        ),
        {"crud": "create"},
        id="named-create-reusing-a-paged-schema",
    ),
    pytest.param(
        op(
            "post",
            "/saved/searches",
            request=body(obj(name="string", query="string")),
            responses=respond(obj(id="string", name="string"), "201"),
        ),
        {"crud": "create"},
        id="saving-a-search-keeps-it",
    ),
    # a GET sent a document or a message works on it; one that names its write, or an
    # item's collection filtered by text, stays crud
    pytest.param(
        op(
            "get",
            "/s1/sentiment",
            "sentimentGet",
            summary="Performs sentiment analysis on the given document",
            params=[query("text"), query("language")],
            responses=respond(obj(sentiment=obj(value="number", label="string"))),
        ),
        {},
        id="get-sent-a-document-analyses-it",
    ),
    pytest.param(
        op("get", "/slack", "slack_get_slack_get", summary="Slack Get", params=[query("message")]),
        {},
        id="get-sent-a-message-sends-it",
    ),
    pytest.param(
        op("get", "/createPad", "createPad", params=[query("padID"), query("text")]),
        {"crud": "create"},
        id="get-named-create-with-text",
    ),
    pytest.param(
        op(
            "get",
            "/spaces/{spaceId}/folders/{id}/messages",
            params=[path_param("spaceId"), path_param("id"), query("Text")],
            responses=respond(ITEMS),
        ),
        {"crud": "list"},
        id="item-collection-filtered-by-text",
    ),
    # a token asked for anew, and OAuth 1's request and access tokens, are issued
    pytest.param(
        op(
            "post",
            "/api/v2/token/new/",
            "JWT Obtain",
            request=body(obj(secret_id="string", secret_key="string")),
            responses=respond(obj(access="string", refresh="string")),
        ),
        {"auth": "token"},
        id="token-new-issues-one",
    ),
    pytest.param(
        op(
            "post",
            "/oauth/request_token_query",
            params=[query("oauth_consumer_key"), query("oauth_signature")],
        ),
        {"auth": "token"},
        id="oauth1-request-token",
    ),
    pytest.param(
        op("post", "/payment_token/new", request=body(obj(card_number="string"))),
        {"crud": "create"},
        id="payment-token-new-is-no-credential",
    ),
    # a CORS preflight asks what is allowed: no crud, no token issued, nothing found
    pytest.param(op("options", "/cities/findcitiesfromtext"), {}, id="options-preflight"),
    pytest.param(op("options", "/oauth2/v1/token"), {}, id="options-on-a-token-endpoint"),
    # a reset done by POST is an action, like a restart; a DELETE that resets a setting
    # puts it back to its default
    pytest.param(
        op("post", "/__admin/scenarios/reset", summary="Reset the state of all scenarios"),
        {},
        id="post-reset-is-an-action",
    ),
    pytest.param(
        op(
            "delete",
            "/indexes/{index_uid}/settings/synonyms",
            "resetSynonyms",
            params=[path_param("index_uid")],
        ),
        {"crud": "update"},
        id="delete-resets-a-setting",
    ),
    pytest.param(
        op(
            "delete",
            "/filter/{id}/columns",
            description="Resets the columns for the given filter.",
            params=[path_param("id")],
        ),
        {"crud": "delete"},
        id="delete-summary-reset-stays-crud",
    ),
    # a status a query names by its id is that item's; a bare one is the service's
    pytest.param(
        op(
            "get",
            "/api/Status",
            "Status_Get",
            params=[query("messageId")],
            responses=respond(obj(messageId="string", statusText="string")),
        ),
        {"crud": "read"},
        id="status-of-a-message",
    ),
    pytest.param(
        op("get", "/status", responses=respond(obj(status="string"))),
        {"health": "liveness"},
        id="bare-status-is-the-services",
    ),
    # X-Pagination-* headers make a slice of a GET whose last parameter names no item
    pytest.param(
        op(
            "get",
            "/movies/updates/{start_date}",
            params=[path_param("start_date")],
            responses=respond(
                headers=("X-Pagination-Page", "X-Pagination-Limit", "X-Pagination-Page-Count")
            ),
        ),
        {"crud": "list", "pagination": "page"},
        id="pagination-headers-on-a-parameter-path",
    ),
    pytest.param(
        op(
            "get",
            "/movies/{movie_id}",
            params=[path_param("movie_id")],
            responses=respond(obj(id="string"), headers=("X-Pagination-Page",)),
        ),
        {"crud": "read"},
        id="pagination-headers-on-an-item-read",
    ),
    # a call named for a computation finds nothing, and a partial-match suffix filters a
    # list only (a card number's prefix sent to be taxed is a value)
    pytest.param(
        op(
            "get",
            "/api/v1/tax/calculate",
            "calculateSimpleTax",
            params=[query("amount", "number"), query("buyer_credit_card_prefix")],
            responses=respond(obj(transaction=obj(amount="number"))),
        ),
        {},
        id="calculation-finds-nothing",
    ),
    pytest.param(
        op(
            "post",
            "/tasks/{id}/accept/",
            params=[path_param("id"), query("name_prefix")],
            responses=respond(obj(id="string", state="string")),
        ),
        {},
        id="prefix-on-an-action-filters-nothing",
    ),
    pytest.param(
        op("get", "/buckets", params=[query("name_prefix")], responses=respond(ITEMS)),
        {"crud": "list", "search": "filter"},
        id="prefix-on-a-list-filters-it",
    ),
    # an Azure Resource_Verb name as a path key's fragment: the verb follows the resource
    pytest.param(
        op(
            "get",
            "/{tenantID}/{nextLink}#Users_ListNext",
            "Users_ListNext",
            params=[path_param("tenantID"), path_param("nextLink")],
            responses=respond(obj(value=ITEMS, **{"odata.nextLink": "string"})),
        ),
        {"crud": "list", "pagination": "link"},
        id="azure-list-next-fragment",
    ),
    # an item's stored tokens removed, and a service principal's password credentials
    # edited, are credential resources (crud and auth), not a logout or a password reset
    pytest.param(
        op(
            "delete",
            "/v1/edge-config/{edgeConfigId}/tokens",
            "deleteEdgeConfigTokens",
            params=[path_param("edgeConfigId")],
            request=body(obj(tokens={"type": ["array"], "items": {"type": ["string"]}})),
        ),
        {"crud": "delete", "auth": "api_key"},
        id="delete-an-items-tokens",
    ),
    pytest.param(
        op("delete", "/auth/token", "deleteToken"),
        {"auth": "logout"},
        id="delete-the-session-token-logs-out",
    ),
    pytest.param(
        op(
            "patch",
            "/{tenantID}/servicePrincipals/{objectId}/passwordCredentials",
            "ServicePrincipals_UpdatePasswordCredentials",
            params=[path_param("tenantID"), path_param("objectId")],
            request=body(obj(value=ITEMS)),
        ),
        {"crud": "update", "auth": "api_key"},
        id="password-credentials-are-kept",
    ),
    # an address checked by GET is validated; a code sent back answers a challenge
    pytest.param(
        op("get", "/email-verify", "EmailVerify", params=[query("email")]),
        {},
        id="email-address-check-is-no-challenge",
    ),
    pytest.param(
        op("get", "/email/verify", params=[query("email"), query("code")]),
        {"auth": "mfa"},
        id="email-code-answers-a-challenge",
    ),
    # a dotted version segment (/v0.5/) is no word of the path: POST /sessions signs in
    pytest.param(
        op(
            "post",
            "/v0.5/sessions",
            summary="Get access token",
            request=body(obj(clientId="string", clientSecret="string")),
            responses=respond(obj(accessToken="string", expiresIn="integer")),
        ),
        {"auth": "login"},
        id="dotted-version-segment",
    ),
    # what answers a top-level array is several items, whatever the name reads; an item's
    # id still reads one
    pytest.param(
        op(
            "get",
            "/2.0/repositories/{username}",
            params=[path_param("username")],
            responses=respond(ITEMS),
        ),
        {"crud": "list"},
        id="array-answer-on-a-parameter-lists",
    ),
    pytest.param(
        op("get", "/sapi/v1/convert/assetInfo", "getAssetInfo", responses=respond(ITEMS)),
        {"crud": "list"},
        id="array-answer-of-a-read-name-lists",
    ),
    pytest.param(
        op(
            "get",
            "/orders/{orderId}",
            params=[path_param("orderId")],
            responses=respond(ITEMS),
        ),
        {"crud": "read"},
        id="array-answer-by-an-items-id-reads",
    ),
    # a next link inside an object named for paging (pageDetails.nextPageUrl) pages the
    # list, as one inside meta or links does; one inside another object does not
    pytest.param(
        op(
            "get",
            "/V1.0/Tickets/query",
            "Tickets_UrlParameterQuery",
            params=[query("search", required=True)],
            responses=respond(
                obj(items=ITEMS, pageDetails=obj(count="integer", nextPageUrl="string"))
            ),
        ),
        {"crud": "list", "pagination": "link", "search": "text"},
        id="next-link-in-a-paging-object",
    ),
    pytest.param(
        op(
            "get",
            "/tickets",
            responses=respond(obj(items=ITEMS, owner=obj(name="string", nextPageUrl="string"))),
        ),
        {"crud": "list"},
        id="next-link-in-another-object",
    ),
    # a nextUri is a next link
    pytest.param(
        op(
            "get",
            "/v2/accounts/{accountId}/billing_payments",
            "BillingPayments_GetPaymentList",
            params=[path_param("accountId")],
            responses=respond(obj(billingPayments=ITEMS, nextUri="string", previousUri="string")),
        ),
        {"crud": "list", "pagination": "link"},
        id="next-uri-pages",
    ),
    # a shared envelope's list and next link around the one item its id names, with no
    # paging asked, is no slice
    pytest.param(
        op(
            "get",
            "/v2/accounts/{accountId}/contacts/{contactId}",
            params=[path_param("accountId"), path_param("contactId")],
            responses=respond(obj(contacts=ITEMS, next="string", startPosition="string")),
        ),
        {"crud": "read"},
        id="envelope-next-link-on-an-item-read",
    ),
    # a multipart part named for a file with no type at all carries the bytes
    pytest.param(
        op(
            "post",
            "/uploads.json",
            "createUpload",
            request=body(obj(file={}, type="string"), "multipart/form-data"),
            responses=respond(obj(id="integer", url="string")),
        ),
        {"crud": "create", "file_upload": "multipart"},
        id="untyped-file-part",
    ),
    # a page number in the path by a name that can mean nothing else pages, wherever it
    # stands; an offset typed as a number of integer format is a position; an index a
    # write puts is no position
    pytest.param(
        op(
            "get",
            "/teams/{page_num}/simple",
            "getTeamsSimple",
            params=[
                Parameter(
                    "page_num", ParamLocation.PATH, True, {"type": ["integer"]}, "simple", False
                )
            ],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "pagination": "page"},
        id="page-number-in-the-path",
    ),
    pytest.param(
        op(
            "get",
            "/platform/public/evidence/filter",
            params=[
                query("target"),
                query("size", "number"),
                Parameter(
                    "from",
                    ParamLocation.QUERY,
                    False,
                    {"type": ["number"], "format": "integer"},
                    "form",
                    True,
                ),
            ],
        ),
        {"crud": "list", "pagination": "offset"},
        id="number-of-integer-format-offset",
    ),
    pytest.param(
        op(
            "post",
            "/Users/{userId}/Images/{imageType}",
            params=[
                path_param("userId"),
                path_param("imageType"),
                query("index", "integer"),
            ],
            request=body(BINARY, "image/png"),
        ),
        {"crud": "update", "file_upload": "binary"},
        id="index-a-write-puts-is-no-offset",
    ),
    # a token made to be kept, sent a name or a description and no proof of identity, is a
    # credential resource created (crud and auth), like an API key; one sent a proof is
    # issued (auth only)
    pytest.param(
        op(
            "post",
            "/v0.1/api_tokens",
            "userApiTokens_new",
            request=body(obj(description="string", scope=ITEMS)),
            responses=respond(obj(id="string", api_token="string", created_at="string"), "201"),
        ),
        {"crud": "create", "auth": "api_key"},
        id="named-token-is-kept",
    ),
    pytest.param(
        op(
            "post",
            "/v1/auth/authWithMobileToken",
            summary="Authenticate using verified Mobile Number and user data",
            request=body(obj(name="string", token="string", txnId="string")),
            responses=respond(obj(token="string")),
        ),
        {"auth": "token"},
        id="token-for-a-proof-is-issued",
    ),
    # a /status just after an item's id is that item's status, not the service's health
    pytest.param(
        op(
            "get",
            "/v1/{payment-service}/{paymentId}/status",
            "getPaymentInitiationStatus",
            params=[path_param("payment-service"), path_param("paymentId")],
            responses=respond(obj(transactionStatus="string")),
        ),
        {"crud": "read"},
        id="status-after-an-items-id",
    ),
    # "find" sent only paging controls lists; sent criteria, it filters
    pytest.param(
        op(
            "get",
            "/find_eligible_items",
            "findEligibleItems",
            params=[query("limit", "integer"), query("offset", "integer")],
            responses=respond(obj(eligibleItems=ITEMS, next="string")),
        ),
        {"crud": "list", "pagination": "offset"},
        id="find-sent-only-paging-lists",
    ),
    pytest.param(
        op(
            "get",
            "/pets/find",
            "findPets",
            params=[query("tags"), query("limit", "integer")],
            responses=respond(ITEMS),
        ),
        {"crud": "list", "search": "filter"},
        id="find-sent-criteria-filters",
    ),
    # a generated name's trailing lower-case "_get" (FastAPI) is the method, no verb: the
    # path's shape tells a list from a read; an Azure "Values_Get" names its verb
    pytest.param(
        op(
            "get",
            "/v1/references/event_tags",
            "references_event_tags_0_get",
            responses=respond(obj(tags=ITEMS)),
        ),
        {"crud": "list"},
        id="generated-get-suffix-is-no-verb",
    ),
    pytest.param(
        op(
            "get",
            "/api/Values/{id}",
            "Values_Get",
            params=[path_param("id")],
            responses=respond(obj(id="string", value="number")),
        ),
        {"crud": "read"},
        id="azure-get-is-a-verb",
    ),
]


@pytest.mark.parametrize(("operation", "expected"), CASES)
def test_convention(operation, expected):
    got = {name: m.detail for name, m in found(operation).items() if name in MAIN}
    assert got == expected
