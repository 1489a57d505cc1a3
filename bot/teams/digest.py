"""The weekly Big Conversation digest on Teams: each network chair configured as
"teams:<tenant>:<object id>" gets, in their personal chat with the bot, the reply counts
of their network's prompts (numbers only, never reply text)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping

from handlers.discussion import Digest, weekly_digests
from handlers.discussion.ports import ChannelPort
from handlers.ports import ADDRESS_USER, DeliveryFailed
from handlers.store_calls import StoreCalls
from storage.store import Store

log = logging.getLogger("bigconv.conversation")


def _teams_chairs(actors: tuple[str, ...]) -> list[dict[str, str]]:
    parts = (a.split(":") for a in actors)
    return [
        {ADDRESS_USER: p[2], "workspace": p[1]}
        for p in parts
        if len(p) == 3 and p[0] == "teams" and p[1] and p[2]
    ]


async def send_weekly_digests(
    store: Store, calls: StoreCalls, port: ChannelPort, chairs: Mapping[str, tuple[str, ...]]
) -> int:
    """DM each Teams chair their networks' digest; how many were delivered."""
    by_network: dict[str, list[Digest]] = defaultdict(list)
    for digest in await calls(weekly_digests, store.prompts):
        by_network[digest.network].append(digest)
    sent = 0
    for network, digests in sorted(by_network.items()):
        lines = [f"This week's Big Conversation digest for the {network} network:"]
        lines += [f"- {d.text}" for d in digests]
        for address in _teams_chairs(chairs.get(network, ())):
            try:
                await port.send_direct(address, "\n".join(lines))
                sent += 1
            except DeliveryFailed as failed:  # not installed yet, or blocked the bot
                log.warning("a digest was not delivered: %s", failed.reason)
    return sent
