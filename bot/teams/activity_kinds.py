"""What kind of activity a turn carries, as the Agents SDK's route selectors.

Each listener registers its own routes with these (bot.teams.listeners), so the SDK
hands a turn straight to the listener that answers it. The kinds do not overlap: a
personal message is a card click (pulse or Big Conversation), `bigconversation …`, or
other words; a channel message is a click or words; invokes are the reply dialogs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from microsoft_agents.activity import ActivityTypes
from microsoft_agents.hosting.core import TurnContext

from bot.teams.cards.discussion_ids import COMMAND, ConvKey, ConvVerb
from bot.teams.people import is_personal

MAX_TEXT = 200
TASK_FETCH, TASK_SUBMIT = "task/fetch", "task/submit"
MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


def words_of(text: str | None) -> tuple[str, str]:
    """(first word lower-cased, the rest) of a message, @mentions and markup removed."""
    cleaned = " ".join(MENTION.sub(" ", text or "").replace("&nbsp;", " ").split())
    first, _, rest = cleaned.partition(" ")
    return first.lower().lstrip("/"), rest


def click_value(context: TurnContext) -> Mapping[str, Any] | None:
    """The data of a card's Action.Submit (a message with a `value`), else None."""
    value = context.activity.value
    return value if isinstance(value, Mapping) else None


def is_discussion_verb(value: Mapping[str, Any]) -> bool:
    verb = value.get(ConvKey.VERB)
    return isinstance(verb, str) and verb in set(ConvVerb)


def _personal_message(context: TurnContext) -> bool:
    return context.activity.type == ActivityTypes.message and is_personal(context.activity)


def _channel_message(context: TurnContext) -> bool:
    return context.activity.type == ActivityTypes.message and not is_personal(context.activity)


def pulse_click(context: TurnContext) -> bool:
    value = click_value(context)
    return _personal_message(context) and value is not None and not is_discussion_verb(value)


def discussion_click(*verbs: ConvVerb) -> Callable[[TurnContext], bool]:
    """A click in a personal chat on a Big Conversation card whose verb is one of `verbs`."""

    def selected(context: TurnContext) -> bool:
        value = click_value(context)
        return _personal_message(context) and value is not None and value.get(ConvKey.VERB) in verbs

    return selected


def _typed(context: TurnContext) -> bool:
    return _personal_message(context) and click_value(context) is None


def bigconversation_words(context: TurnContext) -> bool:
    first, rest = words_of(context.activity.text)
    return _typed(context) and first == COMMAND and len(rest) <= MAX_TEXT


def other_words(context: TurnContext) -> bool:
    return _typed(context) and not bigconversation_words(context)


def channel_click(context: TurnContext) -> bool:
    return _channel_message(context) and click_value(context) is not None


def channel_words(context: TurnContext) -> bool:
    return _channel_message(context) and click_value(context) is None


def dialog(context: TurnContext) -> bool:
    activity = context.activity
    return activity.type == ActivityTypes.invoke and activity.name in (TASK_FETCH, TASK_SUBMIT)


def installation(context: TurnContext) -> bool:
    return context.activity.type == ActivityTypes.installation_update


def personal_members_added(context: TurnContext) -> bool:
    activity = context.activity
    return (
        activity.type == ActivityTypes.conversation_update
        and is_personal(activity)
        and bool(activity.members_added)
    )


def team_update(context: TurnContext) -> bool:
    activity = context.activity
    return activity.type == ActivityTypes.conversation_update and not is_personal(activity)
