"""Teams' limits: 7/1s, 8/2s, 60/30s, 1800/h per conversation; a per-app bucket per tenant."""

from __future__ import annotations

import aiohttp
import pytest
from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TeamsConnectorClient

from standins.teams import (
    TEAMS_THREAD_WINDOWS,
    ManualClock,
    RateLimits,
    SlidingWindows,
    TeamsStandIn,
    Tenant,
)
from tests.teams_standin.conftest import OTHER, USER

HELLO = Activity(type="message", text="hello")


def burst(windows: SlidingWindows, now: float, n: int) -> None:
    for _ in range(n):
        assert windows.wait(now) == 0
        windows.take(now)


def test_a_burst_of_seven_passes_and_the_eighth_waits_a_second() -> None:
    windows = SlidingWindows(TEAMS_THREAD_WINDOWS)
    burst(windows, 0.0, 7)
    assert windows.wait(0.0) == 1.0
    burst(windows, 1.0, 1)  # 8 in 2 s is the most
    assert windows.wait(1.0) == 1.0
    assert windows.wait(1.5) == 0.5


def test_thirty_seconds_hold_sixty_and_an_hour_eighteen_hundred() -> None:
    windows = SlidingWindows(TEAMS_THREAD_WINDOWS)
    for second in range(0, 30, 2):  # 4 every 2 s stays under 7/1s and 8/2s
        burst(windows, float(second), 4)
    assert len(windows.times) == 60
    assert windows.wait(29.0) == pytest.approx(1.0)  # the first four leave at 30 s
    hourly = SlidingWindows(((3600.0, 1800),))
    for n in range(1800):
        hourly.take(float(n))
    assert hourly.wait(1800.0) == 1800.0


async def test_the_eighth_send_in_a_second_is_a_429_with_retry_after(
    teams: TeamsStandIn, connector: TeamsConnectorClient, clock: ManualClock
) -> None:
    cid = teams.conversation_id(USER)
    for _ in range(7):
        await connector.conversations.send_to_conversation(cid, HELLO)
    with pytest.raises(aiohttp.ClientResponseError) as raised:
        await connector.conversations.send_to_conversation(cid, HELLO)
    assert raised.value.status == 429
    assert raised.value.headers["Retry-After"] == "1"  # type: ignore[index]
    assert '"Throttled"' in raised.value.message
    # another conversation has its own windows
    await connector.conversations.send_to_conversation(teams.conversation_id(OTHER), HELLO)
    clock.advance(1)
    await connector.conversations.send_to_conversation(cid, HELLO)
    assert len(teams.messages_to(USER)) == 8


async def test_the_app_bucket_limits_sends_across_conversations(
    clock: ManualClock,
) -> None:
    limits = RateLimits(per_app_per_second=3.0)
    async with TeamsStandIn(clock=clock, limits=limits, tenant=Tenant.sample(5)) as teams:
        client = TeamsConnectorClient(endpoint=teams.service_url, token="")
        try:
            statuses = []
            for user in teams.tenant.users:
                try:
                    cid = teams.conversation_id(user)
                    await client.conversations.send_to_conversation(cid, HELLO)
                    statuses.append(201)
                except aiohttp.ClientResponseError as exc:
                    statuses.append(exc.status)
        finally:
            await client.close()
    assert statuses == [201, 201, 201, 429, 429]


async def test_limits_can_be_switched_off(clock: ManualClock) -> None:
    async with TeamsStandIn(clock=clock, limits=RateLimits.off()) as teams:
        client = TeamsConnectorClient(endpoint=teams.service_url, token="")
        try:
            for _ in range(50):
                await client.conversations.send_to_conversation(teams.conversation_id(USER), HELLO)
        finally:
            await client.close()
        assert len(teams.messages_to(USER)) == 50
