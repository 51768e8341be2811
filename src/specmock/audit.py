"""The audit log of configuration changes: who changed what, from which value to which.

Rules:

- Every change to the mock system's configuration goes through :func:`audit_change`:
  the admin API (actor: the token's name), ``specmock config set`` and
  ``specmock admin token`` (actor: ``$USER``), and stored environment configs
  (:func:`set_environment_config`, :func:`delete_environment_config`, which change the
  row and write the audit entry in the caller's one transaction: both or neither).
- Secrets never reach the log: :func:`redact` replaces the value of any key that looks
  secret (a word such as ``token``, ``password``, ``secret``, ``key``, ``hash``) by
  ``"***"``, inside objects and lists too, and masks the password of URLs.
- Setting a value to what it already is changes nothing and writes no entry.
- Like the rest of the store, these functions leave committing to the caller
  (``async with make() as s, s.begin(): ...``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Insert, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from specmock.store.database import session_url, translate_errors
from specmock.store.patterns import Audit, list_audit, record_audit
from specmock.store.tables import EnvironmentConfig

__all__ = [
    "REDACTED",
    "Audit",
    "audit_change",
    "delete_environment_config",
    "get_environment_config",
    "list_changes",
    "looks_secret",
    "redact",
    "set_environment_config",
]

#: What a secret value becomes in the audit log.
REDACTED = "***"

#: Words of a key that make its value a secret (``api_key``, ``adminToken``, ``db.password``).
_SECRET_WORDS = frozenset(
    {
        "apikey",
        "auth",
        "authorization",
        "cookie",
        "credential",
        "credentials",
        "hash",
        "key",
        "pass",
        "passphrase",
        "passwd",
        "password",
        "private",
        "pwd",
        "salt",
        "secret",
        "signature",
        "token",
    }
)
_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*):[^@/\s]*@", re.IGNORECASE)


def looks_secret(key: str) -> bool:
    """True when a key's words name a secret.

    Example:
        >>> looks_secret("admin.token.ci"), looks_secret("apiKey"), looks_secret("DB_PASSWORD")
        (True, True, True)
        >>> looks_secret("quality"), looks_secret("monkey_count"), looks_secret("tokens")
        (False, False, True)
    """
    words = (word.lower() for word in _WORDS.findall(key))
    return any(w in _SECRET_WORDS or w.removesuffix("s") in _SECRET_WORDS for w in words)


def redact(value: Any, key: str = "") -> Any:
    """``value`` as the audit log may keep it: secrets by key replaced, URL passwords masked.

    Args:
        value: a JSON value.
        key: the name the value is stored under; a secret-looking name redacts a plain
            value entirely, and an object's members by their own names.

    Example:
        >>> redact({"role": "read", "hash": "9f86d0"}, "admin.token.ci")
        {'role': 'read', 'hash': '***'}
        >>> redact("postgresql://me:pw@db/x", "database_url")
        'postgresql://me:***@db/x'
    """
    if isinstance(value, Mapping):
        return {str(k): redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item, key) for item in value]
    if value is not None and looks_secret(key):
        return REDACTED
    if isinstance(value, str):
        return _URL_PASSWORD.sub(rf"\1:{REDACTED}@", value)
    return value


async def audit_change(
    session: AsyncSession, *, actor: str, action: str, target: str, old: Any, new: Any
) -> Audit:
    """Write one entry to the audit log, secrets redacted (by ``target``'s last part too).

    Args:
        session: the session (the caller commits).
        actor: who: a token's name, a user name.
        action: what, e.g. ``"config.set"``, ``"chaos.put"``, ``"state.reset"``.
        target: what was changed, e.g. ``"testing/quality"`` or ``"GET /pets"``.
        old: the value before (a JSON value; ``None`` when there was none).
        new: the value after (``None`` when deleted).

    Example:
        >>> entry = await audit_change(session, actor="ci", action="chaos.put",  # doctest: +SKIP
        ...                            target="chaos", old={}, new={"error_rate": 0.1})
    """
    name = target.rpartition("/")[2]
    return await record_audit(session, actor, action, target, redact(old, name), redact(new, name))


async def get_environment_config(session: AsyncSession, environment: str, key: str) -> Any:
    """The stored value of ``key`` in ``environment``, or ``None``."""
    query = select(EnvironmentConfig.value).where(
        EnvironmentConfig.environment == environment, EnvironmentConfig.key == key
    )
    with translate_errors(session_url(session)):
        return await session.scalar(query)


async def set_environment_config(
    session: AsyncSession, environment: str, key: str, value: Any, *, actor: str
) -> None:
    """Store ``key = value`` for ``environment`` and audit it, in one transaction.

    The row is upserted (``INSERT ... ON CONFLICT DO UPDATE``), so two writers never
    make two rows; on PostgreSQL the old value is read ``FOR UPDATE``.

    Args:
        session: the session (the caller commits: the row and its entry go together).
        environment: ``"testing"``, ``"staging"`` ... or ``"*"`` for every environment.
        key: the setting's name.
        value: a JSON value.
        actor: who changes it.

    Example:
        >>> async with make() as session, session.begin():  # doctest: +SKIP
        ...     await set_environment_config(session, "testing", "quality", "production",
        ...                                  actor="alice")
    """
    query = (
        select(EnvironmentConfig.id, EnvironmentConfig.value)
        .where(EnvironmentConfig.environment == environment, EnvironmentConfig.key == key)
        .with_for_update()
    )
    with translate_errors(session_url(session)):
        found = (await session.execute(query)).first()
        old = None if found is None else found.value
        if found is not None and old == value:
            return
        now = time.time()
        statement = (
            _insert(session)
            .values(environment=environment, key=key, value=value, updated_at=now)
            .on_conflict_do_update(
                index_elements=["environment", "key"], set_={"value": value, "updated_at": now}
            )
        )
        await session.execute(statement)
    await audit_change(
        session, actor=actor, action="config.set", target=f"{environment}/{key}", old=old, new=value
    )


async def delete_environment_config(
    session: AsyncSession, environment: str, key: str, *, actor: str
) -> bool:
    """Delete ``key`` of ``environment`` and audit it; ``False`` when it was not set."""
    query = (
        delete(EnvironmentConfig)
        .where(EnvironmentConfig.environment == environment, EnvironmentConfig.key == key)
        .returning(EnvironmentConfig.value)
    )
    with translate_errors(session_url(session)):
        removed = (await session.execute(query)).first()
    if removed is None:
        return False
    await audit_change(
        session,
        actor=actor,
        action="config.delete",
        target=f"{environment}/{key}",
        old=removed.value,
        new=None,
    )
    return True


async def list_changes(session: AsyncSession, limit: int = 50) -> tuple[Audit, ...]:
    """The newest ``limit`` entries of the audit log, newest first."""
    return await list_audit(session, limit)


def _insert(session: AsyncSession) -> Any:
    """``INSERT`` of the session's dialect, which knows ``ON CONFLICT``."""
    dialect = session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    statement: Insert = module.insert(EnvironmentConfig)
    return statement
