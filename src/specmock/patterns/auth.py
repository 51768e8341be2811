"""The auth pattern: operations that manage credentials, sessions or tokens.

Auth means login / logout, sign-up returning a session, issuing, refreshing, revoking or
introspecting tokens, OAuth authorize and token endpoints, password reset or change,
API key / access key management and MFA challenges. ``detail`` names which.

Not auth: endpoints that merely *require* authentication (a ``token`` or ``api_key``
parameter proves nothing), the current user's profile (``/me``, ``userinfo``: crud
read), access-control objects that are not credentials (permissions, roles, policies)
and payment or purchase tokens. Words count where they name the operation (path,
operationId, action key, summary), never in body fields, so a user update that merely
carries a password field is not auth. Two-word spellings (``sign_in``, ``log-out``,
``two_factor``) and run-together ones (``accesstoken``) count as the one word; an
authorization server's bare endpoints (``/oauth2/v1/revoke``, ``/introspect``) and a
request carrying ``grant_type`` or a PKCE ``code_verifier`` are OAuth. Enrolled MFA
factors (``/users/{id}/factors``, WebAuthn, passkeys) are credential resources
(``mfa_factor``: auth and crud), MFA challenges are auth only, and so is answering one:
a write named verify / check / confirm that sends a one-time ``code`` / ``pin`` / ``otp``
with the verification request's id. Removing an enrolled password, or deleting a token
kept as an item by its id (``/tokens/{tokenId}``), is crud and auth; deleting the token
itself (``/auth-tokens/{token}``) is a logout. Temporary credentials are issued (auth
only), and a summary that regenerates a key makes it a rotation (auth only). Keys
made, changed or removed one by one (``POST /apps/{id}/keys``, ``DELETE /keys/{id}``)
are credentials kept as items, unless they are data (translation, tag or crypto keys,
keys whose fields hold translations); a macaroon is a bearer token.

:data:`SESSION_KINDS` are the kinds that are auth *only* (the crud detector stands
down for them); credential resources (API keys) are both auth and crud.
"""

from __future__ import annotations

import re
from itertools import pairwise
from types import MappingProxyType

from specmock.patterns.evidence import FeatureDetector, PatternMatch, Tally, weights
from specmock.patterns.features import Features, Field, words
from specmock.patterns.naming import is_verb
from specmock.patterns.vocabulary import (
    CREATE_VERBS,
    DELETE_VERBS,
    NOUNISH_VERBS,
    READ_VERBS,
    lexicon,
    singular,
)

__all__ = [
    "ROTATE_VERBS",
    "SESSION_KINDS",
    "WEIGHTS",
    "classify",
    "detect",
    "judge",
    "oauth_request",
    "rotation",
]

WEIGHTS = weights(
    {
        "login": 0.95,  # login / logout / sign-in words name the operation
        "session": 0.9,  # the resource is the session itself
        "oauth": 0.95,  # OAuth authorize / token endpoints
        "token": 0.92,  # issue / refresh / revoke / introspect an auth token
        "password": 0.92,  # reset / change / forgot password
        "credential": 0.92,  # API key, access key, credentials resource
        "bare_keys": 0.6,  # "keys" without a modifier (storage keys, listKeys)
        "mfa": 0.92,  # MFA, OTP, two-factor challenges
        "signup": 0.9,  # sign-up / registration returning a session
        "token_response": 0.75,  # the success body carries an access/session token
        "oauth_field": 0.9,  # the request carries grant_type / code_verifier (PKCE)
        "summary": 0.6,  # the summary speaks of logging in, tokens, sessions
        "payment": 0.97,  # against: payment-card / purchase tokens
        "not_credential": 0.97,  # against: settings, history, policies about logins
    }
)

#: Kinds that are auth only, never crud.
SESSION_KINDS = lexicon(
    """
    login logout session token refresh revoke introspect authorize password_reset mfa signup
    """
)

_LOGIN = lexicon(
    """
    login signin logon authenticate sso saml
    """
)
_LOGOUT = frozenset({"logout", "signout", "logoff"})
_SESSION = frozenset({"session", "sessions"})
#: Words before "session(s)" that still mean the login session itself.
_SESSION_MODIFIERS = lexicon(
    """
    auth login user current my new admin anonymous guest oauth oauth2 sso saml
    """
)
#: Bearer credentials by name: tokens, JWTs, macaroons (caveat-carrying bearer tokens).
_TOKEN = frozenset({"token", "tokens", "jwt", "macaroon", "macaroons"})
_TOKEN_QUALIFIERS = lexicon(
    """
    access refresh auth authentication oauth oauth2 session bearer jwt id federation api
    personal login user security device
    """
)
#: The endpoints of an OAuth server, by their last word.
_OAUTH_ENDPOINTS = MappingProxyType(
    {
        "token": "token",
        "revoke": "revoke",
        "introspect": "introspect",
        "authorize": "authorize",
        "logout": "logout",
        "access": "token",
        "device": "authorize",
        "par": "authorize",
        "grant": "token",
        "grants": "token",
        "callback": "authorize",
        "code": "authorize",
    }
)
#: Words of an authorization server's path (``/oauth2/v1/revoke``, ``/connect/token``).
_OAUTH_WORDS = lexicon(
    """
    oauth oauth2 openid oidc auth sts connect
    """
)
#: Words after "token" that ask for a new one (``/token/new``).
_ISSUES = lexicon(
    """
    new create obtain issue generate
    """
)
#: Endpoints of an authorization server that name only what they do (RFC 6749/7009/7662).
_BARE_OAUTH_ENDPOINTS = MappingProxyType(
    {
        "revoke": "revoke",
        "introspect": "introspect",
        "introspection": "introspect",
        "revocation": "revoke",
    }
)
#: What is done to a session or token, by the last word of the name (``/auth/refresh``).
_AUTH_ACTIONS = MappingProxyType(
    {
        "refresh": "refresh",
        "renew": "refresh",
        "extend": "refresh",
        "keepalive": "refresh",
        "revoke": "revoke",
        "invalidate": "revoke",
        "introspect": "introspect",
        "validate": "introspect",
        "verify": "introspect",
        # POST /v1/auth/init: the first step of a sign-in
        "init": "login",
        "initiate": "login",
        # POST /users/auth/confirm: the last step, the one-time code confirmed
        "confirm": "login",
    }
)
#: Words that say the name is about a session or an auth token.
_AUTH_CONTEXT = lexicon(
    """
    auth authentication session sessions jwt oauth oauth2 sso token tokens
    """
)
#: Request fields only an OAuth token or authorization request carries (RFC 6749, 7636,
#: 8693); ``client_secret`` or ``redirect_uri`` alone also appear in payment flows.
_OAUTH_FIELDS = lexicon(
    """
    granttype codeverifier codechallenge subjecttoken
    """
)
#: Tokens that are not credentials (paging, sync, idempotency, device push tokens).
_NOT_AUTH_TOKENS = lexicon(
    """
    page start next continuation sync delta pagination cursor idempotency push
    notification registration csrf xsrf wallet send transfer mint burn swap
    """
)
#: Owners of long-lived tokens kept as items (``service_tokens``, ``personal_access_tokens``):
#: only these, since a token named by anything else is as often issued for a session
#: (``connection_tokens``, ``host_factory_tokens``).
_KEPT_TOKEN_QUALIFIERS = lexicon(
    """
    service personal project group bot integration deploy pipeline trigger
    """
)


def _kept_tokens(before: tuple[str, ...]) -> bool:
    """Whether the words just before "tokens" name a kind kept as items."""
    return bool(set(before[-2:]) & _KEPT_TOKEN_QUALIFIERS)


#: Renewing a grant: the operation issues new credentials, whatever else it names.
_REAUTHORIZE = frozenset({"reauthorize", "reauthenticate", "reauth", "reauthorization"})
#: Verbs that replace a credential with a new one: auth only, not an update of a resource.
ROTATE_VERBS = frozenset({"regenerate", "rotate", "renew", "reset", "roll", "cycle", "reissue"})


def rotation(f: Features) -> str | None:
    """The verb by which an operation replaces a credential with a new one: its name's verb,
    or the summary's first word ("Regenerate the service key") when the name says less."""
    if f.verb in ROTATE_VERBS:
        return f.verb
    first = f.summary_words[0] if f.summary_words else ""
    for verb in (first, first[:-1]) if first.endswith("s") else (first,):
        if verb in ROTATE_VERBS:
            return verb
    return None


_PASSWORD = frozenset({"password", "passwords", "passwd", "pwd"})
#: Account recovery (a recovery flow, link or code) is a password reset by another name;
#: disaster recovery, recovery points and vaults are about backups.
_RECOVERY = frozenset({"recovery", "recover"})
_RECOVERY_OF = lexicon(
    """
    account accounts identity flow flows link links code codes email password question
    questions
    """
)
_NOT_ACCOUNT_RECOVERY = lexicon(
    """
    disaster backup backups point points vault vaults services service site sites plan plans
    """
)
_PASSWORD_VERBS = lexicon(
    """
    reset forgot change update set recover new confirm expire patch put post create lost
    replace send remind reminder
    """
)
_KEYS = lexicon(
    """
    key keys apikey apikeys credential credentials secret secrets
    """
)
_KEY_QUALIFIERS = lexicon(
    """
    api access secret deploy ssh auth client personal app application service account admin
    primary secondary signing gpg pgp user login
    """
)
_NOT_KEY_QUALIFIERS = lexicon(
    """
    public encryption kms partition sort hash idempotency license product cache primary
    translation tag targeting dimension activation crypto foreign index shard registry
    """
)
_MFA_ANYWHERE = lexicon(
    """
    mfa otp totp hotp 2fa twofactor authenticator authenticators webauthn passkey passkeys
    u2f fido fido2
    """
)
_MFA = lexicon(
    """
    mfa otp totp 2fa twofactor challenge challenges factor factors
    """
)
#: MFA factors enrolled for a user: resources managed with CRUD endpoints.
_MFA_RESOURCES = lexicon(
    """
    factor factors authenticator authenticators passkey passkeys webauthn enrollment
    enrollments
    """
)
_CHALLENGE = lexicon(
    """
    challenge challenges verify activate verification otp totp code
    """
)
#: "verification" is MFA only about a one-time code sent to the user.
_CODE_WORDS = lexicon(
    """
    code codes pin phone sms email otp
    """
)
_SIGNUP = frozenset({"signup", "register", "registration", "enroll"})
_CLIENTS = lexicon(
    """
    client clients app apps application applications
    """
)
_PAYMENT = lexicon(
    """
    payment card cards purchase purchases tokenization tokenize billing checkout
    subscription instrument instruments transaction
    """
)
#: Head nouns after which login words describe something else (login *settings*).
_NOT_CREDENTIAL_HEADS = lexicon(
    """
    settings setting config configuration policy policies history logs log stats statistics
    report reports attempts events message messages methods providers provider types options
    page pages audit audits rules rule groups group roles role mappings mapping
    """
)
_TOKEN_FIELDS = lexicon(
    """
    accesstoken refreshtoken idtoken authtoken sessiontoken jwt bearertoken sessionid
    sessionkey authkey apikey secretaccesskey accesskeyid token authenticationtoken
    logintoken credentials
    """
)
#: Token-ish response fields that prove little alone (a resource may have a "token").
_WEAK_TOKEN_FIELDS = frozenset(
    {"token", "credentials", "apikey", "authkey", "sessionid", "sessionkey"}
)
_SUMMARY_WORDS = lexicon(
    """
    login logout signin signout authenticate logon logoff signup
    """
)


#: Summary verbs that hand a credential out ("Obtain an access token").
_ISSUE_VERBS = lexicon(
    """
    get obtain issue request generate create exchange refresh retrieve fetch new
    """
)
_CREDENTIAL_PAIRS = frozenset(
    {
        ("access", "token"),
        ("refresh", "token"),
        ("bearer", "token"),
        ("session", "token"),
        ("auth", "token"),
        ("id", "token"),
        ("authentication", "token"),
    }
)


def _issues_token(summary: tuple[str, ...]) -> bool:
    """Whether a summary starts "Obtain an access token" (a verb, then a token phrase)."""
    if not summary or summary[0] not in _ISSUE_VERBS:
        return False
    head = summary[:6]
    return any(pair in _CREDENTIAL_PAIRS for pair in pairwise(head))


def _phrases(f: Features) -> list[tuple[str, ...]]:
    """The word groups that name the operation: path literals, action key, operationId."""
    out = [f.path_words] if f.path_words else []
    name: tuple[str, ...] = ()
    if f.verb is not None and f.verb_source in ("action", "operation_id"):
        name = (f.verb, *f.verb_object)
    elif f.op_words:
        name = f.op_words
    for cut in ("by", "with"):
        # "getWebhookByToken" looks a webhook up; "getAccountTokenWithPin" gets a token
        if cut in name[1:]:
            name = name[: name.index(cut, 1)]
    while name and name[-1].isdigit():
        name = name[:-1]  # a generator's counter ("GetCallToken_call_id_0")
    if name and not f.action:
        # generated names repeat path parameters whole ("GetShippingRatesShippingRateToken"
        # for {shipping_rate_token}); "delete_openai_api_key" for {api_key_uuid} names a key
        literal = set(f.path_words)
        params = [s.words for s in f.segments if s.is_param and s.words]
        repeated = True
        while repeated:
            repeated = False
            for param in params:
                size = len(param)
                if len(name) > size and name[-size:] == param and not set(param) <= literal:
                    name = name[:-size]
                    repeated = True
    if name:
        out.append(name)
    return out


def classify(f: Features) -> tuple[str, str, str] | None:
    """The auth kind the operation's name shows: ``(detail, weight key, evidence)``.

    Example:
        >>> from specmock.patterns.features import extract
        >>> from specmock.spec.model import Operation
        >>> classify(extract(Operation("post", "/oauth/token", None, "#"), {}))[0]
        'token'
    """
    phrases = _phrases(f)
    all_words = {w for p in phrases for w in p}
    if all_words & _PAYMENT or any(w in f.text for w in ("payment", "credit card")):
        return None
    for phrase in phrases:
        found = _classify_phrase(phrase, f)
        if found is not None:
            return found
    return _answers_challenge(f, all_words)


#: Request fields that carry a one-time code the user received (``code``, ``pin``, ``otp``).
_CHALLENGE_CODES = lexicon(
    """
    code pin otp passcode totp verificationcode otpcode smscode mfacode securitycode
    onetimecode onetimepassword
    """
)
#: Request fields that name the challenge being answered.
_CHALLENGE_REFS = lexicon(
    """
    requestid verificationid verifyid challengeid challengetoken verificationtoken
    """
)
_CHALLENGE_NAMES = lexicon(
    """
    verify verification check confirm confirmation challenge validate
    """
)


def _answers_challenge(f: Features, name_words: set[str]) -> tuple[str, str, str] | None:
    """A challenge response: a write named verify / check / confirm that sends the one-time
    code the user received together with the id of the verification request."""
    if f.method not in ("post", "put", "patch") or not name_words & _CHALLENGE_NAMES:
        return None
    sent = {p.norm for p in f.params if p.location == "query"}
    sent |= {x.norm for x in f.body_fields if x.top_level}
    code = sorted(sent & _CHALLENGE_CODES)
    if code and sent & _CHALLENGE_REFS:
        return "mfa", "mfa", f"answers a challenge (sends {code[0]!r} and the request's id)"
    return None


_STEM = re.compile("login|logout|signin|signout|signup|oauth|password|apikey")
#: Run-together credential words (``accesstoken``, ``authkeys``): qualifier, then noun.
_COMPOUND = re.compile(
    "(access|refresh|auth|session|bearer|id|api|login|user|personal|secret|private)"
    "(tokens?|keys?|secrets?|credentials?)"
)


#: Two-word spellings of one auth word (``sign_in``, ``log-out``, ``two_factor``).
_BIGRAMS = MappingProxyType(
    {
        ("sign", "in"): "signin",
        ("sign", "on"): "signin",
        ("sign", "out"): "signout",
        ("sign", "off"): "signout",
        ("sign", "up"): "signup",
        ("log", "in"): "login",
        ("log", "on"): "login",
        ("log", "out"): "logout",
        ("log", "off"): "logout",
        ("two", "factor"): "twofactor",
        ("multi", "factor"): "mfa",
        ("one", "time"): "otp",
        ("pass", "word"): "password",
        ("api", "key"): "apikey",
        ("api", "keys"): "apikeys",
    }
)


def _joined(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """Join two-word spellings of auth words (``sign in`` -> ``signin``)."""
    out: list[str] = []
    index = 0
    while index < len(phrase):
        pair = phrase[index : index + 2]
        joined = _BIGRAMS.get(pair) if len(pair) == 2 else None
        if joined is not None:
            out.append(joined)
            index += 2
        else:
            out.append(phrase[index])
            index += 1
    return tuple(out)


def _stemmed(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """Split run-together words that start with an auth word (``loginurl``)."""
    phrase = _joined(phrase)
    if any(_COMPOUND.fullmatch(word) for word in phrase):
        split: list[str] = []
        for word in phrase:
            compound = _COMPOUND.fullmatch(word)
            split.extend(compound.groups() if compound is not None else (word,))
        phrase = _joined(tuple(split))
    if not any(_STEM.match(word) for word in phrase):
        return phrase
    out: list[str] = []
    for word in phrase:
        match = _STEM.match(word)
        if (
            match is not None
            and len(word) - match.end() >= 3
            and not word.startswith(("signing", "passwords"))
        ):
            out.extend((match.group(), word[match.end() :]))
        else:
            out.append(word)
    return tuple(out)


def _classify_phrase(phrase: tuple[str, ...], f: Features) -> tuple[str, str, str] | None:
    if not phrase:
        return None
    phrase = _stemmed(phrase)
    words = set(phrase)
    head = phrase[-1]
    shown = " ".join(phrase)
    if (head in _NOT_CREDENTIAL_HEADS and len(phrase) > 1) or head == "logins":
        return None
    if words & _LOGOUT:
        return "logout", "login", f"name says log out ({shown!r})"
    if words & _LOGIN:
        if "oauth" in words or "oauth2" in words:
            return "authorize", "oauth", f"OAuth sign-in ({shown!r})"
        if f.method in ("get", "put", "patch", "delete") and _item_by_id(f):
            # "GET /signin/{signinId}": a kept sign-in record, read, edited or removed
            return None
        return "login", "login", f"name says log in ({shown!r})"
    if words & _REAUTHORIZE:
        return "authorize", "oauth", f"re-authorizes ({shown!r})"
    if {"authorize", "authorization"} & words and (
        "oauth" in words
        or head == "authorize"
        # RFC 8628's device authorization: a device signs in by a code shown elsewhere
        or (head == "authorization" and words & {"device", "devices"})
    ):
        return "authorize", "oauth", f"OAuth authorize ({shown!r})"
    if ("authorization", "code") in pairwise(phrase) and f.method in ("post", "get"):
        # an authorization code is OAuth's one-time grant (RFC 6749 4.1), issued for a login
        return "authorize", "oauth", f"issues an authorization code ({shown!r})"
    if (
        head in _BARE_OAUTH_ENDPOINTS
        and f.last_literal[-1:] == (head,)
        and not f.ends_with_param
        and (words & _OAUTH_WORDS or len(f.path_words) == 1)
    ):
        kind = _BARE_OAUTH_ENDPOINTS[head]
        return kind, "oauth", f"OAuth {head} endpoint ({shown!r})"
    if "oauth" in words and head in _OAUTH_ENDPOINTS:
        return _OAUTH_ENDPOINTS[head], "oauth", f"OAuth {head} endpoint ({shown!r})"
    if (
        words & _MFA_ANYWHERE
        or (head in _MFA and len(phrase) > 1 and _factor_of_someone(head, f))
        or (
            words & {"verification", "verify"}
            and words & _CODE_WORDS
            # GET /email-verify?email=: an address checked, no code sent back
            and (f.method != "get" or _sends_code(f))
        )
        # "POST /users/{id}/factors/{factorId}/verify": answering an enrolled factor's challenge
        or (head in _CHALLENGE and words & {"factor", "factors"})
    ):
        if head in _MFA_RESOURCES or (words & _MFA_RESOURCES and not words & _CHALLENGE):
            # enrolled factors are credential resources: auth and crud alike
            return "mfa_factor", "mfa", f"MFA factor ({shown!r})"
        return "mfa", "mfa", f"MFA / challenge ({shown!r})"
    if words & _RECOVERY and words & _RECOVERY_OF and not words & _NOT_ACCOUNT_RECOVERY:
        return "password_reset", "password", f"account recovery ({shown!r})"
    if words & _PASSWORD and head not in ("credential", "credentials"):
        # (a service principal's passwordCredentials are kept credentials: see below)
        verb = f.verb or ""
        if head in _PASSWORD and (f.method == "delete" or verb in DELETE_VERBS):
            # an enrolled password is a credential resource: removing it is crud and auth
            return "password", "password", f"removes a password credential ({shown!r})"
        if (
            verb in _PASSWORD_VERBS
            or words & _PASSWORD_VERBS
            or (not f.verb and f.method in ("post", "put", "patch"))
        ):
            return "password_reset", "password", f"password reset / change ({shown!r})"
        return None
    if words & _TOKEN:
        index = max(i for i, w in enumerate(phrase) if w in _TOKEN)
        before = set(phrase[:index])
        if set(phrase[max(0, index - 2) : index]) & _NOT_AUTH_TOKENS:
            return None  # page tokens, sync tokens, verification tokens ...
        if "refresh" in words:
            return "refresh", "token", f"refresh token ({shown!r})"
        if words & ROTATE_VERBS and f.method in ("post", "put"):
            # "POST /service_tokens/{id}/rotate": a new secret for the token, auth only
            return "refresh", "token", f"rotates a token ({shown!r})"
        if words & {"revoke", "revocation", "invalidate", "expire"}:
            return "revoke", "token", f"revoke token ({shown!r})"
        if words & {"introspect", "introspection", "verify", "validate", "info", "status"}:
            return "introspect", "token", f"introspect token ({shown!r})"
        if "oauth" in words and f.method == "post" and not f.ends_with_param:
            # POST /oauth/request_token_query: an OAuth 1 request or access token
            return "token", "oauth", f"OAuth token endpoint ({shown!r})"
        if set(phrase[index + 1 :]) <= _ISSUES:
            # POST /api/v2/token/new: the new token is issued, as by POST /token (a no-op
            # where the token word ends the phrase)
            index, head = len(phrase) - 1, phrase[index]
        if index == len(phrase) - 1 and (head in _TOKEN or before & _TOKEN_QUALIFIERS):
            if head == "tokens" and _kept_tokens(phrase[:index]) and f.method != "delete":
                # "service tokens", "host factory tokens": named credentials kept in a
                # collection and managed like API keys
                return "api_key", "credential", f"token credentials kept as items ({shown!r})"
            if f.method != "post" and _item_by_id(f):
                # a token kept as a named item of a collection, like an API key
                return "api_key", "credential", f"a stored token by its id ({shown!r})"
            if f.method == "delete" and _item_by_id(f):
                # a token kept as a named item of a collection, like an API key
                return "api_key", "credential", f"deletes a stored token ({shown!r})"
            if (
                f.method == "delete"
                and head == "tokens"
                and not f.ends_with_param
                and any(s.is_param for s in f.segments)
            ):
                # DELETE /v1/edge-config/{id}/tokens: an item's stored tokens, removed
                return "api_key", "credential", f"deletes an item's tokens ({shown!r})"
            if f.method == "delete":
                return "logout", "token", f"deletes an auth token ({shown!r})"
            if _names_a_kept_token(f):
                # POST /api_tokens {description, scope}: a token made to be kept, named
                # like an API key, not one a sign-in or a grant issues
                return "api_key", "credential", f"creates a named token ({shown!r})"
            return "token", "token", f"issues an auth token ({shown!r})"
    if words & _SESSION and (phrase in (("session",), ("sessions",)) or head in _SESSION):
        # "create session": the verb is no modifier; "upload session" is a noun phrase
        modifiers = set(phrase[:-1]) - ({f.verb} - NOUNISH_VERBS)
        if not modifiers or modifiers <= _SESSION_MODIFIERS:
            if f.method in ("put", "patch") and f.ends_with_param:
                return None  # "PUT /sessions/{id}" edits a stored session's fields
            kind = {"post": "login", "delete": "logout", "put": "login"}.get(f.method, "introspect")
            if f.verb in CREATE_VERBS:
                kind = "login"  # GET .../createOAuth2Session: a sign-in by redirect
            return kind, "session", f"the resource is the session ({shown!r})"
    if head in _AUTH_ACTIONS and len(phrase) > 1 and words & _AUTH_CONTEXT:
        kind = _AUTH_ACTIONS[head]
        return kind, "token", f"{head} of a session or token ({shown!r})"
    if (
        head in ("auth", "authentication", "authenticate", "oauth", "oauth2")
        and f.method == "post"
        and f.verb not in READ_VERBS  # "POST /processor/auth/get" reads "Auth" data
    ):
        return "login", "login", f"POST to an auth endpoint ({shown!r})"
    if words & _SIGNUP and head in _CLIENTS and f.method in ("post", "put"):
        # dynamic client registration creates a client with its credentials (RFC 7591)
        return "api_key", "credential", f"registers a client and its credentials ({shown!r})"
    if (
        words & _SIGNUP
        and f.method in ("post", "put")
        and (words & {"signup", "auth"} or _returns_token(f) or _takes_password(f))
    ):
        return "signup", "signup", f"sign-up returning a session ({shown!r})"
    if words & _KEYS:
        index = max(i for i, w in enumerate(phrase) if w in _KEYS)
        before = set(phrase[max(0, index - 2) : index])
        if f.method == "get" and any(p.norm in _PASSWORD for p in f.params):
            # GET /authentication/authkey?username=&password=: a key for a password is a
            # sign-in, no stored key read
            return "token", "token", f"issues a key for a password ({shown!r})"
        if set(phrase[:index]) & _SHORT_LIVED and f.method in ("post", "get"):
            # short-lived credentials are issued for a session, not kept as a resource
            return "token", "token", f"issues temporary credentials ({shown!r})"
        if set(phrase[:index]) & _SHORT_LIVED and f.method == "delete":
            # DELETE /ephemeral_keys/{key}: invalidates a credential issued earlier
            return "api_key", "credential", f"removes temporary credentials ({shown!r})"
        if phrase[index] in ("apikey", "apikeys", "credential", "credentials"):
            if before & {"public"}:
                return None
            return "api_key", "credential", f"credential resource ({shown!r})"
        before |= {singular(w) for w in before}
        if before & _NOT_KEY_QUALIFIERS:
            return None
        if (before - _parents(f)) & _KEY_QUALIFIERS:
            return "api_key", "credential", f"key credential ({shown!r})"
        if (item := _key_item(f)) is not None:
            # /spaces/keys/{access_key}: the keys whose items are access keys
            return "api_key", "credential", f"keys identified by {item!r}"
        if f.verb in ROTATE_VERBS:
            return "api_key", "credential", f"regenerates keys ({shown!r})"
        nouns = {w for w in before if not is_verb(w)}
        if index == len(phrase) - 1 and not nouns and f.verb_source:
            return "api_key", "bare_keys", f"keys of a resource ({shown!r})"
        if (
            index == len(phrase) - 1
            and f.method in _WRITES
            and _ends_in_keys(f)
            and not _keys_as_data(f)
            and not _key_of_something(f)
        ):
            # POST /apps/{id}/keys, DELETE /keys/{id}: keys made, changed and removed as
            # items are an API's credentials (a key as data is read, rarely written)
            return "api_key", "bare_keys", f"keys kept as items, written ({shown!r})"
    return None


#: Methods that make, change or remove an item.
_WRITES = frozenset({"post", "put", "patch", "delete"})
#: Words of a key's fields that make it data, not a credential: a translation key's texts.
_DATA_KEY_WORDS = lexicon(
    """
    translation translations locale locales
    """
)


def _keys_as_data(f: Features) -> bool:
    """Whether the keys written carry data a credential has not (a translation key's
    ``translations``)."""
    fields = (*f.body_fields, *f.response_fields)
    return any(set(words(x.name)) & _DATA_KEY_WORDS for x in fields)


def _key_of_something(f: Features) -> bool:
    """Whether the item's parameter calls its key something's own (``{project_key}``,
    ``{event_key}``): an identifier, unless a credential's (``{access_key}``)."""
    if not f.ends_with_param or not f.segments:
        return False
    found = f.segments[-1].words
    while found and found[-1] in ("id", "uuid", "guid"):
        found = found[:-1]
    return len(found) > 1 and found[-1] in ("key", "keys") and found[-2] not in _KEY_QUALIFIERS


def _ends_in_keys(f: Features) -> bool:
    """Whether the path names a collection of keys or one of its items (``/apps/{id}/keys``,
    ``/keys/{id}``, ``/turn_keys/{key_id}``), not something under a key."""
    tail = f.segments[-2:] if f.ends_with_param else f.segments[-1:]
    return bool(tail) and not tail[0].is_param and tail[0].words[-1:] in (("key",), ("keys",))


#: Whose factors are authentication factors, or by what they are sent: a person's or an
#: account's (``/users/{id}/factors``), an SMS factor; not a diagnosis's ``risk_factors``.
_FACTOR_OWNERS = lexicon(
    """
    user users me account accounts identity identities member members auth authentication
    mfa security login principal principals sms phone email voice push
    """
)


def _factor_of_someone(head: str, f: Features) -> bool:
    """Whether an MFA word that heads a name is a person's factor (``/users/{id}/factors``)
    or a challenge of its own; "factors" of anything else (``risk_factors``) are not."""
    return head not in ("factor", "factors") or bool(set(f.path_words) & _FACTOR_OWNERS)


def _parents(f: Features) -> set[str]:
    """Words of the path's parent resources, each followed by its item's parameter
    (``application`` in ``/application/{applicationId}/secret``): an application's
    secrets are its own, not an "application secret"."""
    out: set[str] = set()
    for segment, following in pairwise(f.segments):
        if not segment.is_param and following.is_param:
            out.update(segment.words)
            out.update(singular(w) for w in segment.words)
    # an OAuth client exists to hold its credentials: /clients/{id}/newSecret issues one
    return out - {"client", "clients"}


def _key_item(f: Features) -> str | None:
    """The path parameter that names its item a credential key (``{access_key}``,
    ``{api_key_id}``), when the path ends with it."""
    last = f.segments[-1] if f.segments else None
    if not f.ends_with_param or last is None:
        return None
    found = last.words
    while found and found[-1] in ("id", "uuid", "guid"):
        found = found[:-1]
    if len(found) > 1 and found[-1] in ("key", "keys") and found[-2] in _KEY_QUALIFIERS:
        return last.raw.strip("{}")
    return None


#: What a challenge's answer is called when it is sent back.
_ANSWERS = frozenset({"code", "otp", "pin", "token", "passcode", "verification"})


def _sends_code(f: Features) -> bool:
    """Whether the request carries a challenge's answer (``?code=``, ``{"otp"}``)."""
    sent = [p.name for p in f.params] + [x.name for x in f.body_fields if x.top_level]
    return any(set(words(name)) & _ANSWERS for name in sent)


def _item_by_id(f: Features) -> bool:
    """Whether the path ends with an item's id (``/tokens/{tokenId}``), not a value such
    as the token itself (``/authentication-tokens/{token}``)."""
    last = f.segments[-1] if f.segments else None
    return (
        f.ends_with_param
        and last is not None
        and bool(last.words)
        and last.words[-1] in ("id", "uuid", "guid")
    )


#: Qualifiers of credentials issued for a while (``temp-access-credentials``).
_SHORT_LIVED = lexicon(
    """
    temp temporary ephemeral transient
    """
)


#: Request fields that name a thing made to be kept (an API token's name or description).
_NAMING_FIELDS = lexicon(
    """
    name description label title displayname tokenname
    """
)
#: Request fields that prove who is asking: what a sign-in or a grant sends, never a named
#: token's creation (it is made by a caller already signed in).
_PROOFS = lexicon(
    """
    password passwd username clientsecret secret code granttype refreshtoken assertion
    apisecret secretkey verificationcode token otp pin
    """
)


def _names_a_kept_token(f: Features) -> bool:
    """Whether a POST that a create or no verb names sends a name or description for the
    token and no proof of identity: a personal or API token kept as an item."""
    if f.method != "post" or f.verb not in (None, *CREATE_VERBS):
        return False
    sent = {x.norm for x in f.body_fields if x.top_level}
    return bool(sent & _NAMING_FIELDS) and not sent & _PROOFS


def _takes_password(f: Features) -> bool:
    """Whether a write sends a password (sign-up with credentials)."""
    return f.method == "post" and any(x.norm in _PASSWORD for x in f.body_fields)


def _returns_token(f: Features) -> Field | None:
    """The response field that carries a token or credential, strong names first."""
    weak: Field | None = None
    for field in f.response_fields:
        if field.norm in _TOKEN_FIELDS and "array" not in field.types:
            if field.norm not in _WEAK_TOKEN_FIELDS:
                return field
            weak = weak or field
    return weak


def oauth_request(f: Features) -> str | None:
    """The field only an OAuth token or authorization request carries (``grant_type``,
    a PKCE ``code_challenge``), when a GET or POST sends one."""
    if f.method not in ("post", "get"):
        return None
    sent = [p.norm for p in f.params if p.location == "query"]
    sent += [x.norm for x in f.body_fields if x.top_level]
    return next((n for n in sent if n in _OAUTH_FIELDS), None)


def judge(f: Features) -> PatternMatch | None:
    """Judge the auth pattern from an operation's features."""
    if f.method == "options":
        return None  # OPTIONS /oauth2/v1/token: a CORS preflight issues nothing
    tally = Tally(WEIGHTS)
    params: dict[str, str] = {}
    found = classify(f)
    detail: str | None = None
    if found is not None:
        detail, key, text = found
        tally.add(key, text)
    oauth_field = oauth_request(f)
    if oauth_field is not None and found is None:
        tally.add("oauth_field", f"request carries OAuth field {oauth_field!r}")
        detail = "token"
    token_field = _returns_token(f)
    if token_field is not None and f.method in ("post", "put", "get"):
        # a weak name ("session_id") alone is a field of many things, not a token issued
        if found is not None or token_field.norm not in _WEAK_TOKEN_FIELDS:
            tally.add("token_response", f"response has {token_field.path!r}")
            detail = detail or "token"
        params["token_field"] = token_field.path
    heads = {p[-1] for p in _phrases(f) if p}
    summary = f.summary_words
    # "Sign in a user" counts; "a sign-in-person recipient" does not
    said = set(summary) | set(_joined(summary[:2])[:1])
    if (
        found is None
        and (said & _SUMMARY_WORDS or _issues_token(summary))
        and not set(summary) & _PAYMENT
        and not heads & _NOT_CREDENTIAL_HEADS
        # "Get signin info" answering a list of sign-in records: kept items, no sign-in
        and not (f.method == "get" and f.returns_array)
    ):
        tally.add("summary", "summary speaks of sign-in, sessions or issuing a token")
        detail = detail or ("token" if _issues_token(summary) else "login")
    if tally.score == 0.0:
        return None
    return tally.match("auth", detail, params)


detect = FeatureDetector("auth", judge)
