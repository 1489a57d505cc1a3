"""The Big Conversation tables: prompts, where they were posted, and anonymous replies.

Registered on the same `Base` metadata as storage.models. A reply row holds no author
column, no keyed hash of one and no time finer than its month; its text is sealed under
the prompt's own data key. `handle_ciphertext` exists only when the author asked the
chair to be able to answer them (see storage/repositories/replies.py for what it holds).

`prompt_replies` is a SQLite WITHOUT ROWID table keyed by a random UUIDv4, so a file scan
yields rows in random order rather than the order they arrived in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import NO_ROWID, Base


class Prompt(Base):
    """A prompt a network chair composed. Its times are schedule data, nobody's click."""

    __tablename__ = "prompts"
    __table_args__ = (Index(None, "status", "next_post_at"), Index(None, "network"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    network: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(150))
    body: Mapped[str] = mapped_column(Text)
    questions: Mapped[list[str]] = mapped_column(JSON)
    image_url: Mapped[str | None] = mapped_column(String(2000))
    image_alt: Mapped[str | None] = mapped_column(String(500))
    # [{"platform", "workspace", "channel"}]: platform-neutral channel references.
    channels: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    schedule: Mapped[str] = mapped_column(String(8))  # now | at | monthly
    at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    monthly_day: Mapped[int | None] = mapped_column(Integer)
    monthly_time: Mapped[str | None] = mapped_column(String(5))  # "HH:MM", local time
    timezone: Mapped[str] = mapped_column(String(64))
    reply_mode: Mapped[str] = mapped_column(String(8))  # relay | private | open
    status: Mapped[str] = mapped_column(String(10))  # scheduled | paused | posted | deleted
    key_id: Mapped[str] = mapped_column(ForeignKey("data_keys.key_id"))
    created_by: Mapped[str] = mapped_column(String(256))  # the chair's actor string
    next_post_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class PromptPost(Base):
    """One posting of a prompt in one channel, for threading relayed replies.

    Keyed by the month of the occurrence, so recording the same post twice is harmless.
    """

    __tablename__ = "prompt_posts"
    prompt_id: Mapped[str] = mapped_column(ForeignKey("prompts.id"), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel: Mapped[str] = mapped_column(String(128), primary_key=True)
    posted_month: Mapped[str] = mapped_column(String(7), primary_key=True)  # "YYYY-MM"
    reference: Mapped[dict[str, Any]] = mapped_column(JSON)


class PromptReply(Base):
    """One anonymous reply, sealed. No author, no user id or HMAC of one, no time.

    Three ids, each seen by one side only: `id` by nobody outside the database;
    `queue_id` by the chair, drawn when the reply is released to the queue; the
    withdrawal code by the author, stored only as `withdraw_token_hash`.
    """

    __tablename__ = "prompt_replies"
    __table_args__ = (
        Index(None, "prompt_id"),
        Index(None, "queue_id", unique=True),
        Index(None, "withdraw_token_hash"),
        NO_ROWID,
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv4
    prompt_id: Mapped[str] = mapped_column(ForeignKey("prompts.id"))
    month: Mapped[str] = mapped_column(String(7))  # "YYYY-MM" only, never finer
    # held|pending|approved|declined|withdrawn|relayed; "held": not yet in the chair's queue
    status: Mapped[str] = mapped_column(String(10))
    key_id: Mapped[str] = mapped_column(ForeignKey("data_keys.key_id"))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    handle_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)
    # HMAC(pepper, withdrawal code): the code was given only to the author. Rows from
    # before 0007 hold HMAC(pepper, id, secret) and are withdrawn with "id:secret".
    withdraw_token_hash: Mapped[bytes] = mapped_column(LargeBinary)
    # The chair's short id for the reply; None while it is held back.
    queue_id: Mapped[str | None] = mapped_column(String(16))
    relay_reference: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class BotChannel(Base):
    """A channel the bot has been added to, where a chair may post a prompt. Teams tells
    the bot of its channels only through events, so they are kept across restarts."""

    __tablename__ = "bot_channels"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    channel: Mapped[str] = mapped_column(String(255), primary_key=True)
    workspace: Mapped[str] = mapped_column(String(255), nullable=False)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
