"""A running stand-in per test, and a real slack_sdk client pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from standins.slack import ManualClock, SlackStandIn


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def slack(clock: ManualClock) -> AsyncIterator[SlackStandIn]:
    async with SlackStandIn(clock=clock) as standin:
        yield standin


@pytest.fixture
def client(slack: SlackStandIn) -> AsyncWebClient:
    # No retry handlers: each test sees exactly what the stand-in answered.
    return AsyncWebClient(token=slack.token, base_url=slack.base_url, retry_handlers=[])
