"""Releasing held replies to the chairs' queues: after a random delay, in shuffled batches.

A reply that showed up in the queue the moment it was sent would let anyone who sees
both the queue and who was busy with the bot at that moment (a tenant admin reading
chat records, a chair watching a colleague) guess who wrote it. So a new reply is held,
and the scheduler's minute job releases a prompt's held replies together:

- when it first sees a prompt with held replies, it draws a release time at random
  within the delay window (kept in memory only: nothing about it is written down);
- a reply arriving later pushes that time back to at least a fresh draw from its own
  arrival, so no reply reaches the queue sooner than the window's shortest delay...
- ...and at the release time the held replies go if at least `batch_size` are waiting,
  all in one transaction, in random order, each with a fresh random queue id;
- so that a lone reply, or a busy prompt, is not kept from the chair for ever, whatever
  is waiting goes once twice the window's longest delay has passed since the first of
  them was seen.

A restart forgets the drawn times, so replies wait a little longer, never less.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from storage.prompt_store import Prompts


@dataclass(frozen=True, slots=True)
class QueuePacing:
    """How replies reach the chair: at least `batch_size` at a time, after a delay drawn
    between `delay_minutes[0]` and `delay_minutes[1]`."""

    batch_size: int = 2
    delay_minutes: tuple[int, int] = (10, 40)

    def __post_init__(self) -> None:
        low, high = self.delay_minutes
        if self.batch_size < 1 or not 0 <= low <= high:
            raise ValueError("batch_size must be 1 or more and 0 <= delay min <= delay max")


@dataclass
class _Batch:
    due: datetime  # released from then on, if enough are waiting
    cap: datetime  # released then whatever is waiting
    waiting: int


@dataclass
class ReplyRelease:
    """The release times drawn so far, per prompt; one per process (the leader's)."""

    pacing: QueuePacing = field(default_factory=QueuePacing)
    rng: random.Random = field(default_factory=random.SystemRandom)
    _batches: dict[str, _Batch] = field(default_factory=dict)

    def _draw(self, now: datetime) -> datetime:
        low, high = self.pacing.delay_minutes
        return now + timedelta(seconds=self.rng.uniform(low * 60, high * 60))

    def _batch(self, prompt_id: str, waiting: int, now: datetime) -> _Batch:
        batch = self._batches.get(prompt_id)
        if batch is None:
            longest = timedelta(minutes=self.pacing.delay_minutes[1])
            batch = _Batch(self._draw(now), now + 2 * longest, waiting)
            self._batches[prompt_id] = batch
        elif waiting > batch.waiting:  # newcomers get a delay of their own
            batch.due = max(batch.due, self._draw(now))
        batch.waiting = waiting
        return batch

    def due_at(self, prompt_id: str) -> datetime | None:
        """When the prompt's held replies may next go (for tests and the curious)."""
        batch = self._batches.get(prompt_id)
        return None if batch is None else batch.due

    def run(self, prompts: Prompts, now: datetime) -> dict[str, int]:
        """Release what is due; returns how many replies each prompt released."""
        held = prompts.held_counts()
        for gone in set(self._batches) - set(held):  # withdrawn, or released elsewhere
            del self._batches[gone]
        released: dict[str, int] = {}
        for prompt_id, waiting in sorted(held.items()):
            batch = self._batch(prompt_id, waiting, now)
            enough = waiting >= self.pacing.batch_size
            if now >= batch.cap or (now >= batch.due and enough):
                released[prompt_id] = prompts.release(prompt_id)
                del self._batches[prompt_id]
        return released
