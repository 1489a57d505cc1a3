"""Invitations from the outbox through the delivery worker and SlackPort to the stand-in:
everyone in the audience gets exactly one; 429 storms and 5xx delay but lose nothing."""

from __future__ import annotations

import asyncio
import time

from handlers.delivery import DeliveryWorker, Pacing, PlatformPacing, RetryPolicy
from standins.slack import SLACKBOT_ID
from tests.slack.conftest import STAFF_USER, Harness

FAST_RETRY = RetryPolicy(base_seconds=0.05, cap_seconds=0.2, max_attempts=8)
PACING = Pacing({"slack": PlatformPacing(conversation_per_second=1.0, workspace_per_second=200.0)})


async def deliver_all(h: Harness, round_id: str, *, timeout: float = 20.0) -> None:
    worker = DeliveryWorker(
        h.store, {"slack": h.runtime.port}, PACING, retry=FAST_RETRY, idle_seconds=0.05
    )
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            stats = await asyncio.to_thread(h.store.outbox.stats, round_id)
            if stats.pending == 0 and stats.sent + stats.failed == stats.invited:
                return
            await asyncio.sleep(0.05)
        raise AssertionError(f"delivery did not finish: {stats}")
    finally:
        stop.set()
        await task


async def test_every_active_human_gets_one_invitation_guests_included(harness: Harness) -> None:
    h = harness
    await h.sync()
    round_ = h.open_round()
    await deliver_all(h, round_.id)
    keys = h.slack.delivered_keys()
    assert len(keys) == 14 and set(keys.values()) == {1}
    reached = {m.channel for m in h.slack.messages}
    assert "DU0GUEST01" in reached and "DU0GUEST02" in reached
    assert not reached & {"DU0LEAVER1", "DU0OTHERBOT", f"D{SLACKBOT_ID}", "DU0BIGCONV"}
    await h.runtime.port.flush()  # DM ids are written to the roster in the background
    entry = h.store.roster.find(platform="slack", workspace="T0STANDIN", user_id=STAFF_USER)
    assert entry is not None and entry.delivery == {
        "user": STAFF_USER,
        "team": "T0STANDIN",
        "channel": f"D{STAFF_USER}",
    }


async def test_a_429_storm_and_5xx_errors_delay_delivery_but_lose_nothing(
    harness: Harness,
) -> None:
    h = harness
    await h.sync()
    round_ = h.open_round()
    h.slack.storm(every=2, duration=1.5, retry_after=1, methods=("chat.postMessage",))
    h.slack.inject("chat.postMessage", status=500, times=3)
    h.slack.inject("conversations.open", status=503, times=2)
    h.slack.inject("chat.postMessage", disconnect=True, times=1)
    await deliver_all(h, round_.id)
    stats = h.store.outbox.stats(round_.id)
    assert (stats.sent, stats.failed) == (14, 0)
    keys = h.slack.delivered_keys()
    assert len(keys) == 14
    assert h.slack.duplicate_messages() <= 1  # at most the one whose answer was lost
    refused = [c for c in h.slack.calls("chat.postMessage") if c.status in (0, 429, 500)]
    assert len(refused) >= 5


async def test_permanent_failures_are_recorded_not_retried(harness: Harness) -> None:
    h = harness
    await h.sync()
    round_ = h.open_round()
    h.slack.inject("conversations.open", error="user_not_found", where={"users": STAFF_USER})
    await deliver_all(h, round_.id)
    stats = h.store.outbox.stats(round_.id)
    assert (stats.sent, stats.failed) == (13, 1)
    assert stats.failure_reasons == {"user_not_found": 1}
    opens = [c for c in h.slack.calls("conversations.open") if c.params.get("users") == STAFF_USER]
    assert len(opens) == 1
