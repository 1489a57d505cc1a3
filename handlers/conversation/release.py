"""Releasing held replies to the chairs' queues: after a random delay, in shuffled batches.

A reply that showed up in the queue the moment it was sent would let anyone who sees
both the queue and who was busy with the bot at that moment (a tenant admin reading
chat records, a chair watching a colleague) guess who wrote it. So a new reply is held,
and the scheduler's minute job releases a prompt's held replies together:

- when it first sees a prompt with held replies, it draws a release time at random
  within the delay window (kept in memory only: nothing about it is written down);
- at that time it releases them if at least `batch_size` are waiting, all in one
  transaction, in random order, each with a fresh random queue id;
- a lone reply is not kept from the chair for ever: once the window's length has
  passed again after the release time, whatever is waiting goes.

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
class ReplyRelease:
    """The release times drawn so far, per prompt; one per process (the leader's)."""

    pacing: QueuePacing = field(default_factory=QueuePacing)
    rng: random.Random = field(default_factory=random.SystemRandom)
    _due: dict[str, datetime] = field(default_factory=dict)

    def _draw(self, now: datetime) -> datetime:
        low, high = self.pacing.delay_minutes
        return now + timedelta(seconds=self.rng.uniform(low * 60, high * 60))

    def _ready(self, due: datetime, waiting: int, now: datetime) -> bool:
        if now < due:
            return False
        longest = timedelta(minutes=self.pacing.delay_minutes[1])
        return waiting >= self.pacing.batch_size or now >= due + longest

    def run(self, prompts: Prompts, now: datetime) -> dict[str, int]:
        """Release what is due; returns how many replies each prompt released."""
        held = prompts.held_counts()
        for gone in set(self._due) - set(held):  # withdrawn, or released elsewhere
            del self._due[gone]
        released: dict[str, int] = {}
        for prompt_id, waiting in sorted(held.items()):
            due = self._due.setdefault(prompt_id, self._draw(now))
            if self._ready(due, waiting, now):
                released[prompt_id] = prompts.release(prompt_id)
                del self._due[prompt_id]
        return released
