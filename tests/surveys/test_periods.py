"""Periods: parsing, refusal of bad or future periods, previous and trend."""

from __future__ import annotations

from datetime import date

import pytest

from surveys.periods import InvalidPeriod, Period, describe_months, month_label, parse_period

TODAY = date(2026, 11, 15)


@pytest.mark.parametrize(
    ("text", "label", "kind", "first", "last", "count"),
    [
        ("2026-10", "2026-10", "month", "2026-10", "2026-10", 1),
        ("2026-Q3", "2026-Q3", "quarter", "2026-07", "2026-09", 3),
        (" 2026-q4 ", "2026-Q4", "quarter", "2026-10", "2026-12", 3),
        ("2025", "2025", "year", "2025-01", "2025-12", 12),
        ("FY2025/26", "FY2025/26", "financial_year", "2025-04", "2026-03", 12),
        ("fy1999/00", "FY1999/00", "financial_year", "1999-04", "2000-03", 12),
    ],
)
def test_parse_period(text: str, label: str, kind: str, first: str, last: str, count: int) -> None:
    period = parse_period(text, today=TODAY)
    assert (period.label, period.kind) == (label, kind)
    assert (period.months[0], period.months[-1], len(period.months)) == (first, last, count)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-Q5", "26", "2026/27", "FY2025", ""])
def test_bad_syntax_names_the_formats(text: str) -> None:
    with pytest.raises(InvalidPeriod, match="is not a period: use YYYY-MM, YYYY-Qn, YYYY or FY"):
        parse_period(text, today=TODAY)


def test_financial_year_must_end_the_next_year() -> None:
    with pytest.raises(InvalidPeriod, match="FY2025/26"):
        parse_period("FY2025/27", today=TODAY)


@pytest.mark.parametrize(("text", "label"), [("2027-Q1", "2027-Q1"), ("2026-12", "2026-12")])
def test_future_period_is_refused(text: str, label: str) -> None:
    with pytest.raises(InvalidPeriod, match=f"^{label} has not started yet$"):
        parse_period(text, today=TODAY)


def test_started_period_is_accepted_even_if_unfinished() -> None:
    assert parse_period("FY2026/27", today=TODAY).months[-1] == "2027-03"
    assert parse_period("2026-11", today=TODAY).label == "2026-11"


def test_previous_keeps_the_kind() -> None:
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.quarter(2026, 3).previous().label == "2026-Q2"
    assert Period.year(2026).previous().label == "2025"
    assert Period.financial_year(2025).previous().label == "FY2024/25"


def test_trend_ends_with_the_period_itself() -> None:
    labels = [p.label for p in Period.quarter(2026, 2).trend(4)]
    assert labels == ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]
    with pytest.raises(ValueError):
        Period.month(2026, 1).trend(0)


def test_month_helpers() -> None:
    assert month_label(date(2026, 3, 31)) == "2026-03"
    assert Period.quarter(2026, 3).contains_month("2026-08")
    assert not Period.quarter(2026, 3).contains_month("2026-10")


def test_describe_months() -> None:
    assert describe_months(Period.quarter(2026, 3).months) == "2026-Q3"
    assert describe_months(Period.financial_year(2025).months) == "FY2025/26"
    assert describe_months(["2026-08", "2026-07"]) == "2026-07..2026-08"
    assert describe_months(["2026-12", "2027-01"]) == "2026-12..2027-01"
    assert describe_months(["2026-07", "2026-09"]) == "2026-07, 2026-09"
    assert describe_months(["2026-07"]) == "2026-07"
