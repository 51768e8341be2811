"""The initial schema: the eight tables of the store.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# JSON on SQLite, JSONB on PostgreSQL (as specmock.store.tables.Json; copied, not
# imported: a migration must not change when the models do).
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mock_analytics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("environment", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=512), nullable=True),
        sa.Column("period_start", sa.Float(), nullable=False),
        sa.Column("requests", sa.Integer(), server_default="0", nullable=False),
        sa.Column("mock_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("live_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("recorded_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("errors", sa.Integer(), server_default="0", nullable=False),
        sa.Column("p50_ms", sa.Float(), nullable=True),
        sa.Column("p95_ms", sa.Float(), nullable=True),
        sa.Column("p99_ms", sa.Float(), nullable=True),
        sa.Column("cache_hit_rate", sa.Float(), nullable=True),
        sa.Column("mock_quality_score", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_analytics")),
    )
    op.create_index(
        op.f("ix_mock_analytics_environment_period_start"),
        "mock_analytics",
        ["environment", "period_start"],
        unique=False,
    )

    op.create_table(
        "mock_audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=512), nullable=False),
        sa.Column("old_value", JSON, nullable=True),
        sa.Column("new_value", JSON, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_audit_log")),
    )
    op.create_index(op.f("ix_mock_audit_log_at"), "mock_audit_log", ["at"], unique=False)

    op.create_table(
        "mock_pattern_library",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("detector", sa.String(length=255), nullable=False),
        sa.Column("default_confidence", sa.Float(), nullable=False),
        sa.Column("builtin", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_pattern_library")),
        sa.UniqueConstraint("name", name=op.f("uq_mock_pattern_library_name")),
    )
    op.create_table(
        "mock_patterns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spec_key", sa.String(length=512), nullable=False),
        sa.Column("operation", sa.String(length=512), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=255), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", JSON, nullable=False),
        sa.Column("usage_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_patterns")),
        sa.UniqueConstraint(
            "spec_key", "operation", "name", name=op.f("uq_mock_patterns_spec_key_operation_name")
        ),
    )
    op.create_table(
        "mock_generation_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pattern_id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=255), nullable=False),
        sa.Column("rule", JSON, nullable=False),
        sa.Column("priority", sa.Integer(), server_default="0", nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pattern_id"],
            ["mock_patterns.id"],
            name=op.f("fk_mock_generation_rules_pattern_id_mock_patterns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_generation_rules")),
    )
    op.create_index(
        op.f("ix_mock_generation_rules_pattern_id"),
        "mock_generation_rules",
        ["pattern_id"],
        unique=False,
    )

    op.create_table(
        "mock_responses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pattern_id", sa.Integer(), nullable=True),
        sa.Column("spec_key", sa.String(length=512), nullable=False),
        sa.Column("operation", sa.String(length=512), nullable=False),
        sa.Column("request_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("headers", JSON, nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(length=255), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("environment", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "source IN ('recorded', 'generated', 'live')", name=op.f("ck_mock_responses_source")
        ),
        sa.ForeignKeyConstraint(
            ["pattern_id"],
            ["mock_patterns.id"],
            name=op.f("fk_mock_responses_pattern_id_mock_patterns"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_responses")),
        sa.UniqueConstraint(
            "spec_key",
            "operation",
            "request_key",
            "version",
            name=op.f("uq_mock_responses_spec_key_operation_request_key_version"),
        ),
    )
    op.create_index(
        op.f("ix_mock_responses_pattern_id"), "mock_responses", ["pattern_id"], unique=False
    )

    op.create_table(
        "mock_cache_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cache_key", sa.String(length=255), nullable=False),
        sa.Column("spec_digest", sa.String(length=64), nullable=False),
        sa.Column("operation", sa.String(length=512), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=True),
        sa.Column("hits", sa.Integer(), server_default="0", nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["mock_responses.id"],
            name=op.f("fk_mock_cache_entries_response_id_mock_responses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_cache_entries")),
        sa.UniqueConstraint("cache_key", name=op.f("uq_mock_cache_entries_cache_key")),
    )
    op.create_index(
        op.f("ix_mock_cache_entries_expires_at"), "mock_cache_entries", ["expires_at"], unique=False
    )
    op.create_index(
        op.f("ix_mock_cache_entries_response_id"),
        "mock_cache_entries",
        ["response_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_mock_cache_entries_spec_digest_operation"),
        "mock_cache_entries",
        ["spec_digest", "operation"],
        unique=False,
    )

    op.create_table(
        "mock_environment_configs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("environment", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("value", JSON, nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["response_id"],
            ["mock_responses.id"],
            name=op.f("fk_mock_environment_configs_response_id_mock_responses"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_environment_configs")),
        sa.UniqueConstraint(
            "environment", "key", name=op.f("uq_mock_environment_configs_environment_key")
        ),
    )
    op.create_index(
        op.f("ix_mock_environment_configs_response_id"),
        "mock_environment_configs",
        ["response_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_mock_environment_configs_response_id"), table_name="mock_environment_configs"
    )

    op.drop_table("mock_environment_configs")
    op.drop_index(
        op.f("ix_mock_cache_entries_spec_digest_operation"), table_name="mock_cache_entries"
    )
    op.drop_index(op.f("ix_mock_cache_entries_response_id"), table_name="mock_cache_entries")
    op.drop_index(op.f("ix_mock_cache_entries_expires_at"), table_name="mock_cache_entries")

    op.drop_table("mock_cache_entries")
    op.drop_index(op.f("ix_mock_responses_pattern_id"), table_name="mock_responses")

    op.drop_table("mock_responses")
    op.drop_index(op.f("ix_mock_generation_rules_pattern_id"), table_name="mock_generation_rules")

    op.drop_table("mock_generation_rules")
    op.drop_table("mock_patterns")
    op.drop_table("mock_pattern_library")
    op.drop_index(op.f("ix_mock_audit_log_at"), table_name="mock_audit_log")

    op.drop_table("mock_audit_log")
    op.drop_index(op.f("ix_mock_analytics_environment_period_start"), table_name="mock_analytics")

    op.drop_table("mock_analytics")
