"""Report periods: a month, a calendar quarter, a calendar year or a UK financial year.

Pulse rounds belong to one calendar month; a period is the set of months it pools.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

PeriodKind = Literal["month", "quarter", "year", "financial_year"]

_SYNTAX_HELP = "use YYYY-MM, YYYY-Qn, YYYY or FYyyyy/yy"
_MONTH = re.compile(r"([1-9]\d{3})-(\d{2})")
_QUARTER = re.compile(r"([1-9]\d{3})-Q(\d)")
_YEAR = re.compile(r"([1-9]\d{3})")
_FINANCIAL_YEAR = re.compile(r"FY([1-9]\d{3})/(\d{2})")


class InvalidPeriod(ValueError):
    """A period the reader typed that is malformed or lies in the future."""


def month_label(d: date) -> str:
    """The "YYYY-MM" month a date falls in."""
    return f"{d.year:04d}-{d.month:02d}"


def _months(year: int, first_month: int, count: int) -> tuple[str, ...]:
    index = year * 12 + first_month - 1
    return tuple(f"{(index + i) // 12:04d}-{(index + i) % 12 + 1:02d}" for i in range(count))


@dataclass(frozen=True, slots=True)
class Period:
    label: str
    kind: PeriodKind
    months: tuple[str, ...]

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(f"{year:04d}-{month:02d}", "month", _months(year, month, 1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        return cls(f"{year:04d}-Q{quarter}", "quarter", _months(year, 3 * quarter - 2, 3))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(f"{year:04d}", "year", _months(year, 1, 12))

    @classmethod
    def financial_year(cls, start_year: int) -> Period:
        # UK financial year: April to March, written FY2025/26.
        label = f"FY{start_year:04d}/{(start_year + 1) % 100:02d}"
        return cls(label, "financial_year", _months(start_year, 4, 12))

    @property
    def start(self) -> date:
        year, month = self.months[0].split("-")
        return date(int(year), int(month), 1)

    def contains_month(self, month: str) -> bool:
        return month in self.months

    def previous(self) -> Period:
        """The period of the same kind just before this one."""
        start = self.start
        if self.kind == "month":
            index = start.year * 12 + start.month - 2
            return Period.month(index // 12, index % 12 + 1)
        if self.kind == "quarter":
            quarter = (start.month - 1) // 3 + 1
            if quarter == 1:
                return Period.quarter(start.year - 1, 4)
            return Period.quarter(start.year, quarter - 1)
        if self.kind == "year":
            return Period.year(start.year - 1)
        return Period.financial_year(start.year - 1)

    def trend(self, count: int) -> tuple[Period, ...]:
        """The `count` periods ending with this one, oldest first (this one last)."""
        if count < 1:
            raise ValueError("a trend needs at least one period")
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return tuple(reversed(periods))


def _parse(text: str) -> Period | None:
    if m := _MONTH.fullmatch(text):
        month = int(m[2])
        return Period.month(int(m[1]), month) if 1 <= month <= 12 else None
    if m := _QUARTER.fullmatch(text):
        quarter = int(m[2])
        return Period.quarter(int(m[1]), quarter) if 1 <= quarter <= 4 else None
    if m := _YEAR.fullmatch(text):
        return Period.year(int(m[1]))
    if m := _FINANCIAL_YEAR.fullmatch(text):
        start = int(m[1])
        if int(m[2]) != (start + 1) % 100:
            raise InvalidPeriod(
                f"'{text}' is not a financial year: it runs April {start} to March "
                f"{start + 1}, written FY{start}/{(start + 1) % 100:02d}"
            )
        return Period.financial_year(start)
    return None


def parse_period(text: str, *, today: date) -> Period:
    """Read a period as a reader types it; refuse bad syntax and periods not yet begun."""
    cleaned = text.strip().upper()
    period = _parse(cleaned)
    if period is None:
        raise InvalidPeriod(f"'{text.strip()}' is not a period: {_SYNTAX_HELP}")
    if period.start > today:
        raise InvalidPeriod(f"{period.label} has not started yet")
    return period


def describe_months(months: Iterable[str]) -> str:
    """A reader's name for a set of months: a period label when it is exactly one
    quarter, year or financial year, else "first..last" (or a list if not contiguous)."""
    ordered = tuple(sorted(set(months)))
    if not ordered:
        return "no months"
    if len(ordered) == 1:
        return ordered[0]
    first = Period.month(int(ordered[0][:4]), int(ordered[0][5:]))
    for candidate in (
        Period.quarter(first.start.year, (first.start.month - 1) // 3 + 1),
        Period.year(first.start.year),
        Period.financial_year(first.start.year),
    ):
        if candidate.months == ordered:
            return candidate.label
    if _months(first.start.year, first.start.month, len(ordered)) == ordered:
        return f"{ordered[0]}..{ordered[-1]}"
    return ", ".join(ordered)
