"""The anonymous reply modal, and the confirmation only its author sees.

The confirmation carries the Withdraw button (the withdrawal code in its value) and the
code as text to keep: Slack holds the modal for the author alone, keeps no history of
it, and the code shares nothing with the id the chair's queue shows.
"""

from __future__ import annotations

from bot.slack.blocks.elements import Block, button, context, modal, option, plain, section
from bot.slack.blocks.inputs import input_block, text_input
from bot.slack.ids import ActionId, BlockId, CallbackId
from handlers.discussion import ReplyAccepted, ReplyForm

ALLOW_VALUE = "allow"
TITLE = "Reply anonymously"


def reply_modal(form: ReplyForm, *, metadata: str) -> Block:
    # The explanation is the input's hint: an option's description is cut at 75 characters.
    allow = option(ALLOW_VALUE, form.allow_chair_reply_label)
    checkbox: Block = {"type": "checkboxes", "options": [allow]}
    blocks = [
        section(f"Your reply to “{form.title}”. It is stored encrypted, without your name."),
        section(form.warning),
        input_block(
            BlockId.REPLY_TEXT,
            "Your reply",
            text_input(multiline=True, max_length=form.max_chars),
            hint=f"Up to {form.max_chars} characters.",
        ),
        input_block(
            BlockId.ALLOW_CHAIR_REPLY,
            "A reply from the chair",
            checkbox,
            optional=True,
            hint=form.allow_chair_reply_hint,
        ),
    ]
    view = modal(TITLE, blocks, callback_id=CallbackId.REPLY, close="Cancel")
    view["submit"] = plain("Send anonymously", 24)
    view["private_metadata"] = metadata
    return view


def withdraw_value(accepted: ReplyAccepted) -> str:
    return accepted.withdraw_code


def accepted_modal(accepted: ReplyAccepted) -> Block:
    code = withdraw_value(accepted)
    withdraw = button(
        "Withdraw my reply",
        action_id=ActionId.WITHDRAW,
        value=code,
        label="Withdraw my anonymous reply",
    )
    withdraw["style"] = "danger"
    blocks = [
        section(accepted.text),
        {"type": "actions", "block_id": BlockId.WITHDRAW_ACTIONS, "elements": [withdraw]},
        context(
            "To withdraw later, type /bigconversation withdraw followed by this code. Only you "
            f"have it; we cannot recover it: {code}"
        ),
    ]
    return modal("Reply sent", blocks, callback_id=CallbackId.REPLY_DONE)


def notice_modal(text: str, *, title: str = "Big Conversation") -> Block:
    return modal(title, [section(text)], callback_id=CallbackId.CONVERSATION_NOTICE)
