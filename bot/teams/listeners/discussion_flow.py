"""Shared steps of the Big Conversation listeners: the compose card for a person, the
refreshed queue and list after an action, and relaying an approved reply."""

from __future__ import annotations

import logging

from microsoft_agents.hosting.core import TurnContext

from bot.teams.cards.compose_form import compose_card
from bot.teams.cards.prompt_lists import conv_notice, prompt_list_card, queue_card
from bot.teams.chat import send_card, show_card
from bot.teams.deps import TeamsDeps
from bot.teams.people import person_of
from handlers import discussion
from handlers.discussion import Problem, RelayInstruction
from handlers.discussion.access import networks_of
from handlers.identity import Requester
from handlers.messages import Refusal
from handlers.ports import DeliveryFailed

log = logging.getLogger(__name__)
NOT_RELAYED = (
    "The reply was approved, but it could not be posted in the thread just now ({reason}). "
    "It is kept as approved; tell an admin if this keeps happening."
)
RELAYED = "The reply was approved and posted in the thread as “A colleague said: …”."


async def requester_of(context: TurnContext, deps: TeamsDeps) -> Requester:
    return await deps.roles.requester(person_of(context.activity))


def compose_networks(deps: TeamsDeps, requester: Requester) -> list[str]:
    """A chair's own networks; for an admin, every configured network and any in use."""
    own = networks_of(requester)
    if own is not None:
        return sorted(own)
    in_use = {p.fields.network for p in deps.backend.store.prompts.list_prompts()}
    return sorted(set(deps.discussion.networks) | in_use)


async def send_compose(
    context: TurnContext,
    deps: TeamsDeps,
    requester: Requester,
    values: dict[str, str],
    *,
    problems: tuple[Problem, ...] = (),
    editing: str | None = None,
    replace: bool = False,
) -> None:
    networks = await deps.backend.calls(compose_networks, deps, requester)
    tenant = requester.person.workspace
    channels = [(c.conversation, c.label) for c in deps.discussion.channels.of_tenant(tenant)]
    made = compose_card(
        values, networks=networks, channels=channels, problems=problems, editing=editing
    )
    if replace:
        await show_card(context, made, summary=made["fallbackText"])
    else:
        await send_card(context, made, summary=made["fallbackText"])


async def show_queue(
    context: TurnContext, deps: TeamsDeps, requester: Requester, prompt_id: str, note: str | None
) -> None:
    found = await deps.backend.calls(
        discussion.queue, deps.backend.store.prompts, requester=requester, prompt_id=prompt_id
    )
    if isinstance(found, Refusal):
        shown = conv_notice(f"{note}\n\n{found.text}" if note else found.text)
        await show_card(context, shown, summary=found.text)
    else:
        await show_card(context, queue_card(found, note=note), summary=note or found.title)


async def show_list(
    context: TurnContext, deps: TeamsDeps, requester: Requester, note: str | None
) -> None:
    listed = await deps.backend.calls(
        discussion.list_prompts, deps.backend.store.prompts, requester=requester
    )
    if isinstance(listed, Refusal):
        await show_card(context, conv_notice(listed.text), summary=listed.text)
    else:
        card = prompt_list_card(listed, note=note)
        await show_card(context, card, summary=note or listed.text)


async def relay(deps: TeamsDeps, instruction: RelayInstruction) -> str:
    """Post the approved reply in each thread; recorded as relayed once one post lands."""
    port = deps.discussion.port
    if port is None:
        return NOT_RELAYED.format(reason="Teams posting is not set up")
    reason, relayed = "", False
    for thread in instruction.threads:
        try:
            landed = await port.post_in_thread(thread, instruction.text)
        except DeliveryFailed as failed:
            log.warning("approved reply not relayed: %s", failed.reason)
            reason = failed.reason
            continue
        if not relayed:
            relayed = await deps.backend.calls(
                discussion.mark_relayed,
                deps.backend.store.prompts,
                queue_id=instruction.queue_id,
                reference=dict(landed),
            )
    return RELAYED if relayed else NOT_RELAYED.format(reason=reason or "no thread")
