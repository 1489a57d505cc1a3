"""A signed request is accepted once: its signature is remembered until its 5-minute
window has passed, so a captured request cannot be sent again."""

from __future__ import annotations

from handlers.backend import Backend


async def first_sighting(backend: Backend, signature: str, timestamp: int, now: int) -> bool:
    """True the first time this signature is seen (and records it); False for a replay."""
    return await backend.calls.first_sighting(signature, timestamp, now)
