"""Slack user group members (usergroups.users.list), cached for a few minutes so a role
check costs no Web API call on most requests."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient


class UserGroupCache:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client, self._ttl, self._clock = client, ttl, clock
        self._cached: dict[str, tuple[float, frozenset[str]]] = {}
        self._lock = asyncio.Lock()

    async def members(self, group_id: str) -> frozenset[str]:
        """The user ids in the group; an unknown or unreadable group has none."""
        now = self._clock()
        hit = self._cached.get(group_id)
        if hit is not None and now - hit[0] < self._ttl:
            return hit[1]
        async with self._lock:
            try:
                answer = await self._client.usergroups_users_list(usergroup=group_id)
                users = frozenset(str(u) for u in answer.get("users") or ())
            except SlackApiError:
                # Keep the last known members through a Slack hiccup; none if never known.
                users = hit[1] if hit is not None else frozenset()
            self._cached[group_id] = (now, users)
            return users
