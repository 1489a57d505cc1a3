"""Closing a round: one transaction moves every answer out of the mixing key's reach.

The transaction reads the round's mixed answers, opens them with the mixing key, and
writes them into `responses` in a fresh random order, each under a new random id and
sealed under the round's data key. In the same transaction it rewrites every
participation row of the round, applies the deferred profile changes, deletes the mixed
rows and marks the round closed. On PostgreSQL every response of the round and every
participation row then carries this one transaction's xmin. Only after the commit is the
mixing key destroyed, and VACUUM drops the old row versions (docs/privacy.md).

A crash before the commit leaves the round open with all its mixed answers: closing
again starts over. A crash after it leaves the round closed with a mixing key still on
disk: closing again destroys it.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from storage.answer_writer import MIXED_TABLE
from storage.db import Database
from storage.errors import RoundAlreadyClosed, UnknownRound
from storage.faults import crash_point
from storage.mixing import MixingKeys, MixingKeyWrong, key_id_of
from storage.mixing_checks import check_before_opening, forget_check
from storage.models import Base, BufferedResponse, MixedAnswer, Participation, Round
from storage.padding import ProfileChange, open_envelope
from storage.repositories.keyring import Keyring
from storage.repositories.roster import apply_profile_change
from storage.vault import DecryptionError

_random = secrets.SystemRandom()


def close_round(db: Database, keyring: Keyring, mixing: MixingKeys, round_id: str) -> int:
    """Close the round; returns how many answers moved into `responses`.

    RoundAlreadyClosed if it was closed before (any mixing key left behind by a crash
    is destroyed first); MixingKeyMissing or MixingKeyWrong leave it open, unchanged.
    """
    answers: list[bytes] = []
    with db.session() as session:
        # FOR UPDATE: submissions in flight (FOR SHARE) finish first, and none start.
        found = session.execute(
            select(Round.status, Round.key_id, Round.period)
            .where(Round.id == round_id)
            .with_for_update()
        ).one_or_none()
        if found is None:
            raise UnknownRound(round_id)
        status, key_id, period = found
        if status == "open":
            answers, changes = _read_round(session, keyring, mixing, round_id)
            forget_check(session.connection(), round_id)
            _write_closed(session, keyring, round_id, key_id, period, answers, changes)
            crash_point("close-before-commit")
    crash_point("close-after-commit")
    mixing.destroy(round_id)
    db.vacuum_tables("mixed_answers", "response_buffer", "participation", "staff")
    if status != "open":
        raise RoundAlreadyClosed(round_id)
    return len(answers)


def _read_round(
    session: Session, keyring: Keyring, mixing: MixingKeys, round_id: str
) -> tuple[list[bytes], list[ProfileChange]]:
    rows = session.execute(
        select(MixedAnswer.id, MixedAnswer.ciphertext).where(MixedAnswer.round_id == round_id)
    ).all()
    answers: list[bytes] = []
    changes: list[ProfileChange] = []
    if rows:
        cipher = mixing.cipher(round_id)
        check_before_opening(session.connection(), mixing, round_id)
        try:
            opened = keyring.vault.open_many(
                cipher,
                table=MIXED_TABLE,
                key_id=key_id_of(round_id),
                rows=[(r.id, r.ciphertext) for r in rows],
            )
        except DecryptionError:
            raise MixingKeyWrong(round_id, mixing.path(round_id)) from None
        for plaintext in opened:
            payload, change = open_envelope(plaintext)
            answers.append(payload)
            if change is not None:
                changes.append(change)
    answers += _read_legacy_buffer(session, keyring, round_id)
    return answers, changes


def _read_legacy_buffer(session: Session, keyring: Keyring, round_id: str) -> list[bytes]:
    """Answers buffered under the round's data key by releases before the mixing key."""
    rows = session.execute(
        select(BufferedResponse.id, BufferedResponse.key_id, BufferedResponse.ciphertext).where(
            BufferedResponse.round_id == round_id
        )
    ).all()
    payloads: list[bytes] = []
    for row_key in sorted({r.key_id for r in rows}):
        payloads += keyring.vault.open_many(
            keyring.cipher(session, row_key),
            table="response_buffer",
            key_id=row_key,
            rows=[(r.id, r.ciphertext) for r in rows if r.key_id == row_key],
        )
    return payloads


def _write_closed(
    session: Session,
    keyring: Keyring,
    round_id: str,
    key_id: str,
    period: str,
    answers: list[bytes],
    changes: list[ProfileChange],
) -> None:
    _random.shuffle(answers)
    _random.shuffle(changes)
    cipher = keyring.cipher(session, key_id)
    batch = []
    for payload in answers:
        new_id = str(uuid.uuid4())
        sealed = keyring.vault.seal(
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
    if batch:
        session.execute(insert(Base.metadata.tables["responses"]), batch)
    crash_point("close-mid-rewrite")
    for change in changes:
        apply_profile_change(session, keyring, change)
    session.execute(delete(MixedAnswer).where(MixedAnswer.round_id == round_id))
    session.execute(delete(BufferedResponse).where(BufferedResponse.round_id == round_id))
    # Every participation row of the round gets a new version in this transaction.
    session.execute(
        update(Participation).where(Participation.round_id == round_id).values(pending=False)
    )
    session.execute(
        update(Round)
        .where(Round.id == round_id)
        .values(status="closed", closed_at=datetime.now(UTC))
    )
