"""Keeping the delivery list current from what the platforms tell us: a workspace's
members (Slack's roster sync), an app installed or removed (Teams), a DM opened once.
Every write runs on the store's call queue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers.backend import Backend
from handlers.identity import Person
from storage.roster_store import SyncSummary
from storage.store import Store

__all__ = ["SyncSummary", "forget_address", "remember_address", "remember_dm", "sync_members"]


async def sync_members(
    backend: Backend, *, platform: str, workspace: str, members: Mapping[str, dict[str, Any]]
) -> SyncSummary:
    """Everyone in `members` (user id -> delivery address) added or reactivated; everyone
    else marked inactive, kept so a returning colleague keeps their opt-out."""
    roster = backend.store.roster
    return await backend.calls(roster.sync, platform=platform, workspace=workspace, members=members)


async def remember_address(backend: Backend, person: Person, address: dict[str, Any]) -> None:
    """Add (or reactivate) the person, reachable at `address`."""
    await backend.calls(
        backend.store.roster.upsert,
        platform=person.platform,
        workspace=person.workspace,
        user_id=person.user_id,
        delivery=address,
    )


def _deactivate(store: Store, person: Person) -> None:
    entry = store.roster.find(
        platform=person.platform, workspace=person.workspace, user_id=person.user_id
    )
    if entry is not None:
        store.roster.set_active(entry.id, False)


async def forget_address(backend: Backend, person: Person) -> None:
    """The app was removed: keep the row (and any opt-out) but stop inviting them."""
    await backend.calls(_deactivate, backend.store, person)


def _set_channel(store: Store, person: Person, address: Mapping[str, Any], channel: str) -> None:
    entry = store.roster.find(
        platform=person.platform, workspace=person.workspace, user_id=person.user_id
    )
    if entry is not None:
        store.roster.set_delivery(entry.id, {**address, "channel": channel})


async def remember_dm(
    backend: Backend, person: Person, address: Mapping[str, Any], channel: str
) -> None:
    """Keep a newly opened DM on the roster, so the platform is asked to open it once."""
    await backend.calls(_set_channel, backend.store, person, address, channel)
