"""Injected faults: 429 and 5xx answers, permanent errors, slow answers, dropped connections."""

from __future__ import annotations

import time

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import ManualClock, SlackStandIn


@pytest.mark.parametrize(
    ("status", "error"), [(500, "fatal_error"), (503, "service_unavailable"), (502, "fatal_error")]
)
async def test_server_errors_answer_with_their_status(
    client: AsyncWebClient, slack: SlackStandIn, status: int, error: str
) -> None:
    slack.inject("chat.postMessage", status=status)
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel="U0000001", text="x")
    assert raised.value.response.status_code == status
    assert raised.value.response["error"] == error
    assert slack.messages == []


async def test_an_injected_429_carries_its_retry_after_for_n_calls(
    client: AsyncWebClient, slack: SlackStandIn
) -> None:
    slack.inject("users.list", status=429, retry_after=7, times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as raised:
            await client.users_list()
        assert raised.value.response.headers["Retry-After"] == "7"
    assert (await client.users_list())["ok"]
    assert [c.status for c in slack.calls("users.list")] == [429, 429, 200]


async def test_a_permanent_error_for_one_person(
    client: AsyncWebClient, slack: SlackStandIn
) -> None:
    slack.inject("chat.postMessage", error="account_inactive", where={"channel": "U0000002"})
    await client.chat_postMessage(channel="U0000001", text="x")
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel="U0000002", text="x")
    assert (raised.value.response.status_code, raised.value.response["error"]) == (
        200,
        "account_inactive",
    )


async def test_a_dropped_connection_gets_no_answer(
    client: AsyncWebClient, slack: SlackStandIn
) -> None:
    slack.inject("chat.postMessage", disconnect=True)
    with pytest.raises(aiohttp.ServerDisconnectedError):
        await client.chat_postMessage(channel="U0000001", text="x")
    assert slack.calls("chat.postMessage")[0].status == 0 and slack.messages == []


async def test_slack_sdk_retries_a_dropped_connection_by_default(slack: SlackStandIn) -> None:
    slack.inject("auth.test", disconnect=True)
    client = AsyncWebClient(token=slack.token, base_url=slack.base_url)  # default handlers
    assert (await client.auth_test())["ok"]
    assert [c.status for c in slack.calls("auth.test")] == [0, 200]


async def test_a_slow_answer_still_arrives(client: AsyncWebClient, slack: SlackStandIn) -> None:
    slack.inject("*", delay=0.2)
    started = time.monotonic()
    assert (await client.auth_test())["ok"]
    assert time.monotonic() - started >= 0.2


async def test_a_429_storm_refuses_every_nth_request_until_it_passes(
    client: AsyncWebClient, slack: SlackStandIn, clock: ManualClock
) -> None:
    slack.storm(every=3, duration=10, retry_after=2, methods=("users.info",))
    statuses = []
    for _ in range(6):
        try:
            await client.users_info(user="U0000001")
            statuses.append(200)
        except SlackApiError as exc:
            statuses.append(exc.response.status_code)
            assert exc.response.headers["Retry-After"] == "2"
    assert statuses == [200, 200, 429, 200, 200, 429]
    clock.advance(10)
    for _ in range(3):
        assert (await client.users_info(user="U0000001"))["ok"]


async def test_clear_faults_disarms_everything(client: AsyncWebClient, slack: SlackStandIn) -> None:
    slack.inject("*", status=500, times=100)
    slack.storm(every=1, duration=60)
    slack.clear_faults()
    assert (await client.auth_test())["ok"]
