"""Everything the Slack side of one process needs, built from settings in one place:
the bolt app behind /slack/events, the SlackPort for the delivery worker, and the
user group cache for roles. Shared HTTP connections, closed together."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.roles import GroupRoles, RoleResolver
from bot.settings import (
    Settings,
    SlackSettings,
    notice_settings,
)
from bot.slack.app import build_slack_app
from bot.slack.channel_port import SlackChannelPort
from bot.slack.deps import SlackDeps
from bot.slack.digest import ChairDirectory
from bot.slack.endpoint import SlackEvents
from bot.slack.payload import PLATFORM
from bot.slack.port import RememberChannel, SlackPort
from bot.slack.usergroups import UserGroupCache
from handlers.backend import Backend, Store, StoreCalls
from handlers.discussion import send_weekly_digests
from handlers.identity import Person
from handlers.reports import ReportPolicy
from handlers.roster_updates import remember_dm
from handlers.round_admin import RoundCalendar


@dataclass
class SlackRuntime:
    app: AsyncApp
    events: SlackEvents
    port: SlackPort
    client: AsyncWebClient  # for listeners and roster sync
    deps: SlackDeps
    _session: aiohttp.ClientSession
    # The Big Conversation: `bigconv serve` registers channel_port with the posting job
    # (handlers.discussion.post_due) and may run send_digests weekly.
    channel_port: SlackChannelPort
    chairs: ChairDirectory
    _owns_calls: bool = True

    async def send_digests(self) -> int:
        """DM each network chair the digest of their prompts; how many DMs were sent."""
        return await send_weekly_digests(
            self.deps.backend, self.channel_port, self.chairs.addresses
        )

    async def close(self) -> None:
        await self.port.flush()
        await self._session.close()
        if self._owns_calls:
            self.deps.backend.calls.close()


def _remember_channel(backend: Backend) -> RememberChannel:
    """Keep a newly opened DM id on the roster, so conversations.open runs once a person."""

    async def remember(address: Mapping[str, Any], channel: str) -> None:
        person = Person(PLATFORM, str(address.get("team", "")), str(address["user"]))
        await remember_dm(backend, person, address, channel)

    return remember


def build_slack_runtime(
    store: Store,
    settings: Settings,
    slack: SlackSettings,
    *,
    token: str,
    signing_secret: str,
    connections: int = 100,
    calls: StoreCalls | None = None,
) -> SlackRuntime:
    """Call from inside the running event loop (the HTTP session belongs to it).
    `calls`: share one StoreCalls with Teams and the worker (one writer thread on SQLite)."""
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections))
    base = slack.api_base_url
    client = AsyncWebClient(token=token, base_url=base, session=session, timeout=5)
    # The worker owns retries: the port's client has none of its own.
    delivery = AsyncWebClient(
        token=token, base_url=base, session=session, timeout=10, retry_handlers=[]
    )
    groups = UserGroupCache(client, ttl=slack.usergroup_cache_seconds)
    roles = RoleResolver(
        settings.roles,
        GroupRoles(slack.edi_usergroups, slack.admin_usergroups, slack.network_chair_usergroups),
        groups.members,
    )
    owns_calls = calls is None
    calls = calls or StoreCalls(store)
    backend = Backend(store, calls)
    schedule = settings.schedule
    channel_port = SlackChannelPort(delivery)
    chair_groups = slack.network_chair_usergroups
    networks = tuple(sorted(set(settings.roles.network_chairs) | set(chair_groups)))
    deps = SlackDeps(
        backend=backend,
        roles=roles,
        report_policy=ReportPolicy(settings.privacy.min_group_size, settings.report.trend_periods),
        recall=settings.privacy.recall,
        calendar=RoundCalendar(schedule.timezone, schedule.open_days),
        notice=notice_settings(settings),
        networks=networks,
        channel_ports={"slack": channel_port},
        trust_name=settings.trust_name,
    )
    max_body = settings.server.max_body_bytes
    app = build_slack_app(
        client=client, signing_secret=signing_secret, deps=deps, max_body_bytes=max_body
    )
    events = SlackEvents(app)
    port = SlackPort(delivery, remember=_remember_channel(backend))
    chairs = ChairDirectory(settings.roles.network_chairs, chair_groups, groups.members)
    return SlackRuntime(app, events, port, client, deps, session, channel_port, chairs, owns_calls)
