"""The Agents SDK application: the listeners register their own routes; this builds the
application and says what happens when a turn fails.

A turn that fails is logged by the kind of error only, and the person told something
went wrong (in their personal chat only: a word in a channel could show who clicked):
while the database is out of reach, that nothing was recorded and to try again (issue 12),
in a new message, so a form they submitted stays in place with their answers.
"""

from __future__ import annotations

import logging

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState

from bot.teams import listeners
from bot.teams.cards.replies import SORRY, UNAVAILABLE, notice_card
from bot.teams.chat import send_card
from bot.teams.connection import Identity
from bot.teams.deps import TeamsDeps
from bot.teams.people import NotAPerson, is_personal
from bot.teams.storage_null import NullStorage
from handlers.availability import store_unavailable

log = logging.getLogger(__name__)


def build_agent(deps: TeamsDeps, identity: Identity) -> AgentApplication[TurnState]:
    app = AgentApplication[TurnState](
        storage=NullStorage(),
        connection_manager=identity.connections,
        start_typing_timer=False,  # a typing activity per turn would race every reply
    )
    listeners.register(app, deps)

    @app.error
    async def failed(context: TurnContext, error: Exception) -> None:
        # The kind only: a message can quote a request, and a request can hold answers.
        down = store_unavailable(error)
        if down:
            log.warning("database unreachable: asked Teams to try again (%s)", type(error).__name__)
        else:
            log.error("Teams turn failed: %s", type(error).__name__)
        said = UNAVAILABLE if down else SORRY
        activity = context.activity
        if (
            activity.type == ActivityTypes.message
            and is_personal(activity)
            and not isinstance(error, NotAPerson)
        ):
            try:
                await send_card(context, notice_card(said), summary=said)
            except Exception as again:
                log.error("could not say so either: %s", type(again).__name__)

    return app
