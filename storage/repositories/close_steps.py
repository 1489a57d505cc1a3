"""The small transactions a close is made of (storage.repositories.closing).

Each step commits on its own and holds the write lock for one batch only. The steps of
the moving phase name the close under way (`attempt`) and first check, under the round's
row lock, that it is still that close: one that was taken over stops and writes nothing
more. No step names a mixed row id and a response together.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql import ColumnElement

from storage.db import Database
from storage.errors import CloseSuperseded, UnknownRound
from storage.mixing_checks import forget_check
from storage.models import Base, BufferedResponse, MixedAnswer, Participation, Response, Round
from storage.padding import ProfileChange
from storage.repositories.keyring import Keyring
from storage.repositories.roster import apply_profile_change

OPEN, CLOSING, EMPTYING, CLOSED = "open", "closing", "emptying", "closed"
_RESPONSES = Base.metadata.tables["responses"]


@dataclass(frozen=True, slots=True)
class Started:
    """What the first transaction found, and the attempt it started (moving phase)."""

    status: str  # before this close started
    key_id: str
    period: str
    attempt: str | None


class CloseSteps:
    """One round's close, batch by batch; `timings` gets each transaction's duration."""

    def __init__(
        self, db: Database, round_id: str, batch_size: int, timings: list[float] | None
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.db, self.round_id, self.batch_size = db, round_id, batch_size
        self.timings = timings if timings is not None else []

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        started = time.perf_counter()
        with self.db.session() as session:
            yield session
        self.timings.append(time.perf_counter() - started)

    def start(self) -> Started:
        """Refuse new submissions (status `closing`) and take over any close left
        running or interrupted: a fresh attempt id fences out the one before."""
        with self.transaction() as session:
            # FOR UPDATE: submissions in flight (FOR SHARE) finish first, none start.
            found = session.execute(
                select(Round.status, Round.key_id, Round.period)
                .where(Round.id == self.round_id)
                .with_for_update()
            ).one_or_none()
            if found is None:
                raise UnknownRound(self.round_id)
            status, key_id, period = found
            attempt = None
            if status in (OPEN, CLOSING):
                attempt = secrets.token_hex(16)
                self._set(session, status=CLOSING, close_attempt=attempt)
        return Started(status, key_id, period, attempt)

    def _set(self, session: Session, **values: object) -> None:
        session.execute(update(Round).where(Round.id == self.round_id).values(**values))

    def _fence(self, session: Session, attempt: str) -> None:
        current = session.execute(
            select(Round.status, Round.close_attempt)
            .where(Round.id == self.round_id)
            .with_for_update()
        ).one()
        if tuple(current) != (CLOSING, attempt):
            raise CloseSuperseded(self.round_id)

    def reopen(self, attempt: str) -> None:
        """The mixing key failed: the round takes answers again, as it was."""
        with self.transaction() as session:
            self._fence(session, attempt)
            self._set(session, status=OPEN, close_attempt=None)

    def delete_leftovers(self, attempt: str) -> None:
        """Responses of a round not yet closed are an interrupted attempt's: nothing else
        writes them (imports create closed rounds). They go before anything is written."""
        while True:
            with self.transaction() as session:
                self._fence(session, attempt)
                ids = self._ids(session, Response.id, Response.round_id)
                if ids:
                    session.execute(
                        delete(Response).where(
                            Response.round_id == self.round_id, Response.id.in_(ids)
                        )
                    )
            if len(ids) < self.batch_size:
                return

    def insert_responses(self, attempt: str, rows: Sequence[dict[str, object]]) -> None:
        """One slice of the shuffled answers, already sealed (outside the lock)."""
        with self.transaction() as session:
            self._fence(session, attempt)
            session.execute(insert(_RESPONSES), list(rows))

    def apply_changes(
        self, attempt: str, keyring: Keyring, changes: Sequence[ProfileChange]
    ) -> None:
        with self.transaction() as session:
            self._fence(session, attempt)
            for change in changes:
                apply_profile_change(session, keyring, change)

    def finish_moving(self, attempt: str) -> None:
        with self.transaction() as session:
            self._fence(session, attempt)
            self._set(session, status=EMPTYING, close_attempt=None)

    def rewrite_participation(self) -> Iterator[int]:
        """pending=False in token order (HMACs: no order of person or arrival), a batch
        per transaction; yields after each. Idempotent: only pending rows are taken."""
        after = b""  # keyset: rewritten rows stay, so do not scan past them again
        while True:
            with self.transaction() as session:
                tokens = self._ids(
                    session,
                    Participation.token,
                    Participation.round_id,
                    Participation.pending.is_(True),
                    Participation.token > after,
                )
                if tokens:
                    session.execute(
                        update(Participation)
                        .where(Participation.token.in_(tokens))
                        .values(pending=False)
                    )
            yield len(tokens)
            if len(tokens) < self.batch_size:
                return
            after = tokens[-1]

    def delete_mixed(self) -> None:
        # A quarter batch: secure_delete zeroes each freed ~1 KB row, the slowest step.
        size = max(1, self.batch_size // 4)
        for model in (MixedAnswer, BufferedResponse):
            while True:
                with self.transaction() as session:
                    ids = self._ids(session, model.id, model.round_id, size=size)
                    if ids:
                        session.execute(delete(model).where(model.id.in_(ids)))
                if len(ids) < size:
                    break

    def mark_closed(self) -> None:
        with self.transaction() as session:
            forget_check(session.connection(), self.round_id)  # the key goes next
            session.execute(
                update(Round)
                .where(Round.id == self.round_id, Round.status == EMPTYING)
                .values(status=CLOSED, closed_at=datetime.now(UTC))
            )

    def responses_written(self) -> int:
        with self.db.reader() as conn:
            query = select(func.count()).where(Response.round_id == self.round_id)
            return int(conn.execute(query).scalar_one())

    def _ids(
        self,
        session: Session,
        key: InstrumentedAttribute[Any],
        round_column: InstrumentedAttribute[str],
        *flags: ColumnElement[bool],
        size: int | None = None,
    ) -> list[Any]:
        """The next batch of the round's rows, in key order (random ids or HMACs)."""
        query = select(key).where(round_column == self.round_id, *flags).order_by(key)
        return list(session.execute(query.limit(size or self.batch_size)).scalars())
