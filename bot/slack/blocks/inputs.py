"""Input blocks for the Big Conversation modals: every input labelled, every action id
ActionId.FIELD, so the block id alone names the field a value or a problem belongs to."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.blocks.elements import HINT_MAX, LABEL_MAX, Block, fit, option, plain
from bot.slack.ids import ActionId

ERROR_MAX = 300  # Slack shows more, but a long error under an input is hard to read


def input_block(
    block_id: str, label: str, element: Block, *, optional: bool = False, hint: str | None = None
) -> Block:
    block: Block = {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": plain(label, LABEL_MAX),
        "element": {**element, "action_id": ActionId.FIELD},
    }
    if hint:
        block["hint"] = plain(fit(hint, HINT_MAX), HINT_MAX)
    return block


def text_input(
    *,
    initial: str | None = None,
    multiline: bool = False,
    max_length: int | None = None,
    placeholder: str | None = None,
) -> Block:
    element: Block = {"type": "plain_text_input", "multiline": multiline}
    if initial:
        element["initial_value"] = initial if max_length is None else initial[:max_length]
    if max_length is not None:
        element["max_length"] = max_length
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return element


def choices(kind: str, options: Sequence[tuple[str, str]], *, initial: str | None = None) -> Block:
    """A radio group or static select of (value, label) pairs."""
    made = [option(value, label) for value, label in options]
    element: Block = {"type": kind, "options": made}
    chosen = [o for o in made if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return element


def described(options: Sequence[tuple[str, str, str]], *, initial: str | None) -> Block:
    """Radio buttons whose options carry a plain explanation under the label."""
    element = choices("radio_buttons", [(v, label) for v, label, _ in options], initial=initial)
    for made, (_, _, description) in zip(element["options"], options, strict=True):
        made["description"] = plain(description, 75)
    if "initial_option" in element:
        element["initial_option"] = next(
            o for o in element["options"] if o["value"] == element["initial_option"]["value"]
        )
    return element


def errors_on(problems: Sequence[tuple[str, str]], known: Sequence[str]) -> dict[str, str]:
    """response_action "errors": each problem on its block; an unknown one on the first."""
    errors: dict[str, str] = {}
    for field, text in problems:
        block = field if field in known else known[0]
        errors[block] = fit(f"{errors[block]} {text}" if block in errors else text, ERROR_MAX)
    return errors
