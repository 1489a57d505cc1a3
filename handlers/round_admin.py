"""Opening, closing and inspecting pulse rounds by hand: one use case for `bigconv rounds`,
Slack's `/pulse admin` and Teams' typed `admin`, so all three check the same things, use
the configured schedule and write the same audit actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from handlers.count_release import took_part
from handlers.identity import Requester, Role
from handlers.pulse_rounds import close_round, default_closes_at, open_round
from storage.errors import StorageError
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from surveys.periods import month_label
from surveys.questions import Recall

OPENED, CLOSED = "round opened", "round closed"  # the audit actions, wherever it was asked


class RoundRefusal(StrEnum):
    NOT_ADMIN = "not an admin"
    NOT_STARTED = "month not started"
    ANOTHER_OPEN = "another round open"
    NO_OPEN_ROUND = "no open round"
    CANNOT_CLOSE = "cannot close"  # e.g. the mixing key is missing: the round stays open


@dataclass(frozen=True, slots=True)
class RoundCalendar:
    """What the configured `[schedule]` says about a round opened by hand."""

    timezone: str = "Europe/London"
    open_days: int = 14

    def month(self, now: datetime) -> str:
        """The month it is now where the trust is, as the scheduler names rounds."""
        return month_label(now.astimezone(ZoneInfo(self.timezone)).date())


@dataclass(frozen=True, slots=True)
class AdminRefused:
    reason: RoundRefusal
    period: str = ""
    detail: str = ""

    @property
    def text(self) -> str:
        if self.reason is RoundRefusal.NOT_ADMIN:
            return (
                "Opening and closing rounds is for Big Conversation admins. Ask an admin to "
                "add you to the admin role if you need to."
            )
        if self.reason is RoundRefusal.NOT_STARTED:
            return (
                f"{self.period} has not started yet ({self.detail}); a round opens in its "
                "own month."
            )
        if self.reason is RoundRefusal.ANOTHER_OPEN:
            return f"The {self.period} round is still open; close it first."
        if self.reason is RoundRefusal.NO_OPEN_ROUND:
            return "No pulse round is open."
        return self.detail


@dataclass(frozen=True, slots=True)
class RoundOpened:
    period: str
    is_open: bool  # False: the month's round was already held and is closed
    closes_at: datetime | None
    invited: int
    sent: int

    @property
    def text(self) -> str:
        if not self.is_open:
            return f"The {self.period} round was already held and is closed; nothing was sent."
        return f"The {self.period} pulse round is open; invitations are on their way."


@dataclass(frozen=True, slots=True)
class RoundClosed:
    period: str
    was_open: bool  # not yet closed: open, or closing when a crash stopped its close
    answers_moved: int

    @property
    def text(self) -> str:
        if not self.was_open:
            return f"Round {self.period} was already closed."
        return f"The {self.period} pulse round is closed."


@dataclass(frozen=True, slots=True)
class RoundRow:
    round_id: str
    period: str
    status: str
    closes_at: datetime | None
    invited: int
    sent: int
    pending: int
    failed: int
    failure_reasons: tuple[tuple[str, int], ...]
    reminders: int
    reminders_sent: int
    took_part: str  # a number, or why it is not shown (through the release auditor)

    @property
    def text(self) -> str:
        failures = ", ".join(f"{why}: {n}" for why, n in self.failure_reasons)
        return (
            f"Round {self.period} is {self.status}. Invitations: {self.sent} sent of "
            f"{self.invited}, {self.pending} waiting, {self.failed} failed"
            + (f" ({failures})" if failures else "")
            + f". Reminders sent: {self.reminders_sent}. Taken part: {self.took_part}."
        )


@dataclass(frozen=True, slots=True)
class RoundsStatus:
    rounds: tuple[RoundRow, ...]

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.rounds) or "No pulse round is open."


def _pulse_rounds(store: Store, *, open_only: bool) -> list[RoundInfo]:
    return [r for r in store.rounds.list() if r.source == "pulse" and (r.is_open or not open_only)]


def _audit(store: Store, requester: Requester, action: str, period: str) -> None:
    store.audit.append(actor=requester.person.actor, action=action, details={"period": period})


def open_now(
    store: Store,
    *,
    requester: Requester,
    calendar: RoundCalendar,
    recall: Recall,
    now: datetime,
    period: str | None = None,
    days: int | None = None,
) -> RoundOpened | AdminRefused:
    """Open `period` (this month by default) and queue everyone's invitation: one month's
    round at a time, never ahead of the calendar. Running it again queues only newcomers."""
    if not requester.has(Role.ADMIN):
        return AdminRefused(RoundRefusal.NOT_ADMIN)
    this_month = calendar.month(now)
    month = period or this_month
    if month > this_month:
        return AdminRefused(RoundRefusal.NOT_STARTED, month, f"it is {this_month}")
    for other in _pulse_rounds(store, open_only=True):
        if other.period != month:
            return AdminRefused(RoundRefusal.ANOTHER_OPEN, other.period)
    closes_at = default_closes_at(now, days or calendar.open_days)
    round_ = open_round(
        store, period=month, recall=recall, opens_at=now, closes_at=closes_at, now=now
    )
    if round_.is_open:
        _audit(store, requester, OPENED, round_.period)
    stats = store.outbox.stats(round_.id)
    return RoundOpened(round_.period, round_.is_open, round_.closes_at, stats.invited, stats.sent)


def find_round(store: Store, *, round_id: str | None, period: str | None) -> RoundInfo | None:
    """By id (or the first 8 characters `status` shows), by month, or the one open round."""
    if round_id:
        wanted = round_id.strip().lower()
        found = [r for r in store.rounds.list() if r.id.startswith(wanted)]
        return found[0] if len(found) == 1 and len(wanted) >= 4 else None
    # A round whose close stopped part-way counts as open here: closing it finishes it.
    unfinished = [r for r in _pulse_rounds(store, open_only=False) if r.status != "closed"]
    if period:
        closing = [r for r in unfinished if r.period == period and r.status == "closing"]
        return store.rounds.open_round_for(period) or next(iter(closing), None)
    return unfinished[0] if len(unfinished) == 1 else None


def close_now(
    store: Store, *, requester: Requester, round_id: str | None = None, period: str | None = None
) -> RoundClosed | AdminRefused:
    """Close a round now: its answers move, shuffled, into the report, its mixing key is
    destroyed and unsent invitations are cancelled."""
    if not requester.has(Role.ADMIN):
        return AdminRefused(RoundRefusal.NOT_ADMIN)
    round_ = find_round(store, round_id=round_id, period=period)
    if round_ is None:
        return AdminRefused(RoundRefusal.NO_OPEN_ROUND, period or "")
    try:
        moved = close_round(store, round_id=round_.id)
    except StorageError as exc:  # a missing mixing key: the round stays open
        return AdminRefused(RoundRefusal.CANNOT_CLOSE, round_.period, str(exc))
    finished_now = round_.status != "closed"  # open, or a close a crash interrupted
    if finished_now:
        _audit(store, requester, CLOSED, round_.period)
    return RoundClosed(round_.period, finished_now, moved)


def status_now(
    store: Store, *, requester: Requester, open_only: bool = False
) -> RoundsStatus | AdminRefused:
    """Every pulse round (or the open ones): delivery from the outbox, and how many took
    part as the release auditor lets it be shown."""
    if not requester.has(Role.ADMIN):
        return AdminRefused(RoundRefusal.NOT_ADMIN)
    rows = []
    for r in _pulse_rounds(store, open_only=open_only):
        stats = store.outbox.stats(r.id)
        shown = took_part(
            store, r, actor=requester.person.actor, role=Role.ADMIN.value, form="round status"
        )
        reasons = tuple(sorted(stats.failure_reasons.items()))
        rows.append(
            RoundRow(
                r.id,
                r.period,
                r.status,
                r.closes_at,
                stats.invited,
                stats.sent,
                stats.pending,
                stats.failed,
                reasons,
                stats.reminders,
                stats.reminders_sent,
                shown,
            )  # fmt: skip
        )
    return RoundsStatus(tuple(rows))
