"""Pacing within each platform's limits: token buckets per conversation and per workspace.

Slack: about one message per second per conversation, plus a workspace budget the trust
chooses. Teams: 7 per second per conversation and 30 per second per app per tenant. A
429's Retry-After blocks the workspace bucket (and the conversation) until it has passed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class PlatformPacing:
    conversation_per_second: float
    workspace_per_second: float
    conversation_burst: float = 1.0
    # 2, not 1: a spare token absorbs the event loop's sleep overshoot (about 5% of the
    # budget at 50/s with 1) at the cost of at most one message early in any second.
    workspace_burst: float = 2.0


SLACK = PlatformPacing(conversation_per_second=1.0, workspace_per_second=50.0)
TEAMS = PlatformPacing(conversation_per_second=7.0, workspace_per_second=30.0)


@dataclass(frozen=True, slots=True)
class Pacing:
    platforms: Mapping[str, PlatformPacing] = field(
        default_factory=lambda: {"slack": SLACK, "teams": TEAMS}
    )
    default: PlatformPacing = SLACK

    def of(self, platform: str) -> PlatformPacing:
        return self.platforms.get(platform, self.default)


class TokenBucket:
    """`rate` tokens a second up to `burst`; `blocked_until` holds a platform's Retry-After."""

    __slots__ = ("rate", "burst", "tokens", "updated", "blocked_until")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst = rate, max(burst, 1.0)
        self.tokens, self.updated, self.blocked_until = self.burst, now, 0.0

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
            self.updated = now

    def wait(self, now: float) -> float:
        """Seconds until one token is free (0 when one is free now); takes nothing."""
        self._refill(now)
        blocked = max(0.0, self.blocked_until - now)
        return max(blocked, 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate)

    def take(self, now: float) -> None:
        self._refill(now)
        self.tokens -= 1

    def block(self, until: float) -> None:
        self.blocked_until = max(self.blocked_until, until)
        self.tokens = min(self.tokens, 0.0)

    def idle(self, now: float) -> bool:
        self._refill(now)
        return self.tokens >= self.burst and now >= self.blocked_until


class Pacer:
    """Hands out send slots so no conversation or workspace goes over its rate.

    One asyncio lock serialises the decisions (not the sends): waiters are served in
    order, so a burst of tasks does not stampede each time a token frees up. Sleeping uses
    the event loop's clock; `clock` (monotonic seconds) is what the buckets measure.
    """

    def __init__(self, pacing: Pacing, clock: Callable[[], float]) -> None:
        self._pacing, self._clock = pacing, clock
        self._buckets: dict[tuple[str, ...], TokenBucket] = {}
        self._lock = asyncio.Lock()

    def _bucket(self, key: tuple[str, ...], rate: float, burst: float) -> TokenBucket:
        found = self._buckets.get(key)
        if found is None:
            found = self._buckets[key] = TokenBucket(rate, burst, self._clock())
        return found

    def _pair(
        self, platform: str, workspace: str, conversation: str
    ) -> tuple[TokenBucket, TokenBucket]:
        p = self._pacing.of(platform)
        space = self._bucket((platform, workspace), p.workspace_per_second, p.workspace_burst)
        talk = self._bucket(
            (platform, workspace, conversation), p.conversation_per_second, p.conversation_burst
        )
        return space, talk

    async def acquire(self, platform: str, workspace: str, conversation: str) -> None:
        """Wait for a slot in both buckets, then take it.

        The workspace queue is served in order under the lock; a wait for one busy
        conversation happens outside it, so it never holds up the others.
        """
        while True:
            async with self._lock:
                space, talk = self._pair(platform, workspace, conversation)
                while (delay := space.wait(self._clock())) > 0:
                    await asyncio.sleep(delay)
                now = self._clock()
                delay = talk.wait(now)
                if delay <= 0:
                    space.take(now)
                    talk.take(now)
                    return
            await asyncio.sleep(delay)

    def block(self, platform: str, workspace: str, conversation: str, seconds: float) -> None:
        until = self._clock() + seconds
        for bucket in self._pair(platform, workspace, conversation):
            bucket.block(until)

    def prune(self) -> int:
        """Forget idle conversation buckets (a fan-out touches thousands, once each)."""
        now = self._clock()
        idle = [k for k, b in self._buckets.items() if len(k) == 3 and b.idle(now)]
        for key in idle:
            del self._buckets[key]
        return len(idle)
