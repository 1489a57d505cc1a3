"""What a chair does from a card or a modal, one use case each: see the queue, approve
(handlers.discussion.relay), decline, answer a colleague who asked, pause, resume or
delete a prompt, save a composed or edited draft, see the digests."""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from datetime import datetime

from discussion.grammar import Verb
from discussion.model import ChannelRef
from discussion.refusals import RefusalReason
from handlers.backend import Backend
from handlers.discussion.access import Refused
from handlers.discussion.cards import (
    Digest,
    DirectInstruction,
    InvalidDraft,
    ModerationQueue,
    PromptList,
    PromptSaved,
)
from handlers.discussion.compose import PromptDraft, compose_prompt
from handlers.discussion.digest import digests
from handlers.discussion.manage import (
    delete_prompt,
    edit_prompt,
    list_prompts,
    pause_prompt,
    resume_prompt,
)
from handlers.discussion.moderation import chair_reply, decline, queue
from handlers.discussion.networks import compose_networks
from handlers.discussion.ports import ChannelPort
from handlers.identity import Requester
from handlers.messages import Notice, Refusal
from handlers.ports import DeliveryFailed

log = logging.getLogger("bigconv.discussion")
NOT_DELIVERED = (
    "Your answer could not be delivered just now: the colleague may no longer be reachable. "
    "Please try again in a few minutes."
)


async def open_queue(
    backend: Backend, *, requester: Requester, prompt_id: str
) -> ModerationQueue | Refusal:
    return await backend.calls(
        queue, backend.store.prompts, requester=requester, prompt_id=prompt_id
    )


async def decline_reply(
    backend: Backend, *, requester: Requester, queue_id: str
) -> Notice | Refusal:
    return await backend.calls(
        decline, backend.store.prompts, requester=requester, queue_id=queue_id
    )


async def answer_colleague(
    backend: Backend,
    ports: Mapping[str, ChannelPort],
    *,
    requester: Requester,
    queue_id: str,
    text: str,
) -> Notice | Refusal:
    """The chair's answer, sent by the bot to the colleague's sealed address; the chair
    only ever sees whether it went."""
    found = await backend.calls(
        chair_reply, backend.store.prompts, requester=requester, queue_id=queue_id, text=text
    )
    if not isinstance(found, DirectInstruction):
        return found
    port = ports.get(str(found.address.get("platform", "")))
    try:
        if port is None:
            raise DeliveryFailed("that platform is not served here", permanent=True)
        await port.send_direct(found.address, found.text)
    except DeliveryFailed as failed:
        log.warning("a chair's answer was not delivered: %s", failed.reason)
        return Refused(NOT_DELIVERED, RefusalReason.NOT_DELIVERED)
    return Notice(found.confirmation)


async def change_prompt(
    backend: Backend, *, requester: Requester, prompt_id: str, to: Verb, now: datetime
) -> Notice | Refusal:
    """Pause, resume or delete (`to`: Verb.PAUSE, Verb.RESUME or Verb.DELETE)."""
    prompts = backend.store.prompts
    if to is Verb.PAUSE:
        return await backend.calls(pause_prompt, prompts, requester=requester, prompt_id=prompt_id)
    if to is Verb.RESUME:
        return await backend.calls(
            resume_prompt, prompts, requester=requester, prompt_id=prompt_id, now=now
        )
    if to is not Verb.DELETE:
        raise ValueError(f"not a change of a prompt: {to}")
    return await backend.calls(delete_prompt, prompts, requester=requester, prompt_id=prompt_id)


async def save_draft(
    backend: Backend,
    *,
    requester: Requester,
    draft: PromptDraft,
    editing: str | None,
    bot_channels: Collection[ChannelRef] | None,
    now: datetime,
) -> PromptSaved | InvalidDraft | Refusal:
    """Schedule a new prompt, or replace the one being edited."""
    prompts = backend.store.prompts
    if editing is None:
        return await backend.calls(
            compose_prompt, prompts, requester=requester, draft=draft, now=now,
            bot_channels=bot_channels,
        )  # fmt: skip
    return await backend.calls(
        edit_prompt, prompts, requester=requester, prompt_id=editing, draft=draft, now=now,
        bot_channels=bot_channels,
    )  # fmt: skip


async def prompt_list(backend: Backend, *, requester: Requester) -> PromptList | Refusal:
    return await backend.calls(list_prompts, backend.store.prompts, requester=requester)


async def chair_digests(backend: Backend, *, requester: Requester) -> tuple[Digest, ...]:
    """The digests for a chair's App Home or card; none for anybody else."""
    found = await backend.calls(digests, backend.store.prompts, requester=requester)
    return () if isinstance(found, Refusal) else found


async def networks_to_compose_for(
    backend: Backend, *, requester: Requester, configured: Collection[str]
) -> tuple[str, ...]:
    """The networks the compose form offers (shown again with a draft's problems)."""
    return await backend.calls(compose_networks, backend.store.prompts, requester, configured)
