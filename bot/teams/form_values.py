"""A pulse card's submitted `value` → the neutral RawAnswers and the "remember" choice.

Teams merges the Action.Submit's data with the card's inputs: a choice set sends its
value as a string (several comma-separated when multi-select), an empty input is sent
as "" or not at all. Anything else is not from our card and is refused by field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.teams.ids import TOGGLE_ON, InputId
from handlers.form_answers import NOT_A_CHOICE, FormProblems, read_answers
from handlers.submission import RawAnswers
from surveys.form import Form

SKIP_VALUE = "skip"  # the radio sets' "Skip this question": no answer


def _chosen(field_id: str, raw: Any, multiple: bool) -> list[str]:
    if raw is None or raw == "" or (raw == SKIP_VALUE and not multiple):
        return []
    if not isinstance(raw, str):
        raise FormProblems({field_id: NOT_A_CHOICE})
    return [v.strip() for v in raw.split(",") if v.strip()] if multiple else [raw]


def read_card(value: Mapping[str, Any], form: Form) -> tuple[RawAnswers, bool]:
    """The answers and whether to remember the background ones; raises FormProblems."""
    chosen: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for field in form.fields:
        try:
            picked = _chosen(field.id, value.get(field.id), field.multiple)
        except FormProblems as problems:
            errors.update(problems.errors)
            continue
        if picked:
            chosen[field.id] = picked
    if errors:
        raise FormProblems(errors)
    remember = value.get(InputId.REMEMBER)
    if remember is not None and not isinstance(remember, str):
        raise FormProblems({"form": NOT_A_CHOICE})
    return read_answers(chosen, form), remember == TOGGLE_ON
