"""`/pulse admin open|close|status`: the admin's round controls in Slack, through the
same use cases the scheduler and `bigconv rounds` call."""

from __future__ import annotations

from bot.slack.deps import SlackDeps
from handlers.count_release import took_part
from handlers.identity import Requester, Role
from handlers.messages import Notice, Refusal
from handlers.pulse_rounds import close_round, default_closes_at, open_round
from storage.errors import StorageError
from surveys.periods import month_label

USAGE = "Use /pulse admin open, /pulse admin close or /pulse admin status."
NOT_ADMIN = (
    "Opening and closing rounds is for Big Conversation admins. Ask an admin to add you to "
    "the admin role if you need to."
)
OPEN_DAYS = 14


def _status(deps: SlackDeps, requester: Requester, month: str) -> Notice:
    round_ = deps.backend.store.rounds.open_round_for(month)
    if round_ is None:
        return Notice(f"No pulse round is open for {month}.")
    stats = deps.backend.store.outbox.stats(round_.id)
    answered = took_part(
        deps.backend.store,
        round_,
        actor=requester.person.actor,
        role=Role.ADMIN.value,
        form="round status",
    )
    failures = ", ".join(f"{why}: {n}" for why, n in sorted(stats.failure_reasons.items()))
    return Notice(
        f"Round {round_.period} is open. Invitations: {stats.sent} sent of {stats.invited}, "
        f"{stats.pending} waiting, {stats.failed} failed"
        + (f" ({failures})" if failures else "")
        + f". Reminders sent: {stats.reminders_sent}. Taken part: {answered}."
    )


def admin_reply(deps: SlackDeps, requester: Requester, words: list[str]) -> Notice | Refusal:
    """Runs in a worker thread: every branch is a database call."""
    if not requester.has(Role.ADMIN):
        return Refusal(NOT_ADMIN)
    now = deps.now()
    month = month_label(now.date())
    action = words[0] if words else ""
    if action == "open":
        opened = open_round(
            deps.backend.store,
            period=month,
            recall=deps.recall,
            opens_at=now,
            closes_at=default_closes_at(now, OPEN_DAYS),
            now=now,
        )
        deps.backend.store.audit.append(
            actor=requester.person.actor, action="round.open", details={"period": month}
        )
        return Notice(f"The {opened.period} pulse round is open; invitations are on their way.")
    if action == "close":
        current = deps.backend.store.rounds.open_round_for(month)
        if current is None:
            return Notice(f"No pulse round is open for {month}.")
        try:
            close_round(deps.backend.store, round_id=current.id)
        except StorageError as exc:  # a missing mixing key: the round stays open
            return Notice(str(exc))
        deps.backend.store.audit.append(
            actor=requester.person.actor, action="round.close", details={"period": month}
        )
        return Notice(f"The {current.period} pulse round is closed.")
    if action == "status":
        return _status(deps, requester, month)
    return Notice(USAGE)
