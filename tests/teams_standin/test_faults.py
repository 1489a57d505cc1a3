"""Injected faults and blocks answer with Teams' statuses, error codes and Retry-After."""

from __future__ import annotations

import time

import aiohttp
import pytest
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TeamsConnectorClient

from standins.teams import BLOCK_MESSAGES, ManualClock, TeamsStandIn
from tests.teams_standin.conftest import OTHER, USER

HELLO = Activity(type="message", text="hello")


async def refusal(connector: TeamsConnectorClient, cid: str) -> aiohttp.ClientResponseError:
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await connector.conversations.send_to_conversation(cid, HELLO)
    return raised.value


async def test_an_injected_429_carries_retry_after_for_n_calls(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    cid = teams.conversation_id(USER)
    teams.inject("send", status=429, retry_after=7, times=2)
    for _ in range(2):
        error = await refusal(connector, cid)
        assert (error.status, error.headers["Retry-After"]) == (429, "7")  # type: ignore[index]
        assert '"Throttled"' in error.message
    await connector.conversations.send_to_conversation(cid, HELLO)
    assert [c.status for c in teams.calls("send")] == [429, 429, 201]
    assert len(teams.messages_to(USER)) == 1


@pytest.mark.parametrize(
    ("status", "code"),
    [(412, "PreconditionFailed"), (502, "ServiceError"), (504, "GatewayTimeout")],
)
async def test_retryable_failures_answer_with_teams_error_bodies(
    teams: TeamsStandIn, connector: TeamsConnectorClient, status: int, code: str
) -> None:
    teams.inject("send", status=status)
    error = await refusal(connector, teams.conversation_id(USER))
    assert error.status == status
    assert teams.calls("send")[0].response["error"]["code"] == code
    assert teams.messages_to(USER) == []


async def test_a_fault_can_be_aimed_at_one_conversation(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    teams.inject("*", status=502, times=5, conversation=teams.conversation_id(OTHER))
    await connector.conversations.send_to_conversation(teams.conversation_id(USER), HELLO)
    assert (await refusal(connector, teams.conversation_id(OTHER))).status == 502


@pytest.mark.parametrize("code", sorted(BLOCK_MESSAGES))
async def test_a_blocked_chat_refuses_every_write_with_403(
    teams: TeamsStandIn, connector: TeamsConnectorClient, code: str
) -> None:
    cid = teams.conversation_id(USER)
    sent = await connector.conversations.send_to_conversation(cid, HELLO)
    teams.block(USER, code)
    for _ in range(2):
        error = await refusal(connector, cid)
        assert error.status == 403 and f'"{code}"' in error.message
    with pytest.raises(aiohttp.ClientResponseError):
        await connector.conversations.update_activity(cid, sent.id, HELLO)
    assert len(await connector.conversations.get_conversation_members(cid)) == 1  # reads go on
    teams.unblock(cid)
    await connector.conversations.send_to_conversation(cid, HELLO)


def test_only_teams_block_codes_are_accepted(teams: TeamsStandIn) -> None:
    with pytest.raises(ValueError, match="not a Teams block code"):
        teams.block(USER, "Nope")


async def test_uninstalling_blocks_the_chat_until_reinstalled(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    async def app(request: aiohttp.web.Request) -> aiohttp.web.Response:
        return aiohttp.web.Response(status=200)

    server = aiohttp.web.Application()
    server.router.add_post("/api/messages", app)
    runner = aiohttp.web.AppRunner(server, access_log=None)
    await runner.setup()
    await aiohttp.web.TCPSite(runner, "127.0.0.1", 0).start()
    url = "http://{}:{}/api/messages".format(*runner.addresses[0][:2])
    try:
        removed = await teams.caller.uninstall(url, USER)
        assert removed.activity["action"] == "remove"
        error = await refusal(connector, teams.conversation_id(USER))
        assert '"BotNotInConversationRoster"' in error.message
        await teams.caller.install(url, USER)
        await connector.conversations.send_to_conversation(teams.conversation_id(USER), HELLO)
    finally:
        await runner.cleanup()


async def test_a_429_storm_refuses_every_nth_request_until_it_passes(
    teams: TeamsStandIn, connector: TeamsConnectorClient, clock: ManualClock
) -> None:
    teams.storm(every=3, duration=10, retry_after=2, routes=("send",))
    cids = [teams.conversation_id(u) for u in teams.tenant.users]
    statuses = []
    for cid in cids + cids[:1]:
        try:
            await connector.conversations.send_to_conversation(cid, HELLO)
            statuses.append(201)
        except aiohttp.ClientResponseError as exc:
            statuses.append(exc.status)
    assert statuses == [201, 201, 429, 201, 201, 429]
    clock.advance(10)
    for cid in cids[:3]:
        await connector.conversations.send_to_conversation(cid, HELLO)


async def test_a_slow_answer_still_arrives_and_a_dropped_one_does_not(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    cid = teams.conversation_id(USER)
    teams.inject("send", delay=0.2)
    started = time.monotonic()
    await connector.conversations.send_to_conversation(cid, HELLO)
    assert time.monotonic() - started >= 0.2
    teams.inject("send", disconnect=True)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await connector.conversations.send_to_conversation(cid, HELLO)
    assert [c.status for c in teams.calls("send")] == [201, 0]
    assert len(teams.messages_to(USER)) == 1


async def test_clear_faults_disarms_everything(
    teams: TeamsStandIn, connector: TeamsConnectorClient
) -> None:
    teams.inject("*", status=500, times=100)
    teams.storm(every=1, duration=60)
    teams.clear_faults()
    await connector.conversations.send_to_conversation(teams.conversation_id(USER), HELLO)
