"""A submitted compose modal's state.values → the neutral PromptDraft.

Only the form's shape is checked here (a time chosen without a date, a value no Slack
client sends); whether the prompt may be saved is compose_prompt's decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from bot.slack.form_state import FormProblems
from bot.slack.ids import ActionId
from handlers.discussion import (
    ChannelRef,
    PostAt,
    PostMonthly,
    PostNow,
    PromptDraft,
    ReplyMode,
    When,
)
from handlers.discussion.compose import MAX_QUESTIONS
from handlers.discussion.schedule import LONDON

NEEDS_DATE = "Choose the date to post on."
NEEDS_TIME = "Choose the time to post at."
NEEDS_DAY = "Choose the day of the month to post on."
NOT_A_CHOICE = "That is not one of the choices. Please choose again."


def _state(values: Mapping[str, Any], block: str) -> Mapping[str, Any]:
    found = (values.get(block) or {}).get(ActionId.FIELD)
    return found if isinstance(found, Mapping) else {}


def _text(values: Mapping[str, Any], block: str) -> str:
    state = _state(values, block)
    chosen = state.get("selected_option")
    value = chosen.get("value") if isinstance(chosen, Mapping) else state.get("value")
    return value if isinstance(value, str) else ""


def _when(values: Mapping[str, Any], errors: dict[str, str]) -> When:
    kind = _text(values, "when") or "now"
    if kind == "now":
        return PostNow()
    clock = str(_state(values, "when_time").get("selected_time") or "")
    try:
        at = time.fromisoformat(clock) if clock else None
    except ValueError:
        at = None
    if at is None:
        errors["when_time"] = NEEDS_TIME
    if kind == "at":
        day = str(_state(values, "when_date").get("selected_date") or "")
        try:
            date = datetime.strptime(day, "%Y-%m-%d").date() if day else None
        except ValueError:
            date = None
        if date is None:
            errors["when_date"] = NEEDS_DATE
        if date is None or at is None:
            return PostNow()
        return PostAt(datetime.combine(date, at))  # naive: read in Europe/London
    if kind != "monthly":
        errors["when"] = NOT_A_CHOICE
        return PostNow()
    day_text = _text(values, "when_day")
    if not day_text.isdigit():
        errors["when_day"] = NEEDS_DAY
    if at is None or not day_text.isdigit():
        return PostNow()
    return PostMonthly(int(day_text), at, LONDON)


def read_compose(values: Mapping[str, Any], *, team: str) -> PromptDraft:
    """The draft the chair filled in; raises FormProblems for a form of the wrong shape."""
    errors: dict[str, str] = {}
    when = _when(values, errors)
    try:
        mode = ReplyMode(_text(values, "reply_mode") or ReplyMode.RELAY.value)
    except ValueError:
        errors["reply_mode"] = NOT_A_CHOICE
        mode = ReplyMode.RELAY
    picked = _state(values, "channels").get("selected_conversations") or []
    if not isinstance(picked, list) or not all(isinstance(c, str) for c in picked):
        errors["channels"] = NOT_A_CHOICE
        picked = []
    if errors:
        raise FormProblems(errors)
    return PromptDraft(
        title=_text(values, "title"),
        body=_text(values, "body"),
        channels=tuple(ChannelRef("slack", team, c) for c in picked),
        when=when,
        reply_mode=mode,
        network=_text(values, "network"),
        questions=tuple(_text(values, f"question_{n}") for n in range(1, MAX_QUESTIONS + 1)),
        image_url=_text(values, "image_url") or None,
        image_alt=_text(values, "image_alt") or None,
    )
