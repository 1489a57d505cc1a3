"""The demo over Slack's real protocol: our server and the Slack stand-in on loopback, the
synthetic trust as the stand-in's workspace, invitations sent by the delivery worker, and
simulated staff answering through signed requests."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from bot.demo.chat_round import RoundResult, run_round
from bot.demo.population import Colleague
from bot.demo.simulated_staff import SimulatedStaff
from bot.demo.slack_discussion import DEMO_CHANNEL, ConversationResult, run_conversation
from bot.settings import Settings, SlackSettings
from bot.slack.roster_sync import sync_roster
from bot.slack.wiring import SlackRuntime, build_slack_runtime
from bot.web.server import build_server, start_server
from handlers.delivery import DeliveryWorker, Pacing, PlatformPacing
from standins.slack import (
    BOT_USER_ID,
    TEAM_ID,
    Channel,
    RateLimits,
    SlackStandIn,
    User,
    Workspace,
)
from storage.store import Store
from surveys.periods import Period

WORKSPACE_BUDGET = 1000.0  # messages a second: the stand-in's ceiling and the worker's pace


def workspace_of(trust: Sequence[Colleague]) -> Workspace:
    ws = Workspace()
    ws.add_user(User(BOT_USER_ID, "bigconv", "Big Conversation", is_bot=True, is_app_user=True))
    for colleague in trust:
        ws.add_user(User(colleague.user_id, colleague.display_name.lower().replace(" ", ".")))
    everyone = [BOT_USER_ID, *(c.user_id for c in trust)]
    ws.add_channel(Channel(DEMO_CHANNEL, "big-conversation", everyone))
    return ws


def _print_summary(result: ConversationResult) -> None:
    print(result.summary)


async def run_slack_rounds(
    store: Store,
    settings: Settings,
    trust: Sequence[Colleague],
    periods: Sequence[Period],
    rng: random.Random,
    *,
    concurrency: int = 64,
    on_round: Callable[[RoundResult], None] = lambda result: None,
    on_conversation: Callable[[ConversationResult], None] = _print_summary,
) -> list[RoundResult]:
    limits = RateLimits(workspace_per_second=WORKSPACE_BUDGET)
    pacing = Pacing({"slack": PlatformPacing(1.0, WORKSPACE_BUDGET)})
    async with SlackStandIn(workspace=workspace_of(trust), limits=limits) as slack:
        config = SlackSettings(api_base_url=slack.base_url)
        runtime: SlackRuntime = build_slack_runtime(
            store,
            settings,
            config,
            token=slack.token,
            signing_secret=slack.signing_secret,
            connections=concurrency * 2,
        )
        runner, base = await start_server(
            build_server(store, slack_events=runtime.events.handle), "127.0.0.1", 0
        )
        worker = DeliveryWorker(
            store,
            {"slack": runtime.port},
            pacing,
            concurrency=concurrency,
            idle_seconds=0.2,
            calls=runtime.deps.backend.calls,
        )
        try:
            await sync_roster(runtime.deps.backend, runtime.client, team_id=TEAM_ID)
            staff = SimulatedStaff(slack, f"{base}/slack/events", concurrency=concurrency)
            results = []
            for period in periods:
                results.append(await run_round(store, settings, staff, worker, period, trust, rng))
                on_round(results[-1])
            app_url = f"{base}/slack/events"
            on_conversation(await run_conversation(slack, runtime, store, app_url, trust, rng))
            return results
        finally:
            await runner.cleanup()
            await runtime.close()
