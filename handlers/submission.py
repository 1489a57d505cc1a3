"""The one submission path: every channel (Slack, Teams, the demo) records answers here."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from handlers.identity import Person
from storage.errors import AlreadySubmitted, RoundClosed, UnknownRound
from storage.padding import ProfileChange
from storage.store import Store
from surveys.response import InvalidAnswers, PulseAnswers, validate_answers


class Outcome(StrEnum):
    RECORDED = "recorded"
    ALREADY_TOOK_PART = "already_took_part"
    ROUND_CLOSED = "round_closed"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class RawAnswers:
    """Answers as a form delivers them, before validation. Blank means skipped."""

    ethnicity: str | None
    staff_group: str | None
    answers: dict[str, int | None]
    grounds: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class SubmissionResult:
    outcome: Outcome
    reasons: tuple[str, ...] = ()


def validate(raw: RawAnswers) -> PulseAnswers:
    return validate_answers(
        ethnicity=raw.ethnicity,
        staff_group=raw.staff_group,
        answers=raw.answers,
        grounds=raw.grounds,
    )


def submit_pulse(
    store: Store,
    *,
    person: Person,
    round_id: str,
    raw: RawAnswers,
    remember: bytes | None | bool = False,
) -> SubmissionResult:
    """Validate, then record participation and the encrypted answers in one transaction.

    The participation token is keyed by person and round, so a second submission is
    refused by the database itself, however many arrive at once. `remember`: the
    background answers to remember (bytes), None to forget any remembered, False to leave
    them alone; the change is sealed with the answers and applied when the round closes,
    so no staff row is written at the moment of a submission.
    """
    try:
        answers = validate(raw)
    except InvalidAnswers as exc:
        return SubmissionResult(Outcome.INVALID, tuple(exc.reasons))
    token = store.vault.participation_token(
        person.platform, person.workspace, person.user_id, round_id
    )
    try:
        change = None
        if remember is not False:
            profile = remember if isinstance(remember, bytes) else None
            change = ProfileChange(person.platform, person.workspace, person.user_id, profile)
        store.submissions.record(
            round_id=round_id, token=token, payload=answers.to_payload(), change=change
        )
    except AlreadySubmitted:
        return SubmissionResult(Outcome.ALREADY_TOOK_PART)
    except (RoundClosed, UnknownRound):
        return SubmissionResult(Outcome.ROUND_CLOSED)
    return SubmissionResult(Outcome.RECORDED)


def has_taken_part(store: Store, *, person: Person, round_id: str) -> bool:
    """Used to skip reminders; reveals nothing about the answers."""
    token = store.vault.participation_token(
        person.platform, person.workspace, person.user_id, round_id
    )
    return store.submissions.has_participated(token)
