"""The hash-chained audit log: appends without gaps, tampering detected."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy import text

from storage.db import Database
from storage.keys import Secrets, generate_key
from storage.repositories.audit import append, count, list_entries, verify
from storage.vault import Vault


def test_entries_chain_and_verify(database: Database, vault: Vault) -> None:
    at = datetime(2026, 3, 1, 9, 14, 7, tzinfo=UTC)
    with database.session() as session:
        first = append(
            session,
            vault,
            actor="slack:T1:U1",
            action="report",
            details={"period": "2026-Q1", "suppressed": ["wres5/bank/bme"]},
            at=at,
        )
        append(session, vault, actor="cli:host:edi", action="keys rotate", details={})
    with database.session() as session:
        entries = list_entries(session)
        assert count(session) == 2
        assert verify(session, vault) == []
        assert [e.seq for e in list_entries(session, newest=1)] == [2]
    assert first.at == "2026-03-01T09:14:07Z"
    assert entries[1].prev_hash == entries[0].entry_hash


def test_altered_or_deleted_entries_are_detected(database: Database, vault: Vault) -> None:
    with database.session() as session:
        for i in range(4):
            append(session, vault, actor="a", action="report", details={"i": i})
    with database.session() as session:
        session.execute(text("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2"))
        session.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    with database.session() as session:
        problems = verify(session, vault)
        assert any("entry 2 was altered" in p for p in problems)
        assert any("entry 3 is missing" in p for p in problems)
        # Without the pepper-derived key even an intact chain does not verify.
        stranger = Vault(Secrets(master_key=generate_key(), pepper=generate_key()))
        assert len(verify(session, stranger)) >= 4


def test_concurrent_appends_leave_no_gaps(database: Database, vault: Vault) -> None:
    def write(i: int) -> None:
        with database.session() as session:
            append(session, vault, actor=f"actor{i}", action="report", details={"i": i})

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(write, range(40)))
    with database.session() as session:
        assert [e.seq for e in list_entries(session)] == list(range(1, 41))
        assert verify(session, vault) == []
