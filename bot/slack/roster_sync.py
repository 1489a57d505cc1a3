"""Keeping the roster equal to the audience: every active human in the workspace (guests
included: bank staff are often guests), or the members of configured channels."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.payload import PLATFORM
from handlers.backend import Backend
from handlers.roster_updates import SyncSummary, sync_members

PAGE = 200
SLACKBOT = "USLACKBOT"
MAX_PAGES = 10_000  # bounded: 2 million members


def is_human(member: Mapping[str, Any]) -> bool:
    """Active people: no bots or apps, no Slackbot, no deactivated accounts."""
    return not (
        member.get("deleted")
        or member.get("is_bot")
        or member.get("is_app_user")
        or member.get("id") == SLACKBOT
        or member.get("is_workflow_bot")
    )


async def _pages(client: AsyncWebClient, method: str, key: str, **args: Any) -> list[Any]:
    items: list[Any] = []
    cursor = ""
    for _ in range(MAX_PAGES):
        answer = await client.api_call(
            method, http_verb="GET", params={"limit": PAGE, "cursor": cursor, **args}
        )
        items += answer.get(key) or []
        cursor = (answer.get("response_metadata") or {}).get("next_cursor") or ""
        if not cursor:
            break
    return items


async def workspace_humans(client: AsyncWebClient) -> dict[str, str]:
    """user id → team id for every active human member."""
    members = await _pages(client, "users.list", "members")
    return {str(m["id"]): str(m.get("team_id", "")) for m in members if is_human(m)}


async def channel_members(client: AsyncWebClient, channels: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for channel in channels:
        found.update(
            str(u)
            for u in await _pages(client, "conversations.members", "members", channel=channel)
        )
    return found


async def sync_roster(
    backend: Backend, client: AsyncWebClient, *, team_id: str, channels: Iterable[str] = ()
) -> SyncSummary:
    """Upsert everyone in the audience and deactivate those who have gone."""
    humans = await workspace_humans(client)
    wanted = tuple(channels)
    if wanted:
        keep = await channel_members(client, wanted)
        humans = {u: t for u, t in humans.items() if u in keep}
    members = {user: {"user": user, "team": team_id} for user in humans}
    return await sync_members(backend, platform=PLATFORM, workspace=team_id, members=members)
