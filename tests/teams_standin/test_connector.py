"""The Connector's conversation operations, driven by the Agents SDK's own client."""

from __future__ import annotations

import aiohttp
import pytest
from microsoft_agents.activity import Activity, ChannelAccount, ConversationParameters
from microsoft_agents.hosting.core import TeamsConnectorClient

from standins.teams import TENANT_ID, TeamsStandIn
from tests.teams_standin.conftest import OTHER, USER


def keyed(text: str, key: str) -> Activity:
    return Activity(type="message", text=text, channel_data={"bigconv": {"key": key}})


async def test_creating_a_personal_chat_returns_the_same_id_each_time(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    parameters = ConversationParameters.model_validate(
        {
            "isGroup": False,
            "bot": teams.tenant.bot_account(),
            "members": [{"id": USER}],
            "tenantId": TENANT_ID,
        }
    )
    first = await connector.conversations.create_conversation(parameters)
    again = await connector.conversations.create_conversation(parameters)
    assert first.id == again.id == teams.conversation_id(USER)
    by_entra_id = parameters.model_copy(
        update={"members": [ChannelAccount(id=teams.tenant.user(OTHER).aad_object_id)]}
    )
    assert (await connector.conversations.create_conversation(by_entra_id)).id == (
        teams.conversation_id(OTHER)
    )
    assert [c.status for c in teams.calls("create")] == [201, 201, 201]


async def test_a_chat_cannot_be_made_with_someone_who_lacks_the_app(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    stranger = ConversationParameters.model_validate(
        {"members": [{"id": "29:nobody"}], "tenantId": TENANT_ID}
    )
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await connector.conversations.create_conversation(stranger)
    assert raised.value.status == 403
    assert teams.calls("create")[0].response["error"]["code"] == "ForbiddenOperationException"


async def test_sending_records_activities_and_delivery_keys(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    cid = teams.conversation_id(USER)
    first = await connector.conversations.send_to_conversation(cid, keyed("Q1", "k1"))
    await connector.conversations.send_to_conversation(cid, keyed("Q1 again", "k1"))
    await connector.conversations.send_to_conversation(cid, keyed("Q2", "k2"))
    await connector.conversations.send_to_conversation(cid, Activity(type="typing"))
    assert [m.text for m in teams.messages_to(USER)] == ["Q1", "Q1 again", "Q2"]
    assert teams.messages_to(USER)[0].id == first.id
    assert teams.delivered_keys() == {"k1": 2, "k2": 1}
    assert teams.duplicate_messages() == 1
    assert teams.calls("send")[0].body["channelData"] == {"bigconv": {"key": "k1"}}


async def test_an_update_keeps_its_history_and_a_delete_hides_the_message(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    cid = teams.conversation_id(USER)
    sent = await connector.conversations.send_to_conversation(cid, keyed("open", "k"))
    for text in ("closing soon", "closed"):
        edit = Activity(type="message", id=sent.id, text=text)
        assert (await connector.conversations.update_activity(cid, sent.id, edit)).id == sent.id
    [card] = teams.messages_to(USER)
    assert (card.text, [h["text"] for h in card.history]) == ("closed", ["open", "closing soon"])
    assert teams.delivered_keys() == {}  # the edits dropped the key: counts follow the latest
    await connector.conversations.delete_activity(cid, sent.id)
    assert teams.messages_to(USER) == []


async def test_unknown_conversations_and_activities_are_404s(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await connector.conversations.send_to_conversation("a:unknown", keyed("x", "k"))
    assert raised.value.status == 404
    assert '"ConversationNotFound"' in raised.value.message
    cid = teams.conversation_id(USER)
    with pytest.raises(aiohttp.ClientResponseError) as missing:
        await connector.conversations.update_activity(cid, "42", Activity(type="message"))
    assert '"ActivityNotFoundInConversation"' in missing.value.message


async def test_members_of_a_personal_chat(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    cid = teams.conversation_id(USER)
    [member] = await connector.conversations.get_conversation_members(cid)
    person = teams.tenant.user(USER)
    assert (member.id, member.aad_object_id, member.name) == (
        USER,
        person.aad_object_id,
        person.name,
    )
    one = await connector.get_conversation_member(cid, person.aad_object_id)
    assert (one.email, one.tenant_id) == (person.email, TENANT_ID)
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await connector.get_conversation_member(cid, OTHER)
    assert raised.value.status == 404
