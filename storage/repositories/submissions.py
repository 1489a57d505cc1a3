"""The submission path: participation, the response buffer, and the shuffled flush.

Threat 5 of privacy.md is timing: "who clicked Submit at 09:14:07" must not meet "which
row was written at 09:14:07". So an answer is first sealed into `response_buffer` next to
its participation token; only when a round has at least k buffered answers (or closes)
does one flush transaction decrypt them all, shuffle them, and re-seal each under a new
random id into `responses`. Neither row order nor write time of a response then maps to a
click. On PostgreSQL every row version carries xmin, the id of the transaction that
wrote it: the flush also rewrites the batch's participation rows, so their live versions
share the flush's xid instead of each submission's, and VACUUM then drops the old
versions (and the deleted buffer rows). ctid order of responses follows the shuffle.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.db import Database
from storage.errors import AlreadySubmitted, RoundClosed, UnknownRound
from storage.models import Base, BufferedResponse, Participation, Round
from storage.repositories.keyring import Keyring

_shuffle = secrets.SystemRandom().shuffle


def record_submission(
    db: Database, keyring: Keyring, *, round_id: str, token: bytes, payload: bytes, k: int
) -> bool:
    """Record that `token` took part and buffer its sealed answers, in one transaction.

    Raises AlreadySubmitted (nothing written), RoundClosed or UnknownRound. When the
    buffer then holds at least k answers they are flushed, in a second transaction.
    Returns whether a flush happened.
    """
    with db.session() as session:
        # FOR SHARE (PostgreSQL): a concurrent close or flush waits for this submission,
        # and this one waits for them, so no answer lands in a closed round's buffer.
        found = session.execute(
            select(Round.status, Round.key_id)
            .where(Round.id == round_id)
            .with_for_update(read=True)
        ).one_or_none()
        if found is None:
            raise UnknownRound(round_id)
        status, key_id = found
        if status != "open":
            raise RoundClosed(round_id)
        try:
            session.execute(
                insert(Participation).values(token=token, round_id=round_id, pending=True)
            )
        except IntegrityError:
            # The primary key is the token: the database itself refuses a second answer,
            # however many arrive at once. The transaction is rolled back whole.
            raise AlreadySubmitted() from None
        buffer_id = str(uuid.uuid4())
        sealed = keyring.vault.seal(
            keyring.cipher(session, key_id),
            table="response_buffer",
            row_id=buffer_id,
            key_id=key_id,
            plaintext=payload,
        )
        session.execute(
            insert(BufferedResponse).values(
                id=buffer_id, round_id=round_id, key_id=key_id, ciphertext=sealed
            )
        )
    # Counted after the commit: concurrent submitters on PostgreSQL cannot see each
    # other's uncommitted rows, so a count inside the transaction could leave the buffer
    # at k with nobody flushing it. After commit, the last one in always sees them all.
    with db.session() as session:
        waiting = buffered_count(session, round_id)
    if waiting < k:
        return False
    return flush_buffer(db, keyring, round_id, k=k) > 0


def flush_buffer(
    db: Database,
    keyring: Keyring,
    round_id: str,
    *,
    k: int = 1,
    force: bool = False,
    close: bool = False,
) -> int:
    """Move a round's buffered answers into `responses` in shuffled order; returns how many.

    Without `force` nothing moves unless at least k are waiting (another flush may have
    taken them first). With `close` the round is closed in the same transaction, so no
    answer can arrive between the last flush and the close.
    """
    with db.session() as session:
        # FOR UPDATE on the round row: two flushes of one round take turns, and pending
        # submissions (which hold FOR SHARE) finish first, so the buffer and the pending
        # participation rows read below describe the same set of people.
        # SQLite: BEGIN IMMEDIATE already gives this transaction the only write lock.
        found = session.execute(
            select(Round.key_id, Round.period).where(Round.id == round_id).with_for_update()
        ).one_or_none()
        if found is None:
            raise UnknownRound(round_id)
        key_id, period = found
        if close:
            session.execute(
                update(Round)
                .where(Round.id == round_id)
                .values(status="closed", closed_at=datetime.now(UTC))
            )
        moved = _move_batch(session, keyring, round_id, key_id, period, k=1 if force else k)
    if moved:
        db.vacuum_tables("response_buffer", "participation")
    return moved


def _move_batch(
    session: Session, keyring: Keyring, round_id: str, key_id: str, period: str, *, k: int
) -> int:
    rows = session.execute(
        select(BufferedResponse.id, BufferedResponse.key_id, BufferedResponse.ciphertext).where(
            BufferedResponse.round_id == round_id
        )
    ).all()
    if not rows or len(rows) < k:
        return 0
    vault = keyring.vault
    payloads: list[bytes] = []
    for row_key in sorted({r.key_id for r in rows}):
        payloads += vault.open_many(
            keyring.cipher(session, row_key),
            table="response_buffer",
            key_id=row_key,
            rows=[(r.id, r.ciphertext) for r in rows if r.key_id == row_key],
        )
    _shuffle(payloads)
    cipher = keyring.cipher(session, key_id)
    batch = []
    for payload in payloads:
        new_id = str(uuid.uuid4())
        sealed = vault.seal(
            cipher, table="responses", row_id=new_id, key_id=key_id, plaintext=payload
        )
        batch.append(
            {
                "id": new_id,
                "round_id": round_id,
                "period": period,
                "key_id": key_id,
                "ciphertext": sealed,
            }
        )
    session.execute(insert(Base.metadata.tables["responses"]), batch)
    # The round row is locked, so no buffer row can have arrived since the read above.
    session.execute(delete(BufferedResponse).where(BufferedResponse.round_id == round_id))
    session.execute(
        update(Participation)
        .where(Participation.round_id == round_id, Participation.pending)
        .values(pending=False)
    )
    return len(rows)


def buffered_count(session: Session, round_id: str) -> int:
    query = select(func.count()).where(BufferedResponse.round_id == round_id)
    return int(session.execute(query).scalar_one())


def has_participated(session: Session, token: bytes) -> bool:
    """Used to skip reminders; tells nothing about the answers."""
    query = select(Participation.round_id).where(Participation.token == token)
    return session.execute(query).first() is not None
