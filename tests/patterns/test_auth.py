"""auth: credentials, sessions and tokens; not endpoints that merely need a token."""

from __future__ import annotations

import pytest

from patterns.building import body, found, header_param, obj, op, query, respond

TOKEN = obj(access_token="string", refresh_token="string", expires_in="integer")


@pytest.mark.parametrize(
    ("operation", "detail"),
    [
        pytest.param(
            op("post", "/login", request=body(obj(username="string", password="string"))),
            "login",
            id="login",
        ),
        pytest.param(op("post", "/auth/signin"), "login", id="signin"),
        pytest.param(op("post", "/users/{id}/loginlink"), "login", id="run-together-login"),
        pytest.param(op("post", "/logout"), "logout", id="logout"),
        pytest.param(op("delete", "/sessions"), "logout", id="delete-session"),
        pytest.param(op("post", "/session"), "login", id="create-session"),
        pytest.param(
            op("post", "/oauth/token", responses=respond(TOKEN)), "token", id="oauth-token"
        ),
        pytest.param(op("get", "/oauth/authorize"), "authorize", id="oauth-authorize"),
        pytest.param(op("get", "/refresh_token"), "refresh", id="refresh"),
        pytest.param(op("post", "/oauth/revoke"), "revoke", id="oauth-revoke"),
        pytest.param(op("post", "/tokens/revoke"), "revoke", id="revoke"),
        pytest.param(op("post", "/token/introspect"), "introspect", id="introspect"),
        pytest.param(op("post", "/auth/password/reset/"), "password_reset", id="password-reset"),
        pytest.param(op("post", "/users/forgotPassword"), "password_reset", id="forgot-password"),
        pytest.param(op("put", "/users/{id}/password"), "password_reset", id="change-password"),
        pytest.param(op("post", "/api-keys"), "api_key", id="create-api-key"),
        pytest.param(
            op("post", "/#CreateAccessKey", "CreateAccessKey"), "api_key", id="access-key"
        ),
        pytest.param(
            op("post", "/keys/regenerate", "Accounts_RegenerateKey"), "api_key", id="regenerate"
        ),
        pytest.param(op("post", "/mfa/challenge"), "mfa", id="mfa"),
        pytest.param(
            op("post", "/#GetSessionToken", "GetSessionToken"), "token", id="aws-session-token"
        ),
        pytest.param(op("post", "/auth/signup"), "signup", id="signup"),
        pytest.param(
            op("post", "/auth", request=body(obj(user="string", password="string"))),
            "login",
            id="post-auth",
        ),
    ],
)
def test_auth_variants(operation, detail):
    match = found(operation)["auth"]
    assert match.detail == detail
    assert match.confidence >= 0.9


@pytest.mark.parametrize(
    ("operation", "detail"),
    [
        pytest.param(op("post", "/users/sign_in"), "login", id="sign-in-two-words"),
        pytest.param(op("delete", "/users/log-out"), "logout", id="log-out-two-words"),
        pytest.param(op("post", "/accounts/sign_up"), "signup", id="sign-up-two-words"),
        pytest.param(op("post", "/accesstoken"), "token", id="run-together-token"),
        pytest.param(op("post", "/oauth2/v1/introspect"), "introspect", id="bare-introspect"),
        pytest.param(op("post", "/revoke"), "revoke", id="bare-revoke"),
        pytest.param(op("post", "/item/access_token/invalidate"), "revoke", id="invalidate"),
        pytest.param(
            op("post", "/register", request=body(obj(email="string", password="string"))),
            "signup",
            id="register-with-password",
        ),
        pytest.param(op("post", "/verify/code"), "mfa", id="verify-code"),
        pytest.param(op("post", "/users/{id}/two_factor/enable"), "mfa", id="two-factor"),
        pytest.param(op("post", "/users/{id}/factors", "enrollFactor"), "mfa_factor", id="factor"),
        pytest.param(op("get", "/me/webauthn"), "mfa_factor", id="webauthn"),
        pytest.param(op("post", "/clients/{id}/secret"), "api_key", id="client-secret"),
        pytest.param(op("post", "/auth/refresh"), "refresh", id="auth-refresh"),
        pytest.param(op("patch", "/sessions/{id}/extend"), "refresh", id="session-extend"),
        pytest.param(
            op("post", "/connect", request=body(obj(grant_type="string", code="string"))),
            "token",
            id="grant-type-field",
        ),
    ],
)
def test_more_auth_spellings(operation, detail):
    match = found(operation)["auth"]
    assert match.detail == detail
    assert match.confidence >= 0.9


@pytest.mark.parametrize(
    ("operation", "detail"),
    [
        # "OAuth2" is one word, and an OAuth session opened by redirect is a sign-in
        pytest.param(
            op("get", "/profile/sessions/external/{provider}", "profileCreateOAuth2Session"),
            "login",
            id="oauth2-session-by-redirect",
        ),
        # a generator's counter after the repeated path parameter names nothing
        pytest.param(
            op("post", "/rooms/{room_id}", "IssueRoomToken_room_id_1"),
            "token",
            id="generated-counter",
        ),
        # what a token is got *with* is no part of what is got
        pytest.param(
            op("post", "/tv/pairing", "getDeviceTokenWithCode"), "token", id="token-with-code"
        ),
        # the last step of a sign-in: the code the user received, confirmed
        pytest.param(op("post", "/members/auth/confirm"), "login", id="auth-confirm"),
        # (read as "o auth" before "OAuth" was one word; it still ends in a POST to OAuth)
        pytest.param(
            op("post", "/v2/integrations/oauth/finish_oauth", "finishIntegrationOAuth"),
            "login",
            id="post-to-oauth",
        ),
    ],
)
def test_auth_names_read_whole(operation, detail):
    match = found(operation)["auth"]
    assert match.detail == detail
    assert "crud" not in found(operation)


@pytest.mark.parametrize(
    "operation",
    [
        # the summary's "OAuth" names what is listed, not a sign-in
        pytest.param(
            op("get", "/linked_providers", "listLinkedProviders", summary="List OAuth apps"),
            id="oauth-in-summary",
        ),
        pytest.param(op("post", "/orders/{id}/confirm"), id="confirm-without-auth"),
    ],
)
def test_auth_words_elsewhere(operation):
    assert "auth" not in found(operation)


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(op("get", "/me"), id="me"),
        pytest.param(op("get", "/userinfo"), id="userinfo"),
        pytest.param(
            op("get", "/pets", params=[query("api_key"), query("token")]), id="token-param"
        ),
        pytest.param(op("get", "/pets", params=[header_param("Authorization")]), id="auth-header"),
        pytest.param(op("post", "/files/{id}/permissions"), id="permissions"),
        pytest.param(op("get", "/roles"), id="roles"),
        pytest.param(op("post", "/payment-tokens"), id="payment-token"),
        pytest.param(
            op("get", "/nodes/{id}/remoteloginsettings", "Node_GetRemoteLoginSettings"),
            id="login-settings",
        ),
        pytest.param(op("post", "/#ListPublicKeys", "ListPublicKeys"), id="public-keys"),
        pytest.param(
            op("post", "/#DecodeAuthorizationMessage", "DecodeAuthorizationMessage"), id="decode"
        ),
        pytest.param(
            op("patch", "/users/{id}", request=body(obj(name="string", password="string"))),
            id="password-field",
        ),
        pytest.param(op("post", "/password/generate"), id="password-generator"),
        pytest.param(op("post", "/identity_verification/create"), id="identity-verification"),
        pytest.param(op("delete", "/certificates/{id}", "revoke-certificate"), id="revoke-cert"),
        pytest.param(op("post", "/certificates/{id}/revoke"), id="revoke-not-oauth"),
        pytest.param(op("get", "/admin/userSignUp"), id="read-signup-record"),
        pytest.param(
            op("get", "/payment_intents/{id}", params=[query("client_secret")]),
            id="payment-client-secret",
        ),
    ],
)
def test_not_auth(operation):
    assert "auth" not in found(operation)


@pytest.mark.parametrize(
    ("summary", "detail"),
    [
        pytest.param("Sign in a user", "login", id="sign-in"),
        pytest.param("Obtain an access token", "token", id="issue-token"),
    ],
)
def test_summary_names_auth(summary, detail):
    match = found(op("post", "/v1/identity", summary=summary))["auth"]
    assert match.detail == detail
    assert match.recognised


@pytest.mark.parametrize(
    "summary",
    [
        pytest.param("Gets the tabs of a sign-in-person recipient", id="sign-in-person"),
        pytest.param("List widgets (requires an access token)", id="requires-token"),
    ],
)
def test_summary_that_only_mentions_auth(summary):
    assert "auth" not in found(op("get", "/widgets", summary=summary))


def test_enrolled_factors_are_crud_too():
    names = found(op("get", "/users/{id}/factors", "listFactors"))
    assert names["crud"].detail == "list"
    assert names["auth"].detail == "mfa_factor"


def test_login_is_not_crud():
    assert set(found(op("post", "/sessions/login"))) == {"auth"}


def test_token_field_in_params():
    match = found(op("post", "/oauth/token", responses=respond(TOKEN)))["auth"]
    assert match.params["token_field"] == "access_token"


def test_credentials_in_the_response_make_it_auth():
    credentials = obj(Credentials=obj(AccessKeyId="string", SecretAccessKey="string"))
    match = found(op("post", "/#AssumeRole", "AssumeRole", responses=respond(credentials)))
    assert match["auth"].params["token_field"].startswith("Credentials.")
    assert "crud" not in match


@pytest.mark.parametrize("verb", ["reset", "regenerate", "rotate"])
def test_replacing_a_credential_is_auth_only(verb):
    names = found(op("post", f"/users/{{user}}/api-key/{verb}", f"users_api-key_{verb}"))
    assert names["auth"].detail == "api_key"
    assert "crud" not in names


def test_reauthorizing_is_auth_only():
    operation = op(
        "put",
        "/containers/{cid}/reauthorize_environments/{environmentId}",
        "containers.reauthorize_environments.update",
    )
    names = found(operation)
    assert names["auth"].detail == "authorize"
    assert "crud" not in names


def test_answering_a_challenge_with_a_code_is_auth():
    sent = body(obj(request_id="string", code="string"), "application/x-www-form-urlencoded")
    names = found(op("post", "/check", "verifyCheck", request=sent))
    assert names["auth"].detail == "mfa"
    assert "crud" not in names


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            op("post", "/coupons/check", request=body(obj(code="string"))), id="coupon-code"
        ),
        pytest.param(
            op("post", "/orders", request=body(obj(request_id="string", code="string"))),
            id="not-named-verify",
        ),
    ],
)
def test_a_code_alone_is_not_a_challenge(operation):
    assert "auth" not in found(operation)


def test_removing_an_enrolled_password_is_crud_and_auth():
    names = found(op("delete", "/me/password", "deletePassword"))
    assert names["auth"].detail == "password"
    assert names["crud"].detail == "delete"


def test_replacing_a_password_is_a_password_change():
    names = found(op("put", "/me/password", "replacePassword", request=body(obj(new="string"))))
    assert names["auth"].detail == "password_reset"
    assert "crud" not in names


def test_removing_a_password_policy_is_not_auth():
    names = found(op("delete", "/orgs/{id}/password/policy", "deletePasswordPolicy"))
    assert "auth" not in names
    assert names["crud"].detail == "delete"


def test_deleting_a_stored_token_by_id_is_crud_and_auth():
    names = found(op("delete", "/teams/{teamId}/deployTokens/{deployTokenId}", "deleteDeployToken"))
    assert names["auth"].detail == "api_key"
    assert names["crud"].detail == "delete"


def test_deleting_the_callers_own_token_is_logout_only():
    names = found(op("delete", "/auth-tokens/{token}"))
    assert names["auth"].detail == "logout"
    assert "crud" not in names


def test_a_summary_that_regenerates_a_key_makes_it_auth_only():
    operation = op(
        "post",
        "/attachments/{id}/service_key",
        "attachments_create_service_key",
        summary="Regenerate the service key of an attachment",
    )
    names = found(operation)
    assert names["auth"].detail == "api_key"
    assert "crud" not in names


def test_creating_a_kept_key_is_crud_and_auth():
    operation = op(
        "post",
        "/attachments/{id}/service_key",
        "attachments_create_service_key",
        summary="Create a service key for an attachment",
    )
    names = found(operation)
    assert names["auth"].detail == "api_key"
    assert names["crud"].detail == "create"


def test_temporary_credentials_are_issued_not_stored():
    operation = op("post", "/buckets/temp-access-credentials", "createTempAccessCredentials")
    names = found(operation)
    assert names["auth"].detail == "token"
    assert "crud" not in names


def test_lasting_access_credentials_are_crud_and_auth():
    names = found(op("post", "/buckets/access-credentials", "createAccessCredentials"))
    assert names["auth"].detail == "api_key"
    assert names["crud"].detail == "create"


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            op("post", "/apps/{app_id}/keys", request=body(obj(name="string"))), id="create"
        ),
        pytest.param(op("delete", "/keys/{id}"), id="delete"),
        pytest.param(op("patch", "/accounts/{id}/turn_keys/{key_id}"), id="qualified-update"),
        pytest.param(op("put", "/key/{key}"), id="singular"),
    ],
)
def test_keys_written_as_items_are_credentials(operation):
    # an app's keys made, changed and removed one by one are its API keys: crud and auth
    names = found(operation)
    assert names["auth"].detail == "api_key"
    assert "crud" in names


@pytest.mark.parametrize(
    "operation",
    [
        # read, not written: a list of keys as data (an event's keys, a store's keys)
        pytest.param(op("get", "/events/{year}/keys"), id="read"),
        pytest.param(op("post", "/api/v2/TranslationKeys"), id="translation-keys"),
        pytest.param(op("post", "/v3/tagKeys"), id="tag-keys"),
        pytest.param(
            op(
                "post",
                "/projects/{id}/keys",
                request=body(obj(key_name="string", translations={"type": ["array"]})),
            ),
            id="keys-with-translations",
        ),
        # something done to a key's values, not the key itself
        pytest.param(op("post", "/keys/{id}/values"), id="under-a-key"),
    ],
)
def test_keys_as_data_are_not_credentials(operation):
    assert "auth" not in found(operation)


def test_a_macaroon_is_a_bearer_credential():
    # a macaroon is a bearer token with caveats: deleting a stored one is crud and auth
    names = found(op("delete", "/v1/macaroon/{root_key_id}", "DeleteMacaroonID"))
    assert names["auth"].detail == "api_key"
    assert names["crud"].detail == "delete"
