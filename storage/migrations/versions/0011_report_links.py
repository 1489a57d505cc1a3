"""Report download links in the database (sealed), so any replica serves them.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "report_links",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.Integer(), nullable=False),
        sa.Column("sealed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_links")),
    )
    op.create_index(
        op.f("ix_report_links_expires_at"), "report_links", ["expires_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_report_links_expires_at"), table_name="report_links")
    op.drop_table("report_links")
