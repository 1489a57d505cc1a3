"""The delivery worker: drains the outbox through the chat ports, within each platform's
limits, and survives crashes.

Each row is claimed ("sending"), sent, then marked sent in its own transaction. A crash
between the send and the mark leaves the row "sending"; the next worker's start-up returns
it to pending, so it is sent again: at most the messages in flight are duplicated, none
is lost. Logs name rows by id and failures by reason, never a person or an address.

Under `serve` the worker carries its leader's epoch: claims and marks are fenced in the
database and each send is preceded by a fence check (handlers.delivery.fence), so once a
newer leader takes over this worker stops; duplicates are bounded by the sends in flight.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Mapping
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from handlers.availability import store_unavailable
from handlers.delivery.fence import DEFAULT_MAX_AGE, EpochFence, Unconfirmed
from handlers.delivery.marks import RunBlocking, SentMarks
from handlers.delivery.pacing import Pacer, Pacing
from handlers.delivery.retry import Clock, RetryPolicy, SystemClock
from handlers.messages import PulseInvitation
from handlers.metrics import MESSAGES_FAILED, MESSAGES_RETRIED, MESSAGES_SENT, RATE_LIMITED
from handlers.ports import ChatPort, Delivered, DeliveryFailed
from storage.leader_epoch import StaleEpoch
from storage.repositories.outbox import OutboxItem
from storage.store import Store

STALLED_BEFORE_SENDING = "stalled before sending; nothing was sent"
log = logging.getLogger("bigconv.delivery")
PRUNE_SECONDS = 30.0


def invitation_of(item: OutboxItem) -> PulseInvitation:
    payload = item.payload
    closes = payload.get("closes_at")
    return PulseInvitation(
        round_id=str(payload["round_id"]),
        period=str(payload["period"]),
        closes_at=datetime.fromisoformat(closes) if closes else None,
        reminder=item.kind == "reminder",
    )


def _expired(item: OutboxItem, now: datetime) -> bool:
    # Invitations expire when the round closes; reminders when their send window ends.
    expires = item.payload.get("expires_at")
    return bool(expires) and datetime.fromisoformat(str(expires)) <= now


class DeliveryWorker:
    def __init__(
        self,
        store: Store,
        ports: Mapping[str, ChatPort],
        pacing: Pacing,
        clock: Clock | None = None,
        *,
        concurrency: int = 64,
        batch: int = 256,
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 - frozen, shared safely
        idle_seconds: float = 1.0,
        rng: random.Random | None = None,
        calls: RunBlocking | None = None,
        epoch: int | None = None,
        fence_seconds: float = DEFAULT_MAX_AGE,
    ) -> None:
        """`calls`: how blocking store work is run; pass the adapter's StoreCalls, so on
        SQLite the worker and the request handlers share one writer thread instead of
        queueing for the write lock in its busy handler. `epoch`: the leader epoch that
        fences this worker (None: unfenced, outside `serve`)."""
        self._store, self._ports = store, dict(ports)
        self._clock = clock or SystemClock()
        self._pacer = Pacer(pacing, self._clock.monotonic)
        self._sends = asyncio.Semaphore(concurrency)
        self._batch, self._retry, self._idle = batch, retry, idle_seconds
        self._rng = rng or random.Random()
        self._pruned_at = self._clock.monotonic()
        self._run: RunBlocking = calls or asyncio.to_thread
        self._epoch = epoch
        self._marks = SentMarks(partial(store.outbox.mark_sent_many, epoch=epoch), self._run)
        self._fence = EpochFence(
            epoch,
            store.outbox.confirm_epoch,
            self._run,
            self._clock.monotonic,
            max_age=fence_seconds,
        )

    @property
    def fenced_out(self) -> bool:
        """True once a newer leader's epoch refused this worker (it has stopped)."""
        return self._fence.stale is not None

    async def run(self, stop_event: asyncio.Event) -> None:
        """Deliver until `stop_event` is set (or a newer leader fences this worker out);
        rows in flight then are finished first."""
        try:
            reset = await self._run(self._store.outbox.reset_in_flight, epoch=self._epoch)
        except StaleEpoch as exc:
            self._fence.lose(exc)
            return
        if reset:
            log.warning("%d messages were in flight when the last worker stopped; resending", reset)
        in_flight: set[asyncio.Task[None]] = set()
        try:
            while not stop_event.is_set() and not self.fenced_out:
                in_flight = await self._step(stop_event, in_flight)
        except asyncio.CancelledError:
            # Cancelled (shutdown without grace): the sends go with it. Their rows stay
            # "sending" and the next start resends them; at most these can repeat.
            for task in in_flight:
                task.cancel()
            raise
        if in_flight:
            await asyncio.wait(in_flight)

    async def _step(
        self, stop_event: asyncio.Event, in_flight: set[asyncio.Task[None]]
    ) -> set[asyncio.Task[None]]:
        """Top up the rows in flight, then wait for one to finish (or for work to appear)."""
        room = self._batch - len(in_flight)
        claimed = await self._claim(room) if room > self._batch // 2 else []
        in_flight = in_flight | {asyncio.create_task(self._deliver(item)) for item in claimed}
        if in_flight:
            _, in_flight = await asyncio.wait(
                in_flight, timeout=self._idle, return_when=asyncio.FIRST_COMPLETED
            )
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop_event.wait(), await self._idle_wait())
        if self._clock.monotonic() - self._pruned_at > PRUNE_SECONDS:
            self._pacer.prune()
            self._pruned_at = self._clock.monotonic()
        return in_flight

    async def drain_once(self) -> int:
        """Claim one batch of due rows and deliver all of them; returns how many."""
        claimed = await self._claim(self._batch)
        await asyncio.gather(*(self._deliver(item) for item in claimed))
        return len(claimed)

    async def _claim(self, limit: int) -> list[OutboxItem]:
        """Claim due rows under this worker's epoch: none once a newer leader leads."""
        if self.fenced_out:
            return []
        started = self._clock.monotonic()
        try:
            claimed = await self._run(
                self._store.outbox.claim,
                now=self._clock.now(),
                limit=limit,
                platforms=sorted(self._ports),
                epoch=self._epoch,
            )
        except StaleEpoch as exc:
            self._fence.lose(exc)
            return []
        self._fence.confirmed(started)
        return claimed

    async def _idle_wait(self) -> float:
        due = await self._run(self._store.outbox.next_due, sorted(self._ports))
        if due is None:
            return self._idle
        return min(self._idle, max(0.0, (due - self._clock.now()).total_seconds()))

    async def _deliver(self, item: OutboxItem) -> None:
        try:
            await self._attempt(item)
        except StaleEpoch as exc:
            # A newer leader owns the row now and resends it: nothing more to do here.
            self._fence.lose(exc)
        except Exception as exc:
            # A storage failure while marking: the row stays "sending" and is retried after
            # the next start-up. Logged without the row's contents.
            if store_unavailable(exc):  # an outage: one line per row, not a traceback
                log.warning("outbox row %d: the database is unreachable, resent later", item.id)
            else:
                log.exception("delivery of outbox row %d could not be recorded", item.id)

    async def _send_fenced(
        self, port: ChatPort, item: OutboxItem, address: Mapping[str, Any]
    ) -> Delivered:
        """Send once this epoch is confirmed to lead. The port takes a last look just before
        its request; a send stopped in between is confirmed again and tried once more, and
        a port that stalls twice is a failure retried later (never a send on an old check)."""
        for _ in range(2):
            await self._fence.confirm()  # raises StaleEpoch: nothing sent
            try:
                with self._fence.sending():
                    return await port.send_invitation(
                        address, invitation_of(item), idempotency_key=item.idempotency_key
                    )
            except Unconfirmed:
                continue
        raise DeliveryFailed(STALLED_BEFORE_SENDING)

    async def _attempt(self, item: OutboxItem) -> None:
        outbox, platform, epoch = self._store.outbox, item.platform, self._epoch
        if _expired(item, self._clock.now()):
            await self._run(outbox.mark_failed, item.id, "expired before it was sent", epoch=epoch)
            MESSAGES_FAILED.inc(platform=platform)
            return
        if not item.address:
            await self._run(outbox.mark_failed, item.id, "no delivery address", epoch=epoch)
            MESSAGES_FAILED.inc(platform=platform)
            return
        port = self._ports[platform]
        conversation = port.conversation_of(item.address)
        await self._pacer.acquire(platform, item.workspace, conversation)
        try:
            async with self._sends:
                delivered = await self._send_fenced(port, item, item.address)
        except StaleEpoch:
            raise
        except DeliveryFailed as failure:
            await self._failed(item, conversation, failure)
            return
        except Exception as exc:  # a bug or an unexpected error in an adapter: retry later
            await self._failed(item, conversation, DeliveryFailed(type(exc).__name__))
            return
        await self._marks.mark(item.id, dict(delivered.reference))
        MESSAGES_SENT.inc(platform=platform)

    async def _failed(self, item: OutboxItem, conversation: str, failure: DeliveryFailed) -> None:
        outbox, platform, now = self._store.outbox, item.platform, self._clock.now()
        fenced = partial(outbox.mark_retry, epoch=self._epoch)
        if failure.retry_after is not None:
            # The platform said when: everyone in that workspace waits, and this row does
            # not lose an attempt for it.
            self._pacer.block(platform, item.workspace, conversation, failure.retry_after)
            at = now + timedelta(seconds=failure.retry_after)
            await self._run(fenced, item.id, at=at, error=failure.reason, counts=False)
            RATE_LIMITED.inc(platform=platform)
            return
        attempt = item.attempts + 1
        if failure.permanent or attempt >= self._retry.max_attempts:
            reason = failure.reason if failure.permanent else f"gave up: {failure.reason}"
            await self._run(outbox.mark_failed, item.id, reason, epoch=self._epoch)
            MESSAGES_FAILED.inc(platform=platform)
            log.info("outbox row %d failed: %s", item.id, reason)
            return
        at = now + timedelta(seconds=self._retry.backoff(attempt, self._rng))
        await self._run(fenced, item.id, at=at, error=failure.reason)
        MESSAGES_RETRIED.inc(platform=platform)
