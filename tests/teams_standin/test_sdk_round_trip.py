"""A real Agents SDK app answering the stand-in: replies, cards, invokes, proactive sends."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.core import AgentAuthConfiguration, ClaimsIdentity, TurnContext

from standins.teams import ManualClock, TeamsStandIn
from tests.teams_standin.agent import NOT_APP_KEY, HostedAgent, hosted_agent
from tests.teams_standin.conftest import OTHER, USER

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)
Callback = Callable[[TurnContext], Awaitable[None]]


async def proactive(
    agent: HostedAgent, reference: ConversationReference, callback: Callback
) -> None:
    # continue_conversation(app_id, ...) builds non-empty claims, which makes the SDK ask the
    # connection for a real token; in anonymous mode only empty claims send without one.
    continuation = reference.get_continuation_activity()
    await agent.adapter.continue_conversation_with_claims(ClaimsIdentity(), continuation, callback)


@pytest.fixture
async def teams(clock: ManualClock) -> AsyncIterator[TeamsStandIn]:
    # The agent runs anonymous, and the SDK would still try to check any token it is sent.
    async with TeamsStandIn(clock=clock, caller_auth="none") as standin:
        yield standin


@pytest.fixture
async def agent(teams: TeamsStandIn) -> AsyncIterator[HostedAgent]:
    async with hosted_agent(AgentAuthConfiguration(anonymous_allowed=True)) as hosted:
        yield hosted


async def test_a_message_is_answered_with_a_reply_at_the_connector(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    response = await teams.caller.send_message(agent.url, USER, "hello")
    assert response.status == 202
    [reply] = teams.messages_to(USER)
    assert reply.text == "echo: hello"
    assert reply.reply_to_id == response.activity["id"]
    assert reply.activity["recipient"]["id"] == USER
    [call] = teams.calls("reply")
    assert (
        call.path
        == f"/teams/v3/conversations/{teams.conversation_id(USER)}/activities/"
        + (response.activity["id"])
    )
    assert teams.messages_to(OTHER) == []


async def test_a_card_submit_arrives_as_a_message_with_a_value(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    await teams.caller.submit_card(agent.url, USER, {"q5": "agree"}, card_activity_id="17")
    assert [m.text for m in teams.messages_to(USER)] == ['submitted: {"q5": "agree"}']


async def test_an_action_execute_invoke_is_answered_in_the_http_response(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    response = await teams.caller.execute_action(agent.url, USER, "consent", {"ok": True})
    assert response.status == 200
    assert response.json()["value"] == "done: consent"
    assert teams.messages_to(USER) == []


async def test_installing_sends_installation_and_members_added_updates(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    responses = await teams.caller.install(agent.url, USER)
    assert [r.activity["type"] for r in responses] == ["installationUpdate", "conversationUpdate"]
    assert [r.status for r in responses] == [202, 202]
    assert [m.text for m in teams.messages_to(USER)] == ["welcome"]


async def test_a_proactive_message_from_a_stored_reference(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    reference = ConversationReference.model_validate(teams.conversation_reference(OTHER))

    async def send(context: TurnContext) -> None:
        key = {"bigconv": {"key": "round-1:" + OTHER}}
        await context.send_activity(Activity(type="message", text="pulse", channel_data=key))

    await proactive(agent, reference, send)
    [sent] = teams.messages_to(OTHER)
    assert (sent.text, sent.delivery_key) == ("pulse", "round-1:" + OTHER)
    # The continuation activity has a made-up id, so the SDK posts to the reply route with it.
    [call] = teams.calls()
    assert (call.route, sent.reply_to_id) == ("reply", call.path.rsplit("/", 1)[1])
    assert teams.delivered_keys() == {"round-1:" + OTHER: 1}


async def test_a_reference_kept_from_a_turn_continues_the_same_chat(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    await teams.caller.send_message(agent.url, USER, "hi")

    async def nudge(context: TurnContext) -> None:
        await context.send_activity("reminder")

    continuation = agent.references[USER].get_continuation_activity()
    await agent.adapter.continue_conversation_with_claims(ClaimsIdentity(), continuation, nudge)
    assert [m.text for m in teams.messages_to(USER)] == ["echo: hi", "reminder"]


async def test_updating_and_deleting_a_sent_activity(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    reference = ConversationReference.model_validate(teams.conversation_reference(USER))

    async def send_then_edit(context: TurnContext) -> None:
        sent = await context.send_activity("Round 1 is open")
        edit = Activity(type="message", id=sent.id, text="Round 1 has closed")
        edit.conversation = context.activity.conversation
        await context.update_activity(edit)

    await proactive(agent, reference, send_then_edit)
    [card] = teams.messages_to(USER)
    assert card.text == "Round 1 has closed"
    assert [old["text"] for old in card.history] == ["Round 1 is open"]
    assert teams.calls("update")[0].method == "PUT"

    async def delete(context: TurnContext) -> None:
        await context.delete_activity(card.id)

    await proactive(agent, reference, delete)
    assert teams.messages_to(USER) == [] and teams.activities()[0].deleted
