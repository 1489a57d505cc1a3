"""The group-commit writer: many answers in one transaction, each told its own outcome;
one bad answer loses no other; a write that cannot get the lock in time writes nothing."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from storage.answer_writer import MIXED_TABLE, AnswerWriter, Entry, WriteNotStarted, Written
from storage.db import Database
from storage.mixing import MixingKeys, key_id_of
from storage.models import MixedAnswer, Participation
from storage.padding import open_envelope
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.repositories.rounds import RoundInfo
from tests.storage.conftest import marked_payload, new_round, sender_of


def _count(db: Database, model: type[Participation] | type[MixedAnswer]) -> int:
    with db.session() as session:
        return int(session.execute(select(func.count()).select_from(model)).scalar_one())


def _entry(round_id: str, i: int) -> Entry:
    return Entry(round_id, i.to_bytes(32, "big"), marked_payload(i))


def test_one_batch_tells_each_answer_its_own_outcome(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    writer = AnswerWriter(database, keyring.vault, mixing)
    closed = new_round(database, keyring, period="2026-01")
    close_round(database, keyring, mixing, closed.id)
    assert writer.write([_entry(open_round.id, 0)]) == [Written.RECORDED]
    batch = [
        _entry(open_round.id, 1),
        _entry(open_round.id, 0),  # took part in an earlier transaction
        _entry(open_round.id, 2),
        _entry(open_round.id, 2),  # twice in this very batch
        _entry(closed.id, 3),
        _entry("no-such-round", 4),
    ]
    assert writer.write(batch) == [
        Written.RECORDED,
        Written.ALREADY_TOOK_PART,
        Written.RECORDED,
        Written.ALREADY_TOOK_PART,
        Written.ROUND_CLOSED,
        Written.UNKNOWN_ROUND,
    ]
    assert _count(database, Participation) == 3 and _count(database, MixedAnswer) == 3


def test_a_failing_answer_loses_none_of_the_others(
    database: Database, keyring: Keyring, tmp_path: Path, open_round: RoundInfo
) -> None:
    # A round whose mixing key file is damaged: its answer fails, the batch's others land.
    mixing = MixingKeys(tmp_path / "keys")
    broken = new_round(database, keyring, period="2026-02")
    mixing.directory.mkdir(mode=0o700)
    mixing.path(broken.id).write_bytes(b"short")
    writer = AnswerWriter(database, keyring.vault, mixing)
    outcomes = writer.write(
        [_entry(open_round.id, 1), _entry(broken.id, 2), _entry(open_round.id, 3)]
    )
    assert outcomes[0] is Written.RECORDED and outcomes[2] is Written.RECORDED
    assert isinstance(outcomes[1], Exception)
    assert _count(database, Participation) == 2 and _count(database, MixedAnswer) == 2


def test_a_held_sqlite_write_lock_means_nothing_written_within_the_bound(
    tmp_path: Path, keyring: Keyring, mixing: MixingKeys
) -> None:
    path = tmp_path / "locked.db"
    database = Database.connect(f"sqlite:///{path}")
    database.migrate()
    round_ = new_round(database, keyring)
    writer = AnswerWriter(database, keyring.vault, mixing)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    try:
        with pytest.raises(WriteNotStarted):
            writer.write([_entry(round_.id, 1)], lock_wait=0.3)
        waited = time.monotonic() - started
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    print(f"gave up after {waited * 1000:.0f} ms (bound 300 ms)")
    assert 0.25 < waited < 2.0
    assert _count(database, Participation) == 0
    # The connection's usual patience is back: the next write waits and lands.
    assert writer.write([_entry(round_.id, 1)]) == [Written.RECORDED]
    database.close()


def test_a_held_round_row_lock_on_postgres_means_nothing_written(
    postgres_database: Database, keyring: Keyring, mixing: MixingKeys
) -> None:
    database = postgres_database
    round_ = new_round(database, keyring)
    writer = AnswerWriter(database, keyring.vault, mixing)
    with database.engine.connect() as holder, holder.begin():
        # What a close holds while it reads the round's answers.
        holder.execute(text("SELECT id FROM rounds WHERE id = :id FOR UPDATE"), {"id": round_.id})
        started = time.monotonic()
        with pytest.raises(WriteNotStarted):
            writer.write([_entry(round_.id, 1)], lock_wait=0.3)
        waited = time.monotonic() - started
    print(f"gave up after {waited * 1000:.0f} ms (bound 300 ms)")
    assert 0.25 < waited < 2.0
    assert _count(database, Participation) == 0
    assert writer.write([_entry(round_.id, 1)]) == [Written.RECORDED]


def test_a_batch_does_not_store_answers_in_arrival_order(
    postgres_database: Database, keyring: Keyring, mixing: MixingKeys
) -> None:
    # PostgreSQL keeps rows in the order they were inserted (ctid): a batch written in
    # arrival order would pair the k-th token with the k-th answer.
    database = postgres_database
    round_ = new_round(database, keyring)
    writer = AnswerWriter(database, keyring.vault, mixing)
    arrivals = list(range(40))
    assert writer.write([_entry(round_.id, i) for i in arrivals]) == [Written.RECORDED] * 40
    with database.session() as session:
        rows = session.execute(text("SELECT id, ciphertext FROM mixed_answers ORDER BY ctid"))
        opened = keyring.vault.open_many(
            mixing.cipher(round_.id),
            table=MIXED_TABLE,
            key_id=key_id_of(round_.id),
            rows=[(r.id, r.ciphertext) for r in rows],
        )
        tokens = session.execute(text("SELECT token FROM participation ORDER BY ctid"))
        token_order = [int.from_bytes(t, "big") for (t,) in tokens]
    stored = [sender_of(open_envelope(p)[0]) for p in opened]
    assert sorted(stored) == arrivals and stored != arrivals
    assert token_order == sorted(token_order)  # by token value: no order of person
