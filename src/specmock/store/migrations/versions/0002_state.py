"""Stateful mode's world in the store: entities and counters, shared by processes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 20:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mock_state_entities",
        sa.Column("namespace", sa.String(length=128), nullable=False),
        sa.Column("collection", sa.String(length=512), nullable=False),
        sa.Column("id_key", sa.String(length=512), nullable=False),
        sa.Column("position", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint(
            "namespace", "collection", "id_key", name=op.f("pk_mock_state_entities")
        ),
    )
    op.create_index(
        op.f("ix_mock_state_entities_namespace_collection_position"),
        "mock_state_entities",
        ["namespace", "collection", "position"],
        unique=False,
    )
    op.create_table(
        "mock_state_counters",
        sa.Column("namespace", sa.String(length=128), nullable=False),
        sa.Column("collection", sa.String(length=512), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint(
            "namespace", "collection", "kind", name=op.f("pk_mock_state_counters")
        ),
    )


def downgrade() -> None:
    op.drop_table("mock_state_counters")
    op.drop_index(
        op.f("ix_mock_state_entities_namespace_collection_position"),
        table_name="mock_state_entities",
    )
    op.drop_table("mock_state_entities")
