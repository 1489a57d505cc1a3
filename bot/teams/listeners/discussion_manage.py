"""The chair's list card: edit, pause, resume or delete a prompt, or open its queue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.cards.discussion_ids import ConvKey, ConvVerb
from bot.teams.deps import TeamsDeps
from bot.teams.listeners.discussion_commands import run
from bot.teams.listeners.discussion_flow import (
    OUT_OF_DATE,
    id_in,
    notice,
    requester_of,
    show_list,
    show_queue,
)
from discussion import Command, Verb
from handlers.discussion import change_prompt

CHANGES = {ConvVerb.PAUSE: Verb.PAUSE, ConvVerb.RESUME: Verb.RESUME, ConvVerb.DELETE: Verb.DELETE}


async def on_manage(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    verb, pid = value.get(ConvKey.VERB), id_in(value, ConvKey.PROMPT)
    if not pid:
        await notice(context, OUT_OF_DATE)
    elif verb == ConvVerb.EDIT:
        await run(context, deps, Command(Verb.EDIT, prompt=pid))
    elif verb == ConvVerb.QUEUE:
        await show_queue(context, deps, await requester_of(context, deps), pid, None)
    else:
        requester, to = await requester_of(context, deps), CHANGES[ConvVerb(str(verb))]
        said = await change_prompt(
            deps.backend, requester=requester, prompt_id=pid, to=to, now=deps.now()
        )
        await show_list(context, deps, requester, said.text)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def managed(context: TurnContext, _state: TurnState) -> None:
        await on_manage(context, deps, kinds.click_value(context) or {})

    verbs = (ConvVerb.EDIT, ConvVerb.QUEUE, *CHANGES)
    app.add_route(kinds.discussion_click(*verbs), managed)
