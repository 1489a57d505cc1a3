"""A click on "Reply anonymously" in a channel card from before the reply dialogs (an
Action.Submit without "task/fetch"): the person's personal chat with the bot gets a
button that opens the dialog, and nothing at all is sent to the channel. Cards posted
since then open the dialog directly (bot.teams.listeners.dialogs).

Action.Submit in a channel shows nothing there by itself, so the only trace a reply
could leave in the channel is the bot's own answer; there is none. The personal chat is
opened (or found: Teams keeps one per person and bot) with the Connector's
create-conversation call, so no roster entry is needed and none is written.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import ChannelAccount, ConversationParameters
from microsoft_agents.hosting.core import AgentApplication, TurnContext, TurnState
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from bot.teams import activity_kinds as kinds
from bot.teams.cards.discussion_ids import ConvKey, ConvVerb
from bot.teams.cards.elements import Card
from bot.teams.cards.prompt_card import open_reply_card
from bot.teams.cards.prompt_lists import conv_notice
from bot.teams.cards.replies import PERSONAL_ONLY, notice_card
from bot.teams.chat import card_activity, retried_in_turn, send_card
from bot.teams.deps import TeamsDeps
from bot.teams.people import tenant_of
from handlers.discussion import REPLY_LABEL, open_reply_form
from handlers.messages import Refusal

log = logging.getLogger(__name__)
MAX_ID = 64


async def send_privately(context: TurnContext, made: Card) -> None:
    """Open (or find) the clicker's personal chat with the bot and send `made` there."""
    activity = context.activity
    connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
    if connector is None or activity.from_property is None:
        raise RuntimeError("no Connector client or sender in the turn")
    tenant = tenant_of(activity)
    parameters = ConversationParameters.model_validate(
        {
            "isGroup": False,
            "bot": activity.recipient,
            "members": [ChannelAccount(id=activity.from_property.id)],
            "tenantId": tenant,
            "channelData": {"tenant": {"id": tenant}},
        }
    )
    chat = await retried_in_turn(lambda: connector.conversations.create_conversation(parameters))
    message = card_activity(made, summary=str(made["fallbackText"]))
    await retried_in_turn(lambda: connector.conversations.send_to_conversation(chat.id, message))


async def on_channel_click(context: TurnContext, deps: TeamsDeps, value: Mapping[str, Any]) -> None:
    """Only "Reply anonymously" is answered; any other click in a channel is ignored."""
    pid = value.get(ConvKey.PROMPT)
    if value.get(ConvKey.VERB) != ConvVerb.REPLY_OPEN:
        return
    if not isinstance(pid, str) or not 0 < len(pid) <= MAX_ID:
        return
    form = await open_reply_form(deps.backend, prompt_id=pid)
    made = (
        conv_notice(form.text) if isinstance(form, Refusal) else open_reply_card(pid, REPLY_LABEL)
    )
    try:
        await send_privately(context, made)
    except Exception as exc:  # never answer in the channel instead: that would show who
        log.warning("reply form not delivered: %s", type(exc).__name__)


def register(app: AgentApplication[TurnState], deps: TeamsDeps) -> None:
    """In a channel only "Reply anonymously" is answered, and never in the channel;
    words typed there get a pointer to the personal chat."""

    async def clicked(context: TurnContext, _state: TurnState) -> None:
        await on_channel_click(context, deps, kinds.click_value(context) or {})

    async def typed(context: TurnContext, _state: TurnState) -> None:
        await send_card(context, notice_card(PERSONAL_ONLY), summary=PERSONAL_ONLY)

    app.add_route(kinds.channel_click, clicked)
    app.add_route(kinds.channel_words, typed)
