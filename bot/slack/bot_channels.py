"""The channels the bot is a member of (users.conversations), where it can post a prompt.

Asked when a prompt is saved, so "the bot is not in that channel" is said to the chair
then, not discovered by the scheduler at posting time.
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from handlers.discussion import ChannelRef

PAGE = 200
MAX_PAGES = 50  # 10,000 channels: more than any trust's bot is in


async def bot_channels(client: AsyncWebClient, *, team: str) -> frozenset[ChannelRef]:
    found: set[ChannelRef] = set()
    cursor = ""
    for _ in range(MAX_PAGES):
        page = await client.users_conversations(
            types="public_channel,private_channel",
            exclude_archived=True,
            limit=PAGE,
            cursor=cursor or None,
        )
        found.update(ChannelRef("slack", team, str(c["id"])) for c in page.get("channels") or [])
        cursor = str((page.get("response_metadata") or {}).get("next_cursor") or "")
        if not cursor:
            break
    return frozenset(found)
