"""Helpers for storage tests: rounds, and payloads that say who sent them."""

from __future__ import annotations

import pytest

from storage.db import Database
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
