"""Replies held back before the chair's queue, and ids that the two sides never share.

`queue_id` is what the chair sees (drawn when a reply is released from "held" to
"pending"); the author's withdrawal code is looked up by its HMAC. Replies already in a
queue get a fresh queue id here; their old "id:secret" withdrawal codes keep working.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def _queue_id() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def upgrade() -> None:
    op.add_column("prompt_replies", sa.Column("queue_id", sa.String(16), nullable=True))
    replies = sa.table("prompt_replies", sa.column("id", sa.String), sa.column("queue_id"))
    connection = op.get_bind()
    for (reply_id,) in connection.execute(sa.select(replies.c.id)).all():
        connection.execute(
            replies.update().where(replies.c.id == reply_id).values(queue_id=_queue_id())
        )
    op.create_index(op.f("ix_prompt_replies_queue_id"), "prompt_replies", ["queue_id"], unique=True)
    op.create_index(
        op.f("ix_prompt_replies_withdraw_token_hash"), "prompt_replies", ["withdraw_token_hash"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_prompt_replies_withdraw_token_hash"), "prompt_replies")
    op.drop_index(op.f("ix_prompt_replies_queue_id"), "prompt_replies")
    op.drop_column("prompt_replies", "queue_id")
