"""Clicks in a pulse card (Action.Submit arrives as a message with a `value`): Start
turns the invitation into the form; Submit records the answers through the one
submission path and only then replaces the form with "recorded anonymously". Nothing
is written to the roster or the outbox here: that would put the click's time next to
the person (docs/privacy.md#timing).

The write has Teams' deadline (handlers.deadline): if it cannot be recorded in time,
nothing is kept and a new message says "press Submit again", leaving the form with the
person's answers in place."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import activity_kinds as kinds
from bot.teams.cards.invitation import done_card
from bot.teams.cards.pulse_form import form_card
from bot.teams.cards.replies import notice_card, reply_text
from bot.teams.chat import send_card, show_card
from bot.teams.deps import REQUEST_RECEIVED, TeamsDeps
from bot.teams.form_values import read_card
from bot.teams.ids import DataKey, Verb
from bot.teams.people import person_of
from handlers import deadline, pulse_chat
from handlers.form_answers import FormProblems
from handlers.identity import Person
from handlers.messages import InvalidSubmission, NotRecorded, PulseFormReply, Thanks
from handlers.submission import PulseAnswers, submit

log = logging.getLogger(__name__)
OUT_OF_DATE = "This card is out of date. Type pulse to take the current pulse."
MAX_ROUND_ID = 64


async def _form_again(
    context: TurnContext, deps: TeamsDeps, person: Person, round_id: str, problems: dict[str, str]
) -> None:
    fresh = await pulse_chat.start(deps.backend, person, round_id)
    if isinstance(fresh, PulseFormReply):
        await show_card(context, form_card(fresh, problems=problems), summary=fresh.form.title)
    else:
        await show_card(context, notice_card(fresh.text), summary=fresh.text)


async def _start(context: TurnContext, deps: TeamsDeps, person: Person, round_id: str) -> None:
    reply = await pulse_chat.start(deps.backend, person, round_id)
    if isinstance(reply, PulseFormReply):
        await show_card(context, form_card(reply), summary=reply.form.title)
    else:
        await show_card(context, notice_card(reply.text), summary=reply.text)


async def _submit(
    context: TurnContext, deps: TeamsDeps, person: Person, round_id: str, value: Mapping[str, Any]
) -> None:
    try:
        raw, remember = read_card(value, deps.form)
    except FormProblems as problems:
        await _form_again(context, deps, person, round_id, problems.errors)
        return
    answers = PulseAnswers(person, round_id, raw, remember, use_remembered=True)
    limits = deadline.teams(REQUEST_RECEIVED.get() or time.monotonic())
    reply = await submit(deps.backend, answers, deadline=limits)
    if isinstance(reply, Thanks) and limits.missed():
        log.warning("a submission was recorded after Teams' deadline; the card still says so")
    if isinstance(reply, InvalidSubmission):
        await _form_again(context, deps, person, round_id, reply.problems)
    elif isinstance(reply, NotRecorded):  # the form stays, answers in it, for another Submit
        await send_card(context, notice_card(reply.text), summary=reply.text)
    elif isinstance(reply, Thanks):
        await show_card(context, done_card(reply), summary=reply.text)
    else:
        await show_card(context, notice_card(reply.text), summary=reply_text(reply))


async def on_card_submit(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    person = person_of(context.activity)
    verb, round_id = value.get(DataKey.VERB), value.get(DataKey.ROUND)
    if not isinstance(round_id, str) or not 0 < len(round_id) <= MAX_ROUND_ID:
        await show_card(context, notice_card(OUT_OF_DATE), summary=OUT_OF_DATE)
    elif verb == Verb.START_PULSE:
        await _start(context, deps, person, round_id)
    elif verb == Verb.SUBMIT_PULSE:
        await _submit(context, deps, person, round_id, value)
    else:
        await show_card(context, notice_card(OUT_OF_DATE), summary=OUT_OF_DATE)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    async def clicked(context: TurnContext, _state: TurnState) -> None:
        await on_card_submit(context, deps, kinds.click_value(context) or {})

    app.add_route(kinds.pulse_click, clicked)
