"""Pulse rounds: one per month and wording, each with its own data key."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from storage.errors import UnknownRound
from storage.models import DataKey, Round
from storage.repositories.keyring import Keyring
from surveys.questions import Recall

# "closing" while a close is under way (the database's `closing` and `emptying`): it
# takes no answers and is not yet reported.
RoundStatus = Literal["open", "closing", "closed"]
_STORED: dict[str, tuple[str, ...]] = {
    "open": ("open",),
    "closing": ("closing", "emptying"),
    "closed": ("closed",),
}
RoundSource = Literal["pulse", "import"]


@dataclass(frozen=True, slots=True)
class RoundInfo:
    id: str
    period: str
    recall: Recall
    status: RoundStatus
    source: RoundSource
    key_id: str
    opens_at: datetime | None
    closes_at: datetime | None
    closed_at: datetime | None
    shredded: bool

    @property
    def is_open(self) -> bool:
        return self.status == "open"


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _info(row: Round, shredded: bool) -> RoundInfo:
    return RoundInfo(
        id=row.id,
        period=row.period,
        recall=Recall(row.recall),
        status=_status(row.status),
        source="import" if row.source == "import" else "pulse",
        key_id=row.key_id,
        opens_at=_utc(row.opens_at),
        closes_at=_utc(row.closes_at),
        closed_at=_utc(row.closed_at),
        shredded=shredded,
    )


def _status(stored: str) -> RoundStatus:
    if stored in ("open", "closed"):
        return "open" if stored == "open" else "closed"
    return "closing"


def _query() -> Select[Round, bool]:
    return select(Round, DataKey.shredded).join(DataKey, DataKey.key_id == Round.key_id)


def create_round(
    session: Session,
    keyring: Keyring,
    *,
    period: str,
    recall: Recall,
    source: RoundSource = "pulse",
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    status: RoundStatus = "open",
) -> RoundInfo:
    """A new round with a fresh data key. Import rounds are created closed."""
    round_id = str(uuid.uuid4())
    key_id = f"round-{round_id}"
    keyring.create(session, key_id)
    now = datetime.now(UTC)
    row = Round(
        id=round_id,
        period=period,
        recall=recall.value,
        status=status,
        source=source,
        key_id=key_id,
        opens_at=opens_at,
        closes_at=closes_at,
        closed_at=now if status == "closed" else None,
    )
    session.add(row)
    session.flush()
    return _info(row, False)


def get_round(session: Session, round_id: str) -> RoundInfo:
    found = session.execute(_query().where(Round.id == round_id)).one_or_none()
    if found is None:
        raise UnknownRound(round_id)
    return _info(found[0], found[1])


def list_rounds(
    session: Session,
    *,
    months: Iterable[str] | None = None,
    status: RoundStatus | None = None,
    source: RoundSource | None = None,
) -> list[RoundInfo]:
    """Rounds, oldest month first, optionally limited to months, a status or a source."""
    query = _query().order_by(Round.period, Round.id)
    if months is not None:
        query = query.where(Round.period.in_(sorted(set(months))))
    if status is not None:
        query = query.where(Round.status.in_(_STORED[status]))
    if source is not None:
        query = query.where(Round.source == source)
    return [_info(row, shredded) for row, shredded in session.execute(query)]


def closed_in(session: Session, months: Iterable[str]) -> list[RoundInfo]:
    """The closed rounds of these months, shredded ones included (callers say so)."""
    return list_rounds(session, months=months, status="closed")


def open_months(session: Session, months: Iterable[str]) -> set[str]:
    return {r.period for r in list_rounds(session, months=months, status="open")}


def open_round_for(session: Session, month: str) -> RoundInfo | None:
    """The open pulse round of a month, if there is one (the newest when several)."""
    rounds = list_rounds(session, months=[month], status="open", source="pulse")
    if not rounds:
        return None
    return max(rounds, key=lambda r: r.opens_at or datetime.min.replace(tzinfo=UTC))


def recall_of(session: Session, months: Iterable[str]) -> set[Recall]:
    """The recall wordings used in these months; more than one means mixed wording."""
    query = select(Round.recall).where(Round.period.in_(sorted(set(months)))).distinct()
    return {Recall(value) for value in session.execute(query).scalars()}
