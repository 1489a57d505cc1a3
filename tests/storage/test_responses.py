"""The CSV import (all or nothing) and the report read path."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from storage.db import Database
from storage.models import Response
from storage.repositories.keyring import Keyring
from storage.repositories.responses import (
    count_by_month,
    insert_imported,
    load_month_payloads,
    load_payloads,
)
from storage.repositories.rounds import list_rounds
from tests.storage.conftest import marked_payload, sender_of


def _rows(month: str, start: int, count: int) -> list[tuple[str, bytes]]:
    return [(month, marked_payload(i)) for i in range(start, start + count)]


def test_each_import_lands_in_a_closed_batch_of_its_own_per_month(
    database: Database, keyring: Keyring
) -> None:
    rows = _rows("2025-01", 0, 30) + _rows("2025-02", 100, 20)
    seen: list[int] = []
    with database.session() as session:
        counts = insert_imported(session, keyring, rows, progress=seen.append)
    assert counts == {"2025-01": 30, "2025-02": 20} and sum(seen) == 50
    with database.session() as session:
        # Late rows for January: a batch of their own, so they are units of their own.
        insert_imported(session, keyring, _rows("2025-01", 30, 5))
        rounds = list_rounds(session)
        assert count_by_month(session) == {"2025-01": 35, "2025-02": 20}
        assert count_by_month(session, ["2025-02"]) == {"2025-02": 20}
    assert sorted((r.period, r.status, r.source) for r in rounds) == [
        ("2025-01", "closed", "import"),
        ("2025-01", "closed", "import"),
        ("2025-02", "closed", "import"),
    ]
    payloads, months = load_payloads(database, keyring, [r.id for r in rounds])
    by_sender = dict(zip((sender_of(p) for p in payloads), months, strict=True))
    assert by_sender == {i: "2025-01" for i in range(35)} | {i: "2025-02" for i in range(100, 120)}
    assert [sender_of(p) for p in payloads][:35] != list(range(35))  # file order not kept


def test_an_import_that_fails_stores_nothing(database: Database, keyring: Keyring) -> None:
    with pytest.raises(RuntimeError), database.session() as session:
        insert_imported(session, keyring, _rows("2025-01", 0, 10))
        raise RuntimeError("a later row was bad")
    with database.session() as session:
        assert session.execute(select(func.count()).select_from(Response)).scalar_one() == 0
        assert list_rounds(session) == []


def test_month_payloads_leave_out_shredded_rounds_and_say_so(
    database: Database, keyring: Keyring
) -> None:
    with database.session() as session:
        insert_imported(session, keyring, _rows("2025-01", 0, 3) + _rows("2025-02", 3, 4))
        january = list_rounds(session, months=["2025-01"])[0]
        keyring.shred(session, january.id)
    payloads, months, shredded = load_month_payloads(database, keyring, ["2025-01", "2025-02"])
    assert sorted(sender_of(p) for p in payloads) == [3, 4, 5, 6]
    assert months == ["2025-02"] * 4 and shredded == ["2025-01"]


def test_large_reads_stream_in_partitions(database: Database, keyring: Keyring) -> None:
    rows = _rows("2025-03", 0, 25_000)
    with database.session() as session:
        insert_imported(session, keyring, rows)
        round_id = list_rounds(session)[0].id
    payloads, months = load_payloads(database, keyring, [round_id])
    assert len(payloads) == 25_000 and set(months) == {"2025-03"}
    assert sorted(sender_of(p) for p in payloads) == list(range(25_000))
