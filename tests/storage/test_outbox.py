"""The outbox, the replay guard and the roster sync, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from storage.db import Database
from storage.repositories.outbox import NewMessage
from storage.store import Store
from storage.vault import Vault
from surveys.questions import Recall

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def _staff(store: Store, count: int) -> list[str]:
    return [
        store.roster.upsert(
            platform="slack", workspace="T1", user_id=f"U{n}", delivery={"user": f"U{n}"}
        ).id
        for n in range(count)
    ]


def _messages(staff: list[str], round_id: str) -> list[NewMessage]:
    return [
        NewMessage(
            idempotency_key=f"invite:{round_id}:{sid}",
            platform="slack",
            workspace="T1",
            staff_id=sid,
            kind="invitation",
            payload={"round_id": round_id, "period": "2026-06", "closes_at": None},
            round_id=round_id,
        )
        for sid in staff
    ]


def _store(database: Database, vault: Vault) -> Store:
    return Store(database, vault)


def test_enqueue_ignores_duplicates_and_claim_takes_due_rows_once(
    database: Database, vault: Vault
) -> None:
    store = _store(database, vault)
    round_ = store.rounds.create(period="2026-06", recall=Recall.THREE_MONTHS)
    staff = _staff(store, 5)
    assert store.outbox.enqueue(_messages(staff, round_.id), now=NOW) == 5
    assert store.outbox.enqueue(_messages(staff, round_.id), now=NOW) == 0
    assert store.outbox.claim(now=NOW, limit=10, platforms=["teams"]) == []
    first = store.outbox.claim(now=NOW, limit=3, platforms=["slack"])
    second = store.outbox.claim(now=NOW, limit=10, platforms=["slack"])
    assert len(first) == 3 and len(second) == 2
    assert {i.id for i in first}.isdisjoint(i.id for i in second)
    assert first[0].address == {"user": "U0"} and first[0].payload["round_id"] == round_.id
    assert store.outbox.claim(now=NOW, limit=10, platforms=["slack"]) == []
    stats = store.outbox.stats(round_.id)
    assert (stats.invited, stats.pending) == (5, 5)  # "sending" counts as not yet sent


def test_sent_retry_failed_and_restart(database: Database, vault: Vault) -> None:
    store = _store(database, vault)
    round_ = store.rounds.create(period="2026-06", recall=Recall.THREE_MONTHS)
    staff = _staff(store, 4)
    store.outbox.enqueue(_messages(staff, round_.id), now=NOW)
    a, b, c, d = store.outbox.claim(now=NOW, limit=4, platforms=["slack"])
    store.outbox.mark_sent(a.id, {"channel": "D1", "ts": "1.0"})
    store.outbox.mark_retry(b.id, at=NOW + timedelta(seconds=30), error="http_503")
    store.outbox.mark_retry(c.id, at=NOW + timedelta(seconds=5), error="ratelimited", counts=False)
    store.outbox.mark_failed(d.id, "user_not_found")
    assert store.outbox.claim(now=NOW, limit=10, platforms=["slack"]) == []
    assert store.outbox.next_due(["slack"]) == NOW + timedelta(seconds=5)
    later = store.outbox.claim(now=NOW + timedelta(minutes=1), limit=10, platforms=["slack"])
    assert sorted((i.id, i.attempts) for i in later) == [(b.id, 1), (c.id, 0)]
    # A crash now: both are "sending"; the next worker's start-up puts them back.
    assert store.outbox.reset_in_flight() == 2
    assert (
        len(store.outbox.claim(now=NOW + timedelta(minutes=1), limit=10, platforms=["slack"])) == 2
    )
    stats = store.outbox.stats(round_.id)
    assert (stats.sent, stats.failed, stats.failure_reasons) == (1, 1, {"user_not_found": 1})
    assert store.outbox.reference_for(round_.id, staff[0]) == {"channel": "D1", "ts": "1.0"}
    assert store.outbox.reference_for(round_.id, staff[1]) is None


def test_forgetting_a_person_deletes_their_messages(database: Database, vault: Vault) -> None:
    store = _store(database, vault)
    round_ = store.rounds.create(period="2026-06", recall=Recall.THREE_MONTHS)
    staff = _staff(store, 2)
    store.outbox.enqueue(_messages(staff, round_.id), now=NOW)
    assert store.roster.forget_me(platform="slack", workspace="T1", user_id="U0")
    left = store.outbox.claim(now=NOW, limit=10, platforms=["slack"])
    assert [i.address for i in left] == [{"user": "U1"}]


def test_concurrent_claimers_never_share_a_row(database: Database, vault: Vault) -> None:
    store = _store(database, vault)
    round_ = store.rounds.create(period="2026-06", recall=Recall.THREE_MONTHS)
    staff = _staff(store, 400)
    store.outbox.enqueue(_messages(staff, round_.id), now=NOW)
    taken: list[list[int]] = [[] for _ in range(6)]
    start = threading.Barrier(6)

    def claimer(slot: int) -> None:
        start.wait()
        while batch := store.outbox.claim(now=NOW, limit=25, platforms=["slack"]):
            taken[slot].extend(i.id for i in batch)

    threads = [threading.Thread(target=claimer, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    every = [row for rows in taken for row in rows]
    assert len(every) == len(set(every)) == 400
    assert sum(1 for rows in taken if rows) > 1 or database.dialect_name == "sqlite"


def test_replay_guard_accepts_a_signature_once_inside_the_window(
    database: Database, vault: Vault
) -> None:
    guard = _store(database, vault).replay_guard
    now = 1_780_000_000
    assert guard.first_sighting("v0=abc", now - 10, now)
    assert not guard.first_sighting("v0=abc", now - 10, now + 60)
    assert guard.first_sighting("v0=abc", now - 9, now)  # another timestamp, another request
    assert not guard.first_sighting("v0=old", now - 301, now)  # outside the window
    # After the window the row is pruned; the old timestamp would fail verification anyway.
    assert guard.first_sighting("v0=new", now + 400, now + 400)
    with database.session() as session:
        left = session.execute(text("SELECT count(*) FROM seen_requests")).scalar_one()
    assert left == 1


def test_roster_sync_adds_reactivates_and_deactivates(database: Database, vault: Vault) -> None:
    store = _store(database, vault)
    store.roster.upsert(
        platform="slack", workspace="T1", user_id="U1", delivery={"user": "U1", "channel": "D1"}
    )
    store.roster.upsert(platform="slack", workspace="T1", user_id="U2", delivery={"user": "U2"})
    summary = store.roster.sync(
        platform="slack",
        workspace="T1",
        members={"U1": {"user": "U1", "team": "T1"}, "U3": {"user": "U3", "team": "T1"}},
    )
    assert (summary.present, summary.added, summary.deactivated) == (2, 1, 1)
    kept = store.roster.find(platform="slack", workspace="T1", user_id="U1")
    assert kept is not None and kept.delivery == {"user": "U1", "channel": "D1", "team": "T1"}
    gone = store.roster.find(platform="slack", workspace="T1", user_id="U2")
    assert gone is not None and not gone.active
    assert len(store.roster.audience()) == 2
