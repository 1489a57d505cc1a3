"""privacy.md, "The model", checked against what the databases actually hold.

Forty named people answer in a known order; each plaintext names its sender (a marker
and an index) so the test can see what storage would let an insider reconstruct.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Date, DateTime, Interval, Time, inspect, make_url, select, text

from storage.db import Database
from storage.models import BufferedResponse
from storage.repositories.keyring import Keyring
from storage.repositories.responses import load_payloads
from storage.repositories.roster import remember_profile, upsert_staff
from storage.repositories.rounds import RoundInfo, close_round
from storage.repositories.submissions import record_submission
from storage.vault import Vault
from tests.storage.conftest import MARKER, marked_payload, new_round, sender_of

PEOPLE = 40
K = 10
TABLES = ("participation", "response_buffer", "responses")


def _submit_all(db: Database, keyring: Keyring, round_: RoundInfo, *, k: int) -> list[bytes]:
    """Everyone answers in order; returns their participation tokens in that order."""
    vault = keyring.vault
    tokens = []
    for i in range(PEOPLE):
        user = f"U{i:04d}"
        with db.session() as session:
            staff = upsert_staff(session, vault, platform="slack", workspace="T1", user_id=user)
            remember_profile(session, keyring, staff.id, MARKER + b"-profile-" + user.encode())
        token = vault.participation_token("slack", "T1", user, round_.id)
        record_submission(
            db, keyring, round_id=round_.id, token=token, payload=marked_payload(i), k=k
        )
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
    database: Database, keyring: Keyring, vault: Vault
) -> None:
    round_ = new_round(database, keyring)
    tokens = _submit_all(database, keyring, round_, k=K)
    with database.session() as session:
        staff = session.execute(text("SELECT id, lookup FROM staff")).all()
        responses = session.execute(text("SELECT * FROM responses")).all()
        buffered = session.execute(select(BufferedResponse.id)).all()
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


def test_row_order_does_not_follow_submission_order(database: Database, keyring: Keyring) -> None:
    round_ = new_round(database, keyring)
    _submit_all(database, keyring, round_, k=PEOPLE)  # one batch of all forty
    order = _stored_order(database, keyring, round_.id)
    assert sorted(order) == list(range(PEOPLE))
    assert order != list(range(PEOPLE))
    # A uniform shuffle of 40 has |rho| > 0.7 with probability about 1e-5.
    assert abs(_spearman(order)) < 0.7, order
    payloads, _ = load_payloads(database, keyring, [round_.id])
    assert [sender_of(p) for p in payloads] != list(range(PEOPLE))


@pytest.mark.postgres
def test_postgres_write_transactions_are_the_batch_not_the_click(
    postgres_database: Database, keyring: Keyring
) -> None:
    # xmin, the id of the transaction that wrote a row version, is in every row header.
    database = postgres_database
    round_ = new_round(database, keyring)
    tokens = _submit_all(database, keyring, round_, k=1000)  # nothing flushed yet
    xid = "SELECT xmin::text FROM {} WHERE round_id = :r"
    with database.session() as session:
        submission_xids = set(
            session.execute(text(xid.format("participation")), {"r": round_.id}).scalars()
        )
    assert len(submission_xids) == PEOPLE  # one transaction per click, as expected
    close_round(database, keyring, round_.id)
    with database.session() as session:
        response_xids = set(
            session.execute(text(xid.format("responses")), {"r": round_.id}).scalars()
        )
        participation_xids = set(
            session.execute(text(xid.format("participation")), {"r": round_.id}).scalars()
        )
        assert session.execute(text("SELECT count(*) FROM participation")).scalar() == len(tokens)
    assert len(response_xids) == 1
    assert participation_xids == response_xids
    assert not response_xids & submission_xids


@pytest.mark.postgres
def test_automatic_flushes_share_one_transaction_per_batch(
    postgres_database: Database, keyring: Keyring
) -> None:
    database = postgres_database
    round_ = new_round(database, keyring)
    _submit_all(database, keyring, round_, k=K)
    with database.session() as session:
        batches = session.execute(
            text("SELECT xmin::text, count(*) FROM responses GROUP BY 1")
        ).all()
        participation = set(session.execute(text("SELECT xmin::text FROM participation")).scalars())
    assert sorted(n for _, n in batches) == [K] * (PEOPLE // K)
    assert participation == {x for x, _ in batches}


def _file_bytes(url: str) -> bytes:
    path = Path(make_url(url).database or "")
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_no_plaintext_reaches_the_database(
    database: Database, keyring: Keyring, database_url: str
) -> None:
    round_ = new_round(database, keyring)
    _submit_all(database, keyring, round_, k=1000)
    with database.session() as session:
        buffered = list(session.execute(select(BufferedResponse.ciphertext)).scalars())
    assert len(buffered) == PEOPLE
    close_round(database, keyring, round_.id)
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
