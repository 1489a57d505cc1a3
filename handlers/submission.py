"""The one submission use case: every channel (Slack, Teams, the demo, the CLI) records
answers here. Validate, compute the participation token, then write through the store's
answer writer (storage.answer_writer), batched with others arriving at the same moment
when a chat wing calls (handlers.store_calls).

The participation token is keyed by person and round, so a second submission is refused
by the database itself, however many arrive at once. Remembered background answers
travel sealed with the answers and are applied when the round closes, so no staff row is
written at the moment of a submission (docs/privacy.md#timing).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from enum import StrEnum

from handlers import profile
from handlers.backend import Backend
from handlers.deadline import Deadline
from handlers.identity import Person
from handlers.messages import AlreadyTookPart, InvalidSubmission, NotRecorded, RoundNotOpen, Thanks
from handlers.raw_answers import RawAnswers
from storage import answer_writer
from storage.answer_writer import Entry, WriteNotStarted, Written
from storage.mixing_checks import MixingKeyNotShared
from storage.padding import ProfileChange
from storage.store import Store
from storage.write_ticket import Ticket
from surveys import response
from surveys.response import InvalidAnswers, validate_answers

__all__ = [
    "Outcome",
    "PulseAnswers",
    "RawAnswers",
    "SubmissionResult",
    "SubmitReply",
    "has_taken_part",
    "submit",
    "submit_now",
    "submit_pulse",
    "validate",
]

SubmitReply = Thanks | AlreadyTookPart | RoundNotOpen | InvalidSubmission | NotRecorded
_REPLIES: dict[Written, Thanks | AlreadyTookPart | RoundNotOpen] = {
    Written.RECORDED: Thanks(),
    Written.ALREADY_TOOK_PART: AlreadyTookPart(),
    Written.ROUND_CLOSED: RoundNotOpen(),
    Written.UNKNOWN_ROUND: RoundNotOpen(),
}


@dataclass(frozen=True, slots=True)
class PulseAnswers:
    """A submitted form, read back by the wing; who sent it travels beside, never inside."""

    person: Person
    round_id: str
    raw: RawAnswers
    remember: bool
    # Teams cards never carry remembered answers, so empty ones take them (see submit).
    use_remembered: bool = False


def validate(raw: RawAnswers) -> response.PulseAnswers:
    return validate_answers(
        ethnicity=raw.ethnicity,
        staff_group=raw.staff_group,
        answers=raw.answers,
        grounds=raw.grounds,
    )


def _problems(reasons: list[str]) -> dict[str, str]:
    # Validation reasons read "field: what is wrong"; the form shows each beside its field.
    problems: dict[str, str] = {}
    for reason in reasons:
        name, _, text = reason.partition(": ")
        problems[name if text else "form"] = text or reason
    return problems


def _entry(
    store: Store, person: Person, round_id: str, raw: RawAnswers, remember: bytes | None | bool
) -> Entry:
    """What the writer needs (InvalidAnswers if the answers do not fit). `remember`: the
    background answers to remember (bytes), None to forget any remembered, False to
    leave them alone."""
    answers = validate(raw)
    token = store.vault.participation_token(
        person.platform, person.workspace, person.user_id, round_id
    )
    change = None
    if remember is not False:
        kept = remember if isinstance(remember, bytes) else None
        change = ProfileChange(person.platform, person.workspace, person.user_id, kept)
    return Entry(round_id, token, answers.to_payload(), change)


def _reply(outcome: answer_writer.Outcome) -> SubmitReply:
    if isinstance(outcome, WriteNotStarted | MixingKeyNotShared):  # nothing was written
        return NotRecorded()
    if isinstance(outcome, Exception):
        raise outcome
    return _REPLIES[outcome]


async def _recorded_in_time(
    backend: Backend, entry: Entry, ticket: Ticket
) -> answer_writer.Outcome:
    """The write's outcome, or WriteNotStarted at the ticket's answer_by if the write can
    still be given up (it is then rolled back); a write already committing is waited for."""
    pending = asyncio.ensure_future(backend.calls.record_answer(entry, ticket))
    if ticket.answer_by is None:
        return await pending
    try:
        return await asyncio.wait_for(asyncio.shield(pending), ticket.answer_by - time.monotonic())
    except TimeoutError:
        if ticket.give_up():
            pending.add_done_callback(_consume)
            return WriteNotStarted()
    return await pending


def _consume(done: asyncio.Future[answer_writer.Outcome]) -> None:
    if not done.cancelled():
        done.exception()  # heard: asyncio would otherwise log it as never retrieved


async def submit(
    backend: Backend,
    answers: PulseAnswers,
    *,
    start_by: float | None = None,
    deadline: Deadline | None = None,
) -> SubmitReply:
    """Record the answers anonymously, with the choice to remember or forget the
    background answers (applied at close); a second answer is refused.

    `deadline` (or a bare `start_by`, time.monotonic()): if the write has not begun by
    its start_by, or is not committing by its answer_by, nothing is written and the
    reply is NotRecorded, so a wing with a deadline always answers truly. A write whose
    commit began in time is waited for: it is recorded, and the wing says so, late if it
    must (deadline.missed()).
    `use_remembered`: background questions left empty take the remembered answers (when
    the person keeps "remember" on), for forms that do not show them prefilled: a Teams
    card stays in the chat's history, so the remembered answers are never put in it."""
    raw = answers.raw
    if answers.use_remembered and answers.remember:
        raw = await backend.calls(profile.with_remembered, backend.store, answers.person, raw)
    keep = profile.encode(raw) if answers.remember else None
    try:
        entry = _entry(backend.store, answers.person, answers.round_id, raw, keep)
    except InvalidAnswers as exc:
        return InvalidSubmission(problems=_problems(list(exc.reasons)))
    ticket = deadline.ticket() if deadline is not None else Ticket(start_by)
    return _reply(await _recorded_in_time(backend, entry, ticket))


def submit_now(
    store: Store,
    *,
    person: Person,
    round_id: str,
    raw: RawAnswers,
    remember: bool,
    use_remembered: bool = False,
) -> SubmitReply:
    """`submit` for callers without an event loop (the CLI, the demo, tests): the same
    steps, written at once in a transaction of its own."""
    if use_remembered and remember:
        raw = profile.with_remembered(store, person, raw)
    keep = profile.encode(raw) if remember else None
    try:
        entry = _entry(store, person, round_id, raw, keep)
    except InvalidAnswers as exc:
        return InvalidSubmission(problems=_problems(list(exc.reasons)))
    return _reply(store.answers.write([entry])[0])


class Outcome(StrEnum):
    RECORDED = "recorded"
    ALREADY_TOOK_PART = "already_took_part"
    ROUND_CLOSED = "round_closed"
    INVALID = "invalid"


@dataclass(frozen=True, slots=True)
class SubmissionResult:
    outcome: Outcome
    reasons: tuple[str, ...] = ()


def submit_pulse(
    store: Store,
    *,
    person: Person,
    round_id: str,
    raw: RawAnswers,
    remember: bytes | None | bool = False,
) -> SubmissionResult:
    """The same write as `submit_now`, for callers that count outcomes (the demo): the
    remembered answers left alone unless `remember` says otherwise."""
    try:
        entry = _entry(store, person, round_id, raw, remember)
    except InvalidAnswers as exc:
        return SubmissionResult(Outcome.INVALID, tuple(exc.reasons))
    written = store.answers.write([entry])[0]
    if isinstance(written, Exception):
        raise written
    if written is Written.RECORDED:
        return SubmissionResult(Outcome.RECORDED)
    if written is Written.ALREADY_TOOK_PART:
        return SubmissionResult(Outcome.ALREADY_TOOK_PART)
    return SubmissionResult(Outcome.ROUND_CLOSED)


def has_taken_part(store: Store, *, person: Person, round_id: str) -> bool:
    """Used to skip reminders; reveals nothing about the answers."""
    token = store.vault.participation_token(
        person.platform, person.workspace, person.user_id, round_id
    )
    return store.submissions.has_participated(token)
