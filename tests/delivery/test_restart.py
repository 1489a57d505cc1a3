"""A worker killed in the middle of a fan-out: the next one finishes it, and only the
messages that were in flight can arrive twice."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text

from handlers.delivery.pacing import Pacing, PlatformPacing
from handlers.delivery.worker import DeliveryWorker
from standins.recording_port import RecordingPort
from storage.store import Store
from tests.delivery.conftest import queue_invitations, run_until

ROWS = 2000
CONCURRENCY = 16
PACING = Pacing({"slack": PlatformPacing(conversation_per_second=1.0, workspace_per_second=800.0)})


def _statuses(store: Store) -> dict[str, int]:
    with store.db.session() as session:
        rows = session.execute(text("SELECT status, count(*) FROM outbox GROUP BY status"))
        return {str(status): int(n) for status, n in rows}


async def test_a_crash_mid_fan_out_loses_nothing_and_duplicates_only_in_flight(
    store: Store,
) -> None:
    round_id = queue_invitations(store, ROWS)
    port = RecordingPort(latency=0.004)
    first = DeliveryWorker(store, {"slack": port}, PACING, concurrency=CONCURRENCY, batch=64)
    crashed = asyncio.create_task(first.run(asyncio.Event()))
    started = time.monotonic()
    while len(port.sent) < ROWS * 0.4:
        assert time.monotonic() - started < 60, "the first worker stalled"
        await asyncio.sleep(0.005)
    crashed.cancel()  # the process dies: no clean shutdown, sends cut off mid-flight
    await asyncio.gather(crashed, return_exceptions=True)
    await asyncio.sleep(0.2)  # let threads the dead worker started finish, as a dying OS would
    at_crash = len(port.sent)
    left_in_flight = _statuses(store).get("sending", 0)

    second = DeliveryWorker(store, {"slack": port}, PACING, concurrency=CONCURRENCY, batch=64)
    await run_until(second, lambda: store.outbox.stats(round_id).sent == ROWS)

    sent_keys = {s.key for s in port.sent}
    duplicates = port.duplicates()
    print(
        f"\ncrash after {at_crash} of {ROWS} sends; {left_in_flight} rows left 'sending'; "
        f"after restart {len(sent_keys)} distinct delivered, {len(port.sent)} sends, "
        f"{sum(n - 1 for n in duplicates.values())} duplicate(s): {sorted(duplicates)}"
    )
    assert len(sent_keys) == ROWS  # nobody missed
    assert _statuses(store) == {"sent": ROWS}
    # Only a message the dead worker had sent but not yet marked "sent" can repeat: its
    # row is among those left "sending" (sends in flight, and marks still queued for a
    # database thread when the process died). Each repeats once at most.
    assert all(n == 2 for n in duplicates.values())
    assert len(duplicates) <= left_in_flight
