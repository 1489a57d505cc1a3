"""Slack user group members (usergroups.users.list), cached for a short time so a role
check costs no Web API call on most requests.

Each replica keeps its own cache, and the cache can only hold back a change, never
invent one: a person removed from a group loses the role on every replica within `ttl`
seconds (`[slack] usergroup_cache_seconds`, default 300; README "Running more than one
replica"). A list is read again from 80% of its TTL on, so a failed read still leaves
it in use for the rest of its TTL; but it is never served past the TTL: when Slack
cannot be asked by then, the group has no members (the role check fails closed) until
Slack answers again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)
RETRY_SECONDS = 10.0  # after a failed read past the TTL, how long the empty answer stands
REFRESH_AT = 0.8  # of the TTL: read again early, so one failed read loses nothing


@dataclass(frozen=True, slots=True)
class _Entry:
    users: frozenset[str]
    refresh_at: float  # from here on, ask Slack again (keep this answer if that fails)
    expires_at: float  # never served after this


class UserGroupCache:
    def __init__(
        self,
        client: AsyncWebClient,
        *,
        ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client, self._ttl, self._clock = client, ttl, clock
        self._cached: dict[str, _Entry] = {}
        self._lock = asyncio.Lock()

    def _usable(self, group_id: str, *, until: str) -> frozenset[str] | None:
        hit = self._cached.get(group_id)
        if hit is None or self._clock() >= getattr(hit, until):
            return None
        return hit.users

    async def members(self, group_id: str) -> frozenset[str]:
        """The user ids in the group; an unknown or unreadable group has none."""
        found = self._usable(group_id, until="refresh_at")
        if found is not None:
            return found
        async with self._lock:
            found = self._usable(group_id, until="refresh_at")  # just read by another request
            if found is not None:
                return found
            asked_at = self._clock()
            try:
                answer = await self._client.usergroups_users_list(usergroup=group_id)
            except SlackApiError as exc:
                log.warning("user group %s unreadable: %s", group_id, exc.response.get("error"))
                kept = self._usable(group_id, until="expires_at")
                if kept is not None:
                    return kept  # still inside its TTL: ask again next time
                retry = asked_at + min(self._ttl, RETRY_SECONDS)
                self._cached[group_id] = _Entry(frozenset(), retry, retry)
                return frozenset()
            users = frozenset(str(u) for u in answer.get("users") or ())
            entry = _Entry(users, asked_at + REFRESH_AT * self._ttl, asked_at + self._ttl)
            self._cached[group_id] = entry
            return users
