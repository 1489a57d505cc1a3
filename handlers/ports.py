"""The one thing handlers know about chat platforms: how to reach a person directly."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from handlers.messages import PulseInvitation

# A roster delivery address always holds the platform user id under this key (Slack:
# {"user": "U…", "team": "T…", "channel": "D…"}): reminders recompute the person's
# participation token from it, so nobody who has answered is reminded.
ADDRESS_USER = "user"


def user_of(address: Mapping[str, Any] | None) -> str | None:
    """The platform user id of a delivery address, if it has one."""
    value = (address or {}).get(ADDRESS_USER)
    return str(value) if value else None


@dataclass(frozen=True, slots=True)
class Delivered:
    """Where the message landed, so it can be updated later (Slack channel + ts,
    Teams conversation + activity id)."""

    reference: Mapping[str, Any]


class DeliveryFailed(Exception):
    """A send that did not go through. `retry_after` (seconds) when the platform said when
    to try again; `permanent` when it never will (user left, bot blocked or removed)."""

    def __init__(
        self, reason: str, *, retry_after: float | None = None, permanent: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.permanent = permanent


class ChatPort(Protocol):
    """A platform adapter as the delivery worker sees it."""

    platform: str

    async def send_invitation(
        self,
        address: Mapping[str, Any],
        message: PulseInvitation,
        *,
        idempotency_key: str,
    ) -> Delivered:
        """Send to the person at `address` (the roster's delivery address) or raise
        DeliveryFailed."""
        ...

    def conversation_of(self, address: Mapping[str, Any]) -> str:
        """The conversation a message to `address` lands in, for per-conversation pacing."""
        ...
