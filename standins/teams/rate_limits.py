"""Teams' Bot Connector rate limits: sliding windows per conversation, a bucket per app.

Microsoft documents "per bot per thread" limits for sending to one conversation (and for
creating conversations) as several windows that all apply: 7 in 1 s, 8 in 2 s, 60 in
30 s and 1800 in an hour, so a burst of 7 passes but a steady 7/s does not. On top sits a
global limit per app per tenant (30 requests per second in the bot docs, 50 in newer agent
docs), modelled as a token bucket. Over a limit Teams answers 429 `Throttled` with a
`Retry-After` in seconds.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from standins.clock import Clock
from standins.token_bucket import TokenBucket

Windows = tuple[tuple[float, int], ...]
"""(seconds, most operations allowed in any such span)."""

TEAMS_THREAD_WINDOWS: Windows = ((1.0, 7), (2.0, 8), (30.0, 60), (3600.0, 1800))
TEAMS_APP_PER_SECOND = 30.0


@dataclass
class SlidingWindows:
    """A log of recent operations on one conversation, checked against every window."""

    windows: Windows
    times: list[float] = field(default_factory=list)

    def wait(self, now: float) -> float:
        """Seconds until one more operation fits every window (0: it fits now)."""
        longest = max(span for span, _ in self.windows)
        del self.times[: bisect.bisect_right(self.times, now - longest)]
        wait = 0.0
        for span, limit in self.windows:
            inside = len(self.times) - bisect.bisect_right(self.times, now - span)
            if inside >= limit:
                # the (inside - limit + 1)-th oldest in this window must first fall out
                first = len(self.times) - inside
                wait = max(wait, self.times[first + inside - limit] + span - now)
        return wait

    def take(self, now: float) -> None:
        self.times.append(now)


@dataclass(frozen=True)
class RateLimits:
    """How strict the stand-in is. The defaults mirror Teams' documented limits."""

    per_conversation: Windows = TEAMS_THREAD_WINDOWS
    per_app_per_second: float = TEAMS_APP_PER_SECOND
    per_app_burst: int | None = None  # None: one second's worth
    enabled: bool = True

    @classmethod
    def off(cls) -> RateLimits:
        return cls(enabled=False)


class RateLimiter:
    """Decides, per request, whether Teams would answer 429 and with what Retry-After."""

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        self.limits = limits
        self._clock = clock
        self._threads: dict[str, SlidingWindows] = {}
        self._apps: dict[str, TokenBucket] = {}

    def check(self, tenant_id: str, thread: str | None = None) -> int | None:
        """Retry-After seconds if this request is over a limit now, else None.

        `thread` is the conversation for sends, replies and updates (or the member for a
        create); other operations only count against the app's tenant-wide bucket.
        """
        if not self.limits.enabled:
            return None
        now = self._clock()
        gates: list[SlidingWindows | TokenBucket] = [self._app(tenant_id, now)]
        if thread is not None:
            gates.append(
                self._threads.setdefault(thread, SlidingWindows(self.limits.per_conversation))
            )
        # A refused request takes nothing, so a client that waits Retry-After then succeeds.
        wait = max(gate.wait(now) for gate in gates)
        if wait > 0:
            return max(1, math.ceil(wait))
        for gate in gates:
            gate.take(now)
        return None

    def _app(self, tenant_id: str, now: float) -> TokenBucket:
        if tenant_id not in self._apps:
            rate = self.limits.per_app_per_second
            burst = self.limits.per_app_burst or max(1, math.floor(rate))
            self._apps[tenant_id] = TokenBucket(rate, burst, burst, now)
        return self._apps[tenant_id]
