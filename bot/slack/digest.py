"""The weekly Big Conversation digest on Slack: each network chair gets, by DM, the reply
counts of their network's prompts (numbers only, never reply text).

Chairs are the Slack people configured for a network ("slack:T…:U…" in
[roles.network_chairs]) and the members of its chair user groups.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.roles import GroupMembers
from bot.slack.blocks.elements import message_text, section
from bot.slack.blocks.prompt_list import digest_text
from handlers.discussion import Digest, weekly_digests
from handlers.store_calls import StoreCalls
from storage.store import Store

log = logging.getLogger("bigconv.conversation")


class ChairDirectory:
    def __init__(
        self,
        configured: Mapping[str, tuple[str, ...]],
        groups: Mapping[str, tuple[str, ...]],
        members: GroupMembers,
    ) -> None:
        self._configured, self._groups, self._members = configured, groups, members

    async def chairs(self, network: str) -> frozenset[str]:
        """The Slack user ids of the network's chairs."""
        actors = (a.split(":") for a in self._configured.get(network, ()))
        users = {p[2] for p in actors if len(p) == 3 and p[0] == "slack" and p[2]}
        for group in self._groups.get(network, ()):
            users |= await self._members(group)
        return frozenset(users)


async def send_weekly_digests(
    store: Store, calls: StoreCalls, client: AsyncWebClient, chairs: ChairDirectory
) -> int:
    by_network: dict[str, list[Digest]] = defaultdict(list)
    for digest in await calls(weekly_digests, store.prompts):
        by_network[digest.network].append(digest)
    sent = 0
    for network, digests in sorted(by_network.items()):
        text = f"This week's Big Conversation digest for the {network} network:\n"
        text += digest_text(digests)
        for user in sorted(await chairs.chairs(network)):
            try:
                dm = (await client.conversations_open(users=user))["channel"]["id"]
                await client.chat_postMessage(
                    channel=dm, text=message_text(text), blocks=[section(text)]
                )
                sent += 1
            except SlackApiError as exc:
                log.warning("a digest was not delivered: %s", exc.response.get("error"))
    return sent
