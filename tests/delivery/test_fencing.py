"""Leader epoch fencing: a stale leader's claims and marks are refused by the database,
and its worker sends nothing once a newer leader has taken over.

Delivery stays at-least-once: the only rows that can be sent twice are the stale
leader's sends in flight when the new leader took over (bounded by its send concurrency;
see handlers.delivery.fence). Here the stale worker had none in flight, so it sends 0.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text

from bot.background.leader import Leadership
from handlers.delivery.fence import LAST_LOOK, last_look
from handlers.delivery.pacing import Pacing, PlatformPacing
from handlers.delivery.worker import DeliveryWorker
from handlers.messages import PulseInvitation
from handlers.ports import Delivered
from standins.recording_port import RecordingPort
from storage.db import Database
from storage.leader_epoch import StaleEpoch, take_epoch
from storage.store import Store
from storage.vault import Vault
from tests.delivery.conftest import queue_invitations, run_until

FAST = Pacing({"slack": PlatformPacing(conversation_per_second=100.0, workspace_per_second=500.0)})


def _later() -> datetime:
    # Read at each use: a module-level instant is minutes stale by the time a full run gets here.
    return datetime.now(UTC) + timedelta(minutes=1)


def _epoch(db: Database) -> int:
    with db.session() as session:
        return take_epoch(session)


def test_an_older_epoch_cannot_claim_or_mark(store: Store) -> None:
    queue_invitations(store, 10)
    old = _epoch(store.db)
    claimed = store.outbox.claim(now=_later(), limit=4, platforms=["slack"], epoch=old)
    assert len(claimed) == 4
    new = _epoch(store.db)  # another replica takes over
    with pytest.raises(StaleEpoch):
        store.outbox.claim(now=_later(), limit=10, platforms=["slack"], epoch=old)
    with pytest.raises(StaleEpoch):
        store.outbox.mark_sent_many([(claimed[0].id, {"ts": "1"})], epoch=old)
    with pytest.raises(StaleEpoch):
        store.outbox.mark_failed(claimed[1].id, "x", epoch=old)
    with pytest.raises(StaleEpoch):
        store.outbox.confirm_epoch(old)
    # The refused claim took nothing: the new leader resets the old claims and gets all.
    assert store.outbox.reset_in_flight(epoch=new) == 4
    assert len(store.outbox.claim(now=_later(), limit=20, platforms=["slack"], epoch=new)) == 10


async def test_a_stale_leader_sends_nothing_after_a_takeover(
    postgres_database: Database, vault: Vault
) -> None:
    """Two leaders in turn on one PostgreSQL database, each with its own connections."""
    url = postgres_database.engine.url.render_as_string(hide_password=False)
    other = Database.connect(url)
    first_store, second_store = Store(postgres_database, vault), Store(other, vault)
    first, second = Leadership(postgres_database), Leadership(other)
    try:
        queue_invitations(first_store, 200)
        assert first.try_acquire() and not second.try_acquire()
        stale_port, new_port = RecordingPort(), RecordingPort()
        stale = DeliveryWorker(first_store, {"slack": stale_port}, FAST, epoch=first.epoch)
        # The first leader claims a batch, then hangs (as if SIGSTOPped) before sending.
        held = first_store.outbox.claim(
            now=_later(), limit=50, platforms=["slack"], epoch=first.epoch
        )
        assert len(held) == 50
        with other.engine.connect() as admin:  # its lock's session dies; the lock is freed
            admin.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_locks "
                    "WHERE locktype = 'advisory' AND granted AND database = "
                    "(SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            )
        # pg_terminate_backend only signals: the lock goes when that backend has exited.
        deadline = time.monotonic() + 5
        while not second.try_acquire():
            assert time.monotonic() < deadline, "nobody took over"
            await asyncio.sleep(0.05)
        assert second.epoch == (first.epoch or 0) + 1
        new = DeliveryWorker(second_store, {"slack": new_port}, FAST, epoch=second.epoch)
        await run_until(new, lambda: len(new_port.sent) >= 200, timeout=30)
        # The first leader wakes up: every claim, mark and send of its epoch is refused.
        assert await stale.drain_once() == 0
        assert stale.fenced_out
        await stale.run(asyncio.Event())  # returns at once: fenced out
        assert stale_port.sent == []
        assert new_port.duplicates() == {}
        assert first_store.outbox.stats(held[0].payload["round_id"]).sent == 200
        print(f"\nstale leader sent {len(stale_port.sent)}; duplicates bound = sends in flight")
    finally:
        first.release()
        second.release()
        other.close()


@dataclass
class PausedInsidePort(RecordingPort):
    """Stops after the worker's check and before its request, as a SIGSTOP landing while
    the port opens the DM would; `meanwhile` is what happens elsewhere during the stop."""

    pause: float = LAST_LOOK + 0.3
    meanwhile: Callable[[], object] = lambda: None
    stops: int = 1  # how many sends are stopped (the first ones)

    async def send_invitation(
        self, address: Mapping[str, Any], message: PulseInvitation, *, idempotency_key: str
    ) -> Delivered:
        if self.stops > 0:
            self.stops -= 1
            await asyncio.sleep(self.pause)  # the monotonic clock runs on, as in a stop
            self.meanwhile()
        last_look()  # what SlackPort and TeamsPort do just before their request
        return await super().send_invitation(address, message, idempotency_key=idempotency_key)


async def test_a_leader_stopped_inside_a_send_sends_nothing_after_a_takeover(
    store: Store,
) -> None:
    queue_invitations(store, 1)
    port = PausedInsidePort(meanwhile=lambda: _epoch(store.db))  # a new leader takes over
    stale = DeliveryWorker(store, {"slack": port}, FAST, epoch=_epoch(store.db))
    await stale.drain_once()
    assert port.sent == [] and stale.fenced_out
    print(f"\nstopped {port.pause:.1f} s inside a send: sent {len(port.sent)} after waking")


async def test_a_stall_inside_a_send_without_a_takeover_still_sends_once(store: Store) -> None:
    queue_invitations(store, 1)
    port = PausedInsidePort()
    worker = DeliveryWorker(store, {"slack": port}, FAST, epoch=_epoch(store.db))
    await worker.drain_once()
    assert len(port.sent) == 1 and not worker.fenced_out


async def test_a_port_that_stalls_every_time_fails_the_row_for_later(store: Store) -> None:
    round_id = queue_invitations(store, 1)
    port = PausedInsidePort(stops=2)
    worker = DeliveryWorker(store, {"slack": port}, FAST, epoch=_epoch(store.db))
    await worker.drain_once()
    assert port.sent == [] and not worker.fenced_out
    stats = store.outbox.stats(round_id)  # waiting for its retry, not lost or failed
    assert (stats.pending, stats.sent, stats.failed) == (1, 0, 0)
