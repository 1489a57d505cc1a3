"""Helpers for storage tests: rounds, and payloads that say who sent them."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.answer_writer import AnswerWriter, Entry, raise_for
from storage.db import Database
from storage.mixing import MixingKeys, default_directory
from storage.padding import ProfileChange
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.repositories.rounds import RoundInfo, create_round
from surveys.questions import Recall
from surveys.response import PAYLOAD_SIZE

MARKER = b"ZQXMARK"  # never appears in clear anywhere in storage


def marked_payload(index: int) -> bytes:
    """A payload-sized plaintext naming its sender, so a test can tell rows apart."""
    payload = MARKER + index.to_bytes(PAYLOAD_SIZE - len(MARKER), "big")
    assert len(payload) == PAYLOAD_SIZE
    return payload


def sender_of(payload: bytes) -> int:
    assert payload.startswith(MARKER)
    return int.from_bytes(payload[len(MARKER) :], "big")


def new_round(
    db: Database, keyring: Keyring, period: str = "2026-03", recall: Recall = Recall.THREE_MONTHS
) -> RoundInfo:
    with db.session() as session:
        return create_round(session, keyring, period=period, recall=recall)


@pytest.fixture
def open_round(database: Database, keyring: Keyring) -> RoundInfo:
    return new_round(database, keyring)


@pytest.fixture
def mixing(tmp_path: Path) -> MixingKeys:
    """The mixing key directory, apart from the database as a deployment keeps it."""
    return MixingKeys(tmp_path / "mixing-keys")


def submit(
    db: Database,
    keyring: Keyring,
    mixing: MixingKeys,
    round_id: str,
    token: bytes,
    payload: bytes,
    change: ProfileChange | None = None,
) -> None:
    writer = AnswerWriter(db, keyring.vault, mixing)
    raise_for(writer.write([Entry(round_id, token, payload, change)])[0], round_id)


def mixing_of(db: Database) -> MixingKeys:
    """The mixing keys a Store on this database would use by default."""
    return MixingKeys(default_directory(db.engine.url.render_as_string()))


def submit_old_style(
    db: Database, keyring: Keyring, *, round_id: str, token: bytes, payload: bytes, k: int = 11
) -> None:
    """For tests about other things: an answer through the real submission path."""
    del k  # no batch is ever flushed before the close
    submit(db, keyring, mixing_of(db), round_id, token, payload)


def close_with_default_keys(db: Database, keyring: Keyring, round_id: str) -> int:
    return close_round(db, keyring, mixing_of(db), round_id)
