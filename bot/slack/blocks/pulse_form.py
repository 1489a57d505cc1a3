"""The pulse modal, generated from the neutral form (surveys.form): never written by hand.

Background questions come first as optional selects; each survey item is an optional
radio group (or checkboxes for "tick all that apply") labelled with its full wording.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping

from bot.slack.blocks.elements import (
    HINT_MAX,
    LABEL_MAX,
    Block,
    divider,
    fit,
    modal,
    option,
    plain,
    section,
)
from bot.slack.ids import ActionId, BlockId, CallbackId
from handlers.messages import PulseFormReply
from surveys.form import Field, Form

RADIO_MAX_OPTIONS = 10  # Slack's limit for radio_buttons and checkboxes
REMEMBER_VALUE = "remember"
ERROR_MAX = 300


def _element(field: Field, *, select: bool, initial: str | None) -> Block:
    options = [option(c.value, c.label) for c in field.choices]
    kind = "checkboxes" if field.multiple else "static_select" if select else "radio_buttons"
    element: Block = {"type": kind, "action_id": ActionId.ANSWER, "options": options}
    if kind == "static_select":
        element["placeholder"] = plain("Choose one (or skip)", 150)
    chosen = [o for o in options if o["value"] == initial]
    if chosen and kind != "checkboxes":
        element["initial_option"] = chosen[0]
    return element


def field_block(field: Field, *, select: bool = False, initial: str | None = None) -> Block:
    """One input: its label is the full question; every input can be left empty."""
    select = select or len(field.choices) > RADIO_MAX_OPTIONS
    block: Block = {
        "type": "input",
        "block_id": field.id,
        "optional": field.optional,
        "label": plain(field.label, LABEL_MAX),
        "element": _element(field, select=select, initial=initial),
    }
    if field.hint:
        block["hint"] = plain(fit(field.hint, HINT_MAX), HINT_MAX)
    return block


def _remember(form: Form, remembered: bool) -> Block:
    choice = option(REMEMBER_VALUE, form.remember_label)
    element: Block = {"type": "checkboxes", "action_id": ActionId.REMEMBER, "options": [choice]}
    if remembered:
        element["initial_options"] = [choice]
    return {
        "type": "input",
        "block_id": BlockId.REMEMBER,
        "optional": True,
        "label": plain("Background answers"),
        "element": element,
    }


def pulse_modal(reply: PulseFormReply, *, metadata: str) -> Block:
    form = reply.form
    prefill: Mapping[str, str] = reply.prefill
    blocks = [section(form.intro, block_id=BlockId.INTRO)]
    blocks += [field_block(f, select=True, initial=prefill.get(f.id)) for f in form.background]
    blocks.append(_remember(form, bool(prefill)))
    blocks.append(divider())
    blocks += [field_block(f) for f in form.questions]
    view = modal(form.title, blocks, callback_id=CallbackId.PULSE_FORM, close="Cancel")
    view["submit"] = plain(form.submit_label, 24)
    view["private_metadata"] = metadata
    return view


def notice_modal(text: str, *, title: str = "Staff pulse") -> Block:
    """A small modal for "thank you", "you have already taken part" or "no pulse is open"."""
    fresh: Block = json.loads(_notice_json(text, title))  # the caller may change its copy
    return fresh


@functools.lru_cache(maxsize=64)
def _notice_json(text: str, title: str) -> str:
    # The same few notices answer every submission of a round; slack_sdk's model checks
    # cost ~0.25 ms each, a tenth of a submission's time on the event loop.
    return json.dumps(modal(title, [section(text)], callback_id=CallbackId.NOTICE))


def loading_modal() -> Block:
    return modal(
        "Staff pulse", [section("Getting your questions ready…")], callback_id=CallbackId.LOADING
    )


def errors_of(problems: Mapping[str, str], form: Form) -> dict[str, str]:
    """response_action "errors": each problem on its input; any other on the first input."""
    known = [f.id for f in form.fields]
    errors: dict[str, str] = {}
    for field_id, text in problems.items():
        block = field_id if field_id in known else known[0]
        errors[block] = fit(f"{errors[block]} {text}" if block in errors else text, ERROR_MAX)
    return errors
