"""Retention: raw answers are crypto-shredded N months after their round's month;
published aggregates (releases, baselines) are kept."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from storage.db import Database
from storage.models import DataKey, Participation, Round
from storage.repositories.keyring import Keyring

DEFAULT_MONTHS = 24


def cutoff_month(today: date, months: int) -> str:
    """The first month still kept: rounds of earlier months are shredded."""
    index = today.year * 12 + today.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def shred_rounds_older_than(
    db: Database, keyring: Keyring, *, today: date, months: int = DEFAULT_MONTHS
) -> list[str]:
    """Destroy the data keys of closed rounds older than `months`; returns their periods.

    Their participation tokens go too: a closed round takes no answers and sends no
    reminders, so after retention nothing needs to know who took part in it.
    """
    cutoff = cutoff_month(today, months)
    with db.session() as session:
        due = session.execute(
            select(Round.id, Round.period)
            .join(DataKey, DataKey.key_id == Round.key_id)
            .where(Round.period < cutoff, Round.status == "closed", DataKey.shredded.is_(False))
            .order_by(Round.period)
        ).all()
        for round_id, _ in due:
            keyring.shred(session, round_id)
        ids = [round_id for round_id, _ in due]
        session.execute(delete(Participation).where(Participation.round_id.in_(ids)))
    if due:
        db.vacuum_tables("data_keys", "participation")
    return [period for _, period in due]
