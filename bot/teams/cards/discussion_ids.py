"""Ids of the Big Conversation's cards, actions and inputs on Teams.

An Action.Submit carries `{"verb": ..., "prompt_id" | "item": ...}`, never who clicked
(Teams says that in the activity, and it is never stored with a reply). `item` is the
chair's queue id of a reply; the author's withdrawal code travels only inside a dialog.
"""

from __future__ import annotations

from enum import StrEnum


class ConvVerb(StrEnum):
    REPLY_OPEN = "bc_reply_open"  # "Reply anonymously" on the channel card
    REPLY_SUBMIT = "bc_reply_submit"
    WITHDRAW = "bc_withdraw"
    WITHDRAW_OPEN = "bc_withdraw_open"  # opens the dialog asking for a withdrawal code
    COMPOSE = "bc_compose"  # the compose (or edit) form's submit
    STARTER = "bc_starter"  # pick a starter prompt to edit
    EDIT = "bc_edit"
    PAUSE = "bc_pause"
    RESUME = "bc_resume"
    DELETE = "bc_delete"
    QUEUE = "bc_queue"
    APPROVE = "bc_approve"
    DECLINE = "bc_decline"
    ANSWER = "bc_answer"


class ConvKey(StrEnum):
    VERB = "verb"
    PROMPT = "prompt_id"
    ITEM = "item"  # a reply's queue id, in the chair's queue card only
    CODE = "withdraw_code"  # in the author's confirmation dialog only
    STARTER = "starter"


class ConvInput(StrEnum):
    NETWORK = "network"
    TITLE = "title"
    BODY = "body"
    IMAGE_URL = "image_url"
    IMAGE_ALT = "image_alt"
    CHANNELS = "channels"
    WHEN = "when"  # now | at | monthly
    DATE = "when_date"
    TIME = "when_time"
    DAY = "when_day"
    REPLY_MODE = "reply_mode"
    REPLY_TEXT = "reply_text"
    ALLOW_CHAIR_REPLY = "allow_chair_reply"
    ANSWER_PREFIX = "answer_"  # + reply id: one answer box per queued reply


def question_input(number: int) -> str:
    return f"question_{number}"  # the neutral Problem field names the same input


class ConvCard(StrEnum):
    """The `id` of each card's first element."""

    PROMPT = "bc_prompt"
    REPLY_FORM = "bc_reply_form"
    REPLY_DONE = "bc_reply_done"
    REPLY_OPEN = "bc_reply_open"  # the personal-chat card whose button opens the dialog
    WITHDRAW_FORM = "bc_withdraw_form"
    COMPOSE = "bc_compose"
    STARTERS = "bc_starters"
    LIST = "bc_list"
    QUEUE = "bc_queue"
    DIGEST = "bc_digest"
    EXPORT = "bc_export"
    HELP = "bc_help"
    NOTICE = "bc_notice"


COMMAND = "bigconversation"
