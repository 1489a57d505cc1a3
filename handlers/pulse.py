"""The pulse as staff meet it: the form, the submission, /pulse and the App Home.

Platform-neutral: adapters hand in a Person and get back a reply of handlers.messages.
Synchronous (storage is sync): the chat wings reach them through handlers.pulse_chat,
which runs them on the store's call queue.
"""

from __future__ import annotations

from datetime import UTC, datetime

from handlers import profile
from handlers.commands import SLASH_COMMANDS, CommandWords
from handlers.identity import Person
from handlers.messages import (
    NOTHING_HELD,
    OPTED_IN,
    AlreadyTookPart,
    HomeView,
    Notice,
    PulseFormReply,
    Reply,
    RoundNotOpen,
    forgotten,
    opted_out,
    pulse_help,
    unknown_pulse_command,
)
from handlers.privacy import DEFAULT_NOTICE, NoticeSettings, privacy_notice
from handlers.pulse_rounds import ReminderPolicy, close_round, open_round, queue_reminders

# The one submission use case lives in handlers.submission; `submit` here is its
# synchronous form, for the CLI and the tests that drive the pulse without a loop.
from handlers.submission import has_taken_part
from handlers.submission import submit_now as submit
from storage.errors import UnknownRound
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from surveys.form import pulse_form
from surveys.report_model import Report

__all__ = [
    "ReminderPolicy",
    "close_round",
    "current_round",
    "home",
    "open_round",
    "pulse_command",
    "queue_reminders",
    "start_pulse",
    "submit",
]


def current_round(store: Store) -> RoundInfo | None:
    """The open pulse round (the most recently opened, should there be several)."""
    open_rounds = [r for r in store.rounds.list() if r.is_open and r.source == "pulse"]
    earliest = datetime.min.replace(tzinfo=UTC)
    return max(open_rounds, key=lambda r: r.opens_at or earliest, default=None)


def _round(store: Store, round_id: str | None) -> RoundInfo | None:
    if round_id is None:
        return current_round(store)
    try:
        found = store.rounds.get(round_id)
    except UnknownRound:
        return None
    return found if found.is_open else None


def start_pulse(
    store: Store, *, person: Person, round_id: str | None = None
) -> PulseFormReply | AlreadyTookPart | RoundNotOpen:
    """The form for the round (the current one by default), prefilled only with background
    answers the person asked us to remember."""
    round_ = _round(store, round_id)
    if round_ is None:
        return RoundNotOpen()
    if has_taken_part(store, person=person, round_id=round_.id):
        return AlreadyTookPart()
    return PulseFormReply(
        round_id=round_.id,
        form=pulse_form(round_.recall),
        prefill=profile.prefill_for(store, person),
    )


def _who(person: Person) -> dict[str, str]:
    return {"platform": person.platform, "workspace": person.workspace, "user_id": person.user_id}


def _opt(store: Store, person: Person, *, out: bool, commands: CommandWords) -> Notice:
    entry = store.roster.find(**_who(person))
    if entry is None:
        if not out:
            return Notice(OPTED_IN)
        # Not on the roster yet: a row that only says "opted out", so the next roster
        # sync (which keeps the flag) does not start inviting them.
        entry = store.roster.upsert(**_who(person), delivery={"user": person.user_id})
    store.roster.set_opted_out(entry.id, out)
    if out:
        store.outbox.cancel(staff_id=entry.id, reason="opted out")
    return Notice(opted_out(commands) if out else OPTED_IN)


def pulse_command(
    store: Store,
    *,
    person: Person,
    text: str,
    notice: NoticeSettings = DEFAULT_NOTICE,
    commands: CommandWords = SLASH_COMMANDS,
) -> Reply:
    """`/pulse [help | privacy | my-data | opt-out | opt-in | forget-me]`; nothing: the form.
    `commands`: how the person's platform spells these, for the replies that name them."""
    word = "-".join(text.strip().lower().replace("_", " ").split())
    if word == "":
        return start_pulse(store, person=person)
    if word == "help":
        return Notice(pulse_help(commands))
    if word == "privacy":
        return privacy_notice(notice, commands)
    if word in ("my-data", "mydata"):
        return profile.my_data(store, person)
    if word in ("opt-out", "optout", "stop"):
        return _opt(store, person, out=True, commands=commands)
    if word in ("opt-in", "optin", "start"):
        return _opt(store, person, out=False, commands=commands)
    if word in ("forget-me", "forgetme"):
        erased = store.roster.forget_me(**_who(person))
        kept = store.roster.my_data(**_who(person)).rounds_taken_part
        if not erased and not kept:
            return Notice(NOTHING_HELD)
        return Notice(forgotten(commands, erased=erased, rounds_kept=kept))
    return Notice(unknown_pulse_command(text.strip()[:40], commands))


def home(
    store: Store,
    *,
    person: Person,
    latest_report: Report | None,
    notice: NoticeSettings = DEFAULT_NOTICE,
    commands: CommandWords = SLASH_COMMANDS,
) -> HomeView:
    """The App Home: privacy notice, current round, the person's settings, latest results."""
    round_ = current_round(store)
    entry = store.roster.find(**_who(person))
    return HomeView(
        privacy=privacy_notice(notice, commands),
        current_round=round_.period if round_ else None,
        taken_part=bool(round_ and has_taken_part(store, person=person, round_id=round_.id)),
        opted_out=bool(entry and entry.opted_out),
        remembers_background=bool(entry and entry.has_profile),
        latest=latest_report,
    )
