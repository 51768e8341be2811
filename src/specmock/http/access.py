"""Who may use which admin route: bearer tokens with a role, and the one route table.

Rules:

- Every admin route is in :data:`ROUTE_ROLES`, mapping ``(method, endpoint)`` to the
  role it needs (``None``: public, only ``GET health``). ``HEAD`` needs what ``GET``
  needs; a route missing from the table needs :attr:`Role.ADMIN` (fail closed).
- Roles are ordered: ``admin`` may do everything ``read`` may.
- Tokens are kept only as SHA-256 digests, in memory and in the store; a presented
  token is hashed and compared with *every* known digest by :func:`hmac.compare_digest`
  (no early exit), so timing tells nothing about which digest came close. Tokens are
  random (``secrets.token_urlsafe(32)``, 256 bits), so an unsalted digest is safe.
- Where tokens come from: ``--admin-token`` / ``SPECMOCK_ADMIN_TOKEN`` (role admin; the
  CLI reads the environment, never this module), extra ``TOKEN:ROLE`` specs, and the
  store: rows of ``mock_environment_configs`` with environment ``"*"`` and key
  ``admin.token.<name>`` holding ``{"hash": "<sha256 hex>", "role": "read"|"admin"}``.
- No token configured at all means an open admin API: every route is allowed. That is
  today's behaviour on loopback; ``specmock serve`` refuses to bind anywhere else
  without a token, so an open admin API is never reachable from another machine.
- A token never appears in an error message, a log line or the audit log.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from specmock.errors import SpecmockError
from specmock.http.problem import problem
from specmock.models import Response

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

__all__ = [
    "ROUTE_ROLES",
    "STORED_TOKEN_PREFIX",
    "AccessError",
    "Grant",
    "Role",
    "Tokens",
    "authorize",
    "create_token",
    "digest",
    "load_stored_tokens",
    "required_role",
    "revoke_token",
    "stored_tokens_query",
    "tokens_from_rows",
]

#: Key prefix of stored tokens in ``mock_environment_configs`` (environment ``"*"``).
STORED_TOKEN_PREFIX = "admin.token."
_STORE_ENVIRONMENT = "*"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_HEX = re.compile(r"^[0-9a-f]{64}$")


class AccessError(SpecmockError, ValueError):
    """A token spec or stored token that cannot be used (never shows the token)."""

    status = 400


class Role(StrEnum):
    """What a token may do: ``read`` the stats, or ``admin`` (reset, chaos, configuration)."""

    READ = "read"
    ADMIN = "admin"

    def allows(self, required: Role) -> bool:
        """True when this role may use a route needing ``required``.

        Example:
            >>> Role.ADMIN.allows(Role.READ), Role.READ.allows(Role.ADMIN)
            (True, False)
        """
        return _RANK[self] >= _RANK[required]


_RANK: Mapping[Role, int] = MappingProxyType({Role.READ: 1, Role.ADMIN: 2})

#: The role each admin route needs; ``None`` is public. The one place to look.
ROUTE_ROLES: Mapping[tuple[str, str], Role | None] = MappingProxyType(
    {
        ("GET", "health"): None,
        ("GET", "operations"): Role.READ,
        ("GET", "cache"): Role.READ,
        ("GET", "stats"): Role.READ,
        ("GET", "metrics"): Role.READ,
        ("GET", "chaos"): Role.READ,
        ("GET", "config"): Role.READ,
        ("PUT", "chaos"): Role.ADMIN,
        ("POST", "reset"): Role.ADMIN,
        ("DELETE", "cache"): Role.ADMIN,
        ("PUT", "config"): Role.ADMIN,
    }
)


def required_role(method: str, endpoint: str) -> Role | None:
    """The role ``method`` on ``/__specmock/<endpoint>`` needs (unknown routes: admin).

    Example:
        >>> required_role("HEAD", "stats"), required_role("GET", "health")
        (<Role.READ: 'read'>, None)
        >>> required_role("PATCH", "chaos")
        <Role.ADMIN: 'admin'>
    """
    verb = method.upper()
    key = ("GET" if verb == "HEAD" else verb, endpoint.strip("/"))
    return ROUTE_ROLES.get(key, Role.ADMIN)


def digest(token: str) -> str:
    """The SHA-256 hex digest a token is kept as.

    Example:
        >>> digest("s3cret")[:16]
        '1ec1c26b50d5d3c5'
    """
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True, slots=True)
class Grant:
    """A known token's name (for the audit log's actor) and role; never the token."""

    name: str
    role: Role


@dataclass(frozen=True, slots=True)
class Tokens:
    """The admin tokens a server accepts, as digests with their grants.

    Combine sources with ``+``: ``Tokens.from_specs(specs, admin_token=t) + stored``.

    Example:
        >>> tokens = Tokens.from_specs(["r3ad-only:read"], admin_token="s3cret")
        >>> tokens.role_of("Bearer s3cret"), tokens.role_of("Bearer r3ad-only")
        (<Role.ADMIN: 'admin'>, <Role.READ: 'read'>)
        >>> tokens.role_of("Bearer nope") is None, tokens.role_of(None) is None
        (True, True)
    """

    entries: tuple[tuple[bytes, Grant], ...] = ()

    @classmethod
    def from_specs(
        cls, specs: Iterable[str] = (), *, admin_token: str | None = None, where: str = "--token"
    ) -> Tokens:
        """Tokens from ``--admin-token`` (role admin) and ``TOKEN:ROLE`` specs.

        Args:
            specs: ``"TOKEN:read"`` or ``"TOKEN:admin"`` (the last ``:`` splits).
            admin_token: the ``--admin-token`` / ``SPECMOCK_ADMIN_TOKEN`` value.
            where: the flag the specs came from, named in errors.

        Raises:
            AccessError: an empty token or an unknown role (the token is not shown).
        """
        entries: list[tuple[bytes, Grant]] = []
        if admin_token:
            entries.append((_raw(digest(admin_token)), Grant("admin-token", Role.ADMIN)))
        for number, spec in enumerate(specs, start=1):
            token, sep, role = spec.rpartition(":")
            if not sep or not token:
                raise AccessError(f"{where} #{number} is not TOKEN:ROLE (ROLE read or admin)")
            try:
                grant = Grant(f"{where.lstrip('-')}#{number}", Role(role.strip().lower()))
            except ValueError:
                raise AccessError(
                    f"{where} #{number} has role {role!r}: use read or admin"
                ) from None
            entries.append((_raw(digest(token)), grant))
        return cls(tuple(entries))

    def __add__(self, other: Tokens) -> Tokens:
        return Tokens(self.entries + other.entries)

    def __bool__(self) -> bool:
        return bool(self.entries)

    @property
    def grants(self) -> tuple[Grant, ...]:
        """The names and roles of the known tokens.

        Example:
            >>> Tokens.from_specs(admin_token="x").grants
            (Grant(name='admin-token', role=<Role.ADMIN: 'admin'>),)
        """
        return tuple(grant for _, grant in self.entries)

    def grant_of(self, authorization: str | None) -> Grant | None:
        """The grant of the bearer token in an ``Authorization`` header, if known.

        Every digest is compared (constant time each, no early exit); when one token
        has several grants the highest role wins.

        Example:
            >>> Tokens.from_specs(admin_token="s3cret").grant_of("bearer s3cret")
            Grant(name='admin-token', role=<Role.ADMIN: 'admin'>)
        """
        token = _bearer(authorization)
        if token is None:
            return None
        given = _raw(digest(token))
        found: Grant | None = None
        for known, grant in self.entries:
            if hmac.compare_digest(given, known) and (
                found is None or grant.role.allows(found.role)
            ):
                found = grant
        return found

    def role_of(self, authorization: str | None) -> Role | None:
        """The role of the bearer token in an ``Authorization`` header, or ``None``."""
        grant = self.grant_of(authorization)
        return None if grant is None else grant.role


def authorize(
    tokens: Tokens, method: str, endpoint: str, authorization: str | None
) -> Response | None:
    """``None`` when the request may use the admin route, else its 401 or 403 answer.

    Args:
        tokens: the accepted tokens; none at all means an open admin API (loopback).
        method: the request's method.
        endpoint: the admin endpoint, the part after ``/__specmock/``.
        authorization: the ``Authorization`` header, if any.

    Example:
        >>> tokens = Tokens.from_specs(["r3ad-only:read"])
        >>> authorize(tokens, "GET", "health", None) is None
        True
        >>> authorize(tokens, "GET", "stats", None).status
        401
        >>> authorize(tokens, "POST", "reset", "Bearer r3ad-only").status
        403
    """
    required = required_role(method, endpoint)
    if required is None or not tokens:
        return None
    grant = tokens.grant_of(authorization)
    if grant is None:
        challenge = 'Bearer realm="specmock"'
        if authorization:
            challenge += ', error="invalid_token"'
        return problem(
            401,
            "the admin API needs 'Authorization: Bearer <token>' with a known token",
            headers=(("www-authenticate", challenge),),
        )
    if not grant.role.allows(required):
        return problem(
            403,
            f"{method.upper()} {endpoint.strip('/')} needs a token with role {required}; "
            f"this one has role {grant.role}",
        )
    return None


def stored_tokens_query() -> Any:
    """The ``SELECT`` of the stored tokens' rows (key, value), for sync or async callers."""
    from sqlalchemy import select

    from specmock.store.tables import EnvironmentConfig

    return (
        select(EnvironmentConfig.key, EnvironmentConfig.value)
        .where(
            EnvironmentConfig.environment == _STORE_ENVIRONMENT,
            EnvironmentConfig.key.startswith(STORED_TOKEN_PREFIX, autoescape=True),
        )
        .order_by(EnvironmentConfig.key)
    )


def tokens_from_rows(rows: Iterable[tuple[str, Any]]) -> Tokens:
    """Tokens from stored ``(key, value)`` rows.

    Raises:
        AccessError: a row whose value is not ``{"hash": <sha256 hex>, "role": ...}``.
    """
    entries = []
    for key, value in rows:
        name = key[len(STORED_TOKEN_PREFIX) :]
        entries.append((_raw(_stored_hash(key, value)), Grant(name, _stored_role(key, value))))
    return Tokens(tuple(entries))


async def load_stored_tokens(session: AsyncSession) -> Tokens:
    """The tokens kept in the store (``admin.token.<name>`` rows of environment ``"*"``).

    Raises:
        AccessError: a row whose value is not ``{"hash": <sha256 hex>, "role": ...}``.
        StoreError: the store cannot be read.
    """
    from specmock.store.database import session_url, translate_errors

    with translate_errors(session_url(session)):
        rows = (await session.execute(stored_tokens_query())).all()
    return tokens_from_rows((key, value) for key, value in rows)


async def create_token(session: AsyncSession, name: str, role: Role | str, *, actor: str) -> str:
    """Make a random token, store its digest as ``admin.token.<name>``; return the token.

    The token is returned once and kept nowhere in clear; giving an existing name
    replaces that token (rotation). The change is written to the audit log (its hash
    redacted) in the caller's transaction.

    Raises:
        AccessError: a bad name or role.
    """
    from specmock.audit import set_environment_config

    chosen = _role(role)
    if not _NAME.match(name):
        raise AccessError(f"bad token name {name!r}: use 1 to 64 letters, digits, '.', '_' or '-'")
    token = secrets.token_urlsafe(32)
    await set_environment_config(
        session,
        _STORE_ENVIRONMENT,
        STORED_TOKEN_PREFIX + name,
        {"hash": digest(token), "role": chosen.value},
        actor=actor,
    )
    return token


async def revoke_token(session: AsyncSession, name: str, *, actor: str) -> bool:
    """Delete the stored token ``name`` (audited); ``False`` when there was none."""
    from specmock.audit import delete_environment_config

    return await delete_environment_config(
        session, _STORE_ENVIRONMENT, STORED_TOKEN_PREFIX + name, actor=actor
    )


def _role(role: Role | str) -> Role:
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        raise AccessError(f"unknown role {role!r}: use read or admin") from None


def _stored_hash(key: str, value: Any) -> str:
    found = value.get("hash") if isinstance(value, Mapping) else None
    if not isinstance(found, str) or not _HEX.match(found):
        raise AccessError(
            f"stored token {key!r} has no SHA-256 'hash': re-create it with "
            "`specmock admin token add`"
        )
    return found


def _stored_role(key: str, value: Any) -> Role:
    try:
        return Role(value.get("role"))
    except ValueError:
        raise AccessError(
            f"stored token {key!r} has role {value.get('role')!r}: use read or admin"
        ) from None


def _bearer(authorization: str | None) -> str | None:
    """The token of ``Bearer TOKEN`` (scheme case-insensitive), else ``None``."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _raw(hex_digest: str) -> bytes:
    return bytes.fromhex(hex_digest)
