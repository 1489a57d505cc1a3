"""Slack's posting limits: one message per second per channel and a workspace budget."""

from __future__ import annotations

import time
from collections.abc import Awaitable
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import ManualClock, RateLimits, SlackStandIn, TokenBucket


async def _status(call: Awaitable[Any]) -> tuple[int, str | None]:
    """(HTTP status, Retry-After) of one call."""
    try:
        await call
    except SlackApiError as exc:
        return exc.response.status_code, exc.response.headers.get("Retry-After")
    return 200, None


async def test_a_second_message_within_a_second_to_one_channel_is_refused(
    client: AsyncWebClient, slack: SlackStandIn, clock: ManualClock
) -> None:
    assert await _status(client.chat_postMessage(channel="U0000001", text="1")) == (200, None)
    clock.advance(0.5)
    assert await _status(client.chat_postMessage(channel="U0000001", text="2")) == (429, "1")
    assert slack.calls("chat.postMessage")[1].response == {"ok": False, "error": "ratelimited"}
    clock.advance(0.5)
    assert await _status(client.chat_postMessage(channel="U0000001", text="3")) == (200, None)
    assert [m.text for m in slack.messages] == ["1", "3"]


async def test_two_channels_each_get_their_own_second(client: AsyncWebClient) -> None:
    for channel in ("U0000001", "U0000002", "C0GENERAL"):
        assert await _status(client.chat_postMessage(channel=channel, text="x")) == (200, None)


async def test_the_workspace_budget_caps_posts_across_channels(clock: ManualClock) -> None:
    async with SlackStandIn(clock=clock, limits=RateLimits(workspace_per_second=3)) as slack:
        client = AsyncWebClient(token=slack.token, base_url=slack.base_url, retry_handlers=[])
        sent = [
            await _status(client.chat_postMessage(channel=f"U000000{n}", text="x"))
            for n in (1, 2, 3, 4)
        ]
        assert sent == [(200, None)] * 3 + [(429, "1")]
        clock.advance(1 / 3)
        assert await _status(client.chat_postMessage(channel="U0000005", text="x")) == (200, None)


async def test_a_configured_burst_allows_a_short_run(clock: ManualClock) -> None:
    async with SlackStandIn(clock=clock, limits=RateLimits(per_channel_burst=3)) as slack:
        client = AsyncWebClient(token=slack.token, base_url=slack.base_url, retry_handlers=[])
        results = [
            await _status(client.chat_postMessage(channel="C0GENERAL", text="x")) for _ in range(4)
        ]
        assert results == [(200, None)] * 3 + [(429, "1")]


async def test_tier_limits_are_opt_in_per_method(clock: ManualClock) -> None:
    limits = RateLimits(method_per_minute={"users.list": 2})
    async with SlackStandIn(clock=clock, limits=limits) as slack:
        client = AsyncWebClient(token=slack.token, base_url=slack.base_url, retry_handlers=[])
        results = [await _status(client.users_list()) for _ in range(3)]
        assert results == [(200, None), (200, None), (429, "30")]
        assert await _status(client.users_info(user="U0000001")) == (200, None)


async def test_slack_sdk_retry_handler_honours_retry_after() -> None:
    # Real time: the client sleeps the Retry-After second and then gets through.
    async with SlackStandIn() as slack:
        client = AsyncWebClient(
            token=slack.token,
            base_url=slack.base_url,
            retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
        )
        started = time.monotonic()
        await client.chat_postMessage(channel="U0000001", text="1")
        await client.chat_postMessage(channel="U0000001", text="2")
        assert time.monotonic() - started >= 1
        assert [c.status for c in slack.calls("chat.postMessage")] == [200, 429, 200]


def test_a_bucket_refills_at_its_rate_up_to_its_capacity() -> None:
    bucket = TokenBucket.full(rate=2, capacity=2, now=0)
    bucket.take(0)
    bucket.take(0)
    assert bucket.wait(0) == pytest.approx(0.5)
    assert bucket.wait(0.5) == 0
    assert bucket.wait(100) == 0 and bucket.tokens == 2


async def test_a_user_id_and_its_dm_share_one_limit(client: AsyncWebClient) -> None:
    assert await _status(client.chat_postMessage(channel="U0000001", text="1")) == (200, None)
    assert await _status(client.chat_postMessage(channel="DU0000001", text="2")) == (429, "1")
