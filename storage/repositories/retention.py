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


def expired_rounds(db: Database, *, today: date, months: int) -> list[tuple[str, str]]:
    """(id, period) of the closed rounds older than `months` whose key still exists."""
    cutoff = cutoff_month(today, months)
    with db.session() as session:
        rows = session.execute(
            select(Round.id, Round.period)
            .join(DataKey, DataKey.key_id == Round.key_id)
            .where(Round.period < cutoff, Round.status == "closed", DataKey.shredded.is_(False))
            .order_by(Round.period)
        ).all()
    return [(round_id, period) for round_id, period in rows]


def shreds_backups_still_open(db: Database, master_key_id: str) -> list[str]:
    """Periods of shredded rounds whose key was wrapped by `master_key_id` when it was
    destroyed: a backup taken before the shred still opens them with that master key.
    A rotation moves only live keys to the new master key, so after one this is empty."""
    with db.session() as session:
        rows = session.execute(
            select(Round.period)
            .join(DataKey, DataKey.key_id == Round.key_id)
            .where(DataKey.shredded.is_(True), DataKey.master_key_id == master_key_id)
            .order_by(Round.period)
        ).scalars()
        return list(rows)


def shred_rounds_older_than(
    db: Database, keyring: Keyring, *, today: date, months: int = DEFAULT_MONTHS
) -> list[str]:
    """Destroy the data keys of closed rounds older than `months`; returns their periods.

    Their participation tokens go too: a closed round takes no answers and sends no
    reminders, so after retention nothing needs to know who took part in it. This alone
    does not reach backups: `keys rotate` (or a retention run with a key file) does.
    """
    due = expired_rounds(db, today=today, months=months)
    ids = [round_id for round_id, _ in due]
    with db.session() as session:
        for round_id in ids:
            keyring.shred(session, round_id)
        session.execute(delete(Participation).where(Participation.round_id.in_(ids)))
    if due:
        db.vacuum_tables("data_keys", "participation")
    return [period for _, period in due]
