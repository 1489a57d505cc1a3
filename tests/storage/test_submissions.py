"""The submission path: one answer per person, buffered, flushed in shuffled batches."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from storage.db import Database
from storage.errors import AlreadySubmitted, RoundClosed, UnknownRound
from storage.models import BufferedResponse, Participation, Response
from storage.repositories.keyring import Keyring
from storage.repositories.responses import load_payloads
from storage.repositories.rounds import RoundInfo, close_round, get_round
from storage.repositories.submissions import (
    buffered_count,
    flush_buffer,
    has_participated,
    record_submission,
)
from tests.storage.conftest import marked_payload, new_round, sender_of


def _counts(db: Database) -> tuple[int, int, int]:
    with db.session() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Participation, BufferedResponse, Response)
        )


def _token(i: int) -> bytes:
    return i.to_bytes(32, "big")


def test_answers_wait_in_the_buffer_until_k_are_there(
    database: Database, keyring: Keyring, open_round: RoundInfo
) -> None:
    for i in range(4):
        flushed = record_submission(
            database,
            keyring,
            round_id=open_round.id,
            token=_token(i),
            payload=marked_payload(i),
            k=5,
        )
        assert not flushed
    assert _counts(database) == (4, 4, 0)
    assert record_submission(
        database, keyring, round_id=open_round.id, token=_token(4), payload=marked_payload(4), k=5
    )
    assert _counts(database) == (5, 0, 5)
    with database.session() as session:
        assert session.execute(select(func.count()).where(Participation.pending)).scalar_one() == 0
    payloads, months = load_payloads(database, keyring, [open_round.id])
    assert sorted(sender_of(p) for p in payloads) == list(range(5))
    assert months == [open_round.period] * 5


def test_a_second_answer_is_refused_and_writes_nothing(
    database: Database, keyring: Keyring, open_round: RoundInfo
) -> None:
    record_submission(
        database, keyring, round_id=open_round.id, token=_token(1), payload=marked_payload(1), k=11
    )
    with pytest.raises(AlreadySubmitted):
        record_submission(
            database,
            keyring,
            round_id=open_round.id,
            token=_token(1),
            payload=marked_payload(2),
            k=11,
        )
    assert _counts(database) == (1, 1, 0)
    with database.session() as session:
        assert has_participated(session, _token(1))
        assert not has_participated(session, _token(2))


def test_closed_and_unknown_rounds_take_no_answers(
    database: Database, keyring: Keyring, open_round: RoundInfo
) -> None:
    with pytest.raises(UnknownRound):
        record_submission(
            database, keyring, round_id="nope", token=_token(1), payload=marked_payload(1), k=11
        )
    close_round(database, keyring, open_round.id)
    with pytest.raises(RoundClosed):
        record_submission(
            database,
            keyring,
            round_id=open_round.id,
            token=_token(1),
            payload=marked_payload(1),
            k=11,
        )
    assert _counts(database) == (0, 0, 0)


def test_closing_flushes_however_few_are_waiting(
    database: Database, keyring: Keyring, open_round: RoundInfo
) -> None:
    for i in range(3):
        record_submission(
            database,
            keyring,
            round_id=open_round.id,
            token=_token(i),
            payload=marked_payload(i),
            k=11,
        )
    assert flush_buffer(database, keyring, open_round.id, k=11) == 0  # below k: stays
    assert close_round(database, keyring, open_round.id) == 3
    assert _counts(database) == (3, 0, 3)
    with database.session() as session:
        closed = get_round(session, open_round.id)
        assert buffered_count(session, open_round.id) == 0
    assert closed.status == "closed" and closed.closed_at is not None


def test_fifty_simultaneous_submissions_of_one_person_store_exactly_one(
    database: Database, keyring: Keyring, open_round: RoundInfo
) -> None:
    def submit(i: int) -> str:
        try:
            record_submission(
                database,
                keyring,
                round_id=open_round.id,
                token=_token(7),
                payload=marked_payload(i),
                k=11,
            )
        except AlreadySubmitted:
            return "refused"
        return "recorded"

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(submit, range(50)))
    assert outcomes.count("recorded") == 1
    assert outcomes.count("refused") == 49
    assert _counts(database) == (1, 1, 0)


def test_concurrent_people_are_each_stored_once_and_flushed_in_batches(
    database: Database, keyring: Keyring
) -> None:
    round_ = new_round(database, keyring)

    def submit(i: int) -> None:
        record_submission(
            database, keyring, round_id=round_.id, token=_token(i), payload=marked_payload(i), k=5
        )

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(submit, range(60)))
    participation, buffered, stored = _counts(database)
    assert participation == 60 and buffered + stored == 60 and buffered < 5
    close_round(database, keyring, round_.id)
    payloads, _ = load_payloads(database, keyring, [round_.id])
    assert sorted(sender_of(p) for p in payloads) == list(range(60))
