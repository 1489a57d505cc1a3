"""How a round is going: invitations sent, waiting or failed (and why), and how many took
part. Counts only; nothing about any one person."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import OutboxMessage, Participation


@dataclass(frozen=True, slots=True)
class DeliveryStats:
    invited: int = 0
    sent: int = 0
    pending: int = 0  # pending or in flight
    failed: int = 0
    reminders: int = 0
    reminders_sent: int = 0
    failure_reasons: dict[str, int] = field(default_factory=dict)


def delivery_stats(session: Session, round_id: str) -> DeliveryStats:
    query = (
        select(OutboxMessage.kind, OutboxMessage.status, func.count())
        .where(OutboxMessage.round_id == round_id)
        .group_by(OutboxMessage.kind, OutboxMessage.status)
    )
    invitations: Counter[str] = Counter()
    reminders: Counter[str] = Counter()
    for kind, status, count in session.execute(query):
        (reminders if kind == "reminder" else invitations)[status] += int(count)
    reasons = session.execute(
        select(OutboxMessage.last_error, func.count())
        .where(OutboxMessage.round_id == round_id, OutboxMessage.status == "failed")
        .group_by(OutboxMessage.last_error)
    )
    return DeliveryStats(
        invited=invitations.total(),
        sent=invitations["sent"],
        pending=invitations["pending"] + invitations["sending"],
        failed=invitations["failed"],
        reminders=reminders.total(),
        reminders_sent=reminders["sent"],
        failure_reasons={str(reason or "unknown"): int(n) for reason, n in reasons},
    )


def participation_count(session: Session, round_id: str) -> int:
    """How many took part: a number only (the tokens say nothing about who)."""
    query = select(func.count()).where(Participation.round_id == round_id)
    return int(session.execute(query).scalar_one())


def participated_among(session: Session, round_id: str, tokens: list[bytes]) -> set[bytes]:
    """Which of these participation tokens exist for the round (to skip reminders)."""
    found: set[bytes] = set()
    for start in range(0, len(tokens), 500):
        chunk = tokens[start : start + 500]
        query = select(Participation.token).where(
            Participation.round_id == round_id, Participation.token.in_(chunk)
        )
        found.update(bytes(token) for token in session.execute(query).scalars())
    return found
