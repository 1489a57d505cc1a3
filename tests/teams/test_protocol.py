"""What /api/messages accepts: only Bot Service's token when anonymous access is off;
anything when it is on, said loudly at start-up and on /healthz; no bodies in errors."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from microsoft_agents.hosting.core import AgentAuthConfiguration

from bot.settings import TeamsSettings
from bot.teams.connection import Identity
from bot.teams.wiring import ANONYMOUS_WARNING, build_teams_runtime
from standins.teams import TeamsStandIn
from standins.teams.caller import Auth
from standins.teams.sdk import connection_manager
from storage.store import Store
from tests.teams.conftest import NOT_APP_KEY, Harness, serve, settings

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


@pytest.mark.parametrize("auth", ["none", "forged", "expired", "wrong-audience"])
async def test_a_request_without_a_valid_token_is_refused(harness: Harness, auth: Auth) -> None:
    h = harness
    response = await h.teams.caller.send_message(h.url, h.user(1), "privacy", auth=auth)
    assert response.status == 401
    installed = await h.teams.caller.install(h.url, h.user(1), auth=auth)
    assert {r.status for r in installed} == {401}
    assert h.teams.calls() == [] and h.store.roster.audience() == []


async def test_a_valid_token_is_answered_and_the_reply_carries_the_apps_token(
    harness: Harness,
) -> None:
    h = harness
    response = await h.teams.caller.send_message(h.url, h.user(1), "help")
    assert response.status == 202
    [reply] = h.teams.calls("reply")
    assert reply.status == 201 and (reply.authorization or "").startswith("Bearer ")


async def test_malformed_requests_get_no_stack_trace(harness: Harness) -> None:
    h = harness
    token = h.teams.caller.bearer("valid")
    headers = {"Authorization": f"Bearer {token}"}
    async with aiohttp.ClientSession() as session:
        async with session.post(h.url, data=b"{not json", headers=headers) as got:
            assert got.status == 400 and "Traceback" not in await got.text()
        async with session.post(h.url, json={"type": "message"}, headers=headers) as got:
            assert got.status == 400
        async with session.get(f"{h.base}/healthz") as got:
            assert (await got.json())["status"] == "ok"  # no token needed outside /api


@pytest.fixture
async def anonymous(store: Store) -> AsyncIterator[tuple[TeamsStandIn, str, str]]:
    config = AgentAuthConfiguration(anonymous_allowed=True)
    identity = Identity(config, connection_manager(config), "")
    runtime = build_teams_runtime(
        store, settings(), TeamsSettings(enabled=True, allow_anonymous=True), identity=identity
    )
    async with TeamsStandIn(caller_auth="none") as teams:
        runner, base = await serve(store, runtime, health=runtime.health)
        try:
            yield teams, f"{base}/api/messages", base
        finally:
            await runner.cleanup()
            runtime.close()


async def test_anonymous_mode_is_explicit_and_loud(
    anonymous: tuple[TeamsStandIn, str, str], caplog: pytest.LogCaptureFixture
) -> None:
    teams, url, base = anonymous
    user = teams.tenant.users[0]
    await teams.caller.install(url, user)
    response = await teams.caller.send_message(url, user, "privacy")
    assert response.status == 202 and teams.messages_to(user)
    assert all(c.authorization is None for c in teams.calls())
    async with aiohttp.ClientSession() as session, session.get(f"{base}/healthz") as got:
        health = await got.json()
    assert health["teams"] == {"anonymous": True, "warning": ANONYMOUS_WARNING}


def test_anonymous_mode_warns_at_start_up(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    config = AgentAuthConfiguration(anonymous_allowed=True)
    identity = Identity(config, connection_manager(config), "")
    with caplog.at_level(logging.WARNING, logger="bigconv.teams"):
        runtime = build_teams_runtime(
            store, settings(), TeamsSettings(allow_anonymous=True), identity=identity
        )
    runtime.close()
    assert any(r.levelno == logging.WARNING and "anonymous" in r.message for r in caplog.records)
