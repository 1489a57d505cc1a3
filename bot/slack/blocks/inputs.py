"""Input blocks for the Big Conversation modals: every input labelled, every action id
ActionId.FIELD, so the block id alone names the field a value or a problem belongs to."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    StaticSelectElement,
)

from bot.slack.blocks.elements import HINT_MAX, LABEL_MAX, Block, fit, option_of, plain_text
from bot.slack.ids import ActionId

ERROR_MAX = 300  # Slack shows more, but a long error under an input is hard to read


def input_block(
    block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None
) -> Block:
    return InputBlock(
        block_id=block_id,
        optional=optional,
        label=plain_text(label, LABEL_MAX),
        element={**element, "action_id": ActionId.FIELD},
        hint=plain_text(hint, HINT_MAX) if hint else None,
    ).to_dict()


def text_input(
    *,
    initial: str | None = None,
    multiline: bool = False,
    max_length: int | None = None,
    placeholder: str | None = None,
) -> Block:
    return PlainTextInputElement(
        action_id=ActionId.FIELD,
        initial_value=(initial if max_length is None else initial[:max_length])
        if initial
        else None,
        multiline=multiline,
        max_length=max_length,
        placeholder=plain_text(placeholder, 150) if placeholder else None,
    ).to_dict()


def _options(kind: str, made: list[Option], initial: str | None) -> Block:
    chosen = next((o for o in made if o.value == initial), None)
    element_of = RadioButtonsElement if kind == "radio_buttons" else StaticSelectElement
    return element_of(action_id=ActionId.FIELD, options=made, initial_option=chosen).to_dict()


def choices(kind: str, options: Sequence[tuple[str, str]], *, initial: str | None = None) -> Block:
    """A radio group ("radio_buttons") or static select of (value, label) pairs."""
    return _options(kind, [option_of(value, label) for value, label in options], initial)


def described(options: Sequence[tuple[str, str, str]], *, initial: str | None) -> Block:
    """Radio buttons whose options carry a plain explanation under the label."""
    made = [option_of(value, label, about) for value, label, about in options]
    return _options("radio_buttons", made, initial)


def errors_on(problems: Sequence[tuple[str, str]], known: Sequence[str]) -> dict[str, str]:
    """response_action "errors": each problem on its block; an unknown one on the first."""
    errors: dict[str, str] = {}
    for field, text in problems:
        block = field if field in known else known[0]
        errors[block] = fit(f"{errors[block]} {text}" if block in errors else text, ERROR_MAX)
    return errors
