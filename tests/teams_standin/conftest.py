"""A running Teams stand-in per test, and Agents SDK clients pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from microsoft_agents.hosting.core import TeamsConnectorClient

from standins.teams import ManualClock, TeamsStandIn

USER, OTHER = "29:1standin-user-0001", "29:1standin-user-0002"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def teams(clock: ManualClock) -> AsyncIterator[TeamsStandIn]:
    async with TeamsStandIn(clock=clock) as standin:
        yield standin


@pytest.fixture
async def connector(teams: TeamsStandIn) -> AsyncIterator[TeamsConnectorClient]:
    """The SDK's own Connector client, anonymous (the stand-in does not require auth here)."""
    client = TeamsConnectorClient(endpoint=teams.service_url, token="")
    yield client
    await client.close()
