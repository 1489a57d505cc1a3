"""Team channels on the stand-in: a team's channel list, posts in a channel, and replies
in a post's thread addressed "<channel>;messageid=<root>", driven by the SDK's client."""

from __future__ import annotations

import aiohttp
import pytest
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TeamsConnectorClient

from standins.teams import TeamsStandIn
from tests.teams_standin.conftest import USER


async def test_a_team_lists_its_channels_once_the_bot_is_in_it(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    team = teams.add_team("Ward 7")
    nursing = teams.state.add_channel(team, "Nursing").id
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await connector.fetch_channel_list(team.id)
    assert raised.value.status == 403
    team.bot_installed = True
    listed = await connector.fetch_channel_list(team.id)
    assert [(c.id, c.name) for c in listed] == [(team.id, None), (nursing, "Nursing")]


async def test_thread_replies_land_under_their_root_post(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    team = teams.add_team("Ward 7")
    channel = team.id
    root = await connector.conversations.send_to_conversation(
        channel, Activity(type="message", text="A prompt")
    )
    reply = await connector.conversations.send_to_conversation(
        f"{channel};messageid={root.id}", Activity(type="message", text="A colleague said: hi")
    )
    assert [p.id for p in teams.channel_posts(channel)] == [root.id]
    assert [p.id for p in teams.thread(channel, root.id)] == [reply.id]
    for bad, status in (
        (f"{channel};messageid=404", 404),
        (f"{channel};messageid={reply.id}", 404),
    ):
        with pytest.raises(aiohttp.ClientResponseError) as raised:
            await connector.conversations.send_to_conversation(
                bad, Activity(type="message", text="x")
            )
        assert raised.value.status == status
    personal = teams.conversation_id(USER)
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await connector.conversations.send_to_conversation(
            f"{personal};messageid=1", Activity(type="message", text="x")
        )
    assert raised.value.status == 400
