"""Workforce headcounts (ESR extract) for response rates and representativeness.

Revision ID: 0009
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workforce_headcounts",
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("staff_group", sa.String(32), nullable=False),
        sa.Column("ethnic_category", sa.String(1), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "staff_group", "ethnic_category"),
    )


def downgrade() -> None:
    op.drop_table("workforce_headcounts")
