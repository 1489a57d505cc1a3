"""Who has which role: configured ids ("slack:T0123:U0456") and platform groups (Slack
user groups, later Entra groups), checked on every request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from bot.settings import RoleSettings
from handlers.identity import Person, Requester, Role

# The members (platform user ids) of one platform group.
GroupMembers = Callable[[str], Awaitable[frozenset[str]]]


@dataclass(frozen=True, slots=True)
class GroupRoles:
    """Platform groups whose members hold a role."""

    edi: tuple[str, ...] = ()
    admin: tuple[str, ...] = ()
    network_chairs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


async def _in_any(groups: tuple[str, ...], user_id: str, members: GroupMembers | None) -> bool:
    if members is None:
        return False
    for group in groups:
        if user_id in await members(group):
            return True
    return False


class RoleResolver:
    def __init__(
        self,
        configured: RoleSettings,
        groups: GroupRoles = GroupRoles(),
        members: GroupMembers | None = None,
    ) -> None:
        self._configured = configured
        self._groups = groups
        self._members = members

    async def requester(self, person: Person) -> Requester:
        actor, user = person.actor, person.user_id
        roles = {Role.STAFF}
        if actor in self._configured.edi or await _in_any(self._groups.edi, user, self._members):
            roles.add(Role.EDI)
        admin_groups = self._groups.admin
        if actor in self._configured.admin or await _in_any(admin_groups, user, self._members):
            roles.add(Role.ADMIN)
        networks = {n for n, ids in self._configured.network_chairs.items() if actor in ids}
        for network, groups in self._groups.network_chairs.items():
            if await _in_any(groups, user, self._members):
                networks.add(network)
        if networks:
            roles.add(Role.NETWORK_CHAIR)
        return Requester(person, frozenset(roles), frozenset(networks))
