"""The outbox: one row per message to send, drained by the delivery worker.

A row moves pending -> sending -> sent | failed (or back to pending for a retry). Claiming
marks rows "sending" in the same transaction that selects them, so two workers never take
the same row; a worker that dies leaves rows in "sending", which `reset_in_flight` returns
to pending at the next start. Only those rows can be sent twice.

Claims and marks carry the claimant's leader epoch (`epoch=`): the transaction is fenced
(storage.leader_epoch.fence) and raises StaleEpoch, writing nothing, once a newer leader
has taken over. `epoch=None` is unfenced, for a worker run outside `serve`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, cast

from sqlalchemy import Insert, Table, func, select, update
from sqlalchemy.orm import Session

from storage.db import insert_or_ignore
from storage.leader_epoch import fence
from storage.models import OutboxMessage, Staff

Kind = Literal["invitation", "reminder"]
ERROR_LENGTH = 200


@dataclass(frozen=True, slots=True)
class NewMessage:
    idempotency_key: str
    platform: str
    workspace: str
    staff_id: str
    kind: Kind
    payload: dict[str, Any]  # round_id, period, closes_at, expires_at: never an answer
    round_id: str | None = None


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A claimed row, with the person's current delivery address from the roster."""

    id: int
    idempotency_key: str
    platform: str
    workspace: str
    kind: Kind
    payload: dict[str, Any]
    attempts: int
    address: dict[str, Any] | None


def utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _insert(session: Session) -> Insert:
    table = cast(Table, OutboxMessage.__table__)
    return insert_or_ignore(session.get_bind().dialect.name, table, "idempotency_key")


def enqueue(session: Session, messages: Iterable[NewMessage], *, now: datetime) -> int:
    """Add messages, ignoring any whose idempotency key exists; returns how many were new."""
    rows = [
        {
            "idempotency_key": m.idempotency_key,
            "platform": m.platform,
            "workspace": m.workspace,
            "staff_id": m.staff_id,
            "round_id": m.round_id,
            "kind": m.kind,
            "payload": m.payload,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for m in messages
    ]
    added = 0
    for start in range(0, len(rows), 1000):
        # RETURNING counts what was really inserted: rowcount of a batched INSERT is not
        # reliable on every driver.
        insert = _insert(session).returning(OutboxMessage.id)
        added += len(session.execute(insert, rows[start : start + 1000]).all())
    return added


def claim(
    session: Session,
    *,
    now: datetime,
    limit: int,
    platforms: Sequence[str],
    epoch: int | None = None,
) -> list[OutboxItem]:
    """Take up to `limit` due rows for these platforms, oldest due first, as "sending".

    PostgreSQL: FOR UPDATE SKIP LOCKED, so concurrent claimers take disjoint rows without
    waiting. SQLite: the transaction began IMMEDIATE and already holds the write lock.
    Raises StaleEpoch (nothing claimed) when `epoch` is no longer the leader's.
    """
    fence(session, epoch)
    query = (
        select(OutboxMessage, Staff.delivery)
        .join(Staff, Staff.id == OutboxMessage.staff_id)
        .where(
            OutboxMessage.status == "pending",
            OutboxMessage.next_attempt_at <= now,
            OutboxMessage.platform.in_(list(platforms)),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=OutboxMessage)
    )
    found = session.execute(query).all()
    ids = [row.id for row, _ in found]
    if ids:
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(status="sending")
        )
    return [
        OutboxItem(
            id=row.id,
            idempotency_key=row.idempotency_key,
            platform=row.platform,
            workspace=row.workspace,
            kind="reminder" if row.kind == "reminder" else "invitation",
            payload=dict(row.payload),
            attempts=row.attempts,
            address=delivery,
        )
        for row, delivery in found
    ]


def _set(session: Session, row_id: int, **values: Any) -> None:
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id, OutboxMessage.status == "sending")
        .values(**values)
    )


def mark_sent(
    session: Session, row_id: int, reference: dict[str, Any], *, epoch: int | None = None
) -> None:
    mark_sent_many(session, [(row_id, reference)], epoch=epoch)


def mark_sent_many(
    session: Session, marks: Sequence[tuple[int, dict[str, Any]]], *, epoch: int | None = None
) -> None:
    fence(session, epoch)
    for row_id, reference in marks:
        _set(
            session, row_id, status="sent", reference=reference, attempts=OutboxMessage.attempts + 1
        )


def mark_retry(
    session: Session,
    row_id: int,
    *,
    at: datetime,
    error: str,
    counts: bool = True,
    epoch: int | None = None,
) -> None:
    """Back to pending until `at`. A rate limit (`counts=False`) is not the message's
    fault, so it does not use up one of its attempts."""
    fence(session, epoch)
    _set(
        session,
        row_id,
        status="pending",
        next_attempt_at=at,
        last_error=error[:ERROR_LENGTH],
        attempts=OutboxMessage.attempts + (1 if counts else 0),
    )


def mark_failed(session: Session, row_id: int, error: str, *, epoch: int | None = None) -> None:
    fence(session, epoch)
    _set(
        session,
        row_id,
        status="failed",
        last_error=error[:ERROR_LENGTH],
        attempts=OutboxMessage.attempts + 1,
    )


def reset_in_flight(session: Session, *, epoch: int | None = None) -> int:
    """Rows a dead worker (or an older leader) left in "sending" become pending again
    (at-least-once)."""
    fence(session, epoch)
    result = session.execute(
        update(OutboxMessage).where(OutboxMessage.status == "sending").values(status="pending")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def cancel(
    session: Session, *, reason: str, round_id: str | None = None, staff_id: str | None = None
) -> int:
    """Pending rows of a round (closed) or a person (opted out) will never be sent."""
    query = update(OutboxMessage).where(OutboxMessage.status == "pending")
    if round_id is not None:
        query = query.where(OutboxMessage.round_id == round_id)
    if staff_id is not None:
        query = query.where(OutboxMessage.staff_id == staff_id)
    result = session.execute(query.values(status="failed", last_error=reason[:ERROR_LENGTH]))
    return int(result.rowcount)  # type: ignore[attr-defined]


def next_due(session: Session, platforms: Sequence[str]) -> datetime | None:
    query = select(func.min(OutboxMessage.next_attempt_at)).where(
        OutboxMessage.status == "pending", OutboxMessage.platform.in_(list(platforms))
    )
    found = session.execute(query).scalar_one_or_none()
    return None if found is None else utc(found)


def invitation_reference(session: Session, round_id: str, staff_id: str) -> dict[str, Any] | None:
    query = select(OutboxMessage.reference).where(
        OutboxMessage.round_id == round_id,
        OutboxMessage.staff_id == staff_id,
        OutboxMessage.kind == "invitation",
        OutboxMessage.status == "sent",
    )
    found = session.execute(query).scalar_one_or_none()
    return None if found is None else dict(found)
