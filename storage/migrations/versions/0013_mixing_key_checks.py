"""A check value per open round's mixing key, so replicas with unshared mixing key
directories cannot seal one round's answers under two keys (issue 12).

Rounds opened before this migration have no row: the first key seen is recorded.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mixing_key_checks",
        sa.Column("round_id", sa.String(length=36), nullable=False),
        sa.Column("check_value", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_mixing_key_checks_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", name=op.f("pk_mixing_key_checks")),
    )


def downgrade() -> None:
    op.drop_table("mixing_key_checks")
