"""What the Big Conversation needs from a chat platform: post in a channel, post in a
thread, send one person a direct message. Each adapter implements it (Slack: chat.postMessage;
Teams: a proactive message to the channel conversation); failures raise
handlers.ports.DeliveryFailed, as for invitations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from discussion.model import ChannelRef, PostInfo
from handlers.discussion.cards import PromptCard


class ChannelPort(Protocol):
    platform: str

    async def post_prompt(self, channel: ChannelRef, card: PromptCard) -> Mapping[str, Any]:
        """Post the prompt card; returns where it landed (kept to thread relayed replies)."""
        ...

    async def post_in_thread(self, post: PostInfo, text: str) -> Mapping[str, Any]:
        """Post `text` as a reply in the thread of an earlier prompt post."""
        ...

    async def send_direct(self, address: Mapping[str, str], text: str) -> None:
        """Send `text` to the person at a (sealed, now opened) reply address."""
        ...
