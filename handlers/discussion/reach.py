"""Where a platform port can reach people and channels, from the roster: read for one
message and never written next to a reply (the chair's answer is addressed this way)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.backend import Backend


async def delivery_of(
    backend: Backend, *, platform: str, workspace: str, user: str
) -> Mapping[str, Any] | None:
    """The roster's delivery address of one person, if they are on it."""
    entry = await backend.calls(
        backend.store.roster.find, platform=platform, workspace=workspace, user_id=user
    )
    return None if entry is None else (entry.delivery or {})


async def deliveries_in(
    backend: Backend, *, platform: str, workspace: str
) -> list[Mapping[str, Any]]:
    """Every roster delivery address in a workspace (a Teams tenant's service URL is in
    each of them)."""
    entries = await backend.calls(
        backend.store.roster.audience, platform=platform, workspace=workspace
    )
    return [e.delivery or {} for e in entries]
