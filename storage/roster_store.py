"""`store.roster`: the delivery roster behind the use cases, one transaction per call."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.db import Database
from storage.models import Staff
from storage.repositories import roster
from storage.repositories.keyring import Keyring
from storage.repositories.roster import MyData, StaffEntry

SYNC_BATCH = 100  # people per transaction: under ~50 ms on PostgreSQL even on a loaded machine
# After each batch the sync waits at least as long as the batch took (and SYNC_PAUSE):
# SQLite's busy handler polls a waiting writer at 1, 3, 8, 18, 33 ... ms, so with no gap
# between back-to-back batches a submission missed every chance and waited out the whole
# sync (~1 s for 10,000 staff). The gap is where it gets the lock; on PostgreSQL it
# leaves the submissions the CPU.
SYNC_PAUSE = 0.01


@dataclass(frozen=True, slots=True)
class SyncSummary:
    present: int
    added: int
    deactivated: int


class Roster:
    def __init__(self, db: Database, keyring: Keyring) -> None:
        self._db, self._keyring = db, keyring

    def upsert(
        self, *, platform: str, workspace: str, user_id: str, delivery: dict[str, Any] | None = None
    ) -> StaffEntry:
        with self._db.session() as session:
            return roster.upsert_staff(
                session,
                self._keyring.vault,
                platform=platform,
                workspace=workspace,
                user_id=user_id,
                delivery=delivery,
            )

    def find(self, *, platform: str, workspace: str, user_id: str) -> StaffEntry | None:
        with self._db.session() as session:
            return roster.find_staff(
                session,
                self._keyring.vault,
                platform=platform,
                workspace=workspace,
                user_id=user_id,
            )

    def audience(
        self, *, platform: str | None = None, workspace: str | None = None
    ) -> list[StaffEntry]:
        with self._db.session() as session:
            return roster.audience(session, platform=platform, workspace=workspace)

    def set_opted_out(self, staff_id: str, opted_out: bool) -> None:
        with self._db.session() as session:
            roster.set_opted_out(session, staff_id, opted_out)

    def set_active(self, staff_id: str, active: bool) -> None:
        with self._db.session() as session:
            roster.set_active(session, staff_id, active)

    def set_delivery(self, staff_id: str, delivery: dict[str, Any]) -> None:
        with self._db.session() as session:
            roster.set_delivery(session, staff_id, delivery)

    def remember_profile(self, staff_id: str, profile: bytes) -> None:
        with self._db.session() as session:
            roster.remember_profile(session, self._keyring, staff_id, profile)

    def profile_of(self, staff_id: str) -> bytes | None:
        with self._db.session() as session:
            return roster.profile_of(session, self._keyring, staff_id)

    def forget_profile(self, staff_id: str) -> None:
        roster.forget_profile(self._db, staff_id)

    def my_data(self, *, platform: str, workspace: str, user_id: str) -> MyData:
        with self._db.session() as session:
            return roster.my_data(
                session, self._keyring, platform=platform, workspace=workspace, user_id=user_id
            )

    def forget_me(self, *, platform: str, workspace: str, user_id: str) -> bool:
        """Erase the roster row and profile; the outbox rows go with it (ON DELETE CASCADE)."""
        return roster.forget_me(
            self._db, self._keyring.vault, platform=platform, workspace=workspace, user_id=user_id
        )

    def sync(
        self, *, platform: str, workspace: str, members: Mapping[str, dict[str, Any]]
    ) -> SyncSummary:
        """Make the workspace's roster match `members` (user id -> delivery address):
        everyone listed is added or reactivated, everyone else is marked inactive (kept,
        so a returning colleague keeps their opt-out).

        In batches of SYNC_BATCH people, each its own short transaction followed by a
        pause as long as it (SYNC_PAUSE at least), so that a sync of thousands never holds
        SQLite's only write lock (or PostgreSQL row locks) for long and waiting writers get
        their turn between batches: submissions wait at most about one batch. A sync
        stopped half-way leaves a roster that is partly new and complete again at the
        next sync (hourly and at start)."""
        vault = self._keyring.vault
        with self._db.reader() as reader:
            rows = reader.execute(
                select(Staff.id, Staff.lookup, Staff.active).where(
                    Staff.platform == platform, Staff.workspace == workspace
                )
            ).all()
        before = {row.id for row in rows if row.active}
        known = {bytes(row.lookup): row.id for row in rows}
        wanted = {
            vault.staff_lookup(platform, workspace, user_id): delivery
            for user_id, delivery in members.items()
        }
        lookups, present = list(wanted), set()
        for start in range(0, len(lookups), SYNC_BATCH):
            batch = {lookup: wanted[lookup] for lookup in lookups[start : start + SYNC_BATCH]}
            with self._batch() as session:
                present |= roster.sync_batch(
                    session, platform=platform, workspace=workspace, members=batch, known=known
                )
        gone = sorted(before - present)
        for start in range(0, len(gone), SYNC_BATCH):
            with self._batch() as session:
                session.execute(
                    update(Staff)
                    .where(Staff.id.in_(gone[start : start + SYNC_BATCH]), Staff.active)
                    .values(active=False)
                )
        return SyncSummary(present=len(present), added=len(present - before), deactivated=len(gone))

    @contextmanager
    def _batch(self) -> Iterator[Session]:
        """One batch's transaction, then the pause that lets waiting writers in."""
        started = time.perf_counter()
        with self._db.session() as session:
            yield session
        time.sleep(max(SYNC_PAUSE, time.perf_counter() - started))
