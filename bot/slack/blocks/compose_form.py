"""The compose (and edit) modal for a Big Conversation prompt: network, title, text, up
to five questions, an optional image with its description, channels, when, reply mode.

Block ids are the handler's field names (handlers.discussion.compose Problem.field), so
a problem it finds lands under the input it is about.
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.slack.blocks.elements import Block, context, modal, plain
from bot.slack.blocks.inputs import choices, described, input_block, text_input
from bot.slack.ids import CallbackId
from handlers.discussion import PostAt, PostMonthly, PromptDraft, ReplyMode
from handlers.discussion.compose import (
    MAX_ALT,
    MAX_BODY,
    MAX_QUESTION,
    MAX_QUESTIONS,
    MAX_TITLE,
    MAX_URL,
)
from handlers.discussion.schedule import LAST_MONTHLY_DAY, LONDON

MAX_CHANNELS = 10
WHEN_CHOICES = (
    ("now", "Now (within a minute)"),
    ("at", "Once, on the date and at the time below"),
    ("monthly", "Every month, on the day and at the time below"),
)
REPLY_MODES = (
    (
        ReplyMode.RELAY.value,
        "Relay through me",
        "Replies wait for you; the ones you approve are posted in the thread.",
    ),
    (
        ReplyMode.PRIVATE.value,
        "Private to the chair and EDI team",
        "Replies reach only you and the EDI team. Nothing is posted.",
    ),
    (
        ReplyMode.OPEN.value,
        "Open thread only",
        "No anonymous replies: colleagues reply in the thread under their name.",
    ),
)
FIELDS = (
    "network",
    "title",
    "body",
    *(f"question_{n}" for n in range(1, MAX_QUESTIONS + 1)),
    "image_url",
    "image_alt",
    "channels",
    "when",
    "when_date",
    "when_time",
    "when_day",
    "reply_mode",
)


def _network(networks: Sequence[str], initial: str | None) -> Block:
    if not networks:  # an admin before any network is configured: type its name
        element = text_input(initial=initial, max_length=100)
        return input_block("network", "Staff network", element)
    pairs = [(n, n) for n in networks]
    element = choices("static_select", pairs, initial=initial or networks[0])
    return input_block("network", "Staff network", element, hint="Only networks you chair.")


def _questions(draft: PromptDraft | None) -> list[Block]:
    asked = draft.asked if draft else ()
    blocks = []
    for n in range(1, MAX_QUESTIONS + 1):
        initial = asked[n - 1] if n <= len(asked) else None
        element = text_input(initial=initial, max_length=MAX_QUESTION)
        blocks.append(
            input_block(f"question_{n}", f"Discussion question {n}", element, optional=True)
        )
    return blocks


def _channels(draft: PromptDraft | None) -> Block:
    element: Block = {
        "type": "multi_conversations_select",
        "placeholder": plain("Choose channels", 150),
        "max_selected_items": MAX_CHANNELS,
        "filter": {
            "include": ["public", "private"],
            "exclude_bot_users": True,
            "exclude_external_shared_channels": True,
        },
    }
    if draft and draft.channels:
        element["initial_conversations"] = [c.channel for c in draft.channels][:MAX_CHANNELS]
    hint = "The bot must be a member of each channel: add it with /invite @Big Conversation."
    return input_block("channels", "Post in these channels", element, hint=hint)


def _when(draft: PromptDraft | None) -> list[Block]:
    when = draft.when if draft else None
    kind = (
        "at" if isinstance(when, PostAt) else "monthly" if isinstance(when, PostMonthly) else "now"
    )
    date: Block = {"type": "datepicker", "placeholder": plain("Choose a date", 150)}
    clock: Block = {"type": "timepicker", "timezone": LONDON, "placeholder": plain("Time", 150)}
    day = None
    if isinstance(when, PostAt):
        local = when.at.astimezone(ZoneInfo(LONDON)) if when.at.tzinfo else when.at
        date["initial_date"] = f"{local:%Y-%m-%d}"
        clock["initial_time"] = f"{local:%H:%M}"
    elif isinstance(when, PostMonthly):
        clock["initial_time"] = f"{when.at:%H:%M}"
        day = str(when.day)
    days = [(str(d), str(d)) for d in range(1, LAST_MONTHLY_DAY + 1)]
    return [
        input_block("when", "When to post", choices("radio_buttons", WHEN_CHOICES, initial=kind)),
        input_block("when_date", "Date (for once)", date, optional=True),
        input_block("when_time", "Time (UK time)", clock, optional=True, hint="Europe/London."),
        input_block(
            "when_day",
            "Day of the month (for monthly)",
            choices("static_select", days, initial=day) | {"placeholder": plain("Day", 150)},
            optional=True,
            hint=f"1 to {LAST_MONTHLY_DAY}, so the day falls in every month.",
        ),
    ]


def compose_modal(
    draft: PromptDraft | None, *, networks: Sequence[str], metadata: str, editing: bool = False
) -> Block:
    mode = draft.reply_mode.value if draft else ReplyMode.RELAY.value
    image_hint = "Optional. A web address starting with https://."
    blocks = [
        context("A prompt is posted as a card in the channels you choose. Plain text only."),
        _network(networks, draft.network if draft else None),
        input_block(
            "title",
            "Title",
            text_input(initial=draft.title if draft else None, max_length=MAX_TITLE),
        ),
        input_block(
            "body",
            "Text of the prompt",
            text_input(initial=draft.body if draft else None, multiline=True, max_length=MAX_BODY),
        ),
        *_questions(draft),
        input_block(
            "image_url",
            "Image link",
            text_input(initial=draft.image_url if draft else None, max_length=MAX_URL),
            optional=True,
            hint=image_hint,
        ),
        input_block(
            "image_alt",
            "Describe the image (for screen readers)",
            text_input(initial=draft.image_alt if draft else None, max_length=MAX_ALT),
            optional=True,
            hint="Needed when there is an image.",
        ),
        _channels(draft),
        *_when(draft),
        input_block("reply_mode", "How replies work", described(REPLY_MODES, initial=mode)),
    ]
    title = "Edit prompt" if editing else "New prompt"
    view = modal(title, blocks, callback_id=CallbackId.COMPOSE, close="Cancel")
    view["submit"] = plain("Save" if editing else "Schedule", 24)
    view["private_metadata"] = metadata
    return view
