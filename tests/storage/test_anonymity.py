"""docs/privacy.md#the-model, checked against what the databases actually hold.

Forty named people answer in a known order; each plaintext names its sender (a marker
and an index) so the test can see what storage would let an insider reconstruct.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime, Interval, Time, inspect, make_url, select, text

from storage.db import Database
from storage.mixing import MixingKeys
from storage.models import MixedAnswer
from storage.padding import ProfileChange
from storage.repositories.closing import close_round
from storage.repositories.keyring import Keyring
from storage.repositories.responses import load_payloads
from storage.repositories.roster import upsert_staff
from storage.repositories.rounds import RoundInfo
from storage.vault import Vault
from tests.storage.conftest import MARKER, marked_payload, new_round, sender_of, submit

PEOPLE = 40
K = 10
TABLES = ("participation", "mixed_answers", "responses")


def _submit_all(
    db: Database, keyring: Keyring, mixing: MixingKeys, round_: RoundInfo
) -> list[bytes]:
    """Everyone answers in order, asking to remember a profile; returns their
    participation tokens in that order."""
    vault = keyring.vault
    tokens = []
    for i in range(PEOPLE):
        user = f"U{i:04d}"
        with db.session() as session:
            upsert_staff(session, vault, platform="slack", workspace="T1", user_id=user)
        token = vault.participation_token("slack", "T1", user, round_.id)
        profile = b'{"marker": "' + MARKER + b"-profile-" + user.encode() + b'"}'
        change = ProfileChange("slack", "T1", user, profile)
        submit(db, keyring, mixing, round_.id, token, marked_payload(i), change)
        tokens.append(token)
    return tokens


def _spearman(order: list[int]) -> float:
    n = len(order)
    squared = sum((rank - value) ** 2 for rank, value in enumerate(sorted_ranks(order)))
    return 1 - 6 * squared / (n * (n * n - 1))


def sorted_ranks(values: list[int]) -> list[int]:
    ranking = sorted(range(len(values)), key=values.__getitem__)
    ranks = [0] * len(values)
    for rank, index in enumerate(ranking):
        ranks[index] = rank
    return ranks


def _stored_order(db: Database, keyring: Keyring, round_id: str) -> list[int]:
    """Senders in physical row order: a file scan (SQLite) or ctid order (PostgreSQL)."""
    order_by = "ORDER BY ctid" if db.is_postgres else ""
    with db.session() as session:
        rows = session.execute(
            text(f"SELECT id, ciphertext, key_id FROM responses {order_by}")
        ).all()
        cipher = keyring.cipher(session, rows[0].key_id)
    payloads = keyring.vault.open_many(
        cipher, table="responses", key_id=rows[0].key_id, rows=[(r.id, r.ciphertext) for r in rows]
    )
    return [sender_of(p) for p in payloads]


def test_responses_hold_no_identity_and_no_time(
    database: Database, keyring: Keyring, vault: Vault, mixing: MixingKeys
) -> None:
    round_ = new_round(database, keyring)
    tokens = _submit_all(database, keyring, mixing, round_)
    close_round(database, keyring, mixing, round_.id)
    with database.session() as session:
        staff = session.execute(text("SELECT id, lookup FROM staff")).all()
        responses = session.execute(text("SELECT * FROM responses")).all()
        buffered = session.execute(select(MixedAnswer.id)).all()
    assert len(responses) == PEOPLE and buffered == []
    identities = [*tokens, *(bytes(s.lookup) for s in staff), *(s.id.encode() for s in staff)]
    for row in responses:
        for value in row:
            cell = value if isinstance(value, bytes) else str(value).encode()
            assert not any(ident in cell or cell in ident for ident in identities)
    inspector = inspect(database.engine)
    for table in TABLES:
        for column in inspector.get_columns(table):
            assert not isinstance(column["type"], DateTime | Date | Time | Interval), column
            assert not any(word in column["name"] for word in ("_at", "time", "created"))


def test_row_order_does_not_follow_submission_order(
    database: Database, keyring: Keyring, mixing: MixingKeys
) -> None:
    round_ = new_round(database, keyring)
    _submit_all(database, keyring, mixing, round_)
    close_round(database, keyring, mixing, round_.id)
    order = _stored_order(database, keyring, round_.id)
    assert sorted(order) == list(range(PEOPLE))
    assert order != list(range(PEOPLE))
    # A uniform shuffle of 40 has |rho| > 0.7 with probability about 1e-5.
    assert abs(_spearman(order)) < 0.7, order
    payloads, _ = load_payloads(database, keyring, [round_.id])
    assert [sender_of(p) for p in payloads] != list(range(PEOPLE))


@pytest.mark.postgres
def test_postgres_write_transactions_are_the_batch_not_the_click(
    postgres_database: Database, keyring: Keyring, mixing: MixingKeys
) -> None:
    # xmin, the id of the transaction that wrote a row version, is in every row header.
    database = postgres_database
    round_ = new_round(database, keyring)
    tokens = _submit_all(database, keyring, mixing, round_)
    xid = "SELECT xmin::text FROM {} WHERE round_id = :r"
    with database.session() as session:
        submission_xids = set(
            session.execute(text(xid.format("participation")), {"r": round_.id}).scalars()
        )
    assert len(submission_xids) == PEOPLE  # one transaction per click, as expected
    close_round(database, keyring, mixing, round_.id, batch_size=10)
    with database.session() as session:
        response_xids = set(
            session.execute(text(xid.format("responses")), {"r": round_.id}).scalars()
        )
        participation_xids = set(
            session.execute(text(xid.format("participation")), {"r": round_.id}).scalars()
        )
        assert session.execute(text("SELECT count(*) FROM participation")).scalar() == len(tokens)
    # Slices of one shuffle of the whole round, a transaction each, writing nothing else;
    # every participation row rewritten later, in token order, in transactions of its own.
    assert len(response_xids) == PEOPLE // 10
    assert len(participation_xids) == PEOPLE // 10
    assert not response_xids & participation_xids
    assert not (response_xids | participation_xids) & submission_xids


def _file_bytes(url: str) -> bytes:
    path = Path(make_url(url).database or "")
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_no_plaintext_reaches_the_database(
    database: Database, keyring: Keyring, database_url: str, mixing: MixingKeys
) -> None:
    round_ = new_round(database, keyring)
    _submit_all(database, keyring, mixing, round_)
    with database.session() as session:
        buffered = list(session.execute(select(MixedAnswer.ciphertext)).scalars())
    assert len(buffered) == PEOPLE
    close_round(database, keyring, mixing, round_.id)
    if database.is_postgres:
        with database.session() as session:
            tables = inspect(session.connection()).get_table_names()
            dump = "\n".join(
                str(value)
                for table in tables
                for value in session.execute(text(f"SELECT t::text FROM {table} t")).scalars()
            )
        assert MARKER.decode() not in dump and MARKER.hex() not in dump
        assert not any(blob.hex() in dump for blob in buffered)
    else:
        content = _file_bytes(database_url)
        assert MARKER not in content
        # secure_delete: the flushed buffer rows left no copy behind in the file.
        assert not any(blob in content for blob in buffered)
