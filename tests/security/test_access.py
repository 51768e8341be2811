"""Admin tokens and roles: every route of ROUTE_ROLES against every kind of caller."""

from __future__ import annotations

import hashlib
from typing import Any

import orjson
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from specmock.audit import set_environment_config
from specmock.errors import SpecmockError
from specmock.http.access import (
    ROUTE_ROLES,
    AccessError,
    Grant,
    Role,
    Tokens,
    authorize,
    create_token,
    load_stored_tokens,
    required_role,
    revoke_token,
)
from specmock.http.admin import Admin
from specmock.store.tables import AuditEntry, EnvironmentConfig

Make = async_sessionmaker[AsyncSession]
Run = Any  # the ``run`` fixture of conftest.py: run(body) -> body's result

READ_TOKEN = "read-0123456789abcdef"
ADMIN_TOKEN = "admin-fedcba9876543210"
TOKENS = Tokens.from_specs([f"{READ_TOKEN}:read"], admin_token=ADMIN_TOKEN)

CALLERS: dict[str, str | None] = {
    "no token": None,
    "read token": f"Bearer {READ_TOKEN}",
    "admin token": f"Bearer {ADMIN_TOKEN}",
    "wrong token": "Bearer not-a-token",
}


def expected(required: Role | None, caller: str) -> int:
    """The status a caller gets on a route needing ``required`` (200: allowed)."""
    if required is None or caller == "admin token":
        return 200
    if caller in ("no token", "wrong token"):
        return 401
    return 200 if required is Role.READ else 403


def status_of(tokens: Tokens, method: str, endpoint: str, authorization: str | None) -> int:
    refused = authorize(tokens, method, endpoint, authorization)
    return 200 if refused is None else refused.status


@pytest.mark.parametrize("caller", list(CALLERS))
@pytest.mark.parametrize(
    ("method", "endpoint"), list(ROUTE_ROLES), ids=[f"{m} {e}" for m, e in ROUTE_ROLES]
)
def test_roles_are_enforced_for_every_admin_route(method: str, endpoint: str, caller: str) -> None:
    required = ROUTE_ROLES[(method, endpoint)]
    refused = authorize(TOKENS, method, endpoint, CALLERS[caller])
    assert (200 if refused is None else refused.status) == expected(required, caller)
    if refused is not None:
        body = orjson.loads(refused.body)
        assert body["status"] == refused.status
        assert READ_TOKEN not in body["detail"] and ADMIN_TOKEN not in body["detail"]
        headers = dict(refused.headers)
        assert headers["content-type"] == "application/problem+json"
        if refused.status == 401:
            assert headers["www-authenticate"].startswith('Bearer realm="specmock"')


def test_the_table_has_the_routes_the_issue_names() -> None:
    public = {route for route, role in ROUTE_ROLES.items() if role is None}
    read = {route for route, role in ROUTE_ROLES.items() if role is Role.READ}
    admin = {route for route, role in ROUTE_ROLES.items() if role is Role.ADMIN}
    assert public == {("GET", "health")}
    assert {e for _, e in read} == {"operations", "cache", "stats", "metrics", "chaos", "config"}
    assert admin == {("PUT", "chaos"), ("POST", "reset"), ("DELETE", "cache"), ("PUT", "config")}


def test_every_route_the_admin_api_answers_is_in_the_table() -> None:
    admin: Any = Admin(engine=None)  # type: ignore[arg-type]  # routes only, no engine used
    routes = {("GET", name) for name in admin._endpoints} | set(admin._actions)
    # "GET reset" only explains that reset wants POST; it needs what reading does
    missing = {r for r in routes if r not in ROUTE_ROLES and r != ("GET", "reset")}
    assert not missing, f"add these admin routes to ROUTE_ROLES: {sorted(missing)}"


@pytest.mark.parametrize(
    ("method", "endpoint", "role"),
    [
        ("HEAD", "stats", Role.READ),
        ("HEAD", "health", None),
        ("GET", "stats/", Role.READ),
        ("PATCH", "chaos", Role.ADMIN),
        ("GET", "secret-new-endpoint", Role.ADMIN),
        ("get", "operations", Role.READ),
    ],
    ids=str,
)
def test_unlisted_routes_fail_closed(method: str, endpoint: str, role: Role | None) -> None:
    assert required_role(method, endpoint) == role


def test_no_token_configured_allows_everything() -> None:
    for method, endpoint in ROUTE_ROLES:
        assert authorize(Tokens(), method, endpoint, None) is None


@pytest.mark.parametrize(
    "header",
    [f"bearer {ADMIN_TOKEN}", f"BEARER   {ADMIN_TOKEN}  ", f"Bearer {ADMIN_TOKEN}"],
    ids=repr,
)
def test_bearer_scheme_is_case_insensitive(header: str) -> None:
    assert TOKENS.role_of(header) is Role.ADMIN


@pytest.mark.parametrize(
    "header",
    ["", ADMIN_TOKEN, f"Basic {ADMIN_TOKEN}", "Bearer", "Bearer ", f"Bearer {ADMIN_TOKEN}x"],
    ids=repr,
)
def test_anything_but_a_known_bearer_token_has_no_role(header: str) -> None:
    assert TOKENS.role_of(header) is None


def test_a_token_with_two_roles_gets_the_higher() -> None:
    tokens = Tokens.from_specs(["same:read"]) + Tokens.from_specs(["same:admin"])
    assert tokens.role_of("Bearer same") is Role.ADMIN


def test_wrong_token_gets_invalid_token_challenge() -> None:
    refused = authorize(TOKENS, "GET", "stats", "Bearer nope")
    assert refused is not None
    assert dict(refused.headers)["www-authenticate"].endswith('error="invalid_token"')


def test_tokens_keep_only_digests() -> None:
    assert all(READ_TOKEN.encode() not in raw for raw, _ in TOKENS.entries)
    assert READ_TOKEN not in repr(TOKENS)
    assert TOKENS.grants == (Grant("admin-token", Role.ADMIN), Grant("token#1", Role.READ))


@pytest.mark.parametrize("spec", ["no-role", "tok:root", ":read", "tok:"], ids=repr)
def test_bad_token_specs_are_one_line_without_the_token(spec: str) -> None:
    with pytest.raises(AccessError) as caught:
        Tokens.from_specs(["fine:read", spec], where="--token")
    message = str(caught.value)
    assert message.startswith("--token #2")
    assert "\n" not in message
    assert "tok" not in message.replace("--token", "").replace("token", "")
    assert isinstance(caught.value, SpecmockError) and isinstance(caught.value, ValueError)


def test_stored_tokens_work_and_are_never_stored_in_clear(run: Run) -> None:
    async def body(make: Make) -> tuple[str, str, Tokens, list[Any], list[Any]]:
        async with make() as session, session.begin():
            reader = await create_token(session, "dashboard", "read", actor="alice")
            admin = await create_token(session, "ci", Role.ADMIN, actor="alice")
        async with make() as session:
            tokens = await load_stored_tokens(session)
            values = (await session.scalars(select(EnvironmentConfig.value))).all()
            audit = (await session.execute(select(AuditEntry))).scalars().all()
            return reader, admin, tokens, list(values), [(a.old_value, a.new_value) for a in audit]

    reader, admin, tokens, values, audit = run(body)
    assert len(reader) >= 40 and reader != admin
    assert tokens.role_of(f"Bearer {reader}") is Role.READ
    assert tokens.role_of(f"Bearer {admin}") is Role.ADMIN
    assert tokens.role_of("Bearer guess") is None
    assert set(tokens.grants) == {Grant("dashboard", Role.READ), Grant("ci", Role.ADMIN)}
    everything = orjson.dumps([values, audit]).decode()
    assert reader not in everything and admin not in everything
    assert hashlib.sha256(reader.encode()).hexdigest() in everything  # the row keeps the hash
    # ... and the audit log not even that
    assert hashlib.sha256(reader.encode()).hexdigest() not in orjson.dumps(audit).decode()
    assert audit == [
        (None, {"hash": "***", "role": "read"}),
        (None, {"hash": "***", "role": "admin"}),
    ]
    combined = Tokens.from_specs(admin_token="flag") + tokens
    assert authorize(combined, "PUT", "config", f"Bearer {reader}").status == 403  # type: ignore[union-attr]
    assert authorize(combined, "PUT", "config", f"Bearer {admin}") is None


def test_rotating_and_revoking_a_stored_token(run: Run) -> None:
    async def body(make: Make) -> tuple[str, str, Tokens, bool, Tokens]:
        async with make() as session, session.begin():
            first = await create_token(session, "ci", "admin", actor="alice")
        async with make() as session, session.begin():
            second = await create_token(session, "ci", "admin", actor="bob")
        async with make() as session:
            rotated = await load_stored_tokens(session)
        async with make() as session, session.begin():
            removed = await revoke_token(session, "ci", actor="bob")
            again = await revoke_token(session, "ci", actor="bob")
            assert not again
        async with make() as session:
            return first, second, rotated, removed, await load_stored_tokens(session)

    first, second, rotated, removed, left = run(body)
    assert rotated.role_of(f"Bearer {first}") is None
    assert rotated.role_of(f"Bearer {second}") is Role.ADMIN
    assert removed
    assert not left


@pytest.mark.parametrize(
    "value",
    [{"role": "admin"}, {"hash": "abc", "role": "admin"}, {"hash": "0" * 64, "role": "root"}, "x"],
    ids=repr,
)
def test_malformed_stored_tokens_are_refused_in_one_line(run: Run, value: Any) -> None:
    async def body(make: Make) -> None:
        async with make() as session, session.begin():
            await set_environment_config(session, "*", "admin.token.bad", value, actor="t")
        async with make() as session:
            await load_stored_tokens(session)

    with pytest.raises(AccessError, match=r"^stored token 'admin.token.bad' ") as caught:
        run(body)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", ["", "has space", "-leading", "x" * 65, "a/b"], ids=repr)
def test_bad_token_names_are_refused(run: Run, name: str) -> None:
    async def body(make: Make) -> None:
        async with make() as session, session.begin():
            await create_token(session, name, "read", actor="t")

    with pytest.raises(AccessError, match="bad token name"):
        run(body)
