"""Parsing a workforce headcount file: the shape an ESR extract gives (one row per month,
staff group and NHS Data Dictionary ethnic category). All or nothing, like every import."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from handlers.csv_rows import parse_rows
from surveys.demographics import StaffGroup
from surveys.headcount import NHS_DD_CODES, Headcount
from surveys.periods import month_label

WORKFORCE_HEADER: tuple[str, ...] = ("month", "staff_group", "ethnic_category", "headcount")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_STAFF = tuple(g.value for g in StaffGroup)


def _row_parser(today: date) -> Callable[[dict[str, str]], Headcount]:
    current = month_label(today)
    seen: set[tuple[str, str, str]] = set()

    def parse(row: dict[str, str]) -> Headcount:
        reasons = []
        month = row["month"]
        if not _MONTH.match(month):
            reasons.append(f"month: {month!r} is not a month (YYYY-MM) or an as-at date")
        elif month[:7] > current:
            reasons.append(f"month: {month} is in the future")
        if row["staff_group"] not in _STAFF:
            reasons.append(f"staff_group: {row['staff_group']!r} is not one of {', '.join(_STAFF)}")
        code = row["ethnic_category"].upper()
        if code not in NHS_DD_CODES:
            reasons.append(
                f"ethnic_category: {row['ethnic_category']!r} is not an NHS Data Dictionary "
                f"ethnic category ({', '.join(NHS_DD_CODES)})"
            )
        count = row["headcount"]
        if not count.isdigit():
            reasons.append(f"headcount: {count!r} is not a whole number of staff")
        key = (month[:7], row["staff_group"], code)
        if not reasons and key in seen:
            reasons.append(f"{' / '.join(key)} is given twice (an extract has each once)")
        if reasons:
            raise ValueError("; ".join(reasons))
        seen.add(key)
        return Headcount(*key, int(count))

    return parse


def parse_workforce_csv(text: str, *, today: date) -> list[Headcount]:
    """Every row as a Headcount; raises ImportRejected listing every bad row, including a
    month x staff group x category given twice."""
    return [row for _, row in parse_rows(text, header=WORKFORCE_HEADER, parse=_row_parser(today))]
