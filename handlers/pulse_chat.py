"""The pulse as the chat wings drive it, each use case run on the store's call queue:
open the form, find the invitation to mark answered, `/pulse` words, and the App Home.
Submitting the form is handlers.submission.submit. A wing parses, awaits one of these
with its Backend, and renders the reply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from handlers import pulse
from handlers.backend import Backend
from handlers.commands import SLASH_COMMANDS, CommandWords
from handlers.identity import Person
from handlers.messages import (
    AlreadyTookPart,
    HomeView,
    PulseFormReply,
    Reply,
    RoundNotOpen,
)
from handlers.privacy import DEFAULT_NOTICE, NoticeSettings
from handlers.report_pulls import ReportAsk, latest_results
from storage.store import Store

StartReply = PulseFormReply | AlreadyTookPart | RoundNotOpen


async def start(backend: Backend, person: Person, round_id: str | None = None) -> StartReply:
    """The form for the round (the current one by default), or why not."""
    return await backend.calls(pulse.start_pulse, backend.store, person=person, round_id=round_id)


def _invitation(store: Store, person: Person, round_id: str) -> Mapping[str, Any] | None:
    entry = store.roster.find(
        platform=person.platform, workspace=person.workspace, user_id=person.user_id
    )
    return None if entry is None else store.outbox.reference_for(round_id, entry.id)


async def invitation_of(backend: Backend, person: Person, round_id: str) -> Mapping[str, Any]:
    """Where the person's invitation landed (the platform's reference), to mark it
    answered; empty if it was never sent. Read-only: see OutboxStore.reference_for."""
    return await backend.calls(_invitation, backend.store, person, round_id) or {}


async def pulse_words(
    backend: Backend,
    person: Person,
    text: str,
    *,
    notice: NoticeSettings = DEFAULT_NOTICE,
    commands: CommandWords = SLASH_COMMANDS,
) -> Reply:
    """`/pulse [help | privacy | my-data | opt-out | opt-in | forget-me]`."""
    return await backend.calls(
        pulse.pulse_command,
        backend.store,
        person=person,
        text=text,
        notice=notice,
        commands=commands,
    )


async def home(backend: Backend, ask: ReportAsk, *, notice: NoticeSettings) -> HomeView:
    """The App Home of `ask.requester`, with the latest released results for the EDI team."""
    latest = await latest_results(backend, ask)
    return await backend.calls(
        pulse.home,
        backend.store,
        person=ask.requester.person,
        latest_report=latest,
        notice=notice,
        commands=ask.commands,
    )
