"""Drivers for the pulse/rounds contract: the same neutral moves made through Slack
(signed HTTP to /slack/events), Teams (Activity JSON to /api/messages) and, for round
admin, the command line. Each answers with the text the person was shown; the tests
assert on that text and on what the store holds, never on a platform's shape."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from aiohttp import web

from bot.settings import RoleSettings, Settings, SlackSettings, TeamsSettings, TrustSettings
from bot.slack.ids import ActionId
from bot.slack.wiring import build_slack_runtime
from bot.teams.connection import Identity
from bot.teams.wiring import build_teams_runtime
from bot.web.server import build_server
from standins.slack import SlackStandIn, Workspace
from standins.teams import APP_ID, TENANT_ID, TeamsStandIn
from standins.teams.sdk import connection_manager, trusting_issuer
from storage.repositories.audit import list_entries
from storage.store import Store
from tests.slack import conftest as slack_side
from tests.slack.test_pulse_flow import invite, text_of, values
from tests.teams import conftest as teams_side
from tests.teams.test_pulse_flow import ANSWERS, invited, start, submit

ADMIN, STAFF, EDI = "admin", "staff", "edi"  # who makes the move


def audit_actions(store: Store) -> list[str]:
    with store.db.session() as session:
        return [entry.action for entry in list_entries(session)]


class PulseDriver(Protocol):
    store: Store

    async def admin(self, who: str, words: str) -> str: ...
    async def wres(self, who: str, text: str) -> str: ...
    async def answer_twice(self) -> tuple[str, str, str]:  # round id, first, second reply
        ...


class SlackDriver:
    USERS = {ADMIN: slack_side.ADMIN_USER, STAFF: slack_side.STAFF_USER, EDI: slack_side.EDI_USER}

    def __init__(self, harness: slack_side.Harness) -> None:
        self.h, self.store = harness, harness.store

    async def _command(self, who: str, command: str, text: str) -> str:
        h, before = self.h, len(self.h.slack.responses)
        user = self.USERS[who]
        answer = await h.slack.caller.slash_command(h.url, user=user, command=command, text=text)
        assert answer.status == 200
        await slack_side.eventually(lambda: len(h.slack.responses) > before)
        return json.dumps(h.slack.responses[-1].body, ensure_ascii=False)

    async def admin(self, who: str, words: str) -> str:
        await self.h.sync()
        return await self._command(who, "/pulse", f"admin {words}")

    async def wres(self, who: str, text: str) -> str:
        return await self._command(who, "/wres", text)

    async def answer_twice(self) -> tuple[str, str, str]:
        h = self.h
        round_id = await invite(h)
        await h.slack.caller.click_button(
            h.url, user=slack_side.STAFF_USER, action_id=ActionId.START_PULSE, value=round_id
        )
        await slack_side.eventually(lambda: bool(h.slack.views_opened))
        modal = h.slack.views_opened[0]
        said = []
        for _ in range(2):
            sent = await h.slack.caller.submit_view(
                h.url, user=slack_side.STAFF_USER, view=modal, values=values()
            )
            said.append(text_of(sent.json()))
        return round_id, said[0], said[1]


class TeamsDriver:
    USERS = {EDI: 1, ADMIN: 2, STAFF: 3}

    def __init__(self, harness: teams_side.Harness) -> None:
        self.h, self.store = harness, harness.store

    async def _say(self, who: str, text: str) -> str:
        h, n = self.h, self.USERS[who]
        response = await h.teams.caller.send_message(h.url, h.user(n), text)
        assert response.status == 202
        card = teams_side.card_of(h.teams.messages_to(h.user(n))[-1])
        teams_side.assert_valid_card(card)
        return json.dumps(card, ensure_ascii=False)

    async def admin(self, who: str, words: str) -> str:
        await self.h.install_all()
        return await self._say(who, f"admin {words}")

    async def wres(self, who: str, text: str) -> str:
        return await self._say(who, f"wres {text}".strip())

    async def answer_twice(self) -> tuple[str, str, str]:
        h, n = self.h, self.USERS[STAFF]
        round_id = await invited(h)
        await start(h, n)
        said = []
        for _ in range(2):
            await submit(h, n, round_id, ANSWERS)
            said.append(json.dumps(teams_side.card_of(h.invitation(n)), ensure_ascii=False))
        return round_id, said[0], said[1]


@asynccontextmanager
async def slack_driver(store: Store) -> AsyncIterator[SlackDriver]:
    async with SlackStandIn(workspace=Workspace.sample()) as slack:
        config = SlackSettings(api_base_url=slack.base_url)
        runtime = build_slack_runtime(
            store,
            slack_side.settings(),
            config,
            token=slack.token,
            signing_secret=slack.signing_secret,
        )
        runner = web.AppRunner(build_server(store, slack_events=runtime.events.handle))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        base = f"http://{host}:{port}"
        try:
            url = f"{base}/slack/events"
            yield SlackDriver(slack_side.Harness(slack, store, runtime, url, base))
        finally:
            await runner.cleanup()
            await runtime.close()


def _teams_settings() -> Settings:
    def actor(n: int) -> str:  # the stand-in's n-th user, as the roster names them
        return f"teams:{TENANT_ID}:{uuid.UUID(int=0xAAD0_0000 + n)}"

    roles = RoleSettings(edi=(actor(1),), admin=(actor(2),))
    return Settings(roles=roles, trust=TrustSettings(name=teams_side.TRUST))


@asynccontextmanager
async def teams_driver(store: Store) -> AsyncIterator[TeamsDriver]:
    async with TeamsStandIn(require_auth=True) as teams:
        with trusting_issuer(teams.jwks_url):
            registered = teams_side.REGISTERED
            manager = connection_manager(registered, teams.token_url)
            identity = Identity(registered, manager, APP_ID)
            runtime = build_teams_runtime(
                store, _teams_settings(), TeamsSettings(enabled=True), identity=identity
            )
            runner, base = await teams_side.serve(store, runtime)
            try:
                url = f"{base}/api/messages"
                yield TeamsDriver(teams_side.Harness(teams, store, runtime, url, base))
            finally:
                await runner.cleanup()
                runtime.close()
