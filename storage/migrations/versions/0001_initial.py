"""The initial schema: rounds and data keys, the roster, participation, the response
buffer, responses, baselines, the audit log and released reports.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows stored in (random) primary-key order on SQLite: no insertion order in the file.
NO_ROWID = {"sqlite_with_rowid": False}


def upgrade() -> None:
    op.create_table(
        "data_keys",
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=True),
        sa.Column("master_key_id", sa.String(64), nullable=False),
        sa.Column("created_month", sa.String(7), nullable=False),
        sa.Column("shredded", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_data_keys")),
    )
    op.create_table(
        "rounds",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("recall", sa.String(16), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("source", sa.String(8), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("opens_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closes_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["key_id"], ["data_keys.key_id"], name=op.f("fk_rounds_key_id_data_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
    )
    op.create_index(op.f("ix_rounds_period"), "rounds", ["period"])
    op.create_table(
        "staff",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("workspace", sa.String(128), nullable=False),
        sa.Column("lookup", sa.LargeBinary(), nullable=False),
        sa.Column("delivery", sa.JSON(), nullable=True),
        sa.Column("opted_out", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("profile_key_id", sa.String(64), nullable=True),
        sa.Column("profile_ciphertext", sa.LargeBinary(), nullable=True),
        sa.ForeignKeyConstraint(
            ["profile_key_id"],
            ["data_keys.key_id"],
            name=op.f("fk_staff_profile_key_id_data_keys"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff")),
        sa.UniqueConstraint(
            "platform", "workspace", "lookup", name=op.f("uq_staff_platform_workspace_lookup")
        ),
    )
    op.create_table(
        "participation",
        sa.Column("token", sa.LargeBinary(), nullable=False),
        sa.Column("round_id", sa.String(36), nullable=False),
        sa.Column("pending", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_participation_round_id_rounds")
        ),
        sa.PrimaryKeyConstraint("token", name=op.f("pk_participation")),
        **NO_ROWID,
    )
    op.create_index(op.f("ix_participation_round_id"), "participation", ["round_id"])
    op.create_table(
        "response_buffer",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("round_id", sa.String(36), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_id"], ["data_keys.key_id"], name=op.f("fk_response_buffer_key_id_data_keys")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_response_buffer_round_id_rounds")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_response_buffer")),
        **NO_ROWID,
    )
    op.create_index(op.f("ix_response_buffer_round_id"), "response_buffer", ["round_id"])
    # (round_id, id): each round is one contiguous range on SQLite, random order within.
    op.create_table(
        "responses",
        sa.Column("round_id", sa.String(36), nullable=False),
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("period", sa.String(7), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_id"], ["data_keys.key_id"], name=op.f("fk_responses_key_id_data_keys")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_responses_round_id_rounds")
        ),
        sa.PrimaryKeyConstraint("round_id", "id", name=op.f("pk_responses")),
        **NO_ROWID,
    )
    op.create_table(
        "baselines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("survey_year", sa.Integer(), nullable=False),
        sa.Column("staff_group", sa.String(32), nullable=False),
        sa.Column("ethnic_group", sa.String(32), nullable=False),
        sa.Column("indicator", sa.String(16), nullable=False),
        sa.Column("percent", sa.Float(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_baselines")),
        sa.UniqueConstraint(
            "survey_year",
            "staff_group",
            "ethnic_group",
            "indicator",
            name=op.f("uq_baselines_survey_year_staff_group_ethnic_group_indicator"),
        ),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(256), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("details", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(128), nullable=False),
        sa.Column("entry_hash", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "releases",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("period", sa.String(32), nullable=False),
        sa.Column("months", sa.JSON(), nullable=False),
        sa.Column("staff_group", sa.String(32), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
    )


def downgrade() -> None:
    for table in (
        "releases", "audit_log", "baselines", "responses", "response_buffer", "participation",
        "staff", "rounds", "data_keys",
    ):
        op.drop_table(table)
