"""Clicks on Big Conversation cards from before the reply dialogs (or forwarded ones):
their reply form and "Reply anonymously" get a button that opens the dialog (nothing
typed into a form kept in the chat is saved), and their "Withdraw my reply" still works,
once, with the code it carries. Anything else is out of date.

The compose form, the chair's list and queue have listeners of their own
(discussion_compose, discussion_manage, discussion_moderation); replies are written and
withdrawn in dialogs (bot.teams.listeners.dialogs).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.cards.discussion_ids import ConvKey, ConvVerb
from bot.teams.cards.prompt_card import open_reply_card
from bot.teams.chat import send_card, show_card
from bot.teams.deps import TeamsDeps
from bot.teams.listeners.discussion_flow import OUT_OF_DATE, id_in, notice
from handlers.discussion import REPLY_LABEL, withdraw

LEGACY_REPLY = "reply_id"  # the reply's key in "Withdraw my reply" on cards before 0007
OLD_VERBS = (ConvVerb.REPLY_OPEN, ConvVerb.REPLY_SUBMIT, ConvVerb.WITHDRAW, ConvVerb.WITHDRAW_OPEN)


async def on_old_card(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    verb, pid, reply = (
        value.get(ConvKey.VERB),
        id_in(value, ConvKey.PROMPT),
        id_in(value, LEGACY_REPLY),
    )
    if verb in (ConvVerb.REPLY_OPEN, ConvVerb.REPLY_SUBMIT) and pid:
        made = open_reply_card(pid, REPLY_LABEL)
        shown = show_card if verb == ConvVerb.REPLY_SUBMIT else send_card
        await shown(context, made, summary=made["fallbackText"])
    elif verb == ConvVerb.WITHDRAW and reply:
        code = value.get(ConvKey.CODE)
        said = await withdraw(deps.backend, code=f"{reply}:{code if isinstance(code, str) else ''}")
        await notice(context, said.text)
    else:
        await notice(context, OUT_OF_DATE)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def clicked(context: TurnContext, _state: TurnState) -> None:
        await on_old_card(context, deps, kinds.click_value(context) or {})

    app.add_route(kinds.discussion_click(*OLD_VERBS), clicked)
