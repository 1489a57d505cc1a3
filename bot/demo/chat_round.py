"""One demo pulse round over a chat platform, the same on Slack and Teams: open the
round, let the delivery worker send every invitation, let the simulated staff answer
through the platform's protocol, close the round."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from bot.demo.population import Colleague
from bot.settings import Settings
from handlers.delivery import DeliveryWorker
from handlers.pulse_rounds import close_round, open_round
from storage.store import Store
from surveys.periods import Period


@dataclass(frozen=True, slots=True)
class RoundResult:
    period: str
    invited: int
    answered: int
    seconds: float


class SimulatedAnswers(Protocol):
    async def answer_round(
        self, round_id: str, trust: Sequence[Colleague], rng: random.Random
    ) -> int: ...


async def _delivered(store: Store, round_id: str, limit: float) -> int:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        stats = await asyncio.to_thread(store.outbox.stats, round_id)
        if stats.pending == 0:
            return stats.sent
        await asyncio.sleep(0.05)
    raise TimeoutError("the invitations were not all delivered in time")


async def run_round(
    store: Store,
    settings: Settings,
    staff: SimulatedAnswers,
    worker: DeliveryWorker,
    period: Period,
    trust: Sequence[Colleague],
    rng: random.Random,
    *,
    delivery_limit: float = 300.0,
) -> RoundResult:
    started = time.perf_counter()
    now = datetime.now(UTC).replace(microsecond=0)
    round_ = await asyncio.to_thread(
        open_round,
        store,
        period=period.label,
        recall=settings.privacy.recall,
        opens_at=now,
        closes_at=now + timedelta(days=14),
        now=now,
    )
    stop = asyncio.Event()  # the worker runs while the round's invitations go out
    delivering = asyncio.create_task(worker.run(stop))
    try:
        invited = await _delivered(store, round_.id, delivery_limit)
    finally:
        stop.set()
        await delivering
    answered = await staff.answer_round(round_.id, trust, rng)
    await asyncio.to_thread(close_round, store, round_id=round_.id)
    return RoundResult(period.label, invited, answered, time.perf_counter() - started)
