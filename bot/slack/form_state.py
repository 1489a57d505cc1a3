"""A submitted pulse modal's state.values → the neutral RawAnswers.

Whether the answers fit the question bank is the handler's decision; this only refuses
what no honest Slack client sends (unknown values, oversized text) with a kind message
on the input concerned.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.slack.blocks.pulse_form import REMEMBER_VALUE
from bot.slack.ids import ActionId, BlockId
from handlers.form_answers import NOT_A_CHOICE, FormProblems, read_answers
from handlers.submission import RawAnswers
from surveys.form import Form

__all__ = ["FormProblems", "read_form"]  # FormProblems: keyed by field id = block id


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


def read_form(values: Mapping[str, Any], form: Form) -> tuple[RawAnswers, bool]:
    """The answers and the "remember my background answers" choice; raises FormProblems.
    Only Slack's state shape is read here; the answers are checked by handlers.form_answers,
    as for Teams."""
    chosen: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for field in form.fields:
        block = values.get(field.id)
        state = block.get(ActionId.ANSWER) if isinstance(block, Mapping) else None
        if not isinstance(state, Mapping):
            continue
        try:
            chosen[field.id] = _selected(state)
        except ValueError as exc:
            errors[field.id] = str(exc)
    remember_state = (values.get(BlockId.REMEMBER) or {}).get(ActionId.REMEMBER) or {}
    try:
        remember = REMEMBER_VALUE in _selected(remember_state)
    except ValueError:
        errors[BlockId.REMEMBER] = NOT_A_CHOICE
    try:
        raw = read_answers(chosen, form)
    except FormProblems as problems:
        errors.update(problems.errors)
    if errors:
        raise FormProblems(errors)
    return raw, remember
