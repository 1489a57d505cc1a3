"""When to try a failed send again: exponential backoff with full jitter, and a limit.

Full jitter (a random wait between zero and the exponential cap) spreads a thousand
retries after a 5xx storm over the whole interval instead of sending them back together.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    base_seconds: float = 2.0
    cap_seconds: float = 600.0
    max_attempts: int = 6  # sends in all, the first included; then the row is failed

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait after failed attempt number `attempt` (1 for the first)."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2 ** max(attempt - 1, 0))
        return rng.uniform(0, ceiling)


class Clock(Protocol):
    """The worker's time: monotonic seconds for pacing, wall time for the outbox rows."""

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)
