"""A round's life as the scheduler drives it: open (invite everyone), remind those who have
not taken part, close. Every step is safe to run twice: outbox rows carry idempotency keys
and a month has one pulse round."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.ports import user_of
from storage.errors import RoundAlreadyClosed
from storage.repositories.outbox import Kind, NewMessage
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from surveys.questions import Recall


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """At most `count` reminders per round, spread evenly over its open window, sent only
    on `weekdays` (0 = Monday) between `first_hour` and `end_hour` local time."""

    count: int = 2
    first_hour: int = 10
    end_hour: int = 16  # exclusive: "10-16" means 10:00 to 15:59
    weekdays: frozenset[int] = frozenset(range(5))
    timezone: str = "Europe/London"

    def window_end(self, now: datetime) -> datetime | None:
        """When today's reminder window closes (UTC), or None if `now` is outside it."""
        local = now.astimezone(ZoneInfo(self.timezone))
        if local.weekday() not in self.weekdays:
            return None
        if not self.first_hour <= local.hour < self.end_hour:
            return None
        end = datetime.combine(local.date(), time(self.end_hour % 24), local.tzinfo)
        return end.astimezone(UTC)

    def due_number(self, round_: RoundInfo, now: datetime) -> int:
        """Which reminder is due now (1..count), 0 if none yet."""
        if round_.opens_at is None or round_.closes_at is None or self.count <= 0:
            return 0
        span = (round_.closes_at - round_.opens_at) / (self.count + 1)
        return sum(1 for n in range(1, self.count + 1) if round_.opens_at + n * span <= now)


def _payload(round_: RoundInfo, expires_at: datetime | None, **extra: object) -> dict[str, object]:
    # What the message needs to be written: the round and its dates. Never an answer.
    closes = round_.closes_at.isoformat() if round_.closes_at else None
    return {
        "round_id": round_.id,
        "period": round_.period,
        "closes_at": closes,
        "expires_at": expires_at.isoformat() if expires_at else closes,
        **extra,
    }


def _messages(
    store: Store, round_: RoundInfo, kind: Kind, key: str, payload: dict[str, object]
) -> list[NewMessage]:
    return [
        NewMessage(
            idempotency_key=key.format(round=round_.id, staff=entry.id),
            platform=entry.platform,
            workspace=entry.workspace,
            staff_id=entry.id,
            kind=kind,
            payload=payload,
            round_id=round_.id,
        )
        for entry in store.roster.audience()
    ]


def open_round(
    store: Store,
    *,
    period: str,
    recall: Recall,
    opens_at: datetime,
    closes_at: datetime,
    now: datetime,
) -> RoundInfo:
    """The month's round (created if it has none) with an invitation queued for everyone in
    the audience. Running it again queues only people added to the roster since."""
    round_, _ = store.rounds.open_once(
        period=period, recall=recall, opens_at=opens_at, closes_at=closes_at
    )
    if round_.is_open:
        invitations = _messages(
            store, round_, "invitation", "invite:{round}:{staff}", _payload(round_, None)
        )
        store.outbox.enqueue(invitations, now=now)
    return round_


def queue_reminders(store: Store, *, round_id: str, now: datetime, policy: ReminderPolicy) -> int:
    """Queue the reminder due now for everyone who has not taken part; returns how many.

    Nothing is queued outside the reminder hours; a reminder that fell due then is sent in
    the next window, and one not sent before the window closes expires (see `expires_at`).
    """
    round_ = store.rounds.get(round_id)
    window_end = policy.window_end(now)
    number = policy.due_number(round_, now)
    if not round_.is_open or window_end is None or number == 0:
        return 0
    if round_.closes_at is not None:
        window_end = min(window_end, round_.closes_at)
    audience = store.roster.audience()
    tokens = {}
    for entry in audience:
        user = user_of(entry.delivery)
        if user is not None:  # no user id: cannot tell whether they answered, so no nagging
            token = store.vault.participation_token(entry.platform, entry.workspace, user, round_id)
            tokens[entry.id] = token
    answered = store.submissions.participated_among(round_id, list(tokens.values()))
    payload = _payload(round_, window_end, reminder=number)
    reminders = [
        NewMessage(
            idempotency_key=f"remind:{round_id}:{entry.id}:{number}",
            platform=entry.platform,
            workspace=entry.workspace,
            staff_id=entry.id,
            kind="reminder",
            payload=payload,
            round_id=round_id,
        )
        for entry in audience
        if entry.id in tokens and tokens[entry.id] not in answered
    ]
    return store.outbox.enqueue(reminders, now=now)


def close_round(store: Store, *, round_id: str) -> int:
    """Close the round (its answers move, shuffled, into the report) and cancel messages
    not yet sent. Closing a closed round only finishes any close a crash interrupted.
    Returns how many answers were moved."""
    try:
        flushed = store.rounds.close(round_id)
    except RoundAlreadyClosed:
        return 0
    store.outbox.cancel(round_id=round_id, reason="round closed before sending")
    return flushed


def default_closes_at(opens_at: datetime, days: int) -> datetime:
    return opens_at + timedelta(days=days)
