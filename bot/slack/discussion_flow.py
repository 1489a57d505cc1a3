"""Steps the Big Conversation listeners share: finding a prompt from a typed id, the
networks a person may compose for, opening the compose modal, relaying an approval."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.compose_form import compose_modal
from bot.slack.blocks.prompt_list import SHORT_ID
from bot.slack.deps import SlackDeps
from handlers.discussion import PromptDraft, RelayInstruction, mark_relayed
from handlers.discussion.access import networks_of
from handlers.discussion.ports import ChannelPort
from handlers.identity import Requester
from handlers.ports import DeliveryFailed
from storage.prompt_store import Prompts
from storage.repositories.prompts import PostInfo

log = logging.getLogger("bigconv.conversation")
MAX_WAIT = 5.0  # seconds: longer than that, the chair is told to expect a delay
POSTED = "The reply was posted in the prompt's thread."


def resolve_prompt(prompts: Prompts, typed: str) -> str:
    """A full prompt id from the short one /bigconversation list shows; else as typed
    (the handler then says there is no such prompt)."""
    typed = typed.strip()
    if len(typed) < SHORT_ID:
        return typed
    found = [p.id for p in prompts.list_prompts() if p.id.startswith(typed)]
    return found[0] if len(found) == 1 else typed


def networks_for(deps: SlackDeps, requester: Requester) -> list[str]:
    """A chair's own networks; for an admin, every configured network and any in use."""
    own = networks_of(requester)
    if own is not None:
        return sorted(own)
    in_use = {p.fields.network for p in deps.backend.store.prompts.list_prompts()}
    return sorted(set(deps.networks) | in_use)


async def open_compose(
    deps: SlackDeps,
    client: AsyncWebClient,
    *,
    requester: Requester,
    trigger_id: str,
    draft: PromptDraft | None,
    editing: str | None = None,
) -> None:
    networks: Sequence[str] = await deps.backend.calls(networks_for, deps, requester)
    metadata = json.dumps({"edit": editing})
    view = compose_modal(draft, networks=networks, metadata=metadata, editing=editing is not None)
    await client.views_open(trigger_id=trigger_id, view=view)


async def _post_in_thread(port: ChannelPort, thread: PostInfo, text: str) -> Mapping[str, Any]:
    """One post; after a short rate-limit pause (a channel takes about one message a
    second) it is tried once more, as the chair is waiting for it."""
    try:
        return await port.post_in_thread(thread, text)
    except DeliveryFailed as failed:
        if failed.retry_after is None or failed.retry_after > MAX_WAIT:
            raise
        await asyncio.sleep(failed.retry_after)
    return await port.post_in_thread(thread, text)


async def relay(deps: SlackDeps, instruction: RelayInstruction) -> str:
    """Post an approved reply in each thread of its prompt; what to tell the chair."""
    posted: list[dict[str, str]] = []
    missed = []
    for thread in instruction.threads:
        port = deps.channel_ports.get(thread.channel.platform)
        if port is None:
            missed.append(thread.channel.channel)
            continue
        try:
            landed = await _post_in_thread(port, thread, instruction.text)
        except DeliveryFailed as failed:
            log.warning("an approved reply was not relayed: %s", failed.reason)
            missed.append(thread.channel.channel)
            continue
        posted.append({k: str(v) for k, v in landed.items()})
    if posted:
        reference = {"posts": posted}
        await deps.backend.calls(
            mark_relayed,
            deps.backend.store.prompts,
            queue_id=instruction.queue_id,
            reference=reference,
        )
    if not missed:
        return POSTED
    return (
        f"The reply was approved, but could not be posted in {len(missed)} of "
        f"{len(instruction.threads)} threads just now. Tell an admin if this keeps happening."
    )
