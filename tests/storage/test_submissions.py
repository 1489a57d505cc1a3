"""The submission path: one answer per person, kept under the mixing key until the close,
then moved, shuffled as a whole round, under the round's data key."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from storage.db import Database
from storage.errors import AlreadySubmitted, RoundAlreadyClosed, RoundClosed, UnknownRound
from storage.mixing import MixingKeys
from storage.models import MixedAnswer, Participation, Response
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.repositories.responses import load_payloads
from storage.repositories.rounds import RoundInfo, get_round
from storage.repositories.submissions import buffered_count, has_participated
from tests.storage.conftest import marked_payload, new_round, sender_of, submit


def _counts(db: Database) -> tuple[int, int, int]:
    with db.session() as session:
        return tuple(  # type: ignore[return-value]
            session.execute(select(func.count()).select_from(model)).scalar_one()
            for model in (Participation, MixedAnswer, Response)
        )


def _token(i: int) -> bytes:
    return i.to_bytes(32, "big")


def test_answers_stay_mixed_however_many_until_the_close(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    for i in range(30):
        submit(database, keyring, mixing, open_round.id, _token(i), marked_payload(i))
    assert _counts(database) == (30, 30, 0)  # no batch is flushed before the close
    assert close_round(database, keyring, mixing, open_round.id) == 30
    assert _counts(database) == (30, 0, 30)
    assert not mixing.exists(open_round.id)
    with database.session() as session:
        assert session.execute(select(func.count()).where(Participation.pending)).scalar_one() == 0
        closed = get_round(session, open_round.id)
        assert buffered_count(session, open_round.id) == 0
    assert closed.status == "closed" and closed.closed_at is not None
    payloads, months = load_payloads(database, keyring, [open_round.id])
    assert sorted(sender_of(p) for p in payloads) == list(range(30))
    assert months == [open_round.period] * 30


def test_a_second_answer_is_refused_and_writes_nothing(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    submit(database, keyring, mixing, open_round.id, _token(1), marked_payload(1))
    with pytest.raises(AlreadySubmitted):
        submit(database, keyring, mixing, open_round.id, _token(1), marked_payload(2))
    assert _counts(database) == (1, 1, 0)
    with database.session() as session:
        assert has_participated(session, _token(1))
        assert not has_participated(session, _token(2))


def test_closed_and_unknown_rounds_take_no_answers(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    with pytest.raises(UnknownRound):
        submit(database, keyring, mixing, "no-such-round", _token(1), marked_payload(1))
    close_round(database, keyring, mixing, open_round.id)
    with pytest.raises(RoundClosed):
        submit(database, keyring, mixing, open_round.id, _token(1), marked_payload(1))
    assert _counts(database) == (0, 0, 0)
    assert not mixing.exists(open_round.id)  # a refused answer creates no key either


def test_closing_twice_says_so_and_changes_nothing(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    submit(database, keyring, mixing, open_round.id, _token(1), marked_payload(1))
    assert close_round(database, keyring, mixing, open_round.id) == 1
    with pytest.raises(RoundAlreadyClosed, match="already closed"):
        close_round(database, keyring, mixing, open_round.id)
    assert _counts(database) == (1, 0, 1)


def test_fifty_simultaneous_submissions_of_one_person_store_exactly_one(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    def attempt(i: int) -> str:
        try:
            submit(database, keyring, mixing, open_round.id, _token(7), marked_payload(i))
        except AlreadySubmitted:
            return "refused"
        return "recorded"

    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(attempt, range(50)))
    assert outcomes.count("recorded") == 1
    assert outcomes.count("refused") == 49
    assert _counts(database) == (1, 1, 0)


def test_concurrent_people_are_each_stored_once(
    database: Database, keyring: Keyring, mixing: MixingKeys
) -> None:
    round_ = new_round(database, keyring)

    def attempt(i: int) -> None:
        submit(database, keyring, mixing, round_.id, _token(i), marked_payload(i))

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(attempt, range(60)))
    assert _counts(database) == (60, 60, 0)
    close_round(database, keyring, mixing, round_.id)
    payloads, _ = load_payloads(database, keyring, [round_.id])
    assert sorted(sender_of(p) for p in payloads) == list(range(60))
