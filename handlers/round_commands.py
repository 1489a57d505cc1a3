"""`admin open|close|status` typed in chat (Slack's `/pulse admin ...`, Teams' `admin ...`):
the words parsed once, then the round admin use case run on the store's call queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from handlers.backend import Backend
from handlers.commands import SLASH_COMMANDS, CommandWords
from handlers.identity import Requester, Role
from handlers.round_admin import (
    AdminRefused,
    RoundCalendar,
    RoundClosed,
    RoundOpened,
    RoundRefusal,
    RoundsStatus,
    close_now,
    open_now,
    status_now,
)
from storage.store import Store
from surveys.questions import Recall

ADMIN_WORD = "admin"


@dataclass(frozen=True, slots=True)
class AdminUsage:
    commands: CommandWords = SLASH_COMMANDS

    @property
    def text(self) -> str:
        spelt = [self.commands.sub(f"{ADMIN_WORD} {word}") for word in ("open", "close")]
        status = self.commands.sub(f"{ADMIN_WORD} status")
        return f"Use {spelt[0]}, {spelt[1]} or {status}."


@dataclass(frozen=True, slots=True)
class AdminRequest:
    requester: Requester
    words: tuple[str, ...]  # after "admin", lower-cased
    calendar: RoundCalendar
    recall: Recall
    now: datetime
    commands: CommandWords = SLASH_COMMANDS


AdminReply = RoundOpened | RoundClosed | RoundsStatus | AdminRefused | AdminUsage


def _run(store: Store, request: AdminRequest) -> AdminReply:
    requester = request.requester
    if not requester.has(Role.ADMIN):
        return AdminRefused(RoundRefusal.NOT_ADMIN)
    action = request.words[0] if request.words else ""
    if action == "open":
        return open_now(
            store,
            requester=requester,
            calendar=request.calendar,
            recall=request.recall,
            now=request.now,
        )
    if action == "close":
        return close_now(store, requester=requester)
    if action == "status":
        return status_now(store, requester=requester, open_only=True)
    return AdminUsage(request.commands)


async def admin_command(backend: Backend, request: AdminRequest) -> AdminReply:
    """Open this month's round (in the schedule's timezone), close the open one, or say
    how the open one is going; refused, with nothing written, to anyone not an admin."""
    return await backend.calls(_run, backend.store, request)
