"""Recordings keep their (redacted) request, so playback can match on it.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 20:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# JSON on SQLite, JSONB on PostgreSQL (copied from 0001: migrations never import models).
JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("mock_responses") as batch:
        batch.add_column(sa.Column("request", JSON, nullable=True))
        batch.add_column(sa.Column("request_body", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("duration_ms", sa.Float(), nullable=True))
        batch.create_index(
            batch.f("ix_mock_responses_spec_key_created_at"), ["spec_key", "created_at"]
        )


def downgrade() -> None:
    with op.batch_alter_table("mock_responses") as batch:
        batch.drop_index(batch.f("ix_mock_responses_spec_key_created_at"))
        batch.drop_column("duration_ms")
        batch.drop_column("request_body")
        batch.drop_column("request")
