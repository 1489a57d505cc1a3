"""Dialogs (task modules) of the anonymous reply: the form, its confirmation with the
withdrawal code, and the withdrawal form.

Teams asks for a dialog with a `task/fetch` invoke and posts its form with `task/submit`;
both are answered in the HTTP response, as a `continue` (the next card in the dialog) or
a `message` (a last word, then the dialog closes). Nothing here is sent to any chat, so
nothing of it is kept in chat history or eDiscovery. The sender is read only when they
ticked "let the chair reply to me anonymously", and then only to be sealed.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.cards.discussion_ids import ConvInput, ConvKey, ConvVerb
from bot.teams.cards.elements import Card, attachment
from bot.teams.cards.prompt_card import reply_done_card, reply_form_card, withdraw_form_card
from bot.teams.cards.replies import SORRY
from bot.teams.deps import TeamsDeps
from bot.teams.ids import TOGGLE_ON
from bot.teams.people import person_of
from discussion import ABOUT_THE_PROMPT, RefusalReason
from handlers.discussion import open_reply_form, send_reply, withdraw
from handlers.discussion.access import Refused
from handlers.messages import Refusal

log = logging.getLogger(__name__)
Body = dict[str, Any]
REPLY_TITLE, WITHDRAW_TITLE = "Reply anonymously", "Withdraw a reply"
OUT_OF_DATE = "This form is out of date. Press Reply anonymously on the prompt again."
MAX_ID = 64


def show(card: Card, title: str) -> Body:
    """A `continue` response: Teams shows `card` in the dialog."""
    value = {"title": title, "width": "medium", "height": "medium", "card": attachment(card)}
    return {"task": {"type": "continue", "value": value}}


def last_word(text: str) -> Body:
    """A `message` response: Teams shows `text` briefly and closes the dialog."""
    return {"task": {"type": "message", "value": text}}


def _prompt(data: Mapping[str, Any]) -> str | None:
    found = data.get(ConvKey.PROMPT)
    return found if isinstance(found, str) and 0 < len(found) <= MAX_ID else None


async def _form(deps: TeamsDeps, prompt_id: str) -> Body:
    form = await open_reply_form(deps.backend, prompt_id=prompt_id)
    if isinstance(form, Refusal):
        return last_word(form.text)
    return show(reply_form_card(form), REPLY_TITLE)


async def _send(
    context: TurnContext, deps: TeamsDeps, prompt_id: str, data: Mapping[str, Any]
) -> Body:
    raw = data.get(ConvInput.REPLY_TEXT)
    text = raw if isinstance(raw, str) else ""
    wants_answer = data.get(ConvInput.ALLOW_CHAIR_REPLY) == TOGGLE_ON
    said = await send_reply(
        deps.backend,
        prompt_id=prompt_id,
        text=text,
        allow_chair_reply=wants_answer,
        author=person_of(context.activity) if wants_answer else None,
        now=deps.now(),
    )
    if not isinstance(said, Refusal):
        return show(reply_done_card(said), "Reply sent")
    if isinstance(said, Refused) and said.reason in ABOUT_THE_PROMPT:
        return last_word(said.text)
    form = await open_reply_form(deps.backend, prompt_id=prompt_id)
    if isinstance(form, Refusal):
        return last_word(form.text)
    return show(reply_form_card(form, problem=said.text, draft=text), REPLY_TITLE)


async def _withdraw(deps: TeamsDeps, data: Mapping[str, Any]) -> Body:
    code = data.get(ConvKey.CODE)
    said = await withdraw(deps.backend, code=code if isinstance(code, str) else "")
    if isinstance(said, Refused) and said.reason is RefusalReason.BAD_CODE:
        return show(withdraw_form_card(problem=said.text), WITHDRAW_TITLE)
    return last_word(said.text)


async def on_task_fetch(context: TurnContext, deps: TeamsDeps, data: Mapping[str, Any]) -> Body:
    """A button asked for a dialog: the reply form, or the withdrawal form."""
    verb, prompt_id = data.get(ConvKey.VERB), _prompt(data)
    if verb == ConvVerb.REPLY_OPEN and prompt_id:
        return await _form(deps, prompt_id)
    if verb == ConvVerb.WITHDRAW_OPEN:
        return show(withdraw_form_card(), WITHDRAW_TITLE)
    return last_word(OUT_OF_DATE)


async def on_task_submit(context: TurnContext, deps: TeamsDeps, data: Mapping[str, Any]) -> Body:
    """A dialog's form was sent: store the reply, or withdraw one."""
    verb, prompt_id = data.get(ConvKey.VERB), _prompt(data)
    if verb == ConvVerb.REPLY_SUBMIT and prompt_id:
        return await _send(context, deps, prompt_id, data)
    if verb == ConvVerb.WITHDRAW:
        return await _withdraw(deps, data)
    return last_word(OUT_OF_DATE)


async def _answer(context: TurnContext, deps: TeamsDeps) -> None:
    value = context.activity.value if isinstance(context.activity.value, Mapping) else {}
    data = value.get("data")
    data = data if isinstance(data, Mapping) else {}
    try:
        if context.activity.name == kinds.TASK_FETCH:
            body = await on_task_fetch(context, deps, data)
        else:
            body = await on_task_submit(context, deps, data)
    except Exception as error:  # the kind only: a dialog's data can hold a reply's text
        log.error("Teams dialog failed: %s", type(error).__name__)
        body = last_word(SORRY)
    answer = InvokeResponse(status=200, body=body)
    await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=answer))


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    """Dialogs only: any other invoke is left unanswered (the adapter says 501)."""

    async def answered(context: TurnContext, _state: TurnState) -> None:
        await _answer(context, deps)

    app.add_route(kinds.dialog, answered)
