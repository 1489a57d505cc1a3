"""The compose (or edit) card's submit, and a starter picked from the library: the draft
is saved as the chair's, or the card comes back with what to fix."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.cards.discussion_ids import ConvKey, ConvVerb
from bot.teams.deps import TeamsDeps
from bot.teams.listeners.compose_values import draft_of, values_of
from bot.teams.listeners.discussion_commands import run
from bot.teams.listeners.discussion_flow import (
    OUT_OF_DATE,
    id_in,
    notice,
    requester_of,
    send_compose,
)
from discussion import Command, Verb
from handlers.discussion import InvalidDraft, library, save_draft


async def on_compose(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    requester, editing = await requester_of(context, deps), id_in(value, ConvKey.PROMPT)
    values, tenant = values_of(value), requester.person.workspace
    draft = draft_of(values, tenant=tenant)
    if isinstance(draft, list):
        problems = tuple(draft)
    else:
        saved = await save_draft(
            deps.backend,
            requester=requester,
            draft=draft,
            editing=editing,
            bot_channels=deps.discussion.channels.refs(tenant),
            now=deps.now(),
        )
        if not isinstance(saved, InvalidDraft):
            await notice(context, saved.text)
            return
        problems = saved.problems
    await send_compose(
        context, deps, requester, values, problems=problems, editing=editing, replace=True
    )


async def on_starter(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    raw, starters = value.get(ConvKey.STARTER), library()
    if not isinstance(raw, str) or not raw.isdigit() or int(raw) >= len(starters):
        await notice(context, OUT_OF_DATE)
        return
    await run(context, deps, Command(Verb.NEW, theme=starters[int(raw)].theme))


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def composed(context: TurnContext, _state: TurnState) -> None:
        await on_compose(context, deps, kinds.click_value(context) or {})

    async def picked(context: TurnContext, _state: TurnState) -> None:
        await on_starter(context, deps, kinds.click_value(context) or {})

    app.add_route(kinds.discussion_click(ConvVerb.COMPOSE), composed)
    app.add_route(kinds.discussion_click(ConvVerb.STARTER), picked)
