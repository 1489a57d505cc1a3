"""A signed request is accepted once: its signature is remembered until its 5-minute
window has passed, so a captured request cannot be sent again."""

from __future__ import annotations

from handlers.backend import Backend
from handlers.deadline import REPLAY_CHECK_WITHIN


async def first_sighting(
    backend: Backend, signature: str, timestamp: int, now: int, *, received_at: float | None = None
) -> bool | None:
    """True the first time this signature is seen (and records it); False for a replay;
    None, with nothing recorded, if the database could not be asked in time (the request
    arrived at `received_at`, time.monotonic()): the wing answers "try again"."""
    start_by = None if received_at is None else received_at + REPLAY_CHECK_WITHIN
    return await backend.calls.first_sighting(signature, timestamp, now, start_by=start_by)
