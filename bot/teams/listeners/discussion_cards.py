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

from microsoft_agents.hosting.core import TurnContext

from bot.teams.cards.compose_form import draft_values
from bot.teams.cards.discussion_ids import ConvInput, ConvKey, ConvVerb
from bot.teams.cards.prompt_card import open_reply_card
from bot.teams.cards.prompt_lists import conv_notice
from bot.teams.chat import send_card, show_card
from bot.teams.deps import TeamsDeps
from bot.teams.listeners.compose_values import draft_of, values_of
from bot.teams.listeners.discussion_commands import on_bigconversation
from bot.teams.listeners.discussion_flow import (
    relay,
    requester_of,
    send_compose,
    show_list,
    show_queue,
)
from handlers import discussion
from handlers.discussion import REPLY_LABEL, DirectInstruction, InvalidDraft, RelayInstruction
from handlers.identity import Requester
from handlers.ports import DeliveryFailed

OUT_OF_DATE = "This card is out of date. Type bigconversation help to start again."
NOT_DELIVERED = "Your answer could not be delivered: the colleague can no longer be reached."
MAX_ID = 64
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
    known = deps.discussion.channels.refs(tenant)
    prompts, now = deps.backend.store.prompts, deps.now()
    if editing:
        saved = await deps.backend.calls(
            discussion.edit_prompt,
            prompts,
            requester=requester,
            prompt_id=editing,
            draft=draft,
            now=now,
            bot_channels=known,
        )
    else:
        saved = await deps.backend.calls(
            discussion.compose_prompt,
            prompts,
            requester=requester,
            draft=draft,
            now=now,
            bot_channels=known,
        )
    if isinstance(saved, InvalidDraft):
        await send_compose(
            context, deps, requester, values, problems=saved.problems, editing=editing, replace=True
        )
    else:
        await _notice(context, saved.text)


async def _starter(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    raw, starters = value.get(ConvKey.STARTER), discussion.library()
    if not isinstance(raw, str) or not raw.isdigit() or int(raw) >= len(starters):
        await _notice(context, OUT_OF_DATE)
        return
    requester = await requester_of(context, deps)
    draft = starters[int(raw)].draft(network="")
    await send_compose(context, deps, requester, draft_values(draft))


async def _moderate(
    context: TurnContext, deps: TeamsDeps, verb: str, value: Mapping[str, Any], rid: str
) -> None:
    requester, prompts = await requester_of(context, deps), deps.backend.store.prompts
    pid = value.get(ConvKey.PROMPT)
    note: str
    if verb == ConvVerb.APPROVE:
        done = await deps.backend.calls(
            discussion.approve, prompts, requester=requester, queue_id=rid
        )
        note = await relay(deps, done) if isinstance(done, RelayInstruction) else done.text
    elif verb == ConvVerb.DECLINE:
        declined = await deps.backend.calls(
            discussion.decline, prompts, requester=requester, queue_id=rid
        )
        note = declined.text
    else:
        note = await _answer(deps, requester, rid, value.get(f"{ConvInput.ANSWER_PREFIX}{rid}"))
    if isinstance(pid, str) and 0 < len(pid) <= MAX_ID:
        await show_queue(context, deps, requester, pid, note)
    else:
        await _notice(context, note)


async def _answer(deps: TeamsDeps, requester: Requester, rid: str, text: Any) -> str:
    found = await deps.backend.calls(
        discussion.chair_reply,
        deps.backend.store.prompts,
        requester=requester,
        queue_id=rid,
        text=text if isinstance(text, str) else "",
    )
    if not isinstance(found, DirectInstruction):
        return found.text
    port = deps.discussion.port
    try:
        if port is None:
            raise DeliveryFailed("Teams posting is not set up", permanent=True)
        await port.send_direct(found.address, found.text)
    except DeliveryFailed:
        return NOT_DELIVERED
    return found.confirmation


async def _manage(context: TurnContext, deps: TeamsDeps, verb: str, pid: str) -> None:
    requester, prompts = await requester_of(context, deps), deps.backend.store.prompts
    if verb == ConvVerb.QUEUE:
        await show_queue(context, deps, requester, pid, None)
        return
    if verb == ConvVerb.EDIT:
        await on_bigconversation(context, deps, f"edit {pid}")
        return
    if verb == ConvVerb.RESUME:
        said = await deps.backend.calls(
            discussion.resume_prompt, prompts, requester=requester, prompt_id=pid, now=deps.now()
        )
    elif verb == ConvVerb.PAUSE:
        said = await deps.backend.calls(
            discussion.pause_prompt, prompts, requester=requester, prompt_id=pid
        )
    else:
        said = await deps.backend.calls(
            discussion.delete_prompt, prompts, requester=requester, prompt_id=pid
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
        said = await deps.backend.calls(
            discussion.withdraw_reply,
            deps.backend.store.prompts,
            withdraw_code=f"{_id(value, LEGACY_REPLY)}:{code if isinstance(code, str) else ''}",
        )
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


def is_conversation_click(value: Mapping[str, Any]) -> bool:
    verb = value.get(ConvKey.VERB)
    return isinstance(verb, str) and verb in set(ConvVerb)
