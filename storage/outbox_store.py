"""`store.outbox`: the delivery outbox behind the use cases and the worker."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from storage.db import Database
from storage.leader_epoch import fence
from storage.repositories import outbox, round_status
from storage.repositories.outbox import NewMessage, OutboxItem
from storage.repositories.round_status import DeliveryStats


class Outbox:
    def __init__(self, db: Database) -> None:
        self._db = db

    def enqueue(self, messages: Iterable[NewMessage], *, now: datetime) -> int:
        """Add messages; a duplicate idempotency key is ignored. Returns how many were new."""
        with self._db.session() as session:
            return outbox.enqueue(session, messages, now=now)

    def claim(
        self, *, now: datetime, limit: int, platforms: Sequence[str], epoch: int | None = None
    ) -> list[OutboxItem]:
        """`epoch`: the claimant's leader epoch; StaleEpoch (nothing claimed) once a newer
        leader has taken over. Marks below are fenced the same way."""
        with self._db.session() as session:
            return outbox.claim(session, now=now, limit=limit, platforms=platforms, epoch=epoch)

    def confirm_epoch(self, epoch: int) -> None:
        """Raise StaleEpoch unless `epoch` still leads (the worker's check before sends)."""
        with self._db.session() as session:
            fence(session, epoch)

    def mark_sent(
        self, row_id: int, reference: dict[str, Any], *, epoch: int | None = None
    ) -> None:
        with self._db.session() as session:
            outbox.mark_sent(session, row_id, reference, epoch=epoch)

    def mark_sent_many(
        self, marks: Sequence[tuple[int, dict[str, Any]]], *, epoch: int | None = None
    ) -> None:
        """Several "sent" marks in one transaction (the delivery worker's group commit)."""
        with self._db.session() as session:
            outbox.mark_sent_many(session, marks, epoch=epoch)

    def mark_retry(
        self,
        row_id: int,
        *,
        at: datetime,
        error: str,
        counts: bool = True,
        epoch: int | None = None,
    ) -> None:
        with self._db.session() as session:
            outbox.mark_retry(session, row_id, at=at, error=error, counts=counts, epoch=epoch)

    def mark_failed(self, row_id: int, error: str, *, epoch: int | None = None) -> None:
        with self._db.session() as session:
            outbox.mark_failed(session, row_id, error, epoch=epoch)

    def reset_in_flight(self, *, epoch: int | None = None) -> int:
        with self._db.session() as session:
            return outbox.reset_in_flight(session, epoch=epoch)

    def cancel(
        self, *, reason: str, round_id: str | None = None, staff_id: str | None = None
    ) -> int:
        with self._db.session() as session:
            return outbox.cancel(session, reason=reason, round_id=round_id, staff_id=staff_id)

    def next_due(self, platforms: Sequence[str]) -> datetime | None:
        with self._db.session() as session:
            return outbox.next_due(session, platforms)

    def stats(self, round_id: str) -> DeliveryStats:
        with self._db.session() as session:
            return round_status.delivery_stats(session, round_id)

    def reference_for(self, round_id: str, staff_id: str) -> dict[str, Any] | None:
        """Where this person's invitation DM landed, so it can be updated to "recorded
        anonymously" when they answer from /pulse rather than from its Start button.

        Read-only on purpose: a submission never writes to the outbox or the staff row,
        since a write there would put the click's time next to the person (docs/privacy.md#timing).
        When the person answers via the invitation's own Start button, the
        adapter should update the message it already knows from the interaction payload's
        channel and ts (carried in the modal's private_metadata) and need not call this.
        """
        with self._db.session() as session:
            return outbox.invitation_reference(session, round_id, staff_id)
