"""Steps the Big Conversation listeners share on Teams: who is asking, the compose card
for a person, and the refreshed queue and list after an action."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import TurnContext

from bot.teams.cards.compose_form import compose_card
from bot.teams.cards.prompt_lists import conv_notice, prompt_list_card, queue_card
from bot.teams.chat import send_card, show_card
from bot.teams.deps import TeamsDeps
from bot.teams.people import person_of
from handlers.discussion import (
    CommandSettings,
    Problem,
    networks_to_compose_for,
    open_queue,
    prompt_list,
)
from handlers.identity import Requester
from handlers.messages import Refusal

OUT_OF_DATE = "This card is out of date. Type bigconversation help to start again."
MAX_ID = 64


def id_in(value: Mapping[str, Any], key: str) -> str | None:
    """An id a card carries, if it looks like one (cards can be old or forwarded)."""
    found = value.get(key)
    return found if isinstance(found, str) and 0 < len(found) <= MAX_ID else None


async def notice(context: TurnContext, message: str) -> None:
    """`message` in place of the card clicked."""
    await show_card(context, conv_notice(message), summary=message)


async def requester_of(context: TurnContext, deps: TeamsDeps) -> Requester:
    return await deps.roles.requester(person_of(context.activity))


def command_settings(deps: TeamsDeps) -> CommandSettings:
    return CommandSettings(deps.discussion.networks, deps.report_policy.min_group_size)


async def send_compose(
    context: TurnContext,
    deps: TeamsDeps,
    requester: Requester,
    values: dict[str, str],
    *,
    networks: tuple[str, ...] | None = None,
    problems: tuple[Problem, ...] = (),
    editing: str | None = None,
    replace: bool = False,
) -> None:
    if networks is None:
        networks = await networks_to_compose_for(
            deps.backend, requester=requester, configured=deps.discussion.networks
        )
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
    found = await open_queue(deps.backend, requester=requester, prompt_id=prompt_id)
    if isinstance(found, Refusal):
        shown = conv_notice(f"{note}\n\n{found.text}" if note else found.text)
        await show_card(context, shown, summary=found.text)
    else:
        await show_card(context, queue_card(found, note=note), summary=note or found.title)


async def show_list(
    context: TurnContext, deps: TeamsDeps, requester: Requester, note: str | None
) -> None:
    listed = await prompt_list(deps.backend, requester=requester)
    if isinstance(listed, Refusal):
        await show_card(context, conv_notice(listed.text), summary=listed.text)
    else:
        card = prompt_list_card(listed, note=note)
        await show_card(context, card, summary=note or listed.text)
