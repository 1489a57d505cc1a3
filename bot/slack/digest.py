"""Who chairs a network on Slack, for the weekly digest (handlers.discussion.digest_send):
the people configured for it ("slack:T…:U…" in [roles.network_chairs]) and the members
of its chair user groups."""

from __future__ import annotations

from collections.abc import Mapping

from bot.roles import GroupMembers
from handlers.discussion import configured_chairs
from handlers.ports import ADDRESS_USER

PLATFORM = "slack"


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
        found = configured_chairs(self._configured.get(network, ()), PLATFORM)
        users = {address[ADDRESS_USER] for address in found}
        for group in self._groups.get(network, ()):
            users |= await self._members(group)
        return frozenset(users)

    async def addresses(self, network: str) -> list[dict[str, str]]:
        """Where each chair's digest goes: their DM, opened by the channel port."""
        return [{ADDRESS_USER: user} for user in sorted(await self.chairs(network))]
