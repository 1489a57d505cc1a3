"""The schema. Identity (staff, participation) and answers (responses) share no column,
no key and no timestamp; see docs/privacy.md#the-model.

Tables whose physical order could betray the order of clicks (participation, the buffer,
responses) are SQLite WITHOUT ROWID tables: rows are stored in primary-key order, and the
key is random (an HMAC or a UUIDv4), so a file scan yields no insertion order.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
NO_ROWID: dict[str, Any] = {"sqlite_with_rowid": False}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class DataKey(Base):
    """A data key wrapped by the master key. Shredding sets `wrapped` to NULL for good."""

    __tablename__ = "data_keys"
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    wrapped: Mapped[bytes | None] = mapped_column(LargeBinary)
    master_key_id: Mapped[str] = mapped_column(String(64))
    created_month: Mapped[str] = mapped_column(String(7))  # "YYYY-MM": no finer time
    shredded: Mapped[bool] = mapped_column(Boolean, default=False)


class Round(Base):
    """A pulse round (or the closed round that holds one month of imported answers).
    Its times are schedule data, the same for everyone, never a person's."""

    __tablename__ = "rounds"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    period: Mapped[str] = mapped_column(String(7), index=True)
    recall: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(8))  # open | closing | emptying | closed
    source: Mapped[str] = mapped_column(String(8))  # pulse | import
    key_id: Mapped[str] = mapped_column(ForeignKey("data_keys.key_id"))
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The close under way (a random id): a closer whose id is no longer here stops.
    close_attempt: Mapped[str | None] = mapped_column(String(32))


class Staff(Base):
    """The delivery roster: who to message and where. No demographics in clear."""

    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("platform", "workspace", "lookup"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(128))
    lookup: Mapped[bytes] = mapped_column(LargeBinary)  # vault.staff_lookup(...)
    delivery: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    profile_key_id: Mapped[str | None] = mapped_column(ForeignKey("data_keys.key_id"))
    profile_ciphertext: Mapped[bytes | None] = mapped_column(LargeBinary)


class Participation(Base):
    """Who has answered which round, as an HMAC only. No time, no link to a response."""

    __tablename__ = "participation"
    __table_args__ = (Index(None, "round_id"), NO_ROWID)
    token: Mapped[bytes] = mapped_column(LargeBinary, primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"))
    pending: Mapped[bool] = mapped_column(Boolean)


class BufferedResponse(Base):
    """Answers waiting for a shuffled batch of at least k; deleted when flushed."""

    __tablename__ = "response_buffer"
    __table_args__ = (Index(None, "round_id"), NO_ROWID)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"))
    key_id: Mapped[str] = mapped_column(ForeignKey("data_keys.key_id"))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class MixedAnswer(Base):
    """An open round's answer (and any deferred profile change), sealed under the round's
    mixing key, which is not in the database. Moved into `responses` at close."""

    __tablename__ = "mixed_answers"
    __table_args__ = (Index(None, "round_id"), NO_ROWID)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class MixingKeyCheck(Base):
    """Which mixing key an open round's answers are sealed under, as a check value only
    (HMAC-SHA256 of a constant under the key, storage.mixing.check_value): the first
    replica to seal sets it, so no replica seals under a key of its own."""

    __tablename__ = "mixing_key_checks"
    round_id: Mapped[str] = mapped_column(
        ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True
    )
    check_value: Mapped[bytes] = mapped_column(LargeBinary)


class Response(Base):
    """One person's answers, sealed. No user id, no HMAC of one, no time.

    The primary key leads with round_id so that, on SQLite, a report reads each round as
    one contiguous range of the table; within a round rows still sit in random-id order.
    """

    __tablename__ = "responses"
    __table_args__ = (NO_ROWID,)
    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id"), primary_key=True)
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # UUIDv4, unique alone
    period: Mapped[str] = mapped_column(String(7))
    key_id: Mapped[str] = mapped_column(ForeignKey("data_keys.key_id"))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)


class Baseline(Base):
    """The trust's published annual NHS Staff Survey figures."""

    __tablename__ = "baselines"
    __table_args__ = (UniqueConstraint("survey_year", "staff_group", "ethnic_group", "indicator"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    survey_year: Mapped[int] = mapped_column(Integer)
    staff_group: Mapped[str] = mapped_column(String(32))
    ethnic_group: Mapped[str] = mapped_column(String(32))
    indicator: Mapped[str] = mapped_column(String(16))
    percent: Mapped[float] = mapped_column(Float)
    n: Mapped[int | None] = mapped_column(Integer)


class AuditRow(Base):
    """One hash-chained audit entry; `seq` has no gaps (appends are serialised)."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(256))
    action: Mapped[str] = mapped_column(String(64))
    details: Mapped[str] = mapped_column(Text)  # canonical JSON, as hashed
    prev_hash: Mapped[str] = mapped_column(String(128))
    entry_hash: Mapped[str] = mapped_column(String(128))


class ReleaseRecord(Base):
    """One release: every figure that left the system in one report, summary or export,
    as (scope, indicator, staff group, ethnic group), hash-chained like the audit log so
    an edited or shortened history is noticed. Figures only, never their values."""

    __tablename__ = "release_history"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    id: Mapped[str] = mapped_column(String(36), unique=True)
    at: Mapped[str] = mapped_column(String(40))
    actor_role: Mapped[str] = mapped_column(String(64))
    form: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(128))
    body: Mapped[str] = mapped_column(Text)  # canonical JSON: scopes, figures, suppressed
    prev_hash: Mapped[str] = mapped_column(String(128))
    entry_hash: Mapped[str] = mapped_column(String(128))


class OutboxMessage(Base):
    """One message to send (an invitation or a reminder). Never holds an answer.

    `staff_id` cascades: erasing a person (forget-me) leaves nothing deliverable behind.
    `round_id` repeats the payload's round so status and cancel need no JSON queries.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index(None, "status", "next_attempt_at"), Index(None, "round_id"))
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    platform: Mapped[str] = mapped_column(String(16))
    workspace: Mapped[str] = mapped_column(String(128))
    staff_id: Mapped[str] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    round_id: Mapped[str | None] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))  # invitation | reminder
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8))  # pending | sending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SeenRequest(Base):
    """A signed platform request already accepted, kept until its timestamp expires, so a
    replay inside the 5-minute window is refused on every replica."""

    __tablename__ = "seen_requests"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256(ts|signature)
    expires_at: Mapped[int] = mapped_column(Integer, index=True)  # epoch seconds


# The Big Conversation tables live in their own module; importing it here registers them
# on Base.metadata wherever the schema is used (migrations, vacuum_tables, alembic check).
from storage import leader_epoch as _leader_epoch  # noqa: E402, F401
from storage import prompt_models as _prompt_models  # noqa: E402, F401
from storage import report_links as _report_links  # noqa: E402, F401
from storage import workforce_models as _workforce_models  # noqa: E402, F401
