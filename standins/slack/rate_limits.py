"""Slack's rate limits as token buckets: per channel and per workspace for posting, tiers else.

Slack documents chat.postMessage as "1 message per second per channel, short bursts
allowed" plus a workspace-wide ceiling; other methods sit in per-minute tiers. Over a
limit Slack answers HTTP 429 with an integer `Retry-After` in seconds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from standins.clock import Clock
from standins.token_bucket import TokenBucket

# Slack's published per-minute tiers, for tests that want them; off by default because a
# local demo pages through a whole trust and would otherwise wait on Tier 2.
SLACK_TIERS: Mapping[str, int] = {
    "users.list": 20,
    "conversations.members": 20,
    "usergroups.users.list": 20,
    "conversations.open": 50,
    "conversations.info": 50,
    "chat.update": 50,
    "views.publish": 100,
    "files.getUploadURLExternal": 20,
    "files.completeUploadExternal": 20,
    "users.info": 100,
    "chat.postEphemeral": 100,
}


@dataclass(frozen=True)
class RateLimits:
    """How strict the stand-in is. The defaults mirror Slack's posting limits."""

    per_channel_per_second: float = 1.0
    per_channel_burst: int = 1
    workspace_per_second: float = 50.0
    workspace_burst: int | None = None  # None: one second's worth
    method_per_minute: Mapping[str, int] = field(default_factory=dict)


class RateLimiter:
    """Decides, per request, whether Slack would answer 429 and with what Retry-After."""

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        self.limits = limits
        self._clock = clock
        self._channels: dict[str, TokenBucket] = {}
        self._methods: dict[str, TokenBucket] = {}
        burst = limits.workspace_burst or max(1, math.floor(limits.workspace_per_second))
        self._workspace = TokenBucket.full(limits.workspace_per_second, burst, clock())

    def check_post(self, channel: str) -> int | None:
        """Retry-After seconds if a message to `channel` is over a limit now, else None."""
        now = self._clock()
        bucket = self._channels.get(channel)
        if bucket is None:
            per = self.limits
            bucket = TokenBucket.full(per.per_channel_per_second, per.per_channel_burst, now)
            self._channels[channel] = bucket
        return self._take_all((bucket, self._workspace), now)

    def check_method(self, method: str) -> int | None:
        per_minute = self.limits.method_per_minute.get(method)
        if per_minute is None:
            return None
        now = self._clock()
        bucket = self._methods.setdefault(
            method, TokenBucket.full(per_minute / 60, per_minute, now)
        )
        return self._take_all((bucket,), now)

    @staticmethod
    def _take_all(buckets: tuple[TokenBucket, ...], now: float) -> int | None:
        # A refused request takes no token from any bucket, as a client that waits
        # Retry-After must then succeed.
        wait = max(b.wait(now) for b in buckets)
        if wait > 0:
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.take(now)
        return None
