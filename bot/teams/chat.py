"""Sending and replacing cards inside a turn, with the retries Teams asks for.

Replies are paced by people, not by us, so they are not in the outbox: a throttled or
failed reply is tried again under the one retry policy for a waiting person
(handlers.delivery.retrying: after Retry-After, at most a few seconds) before the turn
gives up.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from microsoft_agents.activity import Activity
from microsoft_agents.hosting.core import TurnContext

from bot.teams.cards.elements import Card, attachment
from bot.teams.failures import failure_of
from handlers.delivery.retrying import retried

T = TypeVar("T")


def card_activity(card: Card, *, summary: str, **fields: Any) -> Activity:
    return Activity.model_validate(
        {"type": "message", "summary": summary, "attachments": [attachment(card)], **fields}
    )


async def retried_in_turn(call: Callable[[], Awaitable[T]]) -> T:
    """`call()` tried again on a Connector failure Teams says is passing."""
    return await retried(call, classify=failure_of)


async def send_card(context: TurnContext, card: Card, *, summary: str) -> str | None:
    """A new card in the person's chat; returns its activity id."""
    activity = card_activity(card, summary=summary)
    sent = await retried_in_turn(lambda: context.send_activity(activity))
    return sent.id if sent is not None else None


async def replace_card(context: TurnContext, activity_id: str, card: Card, *, summary: str) -> None:
    """Put `card` in place of the activity `activity_id` (a PUT to the Connector)."""
    update = card_activity(card, summary=summary, id=activity_id)
    update.conversation = context.activity.conversation
    await retried_in_turn(lambda: context.update_activity(update))


async def show_card(context: TurnContext, card: Card, *, summary: str) -> None:
    """Replace the card the person clicked in, or send a new one if Teams did not say."""
    clicked = context.activity.reply_to_id
    if clicked:
        await replace_card(context, clicked, card, summary=summary)
    else:
        await send_card(context, card, summary=summary)
