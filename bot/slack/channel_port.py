"""SlackChannelPort: the Big Conversation's ChannelPort over the Web API.

The prompt card goes to a channel with chat.postMessage; relayed replies go in its thread
(thread_ts); the chair's answer goes to the author's DM, opened for that one message and
never remembered, so nothing on our side keeps the author's DM next to a reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.elements import message_text, section
from bot.slack.blocks.prompt_card import card_text, prompt_blocks
from bot.slack.port import as_delivery_failure
from discussion import ChannelRef, PostInfo
from handlers.discussion import PromptCard
from handlers.ports import DeliveryFailed, user_of

FAILURES = (TimeoutError, SlackApiError, aiohttp.ClientError, ValueError)
# A channel the bot was removed from stays that way until someone adds it back: the
# posting job reports it rather than trying every minute.
CHANNEL_GONE = frozenset({"not_in_channel", "channel_not_found", "is_archived"})


def _failure(exc: Exception) -> DeliveryFailed:
    failed = as_delivery_failure(exc)
    if failed.reason in CHANNEL_GONE:
        failed.permanent = True
    return failed


def _landed(posted: Any) -> dict[str, str]:
    """Where a message landed (an AsyncSlackResponse reads like a mapping)."""
    return {"channel": str(posted["channel"]), "ts": str(posted["ts"])}


class SlackChannelPort:
    platform = "slack"

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def post_prompt(self, channel: ChannelRef, card: PromptCard) -> Mapping[str, Any]:
        try:
            posted = await self._client.chat_postMessage(
                channel=channel.channel,
                text=message_text(card_text(card)),
                blocks=prompt_blocks(card),
                unfurl_links=False,
                unfurl_media=False,
            )
        except FAILURES as exc:
            raise _failure(exc) from None
        return _landed(posted)

    async def post_in_thread(self, post: PostInfo, text: str) -> Mapping[str, Any]:
        channel, ts = post.reference.get("channel"), post.reference.get("ts")
        if not (channel and ts):
            raise DeliveryFailed("no thread to reply in", permanent=True)
        try:
            posted = await self._client.chat_postMessage(
                channel=str(channel),
                thread_ts=str(ts),
                text=message_text(text),
                blocks=[section(text)],  # plain text: nobody's mrkdwn reaches the thread
                unfurl_links=False,
                unfurl_media=False,
            )
        except FAILURES as exc:
            raise _failure(exc) from None
        return _landed(posted)

    async def send_direct(self, address: Mapping[str, str], text: str) -> None:
        user = user_of(address)
        if user is None:
            raise DeliveryFailed("no user to write to", permanent=True)
        try:
            opened = await self._client.conversations_open(users=user)
            await self._client.chat_postMessage(
                channel=str(opened["channel"]["id"]),
                text=message_text(text),
                blocks=[section(text)],
            )
        except FAILURES as exc:
            raise _failure(exc) from None
