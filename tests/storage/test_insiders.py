"""The insider of docs/privacy.md tries to link answers to their authors.

Twelve known people answer through the real submission path (handlers.pulse.submit) in a
known order, every second one ticking "remember my background answers". Each gives a
different ethnic group, so an answer names its author once opened. The insider holds the
database, a file copy taken while the round was open, the WAL (raw bytes, and pg_waldump
on PostgreSQL), the master key, the pepper and every log line at DEBUG. While the round is
open they link nobody without the mixing key; after the close, nobody at all.

The close runs in small transactions. No transaction that writes responses touches a
participation, staff or mixed row, and which answers share a response batch does not
depend on who answered when: the batches are slices of one shuffle of the whole round.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from handlers.identity import Person
from handlers.pulse import submit
from handlers.pulse_rounds import close_round
from handlers.submission import RawAnswers
from storage.db import Database
from storage.keys import Secrets
from storage.mixing import key_id_of
from storage.store import Store
from surveys.questions import Recall
from tests.storage.insider import (
    blobs_in,
    ciphers_held,
    copy_sqlite_files,
    opens,
    postgres_wal,
    row_versions,
    sealed_blobs,
)

PEOPLE = 12


def _person(i: int) -> Person:
    return Person("slack", "T1", f"UINSIDER{i:02d}")


def _answers(i: int) -> RawAnswers:
    return RawAnswers(ethnicity=f"{i + 1:02d}", staff_group="bank", answers={"q14a": 1 + i % 5})


def _author(payload: bytes) -> int:
    return payload[1] - 1  # the ethnic group byte: person i answered group i + 1


@pytest.fixture
def store(database_url: str, secrets: Secrets, tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(database_url, secrets, mixing_dir=tmp_path / "mixing-custodian")
    opened.migrate()
    yield opened
    opened.close()


def _wal_start(db: Database) -> str:
    with db.reader() as conn:
        return str(conn.execute(text("SELECT pg_current_wal_insert_lsn()::text")).scalar_one())


def _mixed_rows(db: Database) -> list[tuple[str, bytes]]:
    with db.reader() as conn:
        rows = conn.execute(text("SELECT id, ciphertext FROM mixed_answers")).all()
    return [(r[0], bytes(r[1])) for r in rows]


def _waldump_xids(db: Database, dumped: str, table: str) -> set[str]:
    with db.reader() as conn:
        node = conn.execute(text(f"SELECT pg_relation_filenode('{table}')")).scalar_one()
    pattern = re.compile(r"tx:\s*(\d+),.*rel \d+/\d+/" + str(node) + r"\b")
    return {m.group(1) for line in dumped.splitlines() if (m := pattern.search(line))}


def _try_to_link(
    store: Store, blobs: dict[bytes, list[bytes]], *, with_mixing: bool
) -> dict[int, int]:
    """Author index -> how many blobs the insider could open and pin on them."""
    held = ciphers_held(store.db, store.vault, store.mixing if with_mixing else None)
    linked: dict[int, int] = {}
    for blob, ads in blobs.items():
        plaintext = opens(blob, held, ads)
        if plaintext is not None and b'"a"' in plaintext:  # an open round's sealed answer
            linked[len(linked)] = 1
    return linked


def test_an_insider_links_no_answer_before_or_after_the_close(
    store: Store, database_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    db = store.db
    for i in range(PEOPLE):
        store.roster.upsert(platform="slack", workspace="T1", user_id=_person(i).user_id)
    round_ = store.rounds.create(period="2026-05", recall=Recall.TWELVE_MONTHS)
    start = _wal_start(db) if db.is_postgres else ""
    staff_before = row_versions(db, "staff", "id") if db.is_postgres else {}
    for i in range(PEOPLE):
        submit(store, person=_person(i), round_id=round_.id, raw=_answers(i), remember=i % 2 == 0)

    # -- while open ---------------------------------------------------------------------
    mixed = _mixed_rows(db)
    assert len(mixed) == PEOPLE
    mix_ad = {
        blob: [f"mixed_answers|{rid}|{key_id_of(round_.id)}|1".encode()] for rid, blob in mixed
    }
    backup = copy_sqlite_files(database_url, tmp_path / "backup") if not db.is_postgres else b""
    if db.is_postgres:
        # No staff row was touched by a submission, although half asked to be remembered.
        assert row_versions(db, "staff", "id") == staff_before
        # The backup and the WAL both hold the submission pairs (token, mixed blob) ...
        raw_wal, _ = postgres_wal(db, start)
        # A record that crosses a WAL page boundary is split by the page header, so a
        # few blobs may not appear verbatim; most must, or the reading proves nothing.
        assert len(blobs_in(raw_wal, set(mix_ad))) >= len(mix_ad) - 2
    else:
        assert blobs_in(backup, set(mix_ad)) == set(mix_ad)
    with db.reader() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM staff WHERE profile_ciphertext IS NOT NULL")
            ).scalar()
            == 0
        )
    # ... but no key the report path holds opens one of them.
    assert _try_to_link(store, mix_ad, with_mixing=False) == {}
    # The mixing key does (so the test could see a link if there were one).
    assert len(_try_to_link(store, mix_ad, with_mixing=True)) == PEOPLE

    # -- after the close ----------------------------------------------------------------
    assert close_round(store, round_id=round_.id) == PEOPLE
    assert not list((tmp_path / "mixing-custodian").glob("round-*"))
    evidence = dict(mix_ad)
    if db.is_postgres:
        raw_wal, dumped = postgres_wal(db, start)
        assert blobs_in(raw_wal, set(mix_ad)) == set(mix_ad)  # the WAL kept them ...
        assert "mixed_answers" not in dumped  # (pg_waldump names relations by number)
    else:
        # secure_delete zeroed the mixed rows' pages and the WAL was truncated: a file
        # copy taken now holds none of them (the earlier copy does, under no key left).
        after = copy_sqlite_files(database_url, tmp_path / "after")
        assert blobs_in(after, set(mix_ad)) == set()
    assert _try_to_link(store, evidence, with_mixing=True) == {}  # ... under no key left

    # The stored answers open with the report key, but carry nothing of their writer.
    payloads, _ = store.responses.load_payloads([round_.id])
    assert sorted(_author(p) for p in payloads) == list(range(PEOPLE))
    if db.is_postgres:
        responses = set(row_versions(db, "responses", "id").values())
        participation = set(row_versions(db, "participation", "token").values())
        remembered = {
            x for sid, x in row_versions(db, "staff", "id").items() if staff_before[sid] != x
        }
        # (a) No transaction that wrote responses touched a participation or staff row ...
        assert responses and participation and remembered
        assert responses.isdisjoint(participation | remembered)
        # ... nor, says pg_waldump, a mixed or buffered row: every record on `responses`
        # came from the close's response batches, which wrote nothing else of a person.
        assert _waldump_xids(db, dumped, "responses") == responses
        for table in ("participation", "staff", "mixed_answers", "response_buffer"):
            assert _waldump_xids(db, dumped, table).isdisjoint(responses), table
    with store.db.reader() as conn:
        assert (
            conn.execute(
                text("SELECT count(*) FROM staff WHERE profile_ciphertext IS NOT NULL")
            ).scalar()
            == PEOPLE // 2
        )
    for blob in sealed_blobs(db):
        assert blob not in mix_ad
    # Logs at DEBUG name nobody.
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for i in range(PEOPLE):
        assert _person(i).user_id not in logged


class BatchesSeen(list[float]):
    """The close's `timings`, and after each of its transactions the responses it added:
    what an insider reading the WAL sees as one transaction's rows."""

    def __init__(self, db: Database, round_id: str) -> None:
        super().__init__()
        self.db, self.round_id = db, round_id
        self.seen: set[str] = set()
        self.batches: list[set[str]] = []

    def append(self, value: float) -> None:
        super().append(value)
        with self.db.reader() as conn:
            ids = set(
                conn.execute(
                    text("SELECT id FROM responses WHERE round_id = :r"), {"r": self.round_id}
                ).scalars()
            )
        if ids - self.seen:
            self.batches.append(ids - self.seen)
        self.seen = ids


def test_which_answers_share_a_response_batch_does_not_depend_on_arrival(
    store: Store,
) -> None:
    """(b) The first 200 to answer say one thing, the last 200 another. Batches in
    arrival order would hold one kind each; slices of one shuffle of the whole round
    hold both (a batch of 50 of one kind: probability 2 * C(200,50)/C(400,50) < 1e-10)."""
    db, people, batch = store.db, 400, 50
    round_ = store.rounds.create(period="2026-06", recall=Recall.TWELVE_MONTHS)
    early, late = b"E" * 16, b"L" * 16
    for i in range(people):
        payload = early if i < people // 2 else late
        store.submissions.record(round_id=round_.id, token=i.to_bytes(32, "big"), payload=payload)
    seen = BatchesSeen(db, round_.id)
    assert store.rounds.close(round_.id, batch_size=batch, timings=seen) == people
    assert [len(b) for b in seen.batches] == [batch] * (people // batch)
    held = ciphers_held(db, store.vault, None)
    with db.reader() as conn:
        rows = dict(
            conn.execute(
                text("SELECT id, ciphertext FROM responses WHERE round_id = :r"), {"r": round_.id}
            ).all()
        )
    kind = {}
    for rid, blob in rows.items():
        ad = f"responses|{rid}|{round_.key_id}|1".encode()
        plaintext = opens(bytes(blob), held, [ad])
        assert plaintext is not None
        kind[rid] = plaintext[:16]
    assert sorted(kind.values()) == [early] * (people // 2) + [late] * (people // 2)
    for ids in seen.batches:
        assert {kind[rid] for rid in ids} == {early, late}
    if db.is_postgres:
        # The same batches as the insider sees them: responses grouped by xmin.
        by_xmin: dict[str, set[str]] = {}
        for rid, xmin in row_versions(db, "responses", "id").items():
            by_xmin.setdefault(xmin, set()).add(rid)
        assert sorted(map(sorted, by_xmin.values())) == sorted(map(sorted, seen.batches))
        participation = set(row_versions(db, "participation", "token").values())
        assert participation.isdisjoint(by_xmin)
