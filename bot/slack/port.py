"""SlackPort: the ChatPort the delivery worker sends invitations through.

A Slack delivery address is `{"user": "U…", "team": "T…"}` plus, once known, the DM
`"channel": "D…"`. Retries belong to the worker, so slack_sdk's own retry handlers are
off and every failure is turned into DeliveryFailed at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.elements import message_text
from bot.slack.blocks.invitation import invitation_blocks, invitation_text
from handlers.delivery.fence import last_look
from handlers.messages import PulseInvitation
from handlers.ports import Delivered, DeliveryFailed

log = logging.getLogger(__name__)
DELIVERY_EVENT_TYPE = "bigconv_delivery"
PERMANENT_ERRORS = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "channel_not_found",
        "cannot_dm_bot",
        "not_allowed_token_type",
        "user_disabled",
        "is_archived",
        "invalid_auth",
        "token_revoked",
    }
)
RememberChannel = Callable[[Mapping[str, Any], str], Coroutine[Any, Any, None]]


def as_delivery_failure(exc: Exception) -> DeliveryFailed:
    """Slack's answer (or silence) → DeliveryFailed: 429 with Retry-After, permanent, or not."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = str(exc.response.get("error") or f"http_{status}")
        if status == 429:
            retry_after = exc.response.headers.get("Retry-After") or "1"
            return DeliveryFailed("ratelimited", retry_after=float(retry_after))
        return DeliveryFailed(error, permanent=status < 500 and error in PERMANENT_ERRORS)
    return DeliveryFailed(type(exc).__name__)  # network trouble, timeouts: try again later


class SlackPort:
    platform = "slack"

    def __init__(self, client: AsyncWebClient, *, remember: RememberChannel | None = None) -> None:
        self._client = client
        self._remember = remember
        self._channels: dict[str, str] = {}
        self._remembering: set[asyncio.Task[None]] = set()

    def conversation_of(self, address: Mapping[str, Any]) -> str:
        user = str(address.get("user", ""))
        return str(address.get("channel") or self._channels.get(user) or f"D{user}")

    async def _dm(self, address: Mapping[str, Any]) -> str:
        user = str(address.get("user", ""))
        known = address.get("channel") or self._channels.get(user)
        if known:
            return str(known)
        opened = await self._client.conversations_open(users=user)
        channel = str(opened["channel"]["id"])
        self._channels[user] = channel
        if self._remember is not None:
            # Written in the background: the message need not wait for our database, and
            # a write lost in a crash only costs one more conversations.open.
            task = asyncio.create_task(self._remember(address, channel))
            self._remembering.add(task)
            task.add_done_callback(self._remembered)
        return channel

    def _remembered(self, task: asyncio.Task[None]) -> None:
        self._remembering.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # E.g. the database restarting: the next send just opens the DM again.
            log.warning("could not store a DM channel id (%s)", type(task.exception()).__name__)

    async def flush(self) -> None:
        """Wait for DM ids still being written to the roster."""
        if self._remembering:
            await asyncio.wait(set(self._remembering))

    async def send_invitation(
        self, address: Mapping[str, Any], message: PulseInvitation, *, idempotency_key: str
    ) -> Delivered:
        try:
            channel = await self._dm(address)
            last_look()  # still leading? (handlers.delivery.fence: no I/O, just before sending)
            posted = await self._client.chat_postMessage(
                channel=channel,
                text=message_text(invitation_text(message)),
                blocks=invitation_blocks(message),
                metadata={
                    "event_type": DELIVERY_EVENT_TYPE,
                    "event_payload": {"key": idempotency_key},
                },
                unfurl_links=False,
            )
        except (TimeoutError, SlackApiError, aiohttp.ClientError, ValueError) as exc:
            # ValueError: a body that is not Slack's JSON (a proxy's error page).
            raise as_delivery_failure(exc) from None
        return Delivered({"channel": str(posted["channel"]), "ts": str(posted["ts"])})
