"""The stand-ins' sense of time: real monotonic time, or a clock a test moves by hand.

Rate limits, fault storms and expiry read this clock; the Teams stand-in's JWT expiry
uses wall-clock time, as the Agents SDK's validator does."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Seconds on a monotonic scale; only differences matter."""

system_clock: Clock = time.monotonic


class ManualClock:
    """A clock that only moves when told to, so expiry and rate limits need no sleeping."""

    def __init__(self, start: float = 1_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        self.now += seconds
