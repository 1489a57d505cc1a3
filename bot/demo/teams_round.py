"""The demo over the Teams protocol: our server (the Agents SDK behind /api/messages) and
the Teams stand-in on loopback; the synthetic trust installs the app (the roster is built
from installationUpdate activities), the delivery worker sends each invitation
proactively, simulated staff click Start and submit the card, and an EDI colleague asks
for the report with `wres` and downloads it through its link.

The stand-in runs anonymous, as the Agents Playground does: the SDK only trusts Bot
Service's real signing keys, so a local issuer's tokens could not be checked outside
the tests' seam (docs/teams-agents-sdk-notes.md §2)."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import aiohttp
from microsoft_agents.hosting.core import AgentAuthConfiguration

from bot.demo.chat_round import RoundResult, run_round
from bot.demo.population import Colleague
from bot.demo.teams_staff import SimulatedTeamsStaff, teams_user, tenant_of
from bot.settings import RoleSettings, Settings, TeamsSettings
from bot.teams.connection import Identity
from bot.teams.endpoint import add_teams_routes
from bot.teams.wiring import build_teams_runtime
from bot.web.server import build_server, start_server
from handlers.delivery import DeliveryWorker, Pacing, PlatformPacing
from standins.teams import RateLimits, TeamsStandIn
from standins.teams.sdk import connection_manager
from storage.store import Store
from surveys.periods import Period

TENANT_BUDGET = 200.0  # requests a second: the stand-in's per-tenant limit and our pace


@dataclass(frozen=True, slots=True)
class Download:
    card_title: str
    files: tuple[tuple[str, int], ...]  # (file name, bytes downloaded)


async def _report(teams: TeamsStandIn, url: str, edi: Colleague, period: str) -> Download:
    user = teams_user(edi).id
    await teams.caller.send_message(url, user, f"wres {period}")
    card = teams.messages_to(user)[-1].attachments[0]["content"]
    files = []
    async with aiohttp.ClientSession() as session:
        for action in card.get("actions", []):
            async with session.get(action["url"]) as got:
                name = got.headers.get("Content-Disposition", "").split('"')[1]
                files.append((name, len(await got.read())))
    return Download(str(card["fallbackText"]), tuple(files))


async def run_teams_rounds(
    store: Store,
    settings: Settings,
    trust: Sequence[Colleague],
    periods: Sequence[Period],
    rng: random.Random,
    *,
    concurrency: int = 8,
    on_round: Callable[[RoundResult], None] = lambda result: None,
) -> Download:
    edi = trust[0]  # one colleague holds the EDI role for the report at the end
    actor = f"teams:{tenant_of(trust[:1]).id}:{teams_user(edi).aad_object_id}"
    settings = settings.model_copy(update={"roles": RoleSettings(edi=(*settings.roles.edi, actor))})
    anonymous = AgentAuthConfiguration(anonymous_allowed=True)
    identity = Identity(anonymous, connection_manager(anonymous), "")
    limits = RateLimits(per_app_per_second=TENANT_BUDGET)
    pacing = Pacing({"teams": PlatformPacing(7.0, TENANT_BUDGET)})
    async with TeamsStandIn(tenant=tenant_of(trust), limits=limits, caller_auth="none") as teams:
        teams_config = TeamsSettings(enabled=True, allow_anonymous=True)
        runtime = build_teams_runtime(store, settings, teams_config, identity=identity)
        server = build_server(store, health=runtime.health)
        add_teams_routes(server, runtime)
        runner, base = await start_server(server, "127.0.0.1", 0)
        worker = DeliveryWorker(store, {"teams": runtime.port}, pacing,
                                concurrency=concurrency * 4, idle_seconds=0.2,
                                calls=runtime.deps.backend.calls)  # fmt: skip
        try:
            url = f"{base}/api/messages"
            staff = SimulatedTeamsStaff(teams, url, concurrency=concurrency)
            await staff.install(trust)
            for period in periods:
                on_round(await run_round(store, settings, staff, worker, period, trust, rng))
            return await _report(teams, url, edi, periods[-1].label)
        finally:
            await runner.cleanup()
            runtime.close()
