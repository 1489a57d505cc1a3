"""Relaying an approved reply: approve it, post it in the thread of every channel the
prompt was posted in, and record where it landed, whatever the platform.

Each thread is posted through the ChannelPort of its channel's platform, tried again
under the one retry policy (handlers.delivery.retrying) because the chair is waiting.
The reply stays approved when a thread cannot be reached; a later relay adds to the
recorded posts (discussion.model.RelayReference).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from discussion.model import PostInfo, RelayReference
from handlers.backend import Backend
from handlers.delivery.retrying import Sleep, retried
from handlers.discussion.cards import RelayInstruction
from handlers.discussion.moderation import approve, mark_relayed
from handlers.discussion.ports import ChannelPort
from handlers.identity import Requester
from handlers.messages import Notice, Refusal
from handlers.ports import DeliveryFailed

log = logging.getLogger("bigconv.discussion")
RELAYED = "The reply was approved and posted in the prompt's thread as “A colleague said: …”."


@dataclass(frozen=True, slots=True)
class RelayOutcome:
    """What became of a relay: threads posted, threads missed, the reference stored."""

    posted: int
    missed: int
    reference: RelayReference

    @property
    def text(self) -> str:
        if not self.missed:
            return RELAYED
        return (
            f"The reply was approved, but could not be posted in {self.missed} of "
            f"{self.posted + self.missed} threads just now. It is kept as approved; tell an "
            "admin if this keeps happening."
        )


def _poster(
    port: ChannelPort, thread: PostInfo, text: str
) -> Callable[[], Awaitable[Mapping[str, Any]]]:
    return lambda: port.post_in_thread(thread, text)


async def relay_reply(
    backend: Backend,
    ports: Mapping[str, ChannelPort],
    instruction: RelayInstruction,
    *,
    sleep: Sleep = asyncio.sleep,
) -> RelayOutcome:
    """Post `instruction.text` in each thread; mark the reply relayed once one landed."""
    landed: list[dict[str, str]] = []
    for thread in instruction.threads:
        port = ports.get(thread.channel.platform)
        if port is None:
            continue  # that platform is not served by this process
        try:
            posted = await retried(_poster(port, thread, instruction.text), sleep=sleep)
        except DeliveryFailed as failed:
            log.warning("an approved reply was not relayed: %s", failed.reason)
            continue
        landed.append({str(k): str(v) for k, v in posted.items()})
    reference = RelayReference(tuple(landed))
    if landed:
        await backend.calls(
            mark_relayed, backend.store.prompts, queue_id=instruction.queue_id, reference=reference
        )
    return RelayOutcome(len(landed), len(instruction.threads) - len(landed), reference)


async def approve_reply(
    backend: Backend, ports: Mapping[str, ChannelPort], *, requester: Requester, queue_id: str
) -> RelayOutcome | Notice | Refusal:
    """The chair approved a reply: relayed at once in relay mode, else kept (private)."""
    outcome = await backend.calls(
        approve, backend.store.prompts, requester=requester, queue_id=queue_id
    )
    if isinstance(outcome, RelayInstruction):
        return await relay_reply(backend, ports, outcome)
    return outcome
