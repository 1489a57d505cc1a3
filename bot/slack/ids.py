"""Every Block Kit id the Slack adapter sends or listens for, in one place.

Form fields keep their neutral ids (surveys.form) as block ids, so a validation problem
named by the handler lands on the input it is about without a lookup table.
"""

from __future__ import annotations

from enum import StrEnum


class ActionId(StrEnum):
    START_PULSE = "pulse_start"
    ANSWER = "pulse_answer"  # every input of the pulse modal; the block id names the field
    REMEMBER = "pulse_remember"
    HOME_START = "home_pulse_start"
    # Big Conversation
    FIELD = "bc_field"  # every input of the compose and reply modals; the block id names it
    COMPOSE = "bc_compose"  # App Home: open the compose modal
    USE_STARTER = "bc_use_starter"  # value: the starter's theme
    REPLY = "bc_reply"  # "Reply anonymously" on a posted prompt; value: the prompt id
    WITHDRAW = "bc_withdraw"  # value: the withdrawal code, shown only to the author
    OPEN_QUEUE = "bc_open_queue"  # value: the prompt id
    APPROVE = "bc_approve"  # value: the reply id
    DECLINE = "bc_decline"
    ANSWER_COLLEAGUE = "bc_answer"  # open the chair's answer modal


class BlockId(StrEnum):
    INVITATION = "pulse_invitation"
    INVITATION_ACTIONS = "pulse_invitation_actions"
    INTRO = "pulse_intro"
    REMEMBER = "pulse_remember_block"
    HOME_ACTIONS = "home_actions"
    PROMPT_ACTIONS = "bc_prompt_actions"
    HOME_CHAIR = "bc_home_chair"
    REPLY_TEXT = "reply_text"
    ALLOW_CHAIR_REPLY = "allow_chair_reply"
    WITHDRAW_ACTIONS = "bc_withdraw_actions"
    ANSWER_TEXT = "answer_text"


class CallbackId(StrEnum):
    PULSE_FORM = "pulse_form"
    NOTICE = "pulse_notice"  # the small modal for "already taken part" and "not open"
    LOADING = "pulse_loading"
    COMPOSE = "bc_compose"
    REPLY = "bc_reply"
    REPLY_DONE = "bc_reply_done"
    QUEUE = "bc_queue"
    ANSWER = "bc_answer"
    CONVERSATION_NOTICE = "bc_notice"


class Command(StrEnum):
    PULSE = "/pulse"
    WRES = "/wres"
    BIG_CONVERSATION = "/bigconversation"


class Event(StrEnum):
    APP_HOME_OPENED = "app_home_opened"
