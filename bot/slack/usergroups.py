"""Slack user group members (usergroups.users.list), cached for a short time so a role
check costs no Web API call on most requests.

Each replica keeps its own cache, and the cache can only hold back a change, never
invent one: a person removed from a group loses the role on every replica within `ttl`
seconds (`[slack] usergroup_cache_seconds`, default 300; README "Running more than one
replica"). So a stale answer is never served past the TTL: when Slack cannot be asked,
the group has no members (the role check fails closed) until Slack answers again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
RETRY_SECONDS = 10.0  # after a failed read, how long the empty answer stands


class UserGroupCache:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client, self._ttl, self._clock = client, ttl, clock
        self._cached: dict[str, tuple[float, frozenset[str]]] = {}  # group -> (until, ids)
        self._lock = asyncio.Lock()

    def _fresh(self, group_id: str) -> frozenset[str] | None:
        hit = self._cached.get(group_id)
        return hit[1] if hit is not None and self._clock() < hit[0] else None

    async def members(self, group_id: str) -> frozenset[str]:
        """The user ids in the group; an unknown or unreadable group has none."""
        found = self._fresh(group_id)
        if found is not None:
            return found
        async with self._lock:
            found = self._fresh(group_id)  # another request may have just read it
            if found is not None:
                return found
            asked_at = self._clock()
            try:
                answer = await self._client.usergroups_users_list(usergroup=group_id)
                users = frozenset(str(u) for u in answer.get("users") or ())
                until = asked_at + self._ttl
            except SlackApiError as exc:
                log.warning(
                    "user group %s unreadable (%s): no members", group_id, exc.response.get("error")
                )
                users, until = frozenset(), asked_at + min(self._ttl, RETRY_SECONDS)
            self._cached[group_id] = (until, users)
            return users
