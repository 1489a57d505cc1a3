"""The submission path: one participation row and one mixed ciphertext, nothing else.

Timing is the threat (docs/privacy.md#timing): "who clicked Submit at 09:14:07" against "which
row, WAL record or row version was written at 09:14:07". A submission therefore writes
exactly two rows in one transaction: the participation token (stops double answers) and
the answers sealed under the round's mixing key, a key kept outside the database
(storage.mixing). Anyone reading the database, its WAL or a backup while the round is
open sees the pair, but can open the ciphertext only with the mixing key. At close
(storage.repositories.closing) every answer is re-sealed, shuffled, under the round's
data key and the mixing key is destroyed, so after close the pair links nothing.

Remembered background answers ride inside the same ciphertext and are applied to the
staff row at close: a staff row rewritten at 09:14:07 would name the submitter.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.db import Database
from storage.errors import AlreadySubmitted, RoundClosed, UnknownRound
from storage.mixing import MixingKeys, key_id_of
from storage.models import BufferedResponse, MixedAnswer, Participation, Round
from storage.padding import ProfileChange, seal_envelope
from storage.vault import Vault

MIXED_TABLE = "mixed_answers"


def record_submission(
    db: Database,
    vault: Vault,
    mixing: MixingKeys,
    *,
    round_id: str,
    token: bytes,
    payload: bytes,
    change: ProfileChange | None = None,
) -> None:
    """Record that `token` took part and keep its sealed answers, in one transaction
    committed before this returns (so an acknowledged answer survives a crash).

    Raises AlreadySubmitted (nothing written), RoundClosed or UnknownRound.
    """
    with db.session() as session:
        # FOR SHARE (PostgreSQL): a concurrent close waits for this submission and this
        # one waits for it, so no answer lands in a round after its close read them.
        status = session.execute(
            select(Round.status).where(Round.id == round_id).with_for_update(read=True)
        ).scalar_one_or_none()
        if status is None:
            raise UnknownRound(round_id)
        if status != "open":
            mixing.forget(round_id)  # closed elsewhere: keep no copy of its key in memory
            raise RoundClosed(round_id)
        try:
            session.execute(
                insert(Participation).values(token=token, round_id=round_id, pending=True)
            )
        except IntegrityError:
            # The primary key is the token: the database itself refuses a second answer,
            # however many arrive at once. The transaction is rolled back whole.
            raise AlreadySubmitted() from None
        row_id = str(uuid.uuid4())
        sealed = vault.seal(
            mixing.cipher_for_sealing(round_id),
            table=MIXED_TABLE,
            row_id=row_id,
            key_id=key_id_of(round_id),
            plaintext=seal_envelope(payload, change),
        )
        session.execute(insert(MixedAnswer).values(id=row_id, round_id=round_id, ciphertext=sealed))


def buffered_count(session: Session, round_id: str) -> int:
    """Answers of the round not yet moved into `responses` (legacy buffer included)."""
    total = 0
    for model in (MixedAnswer, BufferedResponse):
        query = select(func.count()).select_from(model).where(model.round_id == round_id)
        total += int(session.execute(query).scalar_one())
    return total


def has_participated(session: Session, token: bytes) -> bool:
    """Used to skip reminders; tells nothing about the answers."""
    query = select(Participation.round_id).where(Participation.token == token)
    return session.execute(query).first() is not None
