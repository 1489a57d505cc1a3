"""A write racing its caller's deadline: either the writer claims it for the commit or
the caller gives it up (and it is rolled back), never both. A caller that gave up can
tell the person "not recorded" and be right; a caller that could not give up waits for
the commit and says "recorded".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

_LOCK = threading.Lock()  # one for all tickets: a batch is claimed all at once


@dataclass(eq=False)
class Ticket:
    """`start_by`, `answer_by`: time.monotonic() values, None for no deadline."""

    start_by: float | None = None
    answer_by: float | None = None
    _state: str = field(default="waiting", repr=False)

    def give_up(self) -> bool:
        """The caller's side: True if the write will not commit (and nothing stays)."""
        with _LOCK:
            if self._state == "waiting":
                self._state = "given up"
            return self._state == "given up"

    def out_of_time(self, now: float) -> bool:
        """Past its start_by, or given up: the writer must not begin it."""
        return self._state == "given up" or (self.start_by is not None and self.start_by <= now)


def claim_all(tickets: Iterable[Ticket]) -> bool:
    """The writer's side, just before COMMIT: claim every ticket, or none if any was
    given up (then the transaction is rolled back and tried again without it)."""
    held = list(tickets)
    with _LOCK:
        if any(t._state == "given up" for t in held):
            return False
        for ticket in held:
            ticket._state = "committing"
        return True


def seconds_left(deadlines: Iterable[float | None], now: float | None = None) -> float | None:
    """The smallest time left before any of `deadlines` (None if none is set)."""
    now = time.monotonic() if now is None else now
    return min((d - now for d in deadlines if d is not None), default=None)
