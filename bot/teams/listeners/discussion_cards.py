"""Clicks in the Big Conversation's cards in a personal chat: the compose form, a
starter, the chair's list and queue.

Replies are written and withdrawn in dialogs (bot.teams.listeners.dialogs). Cards from
before the dialogs may still be clicked: their reply form and "Reply anonymously" get
a button that opens the dialog (nothing is saved from a form kept in the chat), and
their "Withdraw my reply" still works, once, with the code it carries.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.cards.discussion_ids import ConvInput, ConvKey, ConvVerb
from bot.teams.cards.prompt_card import open_reply_card
from bot.teams.cards.prompt_lists import conv_notice
from bot.teams.chat import send_card, show_card
from bot.teams.deps import TeamsDeps
from bot.teams.listeners.compose_values import draft_of, values_of
from bot.teams.listeners.discussion_commands import run
from bot.teams.listeners.discussion_flow import requester_of, send_compose, show_list, show_queue
from discussion import Command, Verb
from handlers.discussion import (
    REPLY_LABEL,
    InvalidDraft,
    answer_colleague,
    approve_reply,
    change_prompt,
    decline_reply,
    library,
    save_draft,
    withdraw,
)

OUT_OF_DATE = "This card is out of date. Type bigconversation help to start again."
MAX_ID = 64
CHANGES = {ConvVerb.PAUSE: Verb.PAUSE, ConvVerb.RESUME: Verb.RESUME, ConvVerb.DELETE: Verb.DELETE}
LEGACY_REPLY = "reply_id"  # the reply's key in "Withdraw my reply" on cards before 0007


async def _notice(context: TurnContext, message: str) -> None:
    await show_card(context, conv_notice(message), summary=message)


async def _compose(
    context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any], editing: str | None
) -> None:
    requester = await requester_of(context, deps)
    values = values_of(value)
    tenant = requester.person.workspace
    draft = draft_of(values, tenant=tenant)
    if isinstance(draft, list):
        await send_compose(
            context, deps, requester, values, problems=tuple(draft), editing=editing, replace=True
        )
        return
    saved = await save_draft(
        deps.backend,
        requester=requester,
        draft=draft,
        editing=editing,
        bot_channels=deps.discussion.channels.refs(tenant),
        now=deps.now(),
    )
    if isinstance(saved, InvalidDraft):
        await send_compose(
            context, deps, requester, values, problems=saved.problems, editing=editing, replace=True
        )
    else:
        await _notice(context, saved.text)


async def _starter(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    raw, starters = value.get(ConvKey.STARTER), library()
    if not isinstance(raw, str) or not raw.isdigit() or int(raw) >= len(starters):
        await _notice(context, OUT_OF_DATE)
        return
    await run(context, deps, Command(Verb.NEW, theme=starters[int(raw)].theme))


async def _moderate(
    context: TurnContext, deps: TeamsDeps, verb: str, value: Mapping[str, Any], rid: str
) -> None:
    requester, ports = await requester_of(context, deps), deps.discussion.ports
    if verb == ConvVerb.APPROVE:
        done = await approve_reply(deps.backend, ports, requester=requester, queue_id=rid)
    elif verb == ConvVerb.DECLINE:
        done = await decline_reply(deps.backend, requester=requester, queue_id=rid)
    else:
        typed = value.get(f"{ConvInput.ANSWER_PREFIX}{rid}")
        done = await answer_colleague(
            deps.backend,
            ports,
            requester=requester,
            queue_id=rid,
            text=typed if isinstance(typed, str) else "",
        )
    pid = _id(value, ConvKey.PROMPT)
    if pid:
        await show_queue(context, deps, requester, pid, done.text)
    else:
        await _notice(context, done.text)


async def _manage(context: TurnContext, deps: TeamsDeps, verb: str, pid: str) -> None:
    if verb == ConvVerb.EDIT:
        await run(context, deps, Command(Verb.EDIT, prompt=pid))
        return
    requester = await requester_of(context, deps)
    if verb == ConvVerb.QUEUE:
        await show_queue(context, deps, requester, pid, None)
        return
    said = await change_prompt(
        deps.backend, requester=requester, prompt_id=pid, to=CHANGES[ConvVerb(verb)], now=deps.now()
    )
    await show_list(context, deps, requester, said.text)


def _id(value: Mapping[str, Any], key: str) -> str | None:
    found = value.get(key)
    return found if isinstance(found, str) and 0 < len(found) <= MAX_ID else None


async def on_conversation_submit(
    context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]
) -> None:
    verb, pid, rid = value.get(ConvKey.VERB), _id(value, ConvKey.PROMPT), _id(value, ConvKey.ITEM)
    if verb == ConvVerb.COMPOSE:
        await _compose(context, deps, value, pid)
    elif verb == ConvVerb.STARTER:
        await _starter(context, deps, value)
    elif verb in (ConvVerb.REPLY_OPEN, ConvVerb.REPLY_SUBMIT) and pid:
        # A card from before the dialogs (or forwarded): open the dialog instead. Nothing
        # typed into a form kept in the chat is saved.
        made = open_reply_card(pid, REPLY_LABEL)
        if verb == ConvVerb.REPLY_SUBMIT:
            await show_card(context, made, summary=made["fallbackText"])
        else:
            await send_card(context, made, summary=made["fallbackText"])
    elif verb == ConvVerb.WITHDRAW and _id(value, LEGACY_REPLY):
        code = value.get(ConvKey.CODE)
        legacy = f"{_id(value, LEGACY_REPLY)}:{code if isinstance(code, str) else ''}"
        said = await withdraw(deps.backend, code=legacy)
        await _notice(context, said.text)
    elif verb in (ConvVerb.APPROVE, ConvVerb.DECLINE, ConvVerb.ANSWER) and rid:
        await _moderate(context, deps, str(verb), value, rid)
    elif (
        verb in (ConvVerb.EDIT, ConvVerb.PAUSE, ConvVerb.RESUME, ConvVerb.DELETE, ConvVerb.QUEUE)
        and pid
    ):
        await _manage(context, deps, str(verb), pid)
    else:
        await _notice(context, OUT_OF_DATE)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def clicked(context: TurnContext, _state: TurnState) -> None:
        await on_conversation_submit(context, deps, kinds.click_value(context) or {})

    app.add_route(kinds.discussion_click, clicked)
