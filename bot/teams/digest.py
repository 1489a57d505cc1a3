"""Who chairs a network on Teams, for the weekly digest (handlers.discussion.digest_send):
the people configured as "teams:<tenant>:<object id>" in [roles.network_chairs]. Each
gets it in their personal chat with the bot."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bot.teams.people import PLATFORM
from handlers.discussion import configured_chairs
from handlers.discussion.digest_send import ChairAddresses


def chair_addresses(chairs: Mapping[str, tuple[str, ...]]) -> ChairAddresses:
    """network -> the delivery addresses of its Teams chairs."""

    async def addresses(network: str) -> Iterable[Mapping[str, str]]:
        return configured_chairs(chairs.get(network, ()), PLATFORM)

    return addresses
