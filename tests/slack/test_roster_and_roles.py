"""Roster sync from users.list (paged; bots, Slackbot and leavers out; guests in), channel
audiences, roles from config and user groups, and a slow form never costing the trigger."""

from __future__ import annotations

import asyncio
import time

from bot.roles import GroupRoles, RoleResolver
from bot.settings import RoleSettings
from bot.slack.deps import StartReply
from bot.slack.ids import ActionId, CallbackId
from bot.slack.roster_sync import sync_roster
from bot.slack.usergroups import UserGroupCache
from handlers import pulse_chat
from handlers.backend import Backend
from handlers.identity import Person, Role
from standins.slack import TEAM_ID, User
from tests.slack.conftest import STAFF_USER, Harness, eventually


async def test_roster_sync_pages_keeps_humans_and_deactivates_leavers(harness: Harness) -> None:
    h = harness
    for n in range(450):  # more than two pages of 200
        h.slack.workspace.add_user(User(f"UBANK{n:04d}", f"bank{n}", is_restricted=True))
    summary = await sync_roster(h.runtime.deps.backend, h.runtime.client, team_id=TEAM_ID)
    assert summary.present == 464
    assert len([c for c in h.slack.calls("users.list")]) == 3
    del h.slack.workspace.users["UBANK0000"]
    again = await sync_roster(h.runtime.deps.backend, h.runtime.client, team_id=TEAM_ID)
    assert (again.present, again.added, again.deactivated) == (463, 0, 1)
    assert len(h.store.roster.audience(platform="slack")) == 463


async def test_audience_can_be_the_members_of_configured_channels(harness: Harness) -> None:
    h = harness
    summary = await sync_roster(
        h.runtime.deps.backend, h.runtime.client, team_id=TEAM_ID, channels=["C0NETWORK"]
    )
    assert summary.present == 4  # the bot itself is a member but not a human


async def test_roles_come_from_config_and_user_groups(harness: Harness) -> None:
    groups = UserGroupCache(harness.runtime.client, ttl=60)
    resolver = RoleResolver(
        RoleSettings(admin=(f"slack:{TEAM_ID}:U0000009",)),
        GroupRoles(edi=("S0NETWORK",), network_chairs={"race-equality": ("S0NETWORK",)}),
        groups.members,
    )
    chair = await resolver.requester(Person("slack", TEAM_ID, "U0000002"))
    assert chair.has(Role.EDI) and chair.networks == {"race-equality"}
    admin = await resolver.requester(Person("slack", TEAM_ID, "U0000009"))
    assert admin.has(Role.ADMIN) and not admin.networks
    staff = await resolver.requester(Person("slack", TEAM_ID, "U0000010"))
    assert staff.roles == {Role.STAFF}
    assert len(harness.slack.calls("usergroups.users.list")) == 1  # cached


async def test_a_slow_form_opens_a_holding_modal_inside_the_trigger_window(
    harness: Harness,
) -> None:
    h = harness
    await h.sync()
    round_ = h.open_round()

    async def slow(backend: Backend, person: Person, round_id: str | None) -> StartReply:
        await asyncio.sleep(2.5)  # slow work: longer than is safe inside a 3-second trigger
        return await pulse_chat.start(backend, person, round_id)

    h.runtime.deps.start = slow
    clicked = time.time()
    await h.slack.caller.click_button(
        h.url, user=STAFF_USER, action_id=ActionId.START_PULSE, value=round_.id
    )
    await eventually(lambda: bool(h.slack.calls("views.update")), timeout=6)
    [opened] = h.slack.calls("views.open")
    [updated] = h.slack.calls("views.update")
    assert opened.at - clicked < 1.5 and opened.response and opened.response["ok"]
    assert updated.at > opened.at + 1 and updated.response and updated.response["ok"]
    assert h.slack.views_opened[0].view["callback_id"] == CallbackId.PULSE_FORM
