"""A submitted pulse modal's state.values → the neutral RawAnswers, checked for shape only.

Whether the answers fit the question bank is the handler's decision; this only refuses
what no honest Slack client sends (unknown values, oversized text) with a kind message
on the input concerned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.slack.blocks.pulse_form import REMEMBER_VALUE
from bot.slack.ids import ActionId, BlockId
from handlers.submission import RawAnswers
from surveys.form import ETHNICITY_FIELD, STAFF_GROUP_FIELD, Field, Form

MAX_VALUE = 150  # no choice value of ours is longer; anything longer is refused
NOT_A_CHOICE = "That is not one of the choices. Please choose again, or leave it empty."
TOO_LONG = "That answer is too long to record. Please shorten it."


class FormProblems(ValueError):
    """Inputs to send back with response_action "errors", keyed by block id."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("form problems")
        self.errors = errors


def _selected(state: Mapping[str, Any]) -> list[str]:
    if "selected_options" in state:
        options = state.get("selected_options") or []
    else:
        options = [state["selected_option"]] if state.get("selected_option") else []
    if "value" in state and state.get("value") is not None:  # a plain_text_input
        options = [{"value": state["value"]}]
    values = [o.get("value") if isinstance(o, Mapping) else None for o in options]
    if not all(isinstance(v, str) for v in values):
        raise ValueError(NOT_A_CHOICE)
    return [str(v) for v in values]


def _field_values(field: Field, state: Mapping[str, Any]) -> list[str]:
    values = _selected(state)
    if any(len(v) > MAX_VALUE for v in values):
        raise ValueError(TOO_LONG)
    allowed = {c.value for c in field.choices}
    if any(v not in allowed for v in values) or (len(values) > 1 and not field.multiple):
        raise ValueError(NOT_A_CHOICE)
    return values


def read_form(values: Mapping[str, Any], form: Form) -> tuple[RawAnswers, bool]:
    """The answers and the "remember my background answers" choice; raises FormProblems."""
    chosen: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for field in form.fields:
        block = values.get(field.id)
        state = block.get(ActionId.ANSWER) if isinstance(block, Mapping) else None
        if not isinstance(state, Mapping):
            continue
        try:
            chosen[field.id] = _field_values(field, state)
        except ValueError as exc:
            errors[field.id] = str(exc)
    if errors:
        raise FormProblems(errors)
    remember_state = (values.get(BlockId.REMEMBER) or {}).get(ActionId.REMEMBER) or {}
    try:
        remember = REMEMBER_VALUE in _selected(remember_state)
    except ValueError:
        raise FormProblems({BlockId.REMEMBER: NOT_A_CHOICE}) from None
    return _raw(chosen, form), remember


def _raw(chosen: Mapping[str, list[str]], form: Form) -> RawAnswers:
    def one(field_id: str) -> str | None:
        picked = chosen.get(field_id) or []
        return picked[0] if picked else None

    answers: dict[str, int | None] = {}
    grounds: frozenset[int] = frozenset()
    for field in form.questions:
        if field.multiple:
            grounds = frozenset(int(v) for v in chosen.get(field.id, []))
        else:
            value = one(field.id)
            answers[field.id] = None if value is None else int(value)
    return RawAnswers(one(ETHNICITY_FIELD), one(STAFF_GROUP_FIELD), answers, grounds)
