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


class BlockId(StrEnum):
    INVITATION = "pulse_invitation"
    INVITATION_ACTIONS = "pulse_invitation_actions"
    INTRO = "pulse_intro"
    REMEMBER = "pulse_remember_block"
    HOME_ACTIONS = "home_actions"


class CallbackId(StrEnum):
    PULSE_FORM = "pulse_form"
    NOTICE = "pulse_notice"  # the small modal for "already taken part" and "not open"
    LOADING = "pulse_loading"


class Command(StrEnum):
    PULSE = "/pulse"
    WRES = "/wres"


class Event(StrEnum):
    APP_HOME_OPENED = "app_home_opened"
