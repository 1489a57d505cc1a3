"""A close in batches, between its batches: two closers at once, submissions that arrive
while it runs, a mixing key lost after a crash, and who else may write `responses`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.answer_writer import AnswerWriter, Entry, Written
from storage.db import Database
from storage.errors import CloseSuperseded, RoundAlreadyClosed, RoundStillOpen, StorageError
from storage.keys import Secrets, generate_key
from storage.mixing import MixingKeyMissing, MixingKeys
from storage.models import MixedAnswer, Participation, Response, Round
from storage.recovery import recovered
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.repositories.responses import insert_imported, load_payloads
from storage.repositories.retention import expired_rounds
from storage.repositories.rounds import RoundInfo, get_round
from storage.vault import Vault
from tests.storage.conftest import marked_payload, sender_of, submit

PEOPLE = 30
BATCH = 4
REPOSITORY = Path(__file__).resolve().parents[2]


class AfterTransaction(list[float]):
    """A `timings` list that runs `then` once, after the close's `n`-th transaction
    committed: a way to act between two of its batches."""

    def __init__(self, n: int, then: Callable[[], None]) -> None:
        super().__init__()
        self.n, self.then = n, then

    def append(self, value: float) -> None:
        super().append(value)
        if len(self) == self.n:
            self.then()


def _answer_all(db: Database, keyring: Keyring, mixing: MixingKeys, round_id: str) -> None:
    for i in range(PEOPLE):
        submit(db, keyring, mixing, round_id, i.to_bytes(32, "big"), marked_payload(i))


def _count(db: Database, model: type[object], round_id: str) -> int:
    with db.session() as session:
        query = select(func.count()).select_from(model).where(model.round_id == round_id)  # type: ignore[attr-defined]
        return int(session.execute(query).scalar_one())


def _senders(db: Database, keyring: Keyring, round_id: str) -> list[int]:
    payloads, _ = load_payloads(db, keyring, [round_id])
    return sorted(sender_of(p) for p in payloads)


def test_a_second_closer_takes_over_and_the_first_stops_writing_nothing_more(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)
    second: list[int] = []

    def other_host_closes() -> None:  # after the start and the first response batch
        assert _count(database, Response, open_round.id) == BATCH
        other = MixingKeys(mixing.directory)
        second.append(close_round(database, keyring, other, open_round.id, batch_size=BATCH))

    first = AfterTransaction(3, other_host_closes)
    with pytest.raises(CloseSuperseded, match="took over"):
        close_round(database, keyring, mixing, open_round.id, batch_size=BATCH, timings=first)
    assert second == [PEOPLE]
    assert len(first) == 3  # the superseded close committed nothing after the takeover
    assert _count(database, Response, open_round.id) == PEOPLE
    assert _senders(database, keyring, open_round.id) == list(range(PEOPLE))
    assert not mixing.exists(open_round.id)


def test_two_closers_racing_leave_every_answer_exactly_once(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)
    outcomes: list[object] = []

    def close() -> None:
        try:
            mine = MixingKeys(mixing.directory)
            outcomes.append(close_round(database, keyring, mine, open_round.id, batch_size=2))
        except StorageError as exc:
            outcomes.append(type(exc))

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert PEOPLE in outcomes  # one finished it ...
    assert set(outcomes) <= {PEOPLE, CloseSuperseded, RoundAlreadyClosed}  # ... none doubled
    assert get_round_status(database, open_round.id) == "closed"
    assert _count(database, Response, open_round.id) == PEOPLE
    assert _senders(database, keyring, open_round.id) == list(range(PEOPLE))


def get_round_status(db: Database, round_id: str) -> str:
    with db.session() as session:
        return get_round(session, round_id).status


def test_a_submission_during_the_close_is_refused_and_writes_nothing(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)
    seen: list[object] = []

    def someone_answers_now() -> None:
        seen.append(get_round_status(database, open_round.id))
        writer = AnswerWriter(database, keyring.vault, mixing)
        late = Entry(open_round.id, b"\xff" * 32, marked_payload(PEOPLE))
        seen.append(writer.write([late])[0])
        seen.append(_count(database, Participation, open_round.id))
        seen.append(_count(database, MixedAnswer, open_round.id))

    during = AfterTransaction(3, someone_answers_now)
    close_round(database, keyring, mixing, open_round.id, batch_size=BATCH, timings=during)
    assert seen == ["closing", Written.ROUND_CLOSED, PEOPLE, PEOPLE]
    assert _senders(database, keyring, open_round.id) == list(range(PEOPLE))


def _crash_mid_close(
    database: Database, keyring: Keyring, mixing: MixingKeys, round_id: str
) -> None:
    """The process stops between two response batches (after the third transaction)."""

    def crash() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        close_round(
            database,
            keyring,
            mixing,
            round_id,
            batch_size=BATCH,
            timings=AfterTransaction(3, crash),
        )


def test_a_mixing_key_lost_after_a_crash_reopens_the_round_without_leftovers(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)
    path = mixing.path(open_round.id)
    kept = path.read_bytes()

    _crash_mid_close(database, keyring, mixing, open_round.id)
    assert _count(database, Response, open_round.id) == BATCH
    left = recovered(database)  # what the next start logs
    assert (left.open_rounds, left.closing_rounds) == (0, 1)
    assert load_payloads(database, keyring, [open_round.id]) == ([], [])  # in no report
    path.unlink()
    with pytest.raises(MixingKeyMissing, match="stays open"):
        close_round(database, keyring, MixingKeys(mixing.directory), open_round.id)
    assert get_round_status(database, open_round.id) == "open"
    assert _count(database, Response, open_round.id) == 0  # the leftovers went first
    left = recovered(database)
    assert (left.open_rounds, left.closing_rounds) == (1, 0)
    assert _count(database, MixedAnswer, open_round.id) == PEOPLE
    path.write_bytes(kept)
    assert close_round(database, keyring, MixingKeys(mixing.directory), open_round.id) == PEOPLE
    assert _senders(database, keyring, open_round.id) == list(range(PEOPLE))


def test_only_the_close_writes_responses_of_a_round_not_yet_closed(
    database: Database, keyring: Keyring
) -> None:
    # So responses found in a `closing` round are an interrupted attempt's leftovers.
    ways_to_write = (
        "insert(_RESPONSES)",
        "insert(RESPONSES)",
        "insert(Response)",
        "INTO responses",
    )
    writers = {
        source.relative_to(REPOSITORY).as_posix()
        for package in ("storage", "handlers", "bot")
        for source in (REPOSITORY / package).rglob("*.py")
        if any(way in source.read_text() for way in ways_to_write)
    }
    assert writers == {
        "storage/repositories/close_steps.py",  # the close, fenced, of a `closing` round
        "storage/repositories/responses.py",  # imports, into rounds created closed
    }
    with database.session() as session:
        insert_imported(session, keyring, [("2025-01", marked_payload(1))])
        statuses = set(session.execute(select(Round.status)).scalars())
    assert statuses == {"closed"}


def test_a_round_left_closing_is_neither_shredded_nor_expired(
    database: Database,
    keyring: Keyring,
    mixing: MixingKeys,
    open_round: RoundInfo,
    secrets: Secrets,
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)

    _crash_mid_close(database, keyring, mixing, open_round.id)
    assert expired_rounds(database, today=date(2099, 1, 1), months=1) == []
    new = Secrets(master_key=generate_key(), pepper=secrets.pepper)
    with pytest.raises(RoundStillOpen, match="close is not finished"):
        keyring.rotate_master_key(database, Vault(new), shred_round_ids=[open_round.id])
    assert keyring.vault.secrets == secrets  # nothing changed
    assert close_round(database, keyring, mixing, open_round.id) == PEOPLE
    assert expired_rounds(database, today=date(2099, 1, 1), months=1) == [
        (open_round.id, open_round.period)
    ]
