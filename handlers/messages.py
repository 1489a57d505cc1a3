"""Neutral replies: what a use case says, before any platform renders it.

Text is written once here (plain English, no meaning carried by emoji or colour), and
each adapter has one renderer to Block Kit or Adaptive Cards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from handlers.commands import SLASH_COMMANDS, CommandWords
from surveys.form import Form
from surveys.report_model import Report

ANONYMITY_LINE = (
    "Your answers are stored anonymously: they are encrypted, never linked to you, and "
    "only shown as totals for groups of 11 or more."
)


@dataclass(frozen=True, slots=True)
class PulseInvitation:
    """The DM that opens a round for one person (and the reminder, with `reminder=True`)."""

    round_id: str
    period: str
    closes_at: datetime | None
    reminder: bool = False
    text: str = (
        "This month's staff pulse is open: a few questions from the NHS Staff Survey about "
        "harassment, fairness and discrimination at work. It takes about a minute."
    )
    anonymity: str = ANONYMITY_LINE
    start_label: str = "Start"


@dataclass(frozen=True, slots=True)
class PulseFormReply:
    """The form to show; `prefill` holds remembered background answers, if opted in."""

    round_id: str
    form: Form
    prefill: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Thanks:
    text: str = "Thank you — your answers were recorded anonymously."
    # What the invitation DM becomes: never an echo of any answer.
    invitation_done: str = "You took part in this pulse. Your answers were recorded anonymously."


@dataclass(frozen=True, slots=True)
class AlreadyTookPart:
    text: str = (
        "You have already taken part in this pulse — thank you. Each person can answer "
        "once per round, so nothing more was recorded."
    )


@dataclass(frozen=True, slots=True)
class RoundNotOpen:
    text: str = "There is no pulse open right now. The next one will arrive as a message."


@dataclass(frozen=True, slots=True)
class NotRecorded:
    """The answers could not be written in time (the database was busy): nothing was
    kept, so pressing Submit again is safe."""

    text: str = (
        "Your answers could not be recorded just now and nothing was saved. "
        "Please press Submit again in a moment."
    )


@dataclass(frozen=True, slots=True)
class InvalidSubmission:
    """Answers that did not fit the question bank; `problems` name each field."""

    problems: dict[str, str]
    text: str = "Some answers could not be recorded. Nothing was saved; please check them."


@dataclass(frozen=True, slots=True)
class Notice:
    """A short plain message (opt-out confirmed, profile erased, and so on)."""

    text: str


@dataclass(frozen=True, slots=True)
class Refusal:
    """A request refused, with the reason the person is shown."""

    text: str


@dataclass(frozen=True, slots=True)
class PrivacyNotice:
    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MyData:
    """Everything held about the person: never their answers, which cannot be linked."""

    on_roster: bool
    opted_out: bool
    remembered_background: dict[str, str]
    rounds_taken_part: tuple[str, ...]
    explanation: str = (
        "Your answers themselves are not listed because they are stored with no link to "
        "you. While a round is open they are locked under a separate key; when it closes "
        "they are shuffled and that key is destroyed, and from then on nobody can find "
        "them, including us. A change to your remembered background answers takes effect "
        "when the round you answered closes."
    )


@dataclass(frozen=True, slots=True)
class HomeView:
    privacy: PrivacyNotice
    current_round: str | None  # period of the open round, if any
    taken_part: bool
    opted_out: bool
    remembers_background: bool
    latest: Report | None  # the latest released report; renderers show released cells only


@dataclass(frozen=True, slots=True)
class ReportSummary:
    """For the EDI role: the report, plus the files to deliver privately."""

    report: Report
    files: tuple[tuple[str, bytes], ...] = ()  # (filename, content)


Reply = (
    PulseInvitation
    | PulseFormReply
    | Thanks
    | AlreadyTookPart
    | RoundNotOpen
    | InvalidSubmission
    | NotRecorded
    | Notice
    | Refusal
    | PrivacyNotice
    | MyData
    | HomeView
    | ReportSummary
)


# -- /pulse commands: written once here, spelt with each platform's words ----------------


def pulse_help(words: CommandWords = SLASH_COMMANDS) -> str:
    return (
        f"{words.pulse} takes this month's staff pulse. You can also type:\n"
        f"• {words.sub('privacy')}: how your answers are kept anonymous, and your rights\n"
        f"• {words.sub('my-data')}: what we hold about you\n"
        f"• {words.sub('opt-out')}: stop receiving pulse invitations (opt-in starts them again)\n"
        f"• {words.sub('forget-me')}: erase your place on the delivery list and your "
        "remembered background answers"
    )


def opted_out(words: CommandWords = SLASH_COMMANDS) -> str:
    return (
        "You will not be invited to pulses any more. Invitations already waiting to be sent "
        f"were cancelled. Type {words.sub('opt-in')} if you change your mind."
    )


def forgotten(
    words: CommandWords = SLASH_COMMANDS,
    *,
    erased: bool = True,
    rounds_kept: tuple[str, ...] = (),
) -> str:
    """What forget-me did, and what it could not do (docs/privacy.md#what-is-kept)."""
    done = (
        "Done: your place on the pulse delivery list and any remembered background answers "
        "were erased, with any invitations still waiting to be sent. "
        if erased
        else "You were not on the pulse delivery list and we held no remembered answers. "
    )
    kept = ""
    if rounds_kept:
        kept = (
            f"We still keep, for each round you took part in ({', '.join(rounds_kept)}), a "
            "code worked out from your account id. It stops anyone answering a round twice "
            "(so you cannot answer those rounds again), and it shows that you took part, "
            "never what you answered. These codes are deleted when the answers of their "
            "round are destroyed. "
        )
    return (
        f"{done}{kept}Answers you gave stay in the anonymous results: they are not linked to "
        f"you, so they cannot be found to be removed. {words.rejoin}"
    )


def wres_usage(words: CommandWords = SLASH_COMMANDS) -> str:
    return (
        f"Usage: {words.wres} [period] [staff group]. Period: a month (2026-03), a quarter "
        "(2026-Q1), a year (2026) or a financial year (FY2025/26); the latest closed month if "
        "left out. Staff group: all (the default), substantive, bank, agency, locum, student "
        f"or volunteer. Example: {words.wres} 2026-Q1 bank"
    )


def unknown_pulse_command(word: str, words: CommandWords = SLASH_COMMANDS) -> str:
    return f"'{word}' is not something {words.pulse} knows.\n\n{pulse_help(words)}"


OPTED_IN = "You will be invited to the next pulse. Thank you."
NOTHING_HELD = (
    "We hold nothing about you: you are not on the pulse delivery list, we remember no "
    "background answers, and you have not taken part in a round we still keep."
)
NO_CLOSED_ROUNDS = "There are no closed pulse rounds yet, so there is nothing to report."
