"""The SQL schema of the store: one declarative model per table of the original brief.

Rules:

- The schema is created and changed only by the Alembic migrations in
  ``specmock/store/migrations`` (never ``create_all``); a test checks that the
  migrations and these models agree on SQLite and PostgreSQL.
- Every timestamp is a ``Float`` of epoch seconds (UTC by definition): SQLite has no
  timezone-aware type, and floats compare and sort the same way on both databases.
- JSON columns use :data:`Json`: ``JSON`` everywhere, ``JSONB`` on PostgreSQL.
- Constraint and index names come from :data:`NAMING` so migrations can name them.
- Deleting rows (enforced by the database, ``ON DELETE``; SQLite connections turn
  ``PRAGMA foreign_keys`` on):

  - a pattern's generation rules are deleted with it (``CASCADE``); its responses are
    kept and lose the link (``SET NULL``): a recording outlives a recogniser's opinion;
  - a response's cache entries are deleted with it (``CASCADE``): a cached value derived
    from a response must not outlive it; its environment configs are kept and lose the
    link (``SET NULL``): a setting is not the response's to delete.

Relationships load with ``await obj.awaitable_attrs.name`` (or ``selectinload``) under
asyncio; lazy loading would do I/O behind an attribute access.
"""

from __future__ import annotations

import enum
import time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine

__all__ = [
    "NAMING",
    "AnalyticsPeriod",
    "AuditEntry",
    "Base",
    "CacheEntry",
    "EnvironmentConfig",
    "GenerationRule",
    "Json",
    "LibraryPattern",
    "Pattern",
    "Response",
    "ResponseSource",
    "StateCounter",
    "StateEntity",
]

#: Constraint and index names, deterministic so migrations and models agree.
NAMING: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

#: A JSON column: ``JSON`` on SQLite, ``JSONB`` on PostgreSQL.
Json: TypeEngine[Any] = JSON().with_variant(JSONB(), "postgresql")


class ResponseSource(enum.StrEnum):
    """Where a stored response came from."""

    RECORDED = "recorded"
    GENERATED = "generated"
    LIVE = "live"


class Base(AsyncAttrs, DeclarativeBase):
    """The declarative base: one ``MetaData`` with :data:`NAMING`."""

    metadata = MetaData(naming_convention=NAMING)


class Pattern(Base):
    """A recognised pattern of one operation of one loaded description."""

    __tablename__ = "mock_patterns"
    __table_args__ = (UniqueConstraint("spec_key", "operation", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The description's identity (e.g. ``"Petstore 1.0.0 @ petstore.yaml"``).
    spec_key: Mapped[str] = mapped_column(String(512))
    #: ``"METHOD /path"``, e.g. ``"GET /pets/{petId}"``.
    operation: Mapped[str] = mapped_column(String(512))
    name: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(255))
    confidence: Mapped[float] = mapped_column(Float)
    evidence: Mapped[list[str]] = mapped_column(Json, default=list)
    usage_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[float] = mapped_column(Float, default=time.time)
    updated_at: Mapped[float] = mapped_column(Float, default=time.time, onupdate=time.time)

    responses: Mapped[list[Response]] = relationship(back_populates="pattern", passive_deletes=True)
    rules: Mapped[list[GenerationRule]] = relationship(
        back_populates="pattern", cascade="all, delete-orphan", passive_deletes=True
    )


class Response(Base):
    """A stored response, versioned per (spec_key, operation, request_key)."""

    __tablename__ = "mock_responses"
    __table_args__ = (
        UniqueConstraint("spec_key", "operation", "request_key", "version"),
        CheckConstraint("source IN ('recorded', 'generated', 'live')", name="source"),
        Index(None, "spec_key", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pattern_id: Mapped[int | None] = mapped_column(
        ForeignKey("mock_patterns.id", ondelete="SET NULL"), index=True
    )
    spec_key: Mapped[str] = mapped_column(String(512))
    operation: Mapped[str] = mapped_column(String(512))
    #: A digest of the canonical request (hex, up to 64 characters).
    request_key: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    #: The response headers: a JSON list of ``[name, value]`` pairs, order kept.
    headers: Mapped[Any] = mapped_column(Json, default=list)
    body: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    media_type: Mapped[str | None] = mapped_column(String(255))
    #: The (redacted) request of a recording: method, scheme, host, port, path, query
    #: and header pairs; ``None`` for a generated response.
    request: Mapped[Any | None] = mapped_column(Json)
    request_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    duration_ms: Mapped[float | None] = mapped_column(Float)
    #: One of :class:`ResponseSource`.
    source: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[float] = mapped_column(Float, default=time.time)
    environment: Mapped[str | None] = mapped_column(String(64))

    pattern: Mapped[Pattern | None] = relationship(back_populates="responses")
    cache_entries: Mapped[list[CacheEntry]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )
    environment_configs: Mapped[list[EnvironmentConfig]] = relationship(
        back_populates="response", passive_deletes=True
    )


class GenerationRule(Base):
    """A rule for generating one field of a pattern's responses."""

    __tablename__ = "mock_generation_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    pattern_id: Mapped[int] = mapped_column(
        ForeignKey("mock_patterns.id", ondelete="CASCADE"), index=True
    )
    field: Mapped[str] = mapped_column(String(255))
    rule: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    pattern: Mapped[Pattern] = relationship(back_populates="rules")


class CacheEntry(Base):
    """One entry of the SQL cache tier (times are epoch seconds)."""

    __tablename__ = "mock_cache_entries"
    __table_args__ = (
        Index(None, "spec_digest", "operation"),
        Index(None, "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cache_key: Mapped[str] = mapped_column(String(255), unique=True)
    spec_digest: Mapped[str] = mapped_column(String(64))
    operation: Mapped[str] = mapped_column(String(512))
    value: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[float] = mapped_column(Float, default=time.time)
    #: Epoch seconds after which the entry is stale; ``None`` never expires.
    expires_at: Mapped[float | None] = mapped_column(Float)
    hits: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("mock_responses.id", ondelete="CASCADE"), index=True
    )

    response: Mapped[Response | None] = relationship(back_populates="cache_entries")


class EnvironmentConfig(Base):
    """A setting of one environment (``testing``, ``staging`` ...)."""

    __tablename__ = "mock_environment_configs"
    __table_args__ = (UniqueConstraint("environment", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int | None] = mapped_column(
        ForeignKey("mock_responses.id", ondelete="SET NULL"), index=True
    )
    environment: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(255))
    value: Mapped[Any] = mapped_column(Json)
    updated_at: Mapped[float] = mapped_column(Float, default=time.time, onupdate=time.time)

    response: Mapped[Response | None] = relationship(back_populates="environment_configs")


class AnalyticsPeriod(Base):
    """Counts and latencies of one environment (and operation) over one period."""

    __tablename__ = "mock_analytics"
    __table_args__ = (Index(None, "environment", "period_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    environment: Mapped[str] = mapped_column(String(64))
    #: ``None`` for the totals over every operation.
    operation: Mapped[str | None] = mapped_column(String(512))
    period_start: Mapped[float] = mapped_column(Float)
    requests: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    mock_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    live_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    recorded_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    errors: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    p50_ms: Mapped[float | None] = mapped_column(Float)
    p95_ms: Mapped[float | None] = mapped_column(Float)
    p99_ms: Mapped[float | None] = mapped_column(Float)
    cache_hit_rate: Mapped[float | None] = mapped_column(Float)
    mock_quality_score: Mapped[float | None] = mapped_column(Float)


class LibraryPattern(Base):
    """A pattern specmock (or a user) can recognise: one row per detector."""

    __tablename__ = "mock_pattern_library"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    #: Where the detector lives, e.g. ``"specmock.patterns.crud"``.
    detector: Mapped[str] = mapped_column(String(255))
    default_confidence: Mapped[float] = mapped_column(Float, default=0.5)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class AuditEntry(Base):
    """One change to the mock system's configuration: who, what, before and after."""

    __tablename__ = "mock_audit_log"
    __table_args__ = (Index(None, "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[float] = mapped_column(Float, default=time.time)
    actor: Mapped[str] = mapped_column(String(255))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(512))
    old_value: Mapped[Any | None] = mapped_column(Json)
    new_value: Mapped[Any | None] = mapped_column(Json)


class StateEntity(Base):
    """An entity a client created in stateful mode (``specmock.engine.sqlstate``)."""

    __tablename__ = "mock_state_entities"
    __table_args__ = (Index(None, "namespace", "collection", "position"),)

    namespace: Mapped[str] = mapped_column(String(128), primary_key=True)
    collection: Mapped[str] = mapped_column(String(512), primary_key=True)
    id_key: Mapped[str] = mapped_column(String(512), primary_key=True)
    #: The creation number: lists are in this order; replacing keeps it.
    position: Mapped[int] = mapped_column(BigInteger)
    #: The entity as JSON bytes (kept as written: a JSON column would reorder keys).
    body: Mapped[bytes] = mapped_column(LargeBinary)


class StateCounter(Base):
    """A counter of stateful mode: ``seq`` hands out ids, ``created`` numbers creations."""

    __tablename__ = "mock_state_counters"

    namespace: Mapped[str] = mapped_column(String(128), primary_key=True)
    collection: Mapped[str] = mapped_column(String(512), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
