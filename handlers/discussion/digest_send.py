"""Sending the weekly digest: each network chair gets, as a direct message through their
platform's ChannelPort, the reply counts of their network's prompts (numbers only, never
reply text). One text for every platform; the port renders it."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence

from handlers.backend import Backend
from handlers.discussion.cards import Digest
from handlers.discussion.digest import weekly_digests
from handlers.discussion.ports import ChannelPort
from handlers.ports import ADDRESS_USER, DeliveryFailed

log = logging.getLogger("bigconv.discussion")
# network -> the delivery addresses ({"user", "workspace"}) of its chairs on one platform
ChairAddresses = Callable[[str], Awaitable[Iterable[Mapping[str, str]]]]


def configured_chairs(actors: Iterable[str], platform: str) -> tuple[dict[str, str], ...]:
    """Addresses of the chairs configured as "<platform>:<workspace>:<user>"."""
    found = []
    for actor in actors:
        parts = actor.split(":")
        if len(parts) == 3 and parts[0] == platform and parts[2]:
            found.append({ADDRESS_USER: parts[2], "workspace": parts[1]})
    return tuple(found)


def digest_message(network: str, digests: Sequence[Digest]) -> str:
    lines = [f"This week's Big Conversation digest for the {network} network:"]
    return "\n".join(lines + [f"- {d.text}" for d in digests])


async def send_weekly_digests(backend: Backend, port: ChannelPort, chairs: ChairAddresses) -> int:
    """DM each chair their networks' digest through `port`; how many were delivered."""
    by_network: dict[str, list[Digest]] = defaultdict(list)
    for digest in await backend.calls(weekly_digests, backend.store.prompts):
        by_network[digest.network].append(digest)
    sent = 0
    for network, digests in sorted(by_network.items()):
        text = digest_message(network, digests)
        for address in await chairs(network):
            try:
                await port.send_direct(address, text)
            except DeliveryFailed as failed:  # not installed yet, or blocked the bot
                log.warning("a digest was not delivered: %s", failed.reason)
                continue
            sent += 1
    return sent
