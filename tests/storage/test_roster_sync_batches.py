"""The roster sync commits in small batches: submissions made while a 10,000-staff sync
runs are not held behind it (p99 under 1 s), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

from storage.db import Database
from storage.store import Store
from storage.vault import Vault
from surveys.questions import Recall
from surveys.response import PulseAnswers

STAFF = 10_000


def test_submissions_during_a_big_sync_stay_fast(database: Database, vault: Vault) -> None:
    store = Store(database, vault)
    round_ = store.rounds.create(period="2026-06", recall=Recall.TWELVE_MONTHS)
    payload = PulseAnswers(ethnicity="01", staff_group=None, answers={"q14a": 1}).to_payload()
    members = {f"U{n:06d}": {"user": f"U{n:06d}"} for n in range(STAFF)}
    syncing = threading.Thread(
        target=lambda: store.roster.sync(platform="slack", workspace="T1", members=members)
    )
    took: list[float] = []
    syncing.start()
    n = 0
    while syncing.is_alive() or n < 20:  # at about 50/s for as long as the sync runs
        started = time.perf_counter()
        store.submissions.record(round_id=round_.id, token=n.to_bytes(32, "big"), payload=payload)
        took.append(time.perf_counter() - started)
        n += 1
        time.sleep(max(0.0, 0.02 - took[-1]))
    syncing.join()
    took.sort()
    p99 = took[min(len(took) - 1, int(len(took) * 0.99))]
    print(f"\n{len(took)} submissions during a {STAFF}-staff sync: p99 {p99 * 1000:.0f} ms")
    # The aim is 1 s (printed above); the bound asserted is 2 s because with a few dozen
    # samples p99 is the single slowest one, and the old single transaction held 2-15 s.
    assert p99 < 2.0
    assert len(store.roster.audience(platform="slack", workspace="T1")) == STAFF
    assert store.submissions.waiting(round_.id) == len(took)
