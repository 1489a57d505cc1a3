"""A ChatPort test double that records every send and fails on demand, shipped beside the
worker like httpx's MockTransport: 429 with Retry-After, 5xx-like errors, permanent
failures, latency, and the platform's own rate limits checked on every send."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from handlers.messages import PulseInvitation
from handlers.ports import Delivered, DeliveryFailed, user_of

Script = Callable[[str, int], DeliveryFailed | None]
"""(idempotency key, attempt number for that key) -> the failure to raise, or None."""


@dataclass(frozen=True, slots=True)
class Sent:
    key: str
    conversation: str
    at: float
    reminder: bool


@dataclass
class RecordingPort:
    platform: str = "slack"
    latency: float = 0.0
    script: Script | None = None
    # Rejects (429, Retry-After 1) a send that comes less than this long after the previous
    # one in the same conversation, as Slack does at about one message per second.
    conversation_interval: float | None = None
    clock: Callable[[], float] = time.monotonic
    sent: list[Sent] = field(default_factory=list)
    attempts: Counter[str] = field(default_factory=Counter)
    in_flight: int = 0
    max_in_flight: int = 0

    def conversation_of(self, address: Mapping[str, Any]) -> str:
        return str(address.get("channel") or f"D{user_of(address)}")

    async def send_invitation(
        self, address: Mapping[str, Any], message: PulseInvitation, *, idempotency_key: str
    ) -> Delivered:
        self.attempts[idempotency_key] += 1
        conversation = self.conversation_of(address)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            failure = (
                self.script(idempotency_key, self.attempts[idempotency_key])
                if (self.script)
                else None
            )
            if failure is not None:
                raise failure
            self._check_conversation(conversation)
            # Delivered on arrival; `latency` is the answer's way back. A worker that dies
            # meanwhile has sent the message without knowing it: the in-flight duplicate.
            self.sent.append(Sent(idempotency_key, conversation, self.clock(), message.reminder))
            if self.latency:
                await asyncio.sleep(self.latency)
        finally:
            self.in_flight -= 1
        return Delivered({"channel": conversation, "ts": f"{len(self.sent)}.000100"})

    def _check_conversation(self, conversation: str) -> None:
        if self.conversation_interval is None:
            return
        last = next((s.at for s in reversed(self.sent) if s.conversation == conversation), None)
        if last is not None and self.clock() - last < self.conversation_interval * 0.95:
            raise DeliveryFailed("ratelimited", retry_after=1.0)

    # -- what a test asserts on ------------------------------------------------------------

    def duplicates(self) -> dict[str, int]:
        """Keys delivered more than once, with how many times."""
        counts = Counter(s.key for s in self.sent)
        return {key: n for key, n in counts.items() if n > 1}

    def peak_rate(self, window: float = 1.0) -> int:
        """The most sends in any `window` seconds."""
        times = sorted(s.at for s in self.sent)
        best, start = 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= window:
                start += 1
            best = max(best, end - start + 1)
        return best

    def shortest_gap_per_conversation(self) -> float | None:
        last: dict[str, float] = {}
        gaps: list[float] = []
        for s in sorted(self.sent, key=lambda s: s.at):
            if s.conversation in last:
                gaps.append(s.at - last[s.conversation])
            last[s.conversation] = s.at
        return min(gaps, default=None)
