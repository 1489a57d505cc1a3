"""Workforce headcounts from an ESR extract: month x staff group x NHS Data Dictionary
ethnic category. Counts of staff employed, not anything anyone answered."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select

from storage.db import Database
from storage.workforce_models import WorkforceHeadcount
from surveys.headcount import Headcount


class Workforce:
    def __init__(self, db: Database) -> None:
        self._db = db

    def replace_months(self, rows: Iterable[Headcount]) -> dict[str, int]:
        """Store the rows, replacing everything held for the months they cover (a new
        extract for a month is the whole truth for it). Returns staff counted per month."""
        wanted = list(rows)
        months = sorted({r.month for r in wanted})
        with self._db.session() as session:
            session.execute(delete(WorkforceHeadcount).where(WorkforceHeadcount.month.in_(months)))
            session.add_all(
                WorkforceHeadcount(
                    month=r.month,
                    staff_group=r.staff_group,
                    ethnic_category=r.ethnic_category,
                    headcount=r.headcount,
                )
                for r in wanted
            )
        totals: dict[str, int] = {}
        for r in wanted:
            totals[r.month] = totals.get(r.month, 0) + r.headcount
        return totals

    def in_months(self, months: Iterable[str]) -> list[Headcount]:
        query = select(WorkforceHeadcount).where(WorkforceHeadcount.month.in_(list(months)))
        with self._db.session() as session:
            return [
                Headcount(r.month, r.staff_group, r.ethnic_category, r.headcount)
                for r in session.execute(query).scalars()
            ]
