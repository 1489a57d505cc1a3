"""A submitted compose card → the neutral PromptDraft, or the problems with its schedule.

Teams sends every input as a string ("" or missing when empty; a multi-select's values
comma-separated; Input.Date "YYYY-MM-DD", Input.Time "HH:MM"). Anything that is not a
string is treated as empty, so the handler's checks say what is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time
from typing import Any

from bot.teams.cards.discussion_ids import ConvInput, question_input
from bot.teams.team_channels import PLATFORM
from handlers.discussion import (
    ChannelRef,
    PostAt,
    PostMonthly,
    PostNow,
    Problem,
    PromptDraft,
    ReplyMode,
    When,
)
from handlers.discussion.compose import MAX_QUESTIONS

AT_NEEDS = "Choose both a date and a time for a one-off post."
MONTHLY_NEEDS = "Choose a day of the month and a time for a monthly post."
BAD_MODE = "Choose how replies work: relay, private or open."
BAD_WHEN = "Choose when to post: now, on a date and time, or every month."


def values_of(value: Mapping[str, Any]) -> dict[str, str]:
    """Only the string values: what our card can have sent."""
    return {str(k): v.strip() for k, v in value.items() if isinstance(v, str)}


def _clock(raw: str) -> time | None:
    try:
        return time.fromisoformat(raw[:5]) if raw else None
    except ValueError:
        return None


def when_of(values: Mapping[str, str]) -> When | Problem:
    kind = values.get(ConvInput.WHEN) or "now"
    at = _clock(values.get(ConvInput.TIME, ""))
    if kind == "now":
        return PostNow()
    if kind == "at":
        try:
            day = datetime.strptime(values.get(ConvInput.DATE, ""), "%Y-%m-%d")
        except ValueError:
            return Problem("when", AT_NEEDS)
        if at is None:
            return Problem("when", AT_NEEDS)
        return PostAt(day.replace(hour=at.hour, minute=at.minute))  # London time
    if kind == "monthly":
        raw_day = values.get(ConvInput.DAY, "")
        if at is None or not raw_day.lstrip("-").isdigit():
            return Problem("when", MONTHLY_NEEDS)
        return PostMonthly(int(raw_day), at)
    return Problem("when", BAD_WHEN)


def draft_of(values: Mapping[str, str], *, tenant: str) -> PromptDraft | list[Problem]:
    """The draft the card describes; the handler checks the rest (lengths, URL, channels)."""
    problems: list[Problem] = []
    when = when_of(values)
    if isinstance(when, Problem):
        problems.append(when)
    try:
        mode = ReplyMode(values.get(ConvInput.REPLY_MODE) or ReplyMode.RELAY.value)
    except ValueError:
        problems.append(Problem("reply_mode", BAD_MODE))
    if problems or isinstance(when, Problem):
        return problems
    picked = [c.strip() for c in values.get(ConvInput.CHANNELS, "").split(",") if c.strip()]
    return PromptDraft(
        title=values.get(ConvInput.TITLE, ""),
        body=values.get(ConvInput.BODY, ""),
        channels=tuple(ChannelRef(PLATFORM, tenant, c) for c in dict.fromkeys(picked)),
        when=when,
        reply_mode=mode,
        network=values.get(ConvInput.NETWORK, ""),
        questions=tuple(values.get(question_input(n), "") for n in range(1, MAX_QUESTIONS + 1)),
        image_url=values.get(ConvInput.IMAGE_URL) or None,
        image_alt=values.get(ConvInput.IMAGE_ALT) or None,
    )
