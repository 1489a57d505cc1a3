"""Big Conversation prompts, their posts, and anonymous replies.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows stored in (random) primary-key order on SQLite: no insertion order in the file.
NO_ROWID = {"sqlite_with_rowid": False}


def upgrade() -> None:
    op.create_table(
        "prompts",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("network", sa.String(64), nullable=False),
        sa.Column("title", sa.String(150), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("image_url", sa.String(2000), nullable=True),
        sa.Column("image_alt", sa.String(500), nullable=True),
        sa.Column("channels", sa.JSON(), nullable=False),
        sa.Column("schedule", sa.String(8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("monthly_day", sa.Integer(), nullable=True),
        sa.Column("monthly_time", sa.String(5), nullable=True),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("reply_mode", sa.String(8), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("created_by", sa.String(256), nullable=False),
        sa.Column("next_post_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["key_id"], ["data_keys.key_id"], name=op.f("fk_prompts_key_id_data_keys")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prompts")),
    )
    op.create_index(op.f("ix_prompts_status_next_post_at"), "prompts", ["status", "next_post_at"])
    op.create_index(op.f("ix_prompts_network"), "prompts", ["network"])
    op.create_table(
        "prompt_posts",
        sa.Column("prompt_id", sa.String(36), nullable=False),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("workspace", sa.String(128), nullable=False),
        sa.Column("channel", sa.String(128), nullable=False),
        sa.Column("posted_month", sa.String(7), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["prompt_id"], ["prompts.id"], name=op.f("fk_prompt_posts_prompt_id_prompts")
        ),
        sa.PrimaryKeyConstraint(
            "prompt_id", "platform", "workspace", "channel", "posted_month",
            name=op.f("pk_prompt_posts"),
        ),
    )
    # No author column and no time finer than the month; keyed by a random UUIDv4.
    op.create_table(
        "prompt_replies",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("prompt_id", sa.String(36), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("key_id", sa.String(64), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("handle_ciphertext", sa.LargeBinary(), nullable=True),
        sa.Column("withdraw_token_hash", sa.LargeBinary(), nullable=False),
        sa.Column("relay_reference", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["key_id"], ["data_keys.key_id"], name=op.f("fk_prompt_replies_key_id_data_keys")
        ),
        sa.ForeignKeyConstraint(
            ["prompt_id"], ["prompts.id"], name=op.f("fk_prompt_replies_prompt_id_prompts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prompt_replies")),
        **NO_ROWID,
    )
    op.create_index(op.f("ix_prompt_replies_prompt_id"), "prompt_replies", ["prompt_id"])


def downgrade() -> None:
    op.drop_table("prompt_replies")
    op.drop_table("prompt_posts")
    op.drop_table("prompts")
