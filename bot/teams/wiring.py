"""Everything the Teams side of one process needs, built from settings in one place:
the SDK application and adapter behind /api/messages, the TeamsPort for the delivery
worker, the report links, and what /healthz says about this side."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.roles import RoleResolver
from bot.settings import Settings, TeamsSettings, notice_settings
from bot.teams.agent import build_agent
from bot.teams.channel_port import TeamsChannelPort
from bot.teams.connection import Identity, production_identity
from bot.teams.deps import TeamsDeps
from bot.teams.digest import chair_addresses
from bot.teams.port import TeamsPort
from bot.teams.quiet_sdk import quiet_sdk_logs
from bot.teams.team_channels import TeamChannels
from handlers.backend import Backend, Store, StoreCalls
from handlers.discussion import send_weekly_digests
from handlers.report_links import ReportLinks
from handlers.reports import ReportPolicy
from handlers.round_admin import RoundCalendar

log = logging.getLogger("bigconv.teams")
NO_APP_ID_LOGGER = "microsoft_agents.hosting.core.connector.client.user_token_client"
ANONYMOUS_WARNING = (
    "Teams anonymous access is ON ([teams] allow_anonymous = true): /api/messages accepts "
    "requests without a Bot Service token and replies without one. For local trials "
    "(Agents Playground) only; never expose this server."
)


@dataclass
class TeamsRuntime:
    agent: AgentApplication[TurnState]
    adapter: CloudAdapter
    port: TeamsPort
    deps: TeamsDeps
    identity: Identity
    links: ReportLinks
    _owns_calls: bool = True
    channel_port: TeamsChannelPort | None = None  # the Big Conversation's ChannelPort
    chairs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # network -> actors

    def health(self) -> dict[str, Any]:
        """What /healthz says about Teams: loudly, if anyone may call /api/messages."""
        if self.identity.anonymous:
            return {"teams": {"anonymous": True, "warning": ANONYMOUS_WARNING}}
        return {"teams": {"anonymous": False}}

    async def send_digests(self) -> int:
        """DM each Teams network chair the weekly digest of their prompts."""
        if self.channel_port is None:
            return 0
        chairs = chair_addresses(self.chairs)
        return await send_weekly_digests(self.deps.backend, self.channel_port, chairs)

    def close(self) -> None:
        if self._owns_calls:
            self.deps.backend.calls.close()


async def _raise(context: TurnContext, error: Exception) -> None:
    # The adapter's default prints the traceback and sends "Exception caught: ..." to the
    # person. Our turns handle their own errors (bot.teams.agent); what reaches here is a
    # proactive send, whose failure the TeamsPort must see.
    raise error


def build_teams_runtime(
    store: Store,
    settings: Settings,
    teams: TeamsSettings,
    *,
    identity: Identity | None = None,
    calls: StoreCalls | None = None,
) -> TeamsRuntime:
    """`identity`: who the app is (tests and the demo pass one for the stand-in);
    production reads the Entra app from the environment."""
    quiet_sdk_logs()
    identity = identity or production_identity(teams)
    if identity.anonymous:
        log.warning(ANONYMOUS_WARNING)
        # Said once here; the SDK would repeat "App ID is not provided" on every turn.
        logging.getLogger(NO_APP_ID_LOGGER).setLevel(logging.ERROR)
    adapter = CloudAdapter(connection_manager=identity.connections)
    adapter.on_turn_error = _raise
    backend = Backend(store, calls or StoreCalls(store))
    links = ReportLinks(backend, ttl_seconds=teams.report_link_minutes * 60)
    schedule = settings.schedule
    deps = TeamsDeps(
        backend=backend,
        roles=RoleResolver(settings.roles),  # Entra groups would need Microsoft Graph
        report_policy=ReportPolicy(settings.privacy.min_group_size, settings.report.trend_periods),
        links=links,
        public_url=teams.public_url,
        notice=notice_settings(settings),
        trust_name=settings.trust_name,
        recall=settings.privacy.recall,
        calendar=RoundCalendar(schedule.timezone, schedule.open_days),
    )
    deps.discussion.channels = TeamChannels(store.bot_channels)  # kept across restarts
    agent = build_agent(deps, identity)
    port = TeamsPort(adapter, identity)
    channel_port = TeamsChannelPort(adapter, identity, deps)
    deps.discussion.networks = tuple(settings.roles.network_chairs)
    deps.discussion.port = channel_port
    return TeamsRuntime(
        agent,
        adapter,
        port,
        deps,
        identity,
        links,
        calls is None,
        channel_port,
        dict(settings.roles.network_chairs),
    )
