"""Replicas whose `[keys] mixing_key_dir` is not shared: the second "host" makes its own
key for a round, and the database's check value stops it sealing answers under it, with
an error that names the directory; a shared directory works; a round opened before the
check values existed adopts the first key seen. SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from handlers.identity import Person
from handlers.messages import NotRecorded, Thanks
from handlers.raw_answers import RawAnswers
from handlers.submission import submit_now
from storage.answer_writer import AnswerWriter, Entry, Written
from storage.db import Database
from storage.mixing import MixingKeys, MixingKeyWrong, check_value
from storage.mixing_checks import MixingKeyNotShared
from storage.models import MixedAnswer, MixingKeyCheck, Participation
from storage.recovery import mixing_key_problems
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from storage.vault import Vault
from surveys.questions import Recall
from tests.storage.conftest import marked_payload, new_round


def _entry(round_id: str, i: int) -> Entry:
    return Entry(round_id, i.to_bytes(32, "big"), marked_payload(i))


def _rows(db: Database) -> tuple[int, int]:
    with db.reader() as reader:
        return (
            int(reader.execute(select(func.count()).select_from(Participation)).scalar_one()),
            int(reader.execute(select(func.count()).select_from(MixedAnswer)).scalar_one()),
        )


def _stored_check(db: Database, round_id: str) -> bytes | None:
    with db.reader() as reader:
        found = reader.execute(
            select(MixingKeyCheck.check_value).where(MixingKeyCheck.round_id == round_id)
        ).scalar_one_or_none()
    return None if found is None else bytes(found)


def test_a_replica_with_a_directory_of_its_own_refuses_to_seal(
    database: Database,
    keyring: Keyring,
    tmp_path: Path,
    open_round: RoundInfo,
    caplog: pytest.LogCaptureFixture,
) -> None:
    host_a, host_b = MixingKeys(tmp_path / "host-a"), MixingKeys(tmp_path / "host-b")
    on_a = AnswerWriter(database, keyring.vault, host_a)
    on_b = AnswerWriter(database, keyring.vault, host_b)
    assert on_a.write([_entry(open_round.id, 1)]) == [Written.RECORDED]
    other_round = new_round(database, keyring, period="2026-04")
    with caplog.at_level(logging.ERROR, logger="bigconv.mixing"):
        # B's answer to the shared round is refused; its answer to a round it keys first lands.
        outcomes = on_b.write([_entry(open_round.id, 2), _entry(other_round.id, 3)])
    refused, landed = outcomes
    assert isinstance(refused, MixingKeyNotShared) and landed is Written.RECORDED
    assert _rows(database) == (2, 2)  # nothing of the refused answer was written
    for said in (str(refused), caplog.text):
        assert str(tmp_path / "host-b") in said
        assert "[keys] mixing_key_dir must be one directory shared between replicas" in said
    # B made a key file of its own; the database kept A's check value, not a key.
    key_a = host_a.path(open_round.id).read_bytes()
    assert host_b.path(open_round.id).read_bytes() != key_a
    assert _stored_check(database, open_round.id) == check_value(key_a) != key_a
    # Still refused later (nothing cached as good), said again within the minute only once,
    # and the close with A's key opens all.
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="bigconv.mixing"):
        assert isinstance(on_b.write([_entry(open_round.id, 4)])[0], MixingKeyNotShared)
    assert caplog.text == ""
    with pytest.raises(MixingKeyWrong):  # B cannot close it: its key is not the round's
        close_round(database, keyring, MixingKeys(host_b.directory), open_round.id)
    assert close_round(database, keyring, host_a, open_round.id) == 1
    assert _stored_check(database, open_round.id) is None  # gone with the key


def test_the_person_on_the_unshared_replica_is_asked_to_try_again(
    database: Database, vault: Vault, tmp_path: Path
) -> None:
    store_a = Store(database, vault, mixing=MixingKeys(tmp_path / "host-a"))
    store_b = Store(database, vault, mixing=MixingKeys(tmp_path / "host-b"))
    round_ = store_a.rounds.create(period="2026-06", recall=Recall.TWELVE_MONTHS)
    raw = RawAnswers(ethnicity="01", staff_group=None, answers={"q14a": 1})

    def answer(store: Store, user: str) -> object:
        person = Person("slack", "T1", user)
        return submit_now(store, person=person, round_id=round_.id, raw=raw, remember=False)

    assert isinstance(answer(store_a, "U1"), Thanks)
    assert isinstance(answer(store_b, "U2"), NotRecorded)
    assert _rows(database) == (1, 1)
    assert isinstance(answer(store_a, "U2"), Thanks)  # on a good replica it lands


def test_replicas_sharing_the_directory_seal_under_the_one_key(
    database: Database, keyring: Keyring, tmp_path: Path, open_round: RoundInfo
) -> None:
    shared = tmp_path / "shared"
    writers = [AnswerWriter(database, keyring.vault, MixingKeys(shared)) for _ in range(2)]
    for i in range(6):
        assert writers[i % 2].write([_entry(open_round.id, i)]) == [Written.RECORDED]
    assert mixing_key_problems(database, MixingKeys(shared)) == []
    assert close_round(database, keyring, MixingKeys(shared), open_round.id) == 6


def test_a_round_opened_before_the_check_values_adopts_its_key(
    database: Database, keyring: Keyring, tmp_path: Path, open_round: RoundInfo
) -> None:
    host_a = MixingKeys(tmp_path / "host-a")
    assert AnswerWriter(database, keyring.vault, host_a).write([_entry(open_round.id, 1)]) == [
        Written.RECORDED
    ]
    with database.session() as session:  # as a round opened before migration 0013 has it
        session.execute(delete(MixingKeyCheck))
    restarted = MixingKeys(host_a.directory)  # a new process: nothing confirmed yet
    writer = AnswerWriter(database, keyring.vault, restarted)
    assert writer.write([_entry(open_round.id, 2)]) == [Written.RECORDED]
    key = restarted.path(open_round.id).read_bytes()
    assert _stored_check(database, open_round.id) == check_value(key)
    host_b = MixingKeys(tmp_path / "host-b")
    refused = AnswerWriter(database, keyring.vault, host_b).write([_entry(open_round.id, 3)])
    assert isinstance(refused[0], MixingKeyNotShared)
    assert close_round(database, keyring, restarted, open_round.id) == 2


def test_serve_start_names_rounds_whose_key_is_not_here(
    database: Database, keyring: Keyring, tmp_path: Path, open_round: RoundInfo
) -> None:
    host_a = MixingKeys(tmp_path / "host-a")
    AnswerWriter(database, keyring.vault, host_a).write([_entry(open_round.id, 1)])
    new_round(database, keyring, period="2026-04")  # open, no answers: nothing to say
    assert mixing_key_problems(database, MixingKeys(host_a.directory)) == []
    host_b = MixingKeys(tmp_path / "host-b")
    [missing] = mixing_key_problems(database, host_b)
    assert "is missing here" in missing and str(host_b.directory) in missing
    assert "[keys] mixing_key_dir must be one directory shared between replicas" in missing
    host_b.cipher_for_sealing(open_round.id)  # B made its own key (not recorded anywhere)
    [other] = mixing_key_problems(database, MixingKeys(host_b.directory))
    assert "is not the key" in other and str(host_b.directory) in other
