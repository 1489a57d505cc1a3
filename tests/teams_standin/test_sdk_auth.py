"""JWTs both ways with the real SDK: Bot Service's token on requests to the app, and the
app's client-credentials token on its calls to the Connector."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from microsoft_agents.activity import ConversationReference
from microsoft_agents.hosting.core import AgentAuthConfiguration, TurnContext

from standins.teams import (
    APP_ID,
    CLIENT_SECRET,
    CONNECTOR_AUDIENCE,
    TENANT_ID,
    ManualClock,
    TeamsStandIn,
)
from standins.teams.caller import Auth
from standins.teams.sdk import trusting_issuer
from tests.teams_standin.agent import NOT_APP_KEY, HostedAgent, hosted_agent
from tests.teams_standin.conftest import USER

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)

REGISTERED = AgentAuthConfiguration(
    client_id=APP_ID, tenant_id=TENANT_ID, client_secret=CLIENT_SECRET
)


@pytest.fixture
async def teams(clock: ManualClock) -> AsyncIterator[TeamsStandIn]:
    async with TeamsStandIn(clock=clock, require_auth=True) as standin:
        yield standin


@pytest.fixture
def trusted(teams: TeamsStandIn) -> Iterator[None]:
    # The SDK takes Bot Framework keys only from login.botframework.com; see the notes.
    with trusting_issuer(teams.jwks_url):
        yield


@pytest.fixture
async def agent(teams: TeamsStandIn, trusted: None) -> AsyncIterator[HostedAgent]:
    async with hosted_agent(REGISTERED, token_url=teams.token_url) as hosted:
        yield hosted


async def test_a_token_from_the_local_issuer_is_accepted_and_the_reply_is_authorised(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    response = await teams.caller.send_message(agent.url, USER, "hello")
    assert response.status == 202
    assert [m.text for m in teams.messages_to(USER)] == ["echo: hello"]
    [reply] = teams.calls("reply")
    token = (reply.authorization or "").removeprefix("Bearer ")
    claims = teams.issuer.verify(token, CONNECTOR_AUDIENCE)
    assert (reply.status, claims["appid"]) == (201, APP_ID)
    assert teams.calls("token")[0].status == 200


@pytest.mark.parametrize("auth", ["none", "forged", "expired", "wrong-audience"])
async def test_requests_without_a_good_token_are_refused(
    teams: TeamsStandIn, agent: HostedAgent, auth: Auth
) -> None:
    response = await teams.caller.send_message(agent.url, USER, "hello", auth=auth)
    assert response.status == 401
    assert teams.calls() == []


async def test_anonymous_mode_takes_requests_without_a_token() -> None:
    anonymous = AgentAuthConfiguration(anonymous_allowed=True)
    async with TeamsStandIn() as teams, hosted_agent(anonymous) as agent:
        accepted = await teams.caller.send_message(agent.url, USER, "hi", auth="none")
        with trusting_issuer(teams.jwks_url):
            # ... but a token that is sent is still checked.
            refused = await teams.caller.send_message(agent.url, USER, "hi", auth="forged")
    assert (accepted.status, refused.status) == (202, 401)
    assert [m.text for m in teams.messages_to(USER)] == ["echo: hi"]


async def test_an_anonymous_app_cannot_reply_to_a_connector_that_requires_a_token(
    teams: TeamsStandIn,
) -> None:
    async with hosted_agent(AgentAuthConfiguration(anonymous_allowed=True)) as agent:
        response = await teams.caller.send_message(agent.url, USER, "hi", auth="none")
    assert response.status == 500  # the SDK's turn error handler fails to send too
    assert {c.status for c in teams.calls()} == {401}
    assert all(c.authorization is None for c in teams.calls())
    assert teams.messages_to(USER) == []


async def test_proactive_continue_conversation_gets_a_token_for_the_app(
    teams: TeamsStandIn, agent: HostedAgent
) -> None:
    reference = ConversationReference.model_validate(teams.conversation_reference(USER))

    async def send(context: TurnContext) -> None:
        await context.send_activity("Round 2 is open")

    await agent.adapter.continue_conversation(APP_ID, reference.get_continuation_activity(), send)
    assert [m.text for m in teams.messages_to(USER)] == ["Round 2 is open"]
    assert [c.route for c in teams.calls()] == ["token", "reply"]
