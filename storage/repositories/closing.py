"""Closing a round in small transactions that link no person to an answer.

A submission wrote (participation token, mixed row id + ciphertext) in one transaction,
and an insider who can compute a named person's token knows that person's mixed row. So
nothing at close may tie a mixed row (or a token, or a staff row) to fewer responses than
the whole round (docs/privacy.md, "At close"):

1. `closing`: one small transaction refuses new submissions and names this attempt.
   Responses an interrupted attempt left are deleted first, in batches.
2. Every mixed answer (and legacy buffer row) is read in one read, with no write lock,
   opened in memory, and the whole list is shuffled with a CSPRNG. `responses` are
   written in consecutive slices of that list: each batch is a uniformly random subset
   of the round, and no statement that writes one names a mixed row.
3. Deferred profile changes, in their own shuffle and their own transactions.
4. `emptying`: participation rows are rewritten, then mixed and buffer rows deleted, a
   batch per transaction, all idempotent; then `closed`. Only then is the mixing key
   destroyed and the old row versions vacuumed.

A crash resumes by closing again: from `closing` the responses are written anew from the
mixed rows (never from a mapping of mixed rows to responses: that would be the link),
from `emptying` the idempotent steps run again, from `closed` the mixing key is destroyed.
"""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select

from storage.answer_writer import MIXED_TABLE
from storage.db import Database
from storage.errors import RoundAlreadyClosed
from storage.faults import crash_point
from storage.mixing import MixingKeyMissing, MixingKeys, MixingKeyWrong, key_id_of
from storage.mixing_checks import check_before_opening
from storage.models import BufferedResponse, MixedAnswer
from storage.padding import ProfileChange, open_envelope
from storage.repositories.close_steps import CLOSED, EMPTYING, CloseSteps, Started
from storage.repositories.keyring import Keyring
from storage.vault import DecryptionError

DEFAULT_BATCH = 500  # ~10 ms of write lock per batch on SQLite (docs/scale-out.md)

_random = secrets.SystemRandom()


def close_round(
    db: Database,
    keyring: Keyring,
    mixing: MixingKeys,
    round_id: str,
    *,
    batch_size: int = DEFAULT_BATCH,
    timings: list[float] | None = None,
) -> int:
    """Close the round (or finish a close left part-way); returns how many answers it
    holds in `responses`. `timings` receives each write transaction's duration.

    RoundAlreadyClosed if it was closed before (any mixing key left behind by a crash is
    destroyed first); MixingKeyMissing or MixingKeyWrong leave it open, unchanged;
    CloseSuperseded when another close took over this one.
    """
    steps = CloseSteps(db, round_id, batch_size, timings)
    started = steps.start()
    if started.status == CLOSED:
        _destroy_key(db, mixing, round_id)
        raise RoundAlreadyClosed(round_id)
    if started.status == EMPTYING:
        moved = steps.responses_written()
    else:
        moved = _move(steps, keyring, mixing, started)
    for _ in steps.rewrite_participation():
        crash_point("close-mid-emptying")
    steps.delete_mixed()
    steps.mark_closed()
    crash_point("close-after-commit")
    _destroy_key(db, mixing, round_id)
    return moved


def _destroy_key(db: Database, mixing: MixingKeys, round_id: str) -> None:
    mixing.destroy(round_id)
    db.vacuum_tables("mixed_answers", "response_buffer", "participation", "staff")


def _move(steps: CloseSteps, keyring: Keyring, mixing: MixingKeys, started: Started) -> int:
    attempt = started.attempt
    assert attempt is not None  # started in the moving phase
    steps.delete_leftovers(attempt)
    try:
        answers, changes = _read_round(steps.db, keyring, mixing, steps.round_id)
    except (MixingKeyMissing, MixingKeyWrong):
        steps.reopen(attempt)
        raise
    # The whole round in one uniformly random order: every slice of it is a random
    # subset, whoever answered first or last.
    _random.shuffle(answers)
    _random.shuffle(changes)
    with steps.db.reader() as conn:
        cipher = keyring.cipher(conn, started.key_id)
    size = steps.batch_size
    for start in range(0, len(answers), size):
        rows: list[dict[str, object]] = []
        for payload in answers[start : start + size]:
            new_id = str(uuid.uuid4())
            sealed = keyring.vault.seal(
                cipher, table="responses", row_id=new_id, key_id=started.key_id, plaintext=payload
            )
            rows.append(
                {
                    "id": new_id,
                    "round_id": steps.round_id,
                    "period": started.period,
                    "key_id": started.key_id,
                    "ciphertext": sealed,
                }
            )
        steps.insert_responses(attempt, rows)
        crash_point("close-mid-responses")
    for start in range(0, len(changes), size):
        steps.apply_changes(attempt, keyring, changes[start : start + size])
    steps.finish_moving(attempt)
    crash_point("close-after-moving")
    return len(answers)


def _read_round(
    db: Database, keyring: Keyring, mixing: MixingKeys, round_id: str
) -> tuple[list[bytes], list[ProfileChange]]:
    """Every answer of the round, opened; one read, no write lock."""
    with db.reader() as conn:
        rows = conn.execute(
            select(MixedAnswer.id, MixedAnswer.ciphertext).where(MixedAnswer.round_id == round_id)
        ).all()
        legacy = conn.execute(
            select(BufferedResponse.id, BufferedResponse.key_id, BufferedResponse.ciphertext).where(
                BufferedResponse.round_id == round_id
            )
        ).all()
        answers: list[bytes] = []
        changes: list[ProfileChange] = []
        if rows:
            cipher = mixing.cipher(round_id)
            check_before_opening(conn, mixing, round_id)  # before anything is opened
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
        # Answers buffered under the round's data key by releases before the mixing key.
        for row_key in sorted({r.key_id for r in legacy}):
            answers += keyring.vault.open_many(
                keyring.cipher(conn, row_key),
                table="response_buffer",
                key_id=row_key,
                rows=[(r.id, r.ciphertext) for r in legacy if r.key_id == row_key],
            )
    return answers, changes
