"""Our real aiohttp server (the Agents SDK behind /api/messages) on an ephemeral port,
talking to the Teams stand-in with real tokens both ways, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from aiohttp import web
from microsoft_agents.hosting.core import AgentAuthConfiguration

from bot.settings import RoleSettings, Settings, TeamsSettings, TrustSettings
from bot.teams.connection import Identity
from bot.teams.endpoint import add_teams_routes
from bot.teams.wiring import TeamsRuntime, build_teams_runtime
from bot.web.server import build_server
from handlers.delivery import DeliveryWorker, Pacing, PlatformPacing, RetryPolicy
from handlers.identity import Person
from handlers.pulse_rounds import open_round
from standins.teams import APP_ID, CLIENT_SECRET, TENANT_ID, Posted, TeamsStandIn, User
from standins.teams.sdk import connection_manager, trusting_issuer
from standins.teams.state import delivery_key
from storage.db import Database
from storage.keys import Secrets
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from storage.vault import Vault
from surveys.questions import Recall

TRUST = "Anytown NHS Foundation Trust"  # `[trust] name`: it heads the report files
NOT_APP_KEY = "ignore::aiohttp.web_exceptions.NotAppKeyWarning:microsoft_agents"
SCHEMA = json.loads((Path(__file__).parent / "adaptive-card-1.5.schema.json").read_text())
FAST_RETRY = RetryPolicy(base_seconds=0.05, cap_seconds=0.2, max_attempts=8)
PACING = Pacing({"teams": PlatformPacing(conversation_per_second=7.0, workspace_per_second=30.0)})
REGISTERED = AgentAuthConfiguration(
    client_id=APP_ID, tenant_id=TENANT_ID, client_secret=CLIENT_SECRET
)


def assert_valid_card(card: dict[str, Any]) -> None:
    jsonschema.Draft6Validator(SCHEMA).validate(card)
    assert card["version"] == "1.5"


def card_of(posted: Posted) -> dict[str, Any]:
    [attachment] = posted.attachments
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    content: dict[str, Any] = attachment["content"]
    return content


def first_id(card: dict[str, Any]) -> str | None:
    return card["body"][0].get("id")


def inputs_of(card: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in card["body"] if str(e.get("type", "")).startswith("Input.")]


@dataclass
class Harness:
    teams: TeamsStandIn
    store: Store
    runtime: TeamsRuntime
    url: str
    base: str

    def user(self, n: int) -> User:
        return self.teams.tenant.users[n - 1]

    def person(self, n: int) -> Person:
        return Person("teams", TENANT_ID, self.user(n).aad_object_id)

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

    async def install_all(self) -> None:
        for user in self.teams.tenant.users:
            responses = await self.teams.caller.install(self.url, user)
            assert [r.status for r in responses] == [202, 202]

    async def deliver(self, round_id: str, *, timeout: float = 30.0) -> None:
        worker = DeliveryWorker(
            self.store, {"teams": self.runtime.port}, PACING, retry=FAST_RETRY, idle_seconds=0.05
        )
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                stats = await asyncio.to_thread(self.store.outbox.stats, round_id)
                if stats.pending == 0 and stats.sent + stats.failed == stats.invited:
                    return
                await asyncio.sleep(0.05)
            raise AssertionError(f"delivery did not finish: {stats}")
        finally:
            stop.set()
            await task

    def invitations(self, n: int) -> list[Posted]:
        """Person n's invitations (as they are now: a card may have been replaced since)."""
        return [
            m
            for m in self.teams.messages_to(self.user(n))
            if m.delivery_key or any(delivery_key(old) for old in m.history)
        ]

    def invitation(self, n: int) -> Posted:
        [found] = self.invitations(n)
        return found


def settings() -> Settings:
    edi = f"teams:{TENANT_ID}:{'00000000-0000-0000-0000-0000aad00001'}"
    return Settings(roles=RoleSettings(edi=(edi,)), trust=TrustSettings(name=TRUST))


@pytest.fixture
def store(database: Database, secrets: Secrets) -> Store:
    return Store(database, Vault(secrets), k=3)


@pytest.fixture
async def teams() -> AsyncIterator[TeamsStandIn]:
    async with TeamsStandIn(require_auth=True) as standin:
        yield standin


@pytest.fixture
def trusted(teams: TeamsStandIn) -> Iterator[None]:
    with trusting_issuer(teams.jwks_url):  # the SDK only trusts login.botframework.com
        yield


async def serve(
    store: Store, runtime: TeamsRuntime, health: Callable[[], dict[str, Any]] | None = None
) -> tuple[web.AppRunner, str]:
    server = build_server(store, health=health) if health else build_server(store)
    add_teams_routes(server, runtime)
    runner = web.AppRunner(server, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    host, port = runner.addresses[0][:2]
    return runner, f"http://{host}:{port}"


@pytest.fixture
async def harness(store: Store, teams: TeamsStandIn, trusted: None) -> AsyncIterator[Harness]:
    identity = Identity(REGISTERED, connection_manager(REGISTERED, teams.token_url), APP_ID)
    runtime = build_teams_runtime(store, settings(), TeamsSettings(enabled=True), identity=identity)
    runner, base = await serve(store, runtime)
    try:
        yield Harness(teams, store, runtime, f"{base}/api/messages", base)
    finally:
        await runner.cleanup()
        runtime.close()
