"""The trust's published annual WRES figures, shown beside every pulse report."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from storage.models import Baseline
from surveys.report_model import BaselineFigure, Indicator


def upsert(session: Session, figures: Iterable[BaselineFigure]) -> int:
    """Insert or replace figures, keyed by (year, staff group, ethnic group, indicator)."""
    wanted = {(f.survey_year, f.staff_group, f.ethnic_group, f.indicator.value): f for f in figures}
    years = sorted({key[0] for key in wanted})
    existing = {
        (row.survey_year, row.staff_group, row.ethnic_group, row.indicator): row
        for row in session.execute(
            select(Baseline).where(Baseline.survey_year.in_(years))
        ).scalars()
    }
    for key, figure in wanted.items():
        row = existing.get(key)
        if row is None:
            row = Baseline(
                survey_year=figure.survey_year,
                staff_group=figure.staff_group,
                ethnic_group=figure.ethnic_group,
                indicator=figure.indicator.value,
            )
            session.add(row)
        row.percent = figure.percent
        row.n = figure.n
    session.flush()
    return len(wanted)


def count_existing(session: Session, figures: Iterable[BaselineFigure]) -> int:
    """How many of `figures` would replace a figure already stored."""
    wanted = {(f.survey_year, f.staff_group, f.ethnic_group, f.indicator.value) for f in figures}
    years = sorted({key[0] for key in wanted})
    stored = session.execute(
        select(
            Baseline.survey_year, Baseline.staff_group, Baseline.ethnic_group, Baseline.indicator
        ).where(Baseline.survey_year.in_(years))
    ).all()
    return sum(1 for row in stored if tuple(row) in wanted)


def for_year(session: Session, year: int) -> tuple[BaselineFigure, ...]:
    query = (
        select(Baseline)
        .where(Baseline.survey_year == year)
        .order_by(Baseline.indicator, Baseline.staff_group, Baseline.ethnic_group)
    )
    return tuple(
        BaselineFigure(
            survey_year=row.survey_year,
            indicator=Indicator(row.indicator),
            staff_group=row.staff_group,
            ethnic_group=row.ethnic_group,
            percent=row.percent,
            n=row.n,
        )
        for row in session.execute(query).scalars()
    )


def latest_year_up_to(session: Session, year: int) -> int | None:
    """The newest survey year at or before `year` that has figures, if any."""
    query = select(func.max(Baseline.survey_year)).where(Baseline.survey_year <= year)
    found = session.execute(query).scalar_one_or_none()
    return None if found is None else int(found)
