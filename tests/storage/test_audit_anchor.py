"""The audit log's head is anchored outside the database: a database administrator who
deletes the newest entries, or restores an older backup, is found out by verify."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from storage.audit_chain import AuditEntry
from storage.db import Database
from storage.keys import Secrets, generate_key
from storage.store import Store
from storage.vault import Vault


def _store(database: Database, secrets: Secrets, anchor: Path) -> Store:
    return Store(database, Vault(secrets), k=3, audit_anchor=anchor)


def _append(store: Store, count: int) -> None:
    for i in range(count):
        store.audit.append(actor="cli:host:edi", action="report", details={"i": i})


def test_deleting_the_newest_entries_is_detected(
    database: Database, secrets: Secrets, tmp_path: Path
) -> None:
    store = _store(database, secrets, tmp_path / "bigconv.audit-anchor")
    _append(store, 6)
    assert store.audit.verify() == []
    with database.session() as session:  # the DBA, with SQL and no keys
        session.execute(text("DELETE FROM audit_log WHERE seq > 4"))
    problems = store.audit.verify()
    assert problems == [
        "the log ends at entry 4 but entry 6 was written: 2 of the newest entries have been removed"
    ]


def test_a_restored_older_backup_with_new_entries_is_detected(
    database: Database, secrets: Secrets, tmp_path: Path
) -> None:
    store = _store(database, secrets, tmp_path / "anchor")
    _append(store, 3)
    with database.session() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq > 1"))
    other = Store(database, Vault(secrets), k=3)  # a writer without the anchor
    _append(other, 2)  # the log is again 3 long, but not the 3 that were written
    assert any("entry 2 is not the entry that was written" in p for p in store.audit.verify())


def test_forged_anchor_lines_are_refused(
    database: Database, secrets: Secrets, tmp_path: Path
) -> None:
    anchor = tmp_path / "anchor"
    store = _store(database, secrets, anchor)
    _append(store, 2)
    intruder = _store(database, Secrets(master_key=generate_key(), pepper=generate_key()), anchor)
    assert intruder.audit.anchor is not None
    intruder.audit.anchor.record(AuditEntry(99, "2026-01-01T00:00:00Z", "a", "b", "{}", "", "f"))
    problems = store.audit.verify()
    assert any("was not written by Big Conversation" in p for p in problems)


def test_a_first_verify_anchors_the_current_head(
    database: Database, secrets: Secrets, tmp_path: Path
) -> None:
    _append(Store(database, Vault(secrets), k=3), 3)  # written before anchoring existed
    anchor = tmp_path / "anchor"
    store = _store(database, secrets, anchor)
    assert store.audit.verify() == [] and anchor.read_text().startswith("3 ")
    with database.session() as session:
        session.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    assert store.audit.verify() != []
