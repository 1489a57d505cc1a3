"""The Agents SDK application: routes each activity to one listener.

A message with a `value` is a click in one of our cards; a message with text is a
command. Installation and members-added updates keep the roster. A turn that fails is
logged by the kind of error only, and the person told something went wrong.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams.cards.replies import notice_card
from bot.teams.chat import send_card
from bot.teams.connection import Identity
from bot.teams.deps import TeamsDeps
from bot.teams.listeners.commands import on_text
from bot.teams.listeners.install import on_installation_update, on_members_added
from bot.teams.listeners.pulse_card import on_card_submit
from bot.teams.people import NotAPerson, is_personal
from bot.teams.storage_null import NullStorage

log = logging.getLogger(__name__)
SORRY = "Sorry, something went wrong. Nothing you sent was shared; please try again later."
PERSONAL_ONLY = "I only work in a one-to-one chat. Open a chat with me to take the pulse."


def build_agent(deps: TeamsDeps, identity: Identity) -> AgentApplication[TurnState]:
    app = AgentApplication[TurnState](
        storage=NullStorage(),
        connection_manager=identity.connections,
        start_typing_timer=False,  # a typing activity per turn would race every reply
    )

    @app.activity(ActivityTypes.message)
    async def message(context: TurnContext, _state: TurnState) -> None:
        if not is_personal(context.activity):
            await send_card(context, notice_card(PERSONAL_ONLY), summary=PERSONAL_ONLY)
            return
        value = context.activity.value
        if isinstance(value, Mapping):
            await on_card_submit(context, deps, value)
        else:
            await on_text(context, deps)

    @app.activity(ActivityTypes.installation_update)
    async def installation(context: TurnContext, _state: TurnState) -> None:
        await on_installation_update(context, deps)

    @app.conversation_update("membersAdded")
    async def members_added(context: TurnContext, _state: TurnState) -> None:
        await on_members_added(context, deps)

    @app.error
    async def failed(context: TurnContext, error: Exception) -> None:
        # The kind only: a message can quote a request, and a request can hold answers.
        log.error("Teams turn failed: %s", type(error).__name__)
        if context.activity.type == ActivityTypes.message and not isinstance(error, NotAPerson):
            try:
                await send_card(context, notice_card(SORRY), summary=SORRY)
            except Exception as again:
                log.error("could not say so either: %s", type(again).__name__)

    return app
