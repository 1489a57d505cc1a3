"""Team events keep the channel directory: the bot added to or removed from a team, a
channel created, renamed or deleted. When the bot joins a team it asks Teams for the
team's channels (GET v3/teams/{id}/conversations); if that fails it knows the General
channel, whose conversation id is the team's id."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from bot.teams import activity_kinds as kinds
from bot.teams.deps import TeamsDeps
from bot.teams.people import NotAPerson, tenant_of
from bot.teams.team_channels import GENERAL, TeamChannel

log = logging.getLogger(__name__)


def _data(context: TurnContext) -> Mapping[str, Any]:
    data = context.activity.channel_data
    if isinstance(data, Mapping):
        return data
    dumped = getattr(data, "model_dump", None)
    return dumped(by_alias=True) if callable(dumped) else {}


def _bot_in(members: list[Any] | None, bot: str | None) -> bool:
    return any(m.id == bot for m in members or [])


async def _team_channels(context: TurnContext, team: str) -> list[tuple[str, str]]:
    connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
    fetch = getattr(connector, "fetch_channel_list", None)
    if fetch is None:
        return [(team, GENERAL)]
    try:
        found = await fetch(team)
    except Exception as exc:  # the General channel is enough to go on with
        log.warning("could not list a team's channels: %s", type(exc).__name__)
        return [(team, GENERAL)]
    return [(str(c.id), str(c.name or GENERAL)) for c in found if c.id]


async def on_team_update(context: TurnContext, deps: TeamsDeps) -> None:
    activity, data = context.activity, _data(context)
    team = data.get("team")
    if not isinstance(team, Mapping) or not team.get("id"):
        return
    try:
        tenant = tenant_of(activity)
    except NotAPerson:
        return
    team_id, team_name = str(team["id"]), str(team.get("name") or "Team")
    channels = deps.discussion.channels
    event = str(data.get("eventType") or "")
    bot = activity.recipient.id if activity.recipient else None
    found = data.get("channel")
    channel: Mapping[str, Any] = found if isinstance(found, Mapping) else {}

    def made(conversation: str, name: str) -> TeamChannel:
        return TeamChannel(conversation, name, team_id, team_name, tenant, activity.service_url)

    if _bot_in(activity.members_removed, bot) or event == "teamDeleted":
        channels.forget_team(team_id)
    elif _bot_in(activity.members_added, bot):
        channels.learn(made(c, n) for c, n in await _team_channels(context, team_id))
    elif event in ("channelCreated", "channelRenamed", "channelRestored") and channel.get("id"):
        channels.learn([made(str(channel["id"]), str(channel.get("name") or GENERAL))])
    elif event == "channelDeleted" and channel.get("id"):
        channels.forget(str(channel["id"]))


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def updated(context: TurnContext, _state: TurnState) -> None:
        await on_team_update(context, deps)

    app.add_route(kinds.team_update, updated)
