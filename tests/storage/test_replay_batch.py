"""The replay guard asked about many requests at once (handlers.store_calls batches the
requests that arrive together): each is accepted once, in the batch or across batches."""

from __future__ import annotations

from storage.db import Database
from storage.replay_guard import ReplayGuard


def test_a_batch_accepts_each_signed_request_once(database: Database) -> None:
    guard = ReplayGuard(database)
    now = 1_800_000_000
    assert guard.first_sighting("v0=seen", now - 5, now)
    batch = [
        ("v0=a", now - 1, now),
        ("v0=seen", now - 5, now),  # a replay of an earlier batch's request
        ("v0=a", now - 1, now),  # a replay inside this very batch
        ("v0=b", now - 400, now),  # outside the window
        ("v0=a", now - 2, now),  # another timestamp: another request
    ]
    assert guard.first_sightings(batch) == [True, False, False, False, True]
    assert guard.first_sightings([("v0=old", now - 301, now)]) == [False]
