"""The user group cache can delay a change by at most its TTL and never grants a role from
stale data: removal from a group takes effect within the TTL; an unreadable group has no
members (fail closed)."""

from __future__ import annotations

from bot.slack.usergroups import RETRY_SECONDS, UserGroupCache
from tests.slack.conftest import Harness

GROUP = "S0NETWORK"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


async def test_a_removed_member_loses_the_group_within_the_ttl(harness: Harness) -> None:
    clock = Clock()
    groups = UserGroupCache(harness.runtime.client, ttl=60, clock=clock)
    member = harness.slack.workspace.usergroups[GROUP][0]
    assert member in await groups.members(GROUP)
    harness.slack.workspace.usergroups[GROUP].remove(member)
    clock.now += 47
    assert member in await groups.members(GROUP)  # held back, within the TTL
    assert len(harness.slack.calls("usergroups.users.list")) == 1  # cached
    clock.now += 14  # 61 s after the first read: never older than the TTL
    assert member not in await groups.members(GROUP)
    assert len(harness.slack.calls("usergroups.users.list")) == 2


async def test_an_unreadable_group_has_no_members_until_slack_answers(harness: Harness) -> None:
    clock = Clock()
    groups = UserGroupCache(harness.runtime.client, ttl=60, clock=clock)
    members = list(harness.slack.workspace.usergroups[GROUP])
    assert await groups.members(GROUP)
    del harness.slack.workspace.usergroups[GROUP]  # Slack now refuses to read it
    clock.now += 50  # past the early refresh: the read fails, the list is still in its TTL
    assert await groups.members(GROUP) == frozenset(members)
    clock.now += 11  # past the TTL
    assert await groups.members(GROUP) == frozenset()  # not the stale members
    harness.slack.workspace.usergroups[GROUP] = members
    clock.now += RETRY_SECONDS + 1
    assert await groups.members(GROUP) == frozenset(members)
