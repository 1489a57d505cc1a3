"""Parsing the trust's published annual WRES figures, shown beside every pulse report."""

from __future__ import annotations

from datetime import date

from handlers.csv_rows import ImportRejected, RowError, parse_rows
from surveys.report_model import (
    ETHNIC_GROUPS_REPORTED,
    STAFF_GROUPS_REPORTED,
    BaselineFigure,
    Indicator,
)

BASELINE_HEADER: tuple[str, ...] = (
    "survey_year",
    "staff_group",
    "ethnic_group",
    "indicator",
    "percent",
    "n",
)


def _parse(row: dict[str, str], this_year: int) -> BaselineFigure:
    reasons: list[str] = []
    year = row["survey_year"]
    if not (year.isascii() and year.isdigit() and 2000 <= int(year) <= 2100):
        reasons.append(f"survey_year: {year!r} is not a year")
    elif int(year) > this_year:
        reasons.append(f"survey_year: {year} is in the future")
    if row["staff_group"] not in STAFF_GROUPS_REPORTED:
        reasons.append(
            f"staff_group: {row['staff_group']!r} is not one of " + ", ".join(STAFF_GROUPS_REPORTED)
        )
    if row["ethnic_group"] not in ETHNIC_GROUPS_REPORTED:
        reasons.append(
            f"ethnic_group: {row['ethnic_group']!r} is not one of "
            + ", ".join(ETHNIC_GROUPS_REPORTED)
        )
    try:
        indicator = Indicator(row["indicator"])
    except ValueError:
        indicator = Indicator.WRES5
        reasons.append(f"indicator: {row['indicator']!r} is not one of wres5, wres6, wres7, wres8")
    try:
        percent = float(row["percent"])
        if not 0 <= percent <= 100:
            reasons.append(f"percent: {percent} is not between 0 and 100")
    except ValueError:
        percent = 0.0
        reasons.append(f"percent: {row['percent']!r} is not a number")
    n = row["n"]
    if not n:
        reasons.append("n: the number who answered is missing (it weighs the comparison)")
    elif not (n.isascii() and n.isdigit()) or int(n) < 1:
        reasons.append(f"n: {n!r} is not a number of people (a whole number, at least 1)")
    if reasons:
        raise ValueError("; ".join(reasons))
    return BaselineFigure(
        int(year),
        indicator,
        row["staff_group"],
        row["ethnic_group"],
        percent,
        int(n) if n else None,
    )


def parse_baseline_csv(text: str, *, today: date) -> list[BaselineFigure]:
    """Every row as a BaselineFigure; raises ImportRejected listing every bad row,
    including a figure given twice."""
    rows = parse_rows(text, header=BASELINE_HEADER, parse=lambda row: _parse(row, today.year))
    first_line: dict[tuple[object, ...], int] = {}
    errors: list[RowError] = []
    for line, figure in rows:
        key = (figure.survey_year, figure.staff_group, figure.ethnic_group, figure.indicator)
        if key in first_line:
            errors.append(RowError(line, f"the same figure as line {first_line[key]}"))
        first_line.setdefault(key, line)
    if errors:
        raise ImportRejected(errors)
    return [figure for _, figure in rows]
