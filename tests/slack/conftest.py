"""Our real aiohttp server (bolt behind /slack/events) on an ephemeral port, talking to the
Slack stand-in, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from aiohttp import web

from bot.settings import RoleSettings, Settings, SlackSettings, TrustSettings
from bot.slack.roster_sync import sync_roster
from bot.slack.wiring import SlackRuntime, build_slack_runtime
from bot.web.server import build_server
from handlers.identity import Person
from handlers.pulse_rounds import open_round
from standins.slack import TEAM_ID, SlackStandIn, Workspace
from storage.db import Database
from storage.keys import Secrets
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from storage.vault import Vault
from surveys.questions import Recall

EDI_USER = "U0000001"
ADMIN_USER = "U0000002"
STAFF_USER = "U0000003"


async def eventually(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Bolt acknowledges first and finishes a listener afterwards: wait for the effect."""
    for _ in range(int(timeout / 0.01)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the app never got there")


@dataclass
class Harness:
    slack: SlackStandIn
    store: Store
    runtime: SlackRuntime
    url: str
    base: str

    def person(self, user: str) -> Person:
        return Person("slack", TEAM_ID, user)

    def open_round(self, period: str = "2026-03") -> RoundInfo:
        now = datetime.now(UTC).replace(microsecond=0)
        return open_round(
            self.store,
            period=period,
            recall=Recall.TWELVE_MONTHS,
            opens_at=now,
            closes_at=now + timedelta(days=14),
            now=now,
        )

    async def sync(self) -> None:
        await sync_roster(self.runtime.deps.backend, self.runtime.client, team_id=TEAM_ID)


TRUST = "Anytown NHS Foundation Trust"  # `[trust] name`: it heads the report files


def settings() -> Settings:
    roles = RoleSettings(
        edi=(f"slack:{TEAM_ID}:{EDI_USER}",), admin=(f"slack:{TEAM_ID}:{ADMIN_USER}",)
    )
    return Settings(roles=roles, trust=TrustSettings(name=TRUST))


@pytest.fixture
def store(database: Database, secrets: Secrets) -> Store:
    return Store(database, Vault(secrets), k=3)


@pytest.fixture
def workspace() -> Workspace:
    return Workspace.sample()


@pytest.fixture
async def harness(store: Store, workspace: Workspace) -> AsyncIterator[Harness]:
    async with SlackStandIn(workspace=workspace) as slack:
        config = SlackSettings(api_base_url=slack.base_url)
        runtime = build_slack_runtime(
            store, settings(), config, token=slack.token, signing_secret=slack.signing_secret
        )
        server = build_server(store, slack_events=runtime.events.handle)
        runner = web.AppRunner(server, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        base = f"http://{host}:{port}"
        try:
            yield Harness(slack, store, runtime, f"{base}/slack/events", base)
        finally:
            await runner.cleanup()
            await runtime.close()
