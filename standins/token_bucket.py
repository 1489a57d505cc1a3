"""The token bucket both platform stand-ins enforce their rate limits with. Kept apart
from handlers.delivery.pacing on purpose: the stand-ins play the platform, so they must not
share code (or bugs) with the pacing they are there to check."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class TokenBucket:
    """`capacity` tokens, refilled at `rate` per second; one request takes one token."""

    rate: float
    capacity: float
    tokens: float
    updated: float

    @classmethod
    def full(cls, rate: float, capacity: float, now: float) -> TokenBucket:
        return cls(rate=rate, capacity=capacity, tokens=capacity, updated=now)

    def wait(self, now: float) -> float:
        """Seconds until a token is free (0 if one is free now); takes nothing."""
        self._refill(now)
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1

    def _refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
