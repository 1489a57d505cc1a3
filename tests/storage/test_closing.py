"""Closing a round when things go wrong: a missing or wrong mixing key, a crash between
two of the close's batches or just after it. Nothing is lost and nothing is doubled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.db import Database
from storage.errors import RoundAlreadyClosed
from storage.faults import CRASH_EXIT, FAULT_ENV
from storage.keys import Secrets
from storage.mixing import MixingKeyMissing, MixingKeys, MixingKeyWrong
from storage.models import BufferedResponse, MixedAnswer, Participation, Response
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.repositories.responses import load_payloads
from storage.repositories.rounds import RoundInfo, get_round
from tests.storage.conftest import marked_payload, new_round, sender_of, submit

PEOPLE = 7


def _answer_all(
    db: Database, keyring: Keyring, mixing: MixingKeys, round_id: str, tokens_from: int = 0
) -> None:
    for i in range(PEOPLE):
        token = (tokens_from + i).to_bytes(32, "big")
        submit(db, keyring, mixing, round_id, token, marked_payload(i))


def _state(db: Database, round_id: str) -> tuple[str, int, int]:
    with db.session() as session:
        mixed = session.execute(select(func.count()).select_from(MixedAnswer)).scalar_one()
        stored = session.execute(select(func.count()).select_from(Response)).scalar_one()
        return get_round(session, round_id).status, mixed, stored


def _all_answers_once(db: Database, keyring: Keyring, round_id: str) -> None:
    payloads, _ = load_payloads(db, keyring, [round_id])
    assert sorted(sender_of(p) for p in payloads) == list(range(PEOPLE))


def test_a_missing_mixing_key_leaves_the_round_open_and_whole(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)
    path = mixing.path(open_round.id)
    kept = path.read_bytes()
    path.unlink()
    fresh = MixingKeys(mixing.directory)  # another process: nothing cached
    with pytest.raises(MixingKeyMissing, match="stays open and nothing was changed"):
        close_round(database, keyring, fresh, open_round.id)
    assert _state(database, open_round.id) == ("open", PEOPLE, 0)
    path.write_bytes(kept)  # restored by its custodian
    assert close_round(database, keyring, fresh, open_round.id) == PEOPLE
    _all_answers_once(database, keyring, open_round.id)


def test_a_wrong_mixing_key_leaves_the_round_open_and_whole(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)
    path = mixing.path(open_round.id)
    kept = path.read_bytes()
    path.write_bytes(bytes(32))
    fresh = MixingKeys(mixing.directory)
    with pytest.raises(MixingKeyWrong, match="not the key this round was sealed with"):
        close_round(database, keyring, fresh, open_round.id)
    assert _state(database, open_round.id) == ("open", PEOPLE, 0)
    path.write_bytes(kept)
    assert close_round(database, keyring, MixingKeys(mixing.directory), open_round.id) == PEOPLE


CLOSER = """
import sys
from pathlib import Path
from storage.db import Database
from storage.keys import Secrets
from storage.mixing import MixingKeys
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.vault import Vault
url, master, pepper, directory, round_id, batch = sys.argv[1:]
keyring = Keyring(Vault(Secrets(bytes.fromhex(master), bytes.fromhex(pepper))))
db = Database.connect(url)
close_round(db, keyring, MixingKeys(Path(directory)), round_id, batch_size=int(batch))
"""
BATCH = 2  # seven answers: four response batches, so a crash can fall between two


def _close_in_a_process_that_dies(
    url: str, secrets: Secrets, mixing: MixingKeys, round_id: str, at: str
) -> None:
    args = [url, secrets.master_key.hex(), secrets.pepper.hex(), str(mixing.directory)]
    done = subprocess.run(
        [sys.executable, "-c", CLOSER, *args, round_id, str(BATCH)],
        env={FAULT_ENV: at, "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == CRASH_EXIT, done.stderr


def _pending(db: Database, round_id: str) -> int:
    with db.session() as session:
        query = select(func.count()).where(
            Participation.round_id == round_id, Participation.pending.is_(True)
        )
        return int(session.execute(query).scalar_one())


def _report(db: Database, keyring: Keyring, round_id: str) -> list[int]:
    payloads, _ = load_payloads(db, keyring, [round_id])
    return sorted(sender_of(p) for p in payloads)


@pytest.mark.parametrize(
    ("at", "left"),
    [
        ("close-mid-responses", ("closing", PEOPLE, BATCH)),  # one batch written
        ("close-after-moving", ("closing", PEOPLE, PEOPLE)),  # emptying: all written
        ("close-mid-emptying", ("closing", PEOPLE, PEOPLE)),
    ],
)
def test_a_crash_mid_close_is_finished_by_closing_again(
    database: Database,
    database_url: str,
    keyring: Keyring,
    secrets: Secrets,
    mixing: MixingKeys,
    open_round: RoundInfo,
    at: str,
    left: tuple[str, int, int],
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)
    _close_in_a_process_that_dies(database_url, secrets, mixing, open_round.id, at)
    assert _state(database, open_round.id) == left
    assert mixing.exists(open_round.id)
    # Reports count closed rounds only: a round left closing is in none yet.
    assert load_payloads(database, keyring, [open_round.id]) == ([], [])
    assert close_round(database, keyring, mixing, open_round.id, batch_size=BATCH) == PEOPLE
    assert _state(database, open_round.id) == ("closed", 0, PEOPLE)  # no duplicates
    assert _pending(database, open_round.id) == 0
    assert not mixing.exists(open_round.id)
    # The same report as a close that never crashed.
    other = new_round(database, keyring, period="2026-04")
    _answer_all(database, keyring, mixing, other.id, tokens_from=PEOPLE)
    assert close_round(database, keyring, mixing, other.id, batch_size=BATCH) == PEOPLE
    assert _report(database, keyring, open_round.id) == _report(database, keyring, other.id)
    assert _report(database, keyring, open_round.id) == list(range(PEOPLE))


def test_a_crash_after_the_commit_is_finished_by_closing_again(
    database: Database,
    database_url: str,
    keyring: Keyring,
    secrets: Secrets,
    mixing: MixingKeys,
    open_round: RoundInfo,
) -> None:
    _answer_all(database, keyring, mixing, open_round.id)
    at = "close-after-commit"
    _close_in_a_process_that_dies(database_url, secrets, mixing, open_round.id, at)
    assert _state(database, open_round.id) == ("closed", 0, PEOPLE)
    assert mixing.exists(open_round.id)  # the one thing left to do
    with pytest.raises(RoundAlreadyClosed, match="already closed"):
        close_round(database, keyring, MixingKeys(mixing.directory), open_round.id)
    assert not mixing.exists(open_round.id)
    _all_answers_once(database, keyring, open_round.id)


def test_answers_buffered_by_an_earlier_release_are_moved_at_the_close_too(
    database: Database, keyring: Keyring, mixing: MixingKeys, open_round: RoundInfo
) -> None:
    # Before the mixing key, open rounds buffered answers under the round's data key.
    with database.session() as session:
        cipher = keyring.cipher(session, open_round.key_id)
        for i in range(3):
            row_id = f"legacy-{i}"
            sealed = keyring.vault.seal(
                cipher,
                table="response_buffer",
                row_id=row_id,
                key_id=open_round.key_id,
                plaintext=marked_payload(PEOPLE + i),
            )
            session.add(
                BufferedResponse(
                    id=row_id, round_id=open_round.id, key_id=open_round.key_id, ciphertext=sealed
                )
            )
    _answer_all(database, keyring, mixing, open_round.id)
    assert close_round(database, keyring, mixing, open_round.id) == PEOPLE + 3
    payloads, _ = load_payloads(database, keyring, [open_round.id])
    assert sorted(sender_of(p) for p in payloads) == list(range(PEOPLE + 3))
    with database.session() as session:
        left = session.execute(select(func.count()).select_from(BufferedResponse)).scalar_one()
    assert left == 0
