"""A store with a queued fan-out, and a way to run a worker until a condition holds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from handlers.delivery.worker import DeliveryWorker
from storage.db import Database
from storage.repositories.outbox import NewMessage
from storage.store import Store
from storage.vault import Vault
from surveys.questions import Recall


@pytest.fixture
def store(database: Database, vault: Vault) -> Iterator[Store]:
    yield Store(database, vault)


def queue_invitations(
    store: Store, count: int, *, channel: Callable[[int], str] | None = None, **payload: object
) -> str:
    """`count` people on the roster, one invitation each; returns the round id."""
    now = datetime.now(UTC)
    round_ = store.rounds.create(period="2026-06", recall=Recall.TWELVE_MONTHS)
    members = {
        f"U{n:05d}": {"user": f"U{n:05d}", **({"channel": channel(n)} if channel else {})}
        for n in range(count)
    }
    store.roster.sync(platform="slack", workspace="T1", members=members)
    messages = [
        NewMessage(
            idempotency_key=f"invite:{round_.id}:{entry.id}",
            platform="slack",
            workspace="T1",
            staff_id=entry.id,
            kind="invitation",
            payload={
                "round_id": round_.id,
                "period": "2026-06",
                "closes_at": (now + timedelta(days=14)).isoformat(),
                **payload,
            },
            round_id=round_.id,
        )
        for entry in store.roster.audience()
    ]
    store.outbox.enqueue(messages, now=now - timedelta(seconds=1))
    return round_.id


async def run_until(
    worker: DeliveryWorker, done: Callable[[], bool], *, timeout: float = 60.0
) -> float:
    """Run the worker until `done()` (checked every 20 ms); returns the seconds it took."""
    stop = asyncio.Event()
    started = time.monotonic()
    task = asyncio.create_task(worker.run(stop))
    try:
        while not done():
            if time.monotonic() - started > timeout:
                raise AssertionError("the worker did not finish in time")
            if task.done():
                task.result()
            await asyncio.sleep(0.02)
        return time.monotonic() - started
    finally:
        stop.set()
        await task
