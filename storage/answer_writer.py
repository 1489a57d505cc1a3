"""The submission write: participation tokens and mixed ciphertexts, many answers per
transaction (group commit: one fsync for all the answers that arrived together).

Timing is the threat (docs/privacy.md#timing): a submission writes exactly two rows, the
participation token (stops double answers) and the answers sealed under the round's
mixing key, a key kept outside the database (storage.mixing). At close
(storage.repositories.closing) every answer is re-sealed, shuffled, under the round's data
key and the mixing key is destroyed, so after close the pair links nothing. A batch makes
the link weaker still: its rows share one commit, the tokens go in sorted (they are
HMACs, so in no order of person or arrival) and the ciphertexts in a shuffled order.

Remembered background answers ride inside the same ciphertext and are applied to the
staff row at close: a staff row rewritten at 09:14:07 would name the submitter.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.bounded_write import WriteNotStarted as WriteNotStarted
from storage.bounded_write import bounded_transaction
from storage.db import Database
from storage.errors import AlreadySubmitted, RoundClosed, UnknownRound
from storage.faults import stall_point
from storage.mixing import MixingKeys, key_id_of
from storage.mixing_checks import confirm_for_sealing
from storage.models import Base
from storage.padding import ProfileChange, seal_envelope
from storage.vault import Vault

MIXED_TABLE = "mixed_answers"
_PARTICIPATION = Base.metadata.tables["participation"]
_MIXED = Base.metadata.tables[MIXED_TABLE]
_ROUNDS = Base.metadata.tables["rounds"]


class Written(StrEnum):
    RECORDED = "recorded"
    ALREADY_TOOK_PART = "already_took_part"
    ROUND_CLOSED = "round_closed"
    UNKNOWN_ROUND = "unknown_round"


@dataclass(frozen=True, slots=True)
class Entry:
    """One submission to write: the person appears only as the token (an HMAC)."""

    round_id: str
    token: bytes
    payload: bytes
    change: ProfileChange | None = None


Outcome = Written | Exception
# (statement_wait in seconds, may_commit), see AnswerWriter.write.
Bounds = tuple[float | None, Callable[[], bool] | None] | None


class AnswerWriter:
    """`write` commits before it returns, so an acknowledged answer survives a crash."""

    def __init__(self, db: Database, vault: Vault, mixing: MixingKeys) -> None:
        self._db, self._vault, self._mixing = db, vault, mixing
        self._random = secrets.SystemRandom()

    def write(
        self, entries: Sequence[Entry], *, lock_wait: float | None = None, bounds: Bounds = None
    ) -> list[Outcome]:
        """Write all in one transaction; should that fail, each alone, so one bad answer
        loses no other. `lock_wait` (seconds): give up with WriteNotStarted, nothing
        written, if the locks are not had by then. `bounds`: (statement_wait, may_commit)
        from the callers' deadlines: a statement running longer, or may_commit() saying
        no just before COMMIT, rolls it all back with WriteNotStarted."""
        refused = self._confirm_keys(entries, lock_wait)
        if refused:  # a round whose key here is not its one key: those are not written
            outcomes: list[Outcome | None] = [refused.get(e.round_id) for e in entries]
            kept = [n for n, outcome in enumerate(outcomes) if outcome is None]
            written = (
                self.write([entries[n] for n in kept], lock_wait=lock_wait, bounds=bounds)
                if kept
                else []
            )
            for n, outcome in zip(kept, written, strict=True):
                outcomes[n] = outcome
            return [o if o is not None else Written.RECORDED for o in outcomes]
        try:
            return self._write_together(entries, lock_wait, bounds)
        except WriteNotStarted:
            raise
        except Exception as exc:
            if len(entries) == 1:
                return [exc]
        return [self._write_alone(entry, lock_wait, bounds) for entry in entries]

    def _write_alone(self, entry: Entry, lock_wait: float | None, bounds: Bounds) -> Outcome:
        try:
            return self._write_together([entry], lock_wait, bounds)[0]
        except WriteNotStarted:
            raise
        except Exception as exc:
            return exc

    def _confirm_keys(
        self, entries: Sequence[Entry], lock_wait: float | None
    ) -> dict[str, Exception]:
        """Before sealing under a key for the first time in this process, check it is the
        round's one key (storage.mixing_checks); a short transaction of its own, once."""
        rounds = {e.round_id for e in entries if not self._mixing.is_confirmed(e.round_id)}
        if not rounds:
            return {}
        with bounded_transaction(self._db, lock_wait=lock_wait, statement_wait=None) as conn:
            return confirm_for_sealing(conn, self._mixing, rounds)

    def _write_together(
        self, entries: Sequence[Entry], lock_wait: float | None, bounds: Bounds
    ) -> list[Outcome]:
        statement_wait, may_commit = bounds or (None, None)
        with bounded_transaction(
            self._db, lock_wait=lock_wait, statement_wait=statement_wait
        ) as conn:
            # FOR SHARE (PostgreSQL): a concurrent close waits for these submissions and
            # they wait for it, so no answer lands in a round after its close read them.
            # SQLite: BEGIN IMMEDIATE already holds the one write lock.
            ids = sorted({e.round_id for e in entries})
            query = select(_ROUNDS.c.id, _ROUNDS.c.status).where(_ROUNDS.c.id.in_(ids))
            status = {r.id: r.status for r in conn.execute(query.with_for_update(read=True))}
            outcomes: list[Outcome | None] = [None] * len(entries)
            first: dict[bytes, int] = {}
            for n, entry in enumerate(entries):
                found = status.get(entry.round_id)
                if found is None:
                    outcomes[n] = Written.UNKNOWN_ROUND
                elif found != "open":
                    self._mixing.forget(entry.round_id)  # closed elsewhere: drop its key
                    outcomes[n] = Written.ROUND_CLOSED
                elif entry.token in first:
                    outcomes[n] = Written.ALREADY_TOOK_PART
                else:
                    first[entry.token] = n
            taken = self._take_part(conn, [entries[n] for n in first.values()])
            sealed = []
            for token, n in first.items():
                if token not in taken:
                    outcomes[n] = Written.ALREADY_TOOK_PART
                    continue
                outcomes[n] = Written.RECORDED
                sealed.append(self._sealed_row(entries[n]))
            if sealed:
                self._random.shuffle(sealed)
                conn.execute(insert(_MIXED), sealed)
            stall_point("answers_before_commit")
            if may_commit is not None and not may_commit():
                raise WriteNotStarted()  # a caller gave up: roll back, nothing stays
            stall_point("answers_commit")  # from here the commit is promised
        return [o if o is not None else Written.RECORDED for o in outcomes]

    def _take_part(self, conn: Connection, entries: list[Entry]) -> set[bytes]:
        """The tokens that were not there before: the database decides who was first,
        however many arrive at once (the token is the primary key)."""
        if not entries:
            return set()
        rows = [
            {"token": e.token, "round_id": e.round_id, "pending": True}
            for e in sorted(entries, key=lambda e: e.token)
        ]
        dialect = postgresql if self._db.is_postgres else sqlite
        statement = (
            dialect.insert(_PARTICIPATION)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["token"])
            .returning(_PARTICIPATION.c.token)
        )
        return {bytes(token) for token in conn.execute(statement).scalars()}

    def _sealed_row(self, entry: Entry) -> dict[str, object]:
        row_id = str(uuid.uuid4())
        ciphertext = self._vault.seal(
            self._mixing.cipher_for_sealing(entry.round_id),
            table=MIXED_TABLE,
            row_id=row_id,
            key_id=key_id_of(entry.round_id),
            plaintext=seal_envelope(entry.payload, entry.change),
        )
        return {"id": row_id, "round_id": entry.round_id, "ciphertext": ciphertext}


def raise_for(outcome: Outcome, round_id: str) -> None:
    """One writer's outcome as the errors storage callers know (nothing was written)."""
    if isinstance(outcome, Exception):
        raise outcome
    if outcome is Written.ALREADY_TOOK_PART:
        raise AlreadySubmitted()
    if outcome is Written.ROUND_CLOSED:
        raise RoundClosed(round_id)
    if outcome is Written.UNKNOWN_ROUND:
        raise UnknownRound(round_id)
