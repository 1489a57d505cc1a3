"""Workforce headcounts on SQLite and PostgreSQL: a month's extract replaces that month."""

from __future__ import annotations

from storage.db import Database
from storage.workforce_store import Workforce
from surveys.headcount import Headcount


def test_a_new_extract_replaces_only_its_own_months(database: Database) -> None:
    workforce = Workforce(database)
    first = [
        Headcount("2026-08", "substantive", "A", 700),
        Headcount("2026-09", "substantive", "A", 710),
        Headcount("2026-09", "bank", "N", 60),
    ]
    assert workforce.replace_months(first) == {"2026-08": 700, "2026-09": 770}
    assert workforce.replace_months([Headcount("2026-09", "bank", "N", 65)]) == {"2026-09": 65}
    held = sorted(workforce.in_months(["2026-08", "2026-09", "2026-10"]), key=lambda h: h.month)
    assert held == [
        Headcount("2026-08", "substantive", "A", 700),
        Headcount("2026-09", "bank", "N", 65),
    ]
