"""The Agents SDK application: routes each activity to one listener.

A message with a `value` is a click in one of our cards; a message with text is a
command; a `task/fetch` or `task/submit` invoke opens or posts one of the reply dialogs,
answered in the HTTP response. Installation and members-added updates keep the roster;
team events keep the channel directory. In a channel the only thing answered is "Reply
anonymously", and never in the channel. A turn that fails is logged by the kind of
error only, and the person told something went wrong (in their personal chat only).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from microsoft_agents.activity import Activity, ActivityTypes, InvokeResponse
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams.cards.discussion_ids import COMMAND
from bot.teams.cards.replies import notice_card
from bot.teams.chat import send_card
from bot.teams.connection import Identity
from bot.teams.deps import TeamsDeps
from bot.teams.listeners.channel_clicks import on_channel_click
from bot.teams.listeners.commands import MAX_TEXT, on_text, words_of
from bot.teams.listeners.dialogs import last_word, on_task_fetch, on_task_submit
from bot.teams.listeners.discussion_cards import is_conversation_click, on_conversation_submit
from bot.teams.listeners.discussion_commands import on_bigconversation
from bot.teams.listeners.install import on_installation_update, on_members_added
from bot.teams.listeners.pulse_card import on_card_submit
from bot.teams.listeners.team_events import on_team_update
from bot.teams.people import NotAPerson, is_personal
from bot.teams.storage_null import NullStorage

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong. Nothing you sent was shared; please try again later."
TASK_FETCH, TASK_SUBMIT = "task/fetch", "task/submit"
PERSONAL_ONLY = "I only work in a one-to-one chat. Open a chat with me to take the pulse."


async def route_invoke(context: TurnContext, deps: TeamsDeps) -> None:
    """Dialogs only; any other invoke is left unanswered (the adapter says 501)."""
    activity = context.activity
    value = activity.value if isinstance(activity.value, Mapping) else {}
    data = value.get("data")
    data = data if isinstance(data, Mapping) else {}
    try:
        if activity.name == TASK_FETCH:
            body = await on_task_fetch(context, deps, data)
        elif activity.name == TASK_SUBMIT:
            body = await on_task_submit(context, deps, data)
        else:
            return
    except Exception as error:  # the kind only: a dialog's data can hold a reply's text
        log.error("Teams dialog failed: %s", type(error).__name__)
        body = last_word(SORRY)
    answer = InvokeResponse(status=200, body=body)
    await context.send_activity(Activity(type=ActivityTypes.invoke_response, value=answer))


async def route_message(context: TurnContext, deps: TeamsDeps) -> None:
    value = context.activity.value
    if not is_personal(context.activity):
        if isinstance(value, Mapping):
            await on_channel_click(context, deps, value)
        else:
            await send_card(context, notice_card(PERSONAL_ONLY), summary=PERSONAL_ONLY)
        return
    first, rest = words_of(context.activity.text)
    if isinstance(value, Mapping) and is_conversation_click(value):
        await on_conversation_submit(context, deps, value)
    elif isinstance(value, Mapping):
        await on_card_submit(context, deps, value)
    elif first == COMMAND and len(rest) <= MAX_TEXT:
        await on_bigconversation(context, deps, rest)
    else:
        await on_text(context, deps)


def build_agent(deps: TeamsDeps, identity: Identity) -> AgentApplication[TurnState]:
    app = AgentApplication[TurnState](
        storage=NullStorage(),
        connection_manager=identity.connections,
        start_typing_timer=False,  # a typing activity per turn would race every reply
    )

    @app.activity(ActivityTypes.message)
    async def message(context: TurnContext, _state: TurnState) -> None:
        await route_message(context, deps)

    @app.activity(ActivityTypes.invoke)
    async def invoke(context: TurnContext, _state: TurnState) -> None:
        await route_invoke(context, deps)

    @app.activity(ActivityTypes.installation_update)
    async def installation(context: TurnContext, _state: TurnState) -> None:
        await on_installation_update(context, deps)

    @app.activity(ActivityTypes.conversation_update)
    async def conversation_update(context: TurnContext, _state: TurnState) -> None:
        if not is_personal(context.activity):
            await on_team_update(context, deps)
        elif context.activity.members_added:
            await on_members_added(context, deps)

    @app.error
    async def failed(context: TurnContext, error: Exception) -> None:
        # The kind only: a message can quote a request, and a request can hold answers.
        log.error("Teams turn failed: %s", type(error).__name__)
        activity = context.activity
        if (
            activity.type == ActivityTypes.message
            and is_personal(activity)  # a word in a channel could show who clicked
            and not isinstance(error, NotAPerson)
        ):
            try:
                await send_card(context, notice_card(SORRY), summary=SORRY)
            except Exception as again:
                log.error("could not say so either: %s", type(again).__name__)

    return app
