"""Answers of open rounds sealed under a mixing key kept outside the database.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mixed_answers",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("round_id", sa.String(36), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_mixed_answers_round_id_rounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mixed_answers")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f("ix_mixed_answers_round_id"), "mixed_answers", ["round_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_mixed_answers_round_id"), table_name="mixed_answers")
    op.drop_table("mixed_answers")
