"""Every id the Teams adapter puts in a card or reads back from one, and the words people
send the bot, in one place.

A card's Action.Submit carries `{"verb": ..., "round_id": ...}` (never who clicked: Teams
tells us that in the activity itself). Form inputs keep their neutral ids (surveys.form),
so a problem the handler names lands on its input without a lookup table.
"""

from __future__ import annotations

from enum import StrEnum


class Verb(StrEnum):
    START_PULSE = "pulse_start"
    SUBMIT_PULSE = "pulse_submit"


class DataKey(StrEnum):
    """Keys of an Action.Submit's data, merged by Teams with the card's input values."""

    VERB = "verb"
    ROUND = "round_id"


class InputId(StrEnum):
    REMEMBER = "remember_background"


class CardId(StrEnum):
    """The `id` of each card's first element: what a test or a later update looks for."""

    INVITATION = "pulse_invitation"
    FORM = "pulse_form"
    DONE = "pulse_done"
    NOTICE = "pulse_notice"
    PRIVACY = "privacy_notice"
    MY_DATA = "my_data"
    HELP = "help"
    REPORT = "wres_summary"


class Command(StrEnum):
    """What people type to the bot (and the bot menu in the manifest offers)."""

    PULSE = "pulse"
    PRIVACY = "privacy"
    MY_DATA = "my-data"
    OPT_OUT = "opt-out"
    OPT_IN = "opt-in"
    FORGET_ME = "forget-me"
    HELP = "help"
    WRES = "wres"
    ADMIN = "admin"  # admins: admin open|close|status, as Slack's /pulse admin


TOGGLE_ON, TOGGLE_OFF = "true", "false"
