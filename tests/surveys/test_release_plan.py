"""The release planner: what an analyst with every earlier release could work out, and
what the EDI team still gets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.frame import ETHNIC_CATEGORIES, STAFF_CATEGORIES
from surveys.release_audit import (
    Columns,
    Figure,
    HistoryUnsafe,
    PastRelease,
    Reason,
    Scope,
    Unit,
    find_disclosure,
    plan_release,
)
from tests.surveys.test_release_audit_properties import disclosed_sets

K = 11
START = datetime(2026, 7, 1, tzinfo=UTC)
CELLS = [(s, e) for s in ("all", "substantive", "bank") for e in ("all", "white", "bme", "black")]


def scope(label: str, *batches: str) -> Scope:
    return Scope(label, frozenset(batches))


def cells(where: Scope, indicator: str = "wres5") -> list[Figure]:
    return [Figure(where, indicator, s, e) for s, e in CELLS]


def release(history: list[PastRelease], where: Scope, counts: dict[str, dict[Unit, int]]):
    decisions = plan_release(cells(where), history, counts, K)
    shown = tuple(f for f, d in decisions.items() if d.released)
    history.append(
        PastRelease(where.label, where.label, START + timedelta(days=len(history)), shown)
    )
    return decisions


def trust(small: dict[Unit, int] | None = None) -> dict[str, dict[Unit, int]]:
    """Three months, forty in each of four groups, with some groups made small."""
    units = {
        (batch, staff, ethnic): 40
        for batch in ("jul", "aug", "sep")
        for staff in ("substantive", "bank")
        for ethnic in ("white", "black")
    }
    units.update(small or {})
    return {"wres5": units}


def hidden(decisions, reason: Reason) -> set[tuple[str, str]]:
    return {(f.staff_group, f.ethnic_group) for f, d in decisions.items() if d.reason is reason}


def test_a_quarter_less_its_months_never_shows_one_person() -> None:
    counts = trust({("sep", "bank", "black"): 1})
    history: list[PastRelease] = []
    release(history, scope("2026-07", "jul"), counts)
    release(history, scope("2026-08", "aug"), counts)
    quarter = release(history, scope("2026-Q3", "jul", "aug", "sep"), counts)
    against = {d.against.label for d in quarter.values() if d.reason is Reason.HISTORY}
    assert ("bank", "black") in hidden(quarter, Reason.HISTORY)
    assert against <= {"2026-07", "2026-08"} and against
    everything = [f for r in history for f in r.figures]
    assert find_disclosure(everything, counts, K) is None
    # The headline White and BME figures for all staff still go out.
    assert {("all", "white"), ("all", "bme")} <= {
        (f.staff_group, f.ethnic_group) for f in history[-1].figures
    }


def test_a_refused_month_does_not_leak_through_a_comparison() -> None:
    counts = trust({("sep", "bank", "black"): 3})
    history: list[PastRelease] = []
    release(history, scope("2026-Q3", "jul", "aug", "sep"), counts)
    release(history, scope("2026-07", "jul"), counts)
    release(history, scope("2026-08", "aug"), counts)
    # October with --compare previous: September's cells ride along as a comparison.
    october = scope("2026-10", "oct")
    counts["wres5"].update({("oct", "bank", "black"): 40, ("oct", "bank", "white"): 40})
    candidates = cells(october) + cells(scope("2026-09", "sep"))
    decisions = plan_release(candidates, history, counts, K)
    shown = [f for f, d in decisions.items() if d.released]
    assert Figure(scope("2026-09", "sep"), "wres5", "bank", "black") not in shown
    assert find_disclosure([f for r in history for f in r.figures] + shown, counts, K) is None


def test_calendar_year_against_financial_year() -> None:
    # Quarters as batches: 2025-Q1 .. 2026-Q1; the calendar year 2025 and FY2025/26
    # differ by one quarter each side.
    quarters = ("25q1", "25q2", "25q3", "25q4", "26q1")
    counts = {"wres5": {(q, "bank", "black"): 30 for q in quarters}}
    counts["wres5"][("26q1", "bank", "black")] = 2
    history: list[PastRelease] = []
    release(history, scope("2025", *quarters[:4]), counts)
    release(history, scope("2025-Q1", "25q1"), counts)
    fiscal = release(history, scope("FY2025/26", *quarters[1:]), counts)
    assert ("bank", "black") in hidden(fiscal, Reason.HISTORY)
    assert find_disclosure([f for r in history for f in r.figures], counts, K) is None


def test_late_rows_show_only_where_the_difference_is_zero_or_at_least_k() -> None:
    counts = trust()
    history: list[PastRelease] = []
    release(history, scope("2026-09", "sep"), counts)
    # Three late paper forms, all from bank staff of Black background; ten from White
    # substantive staff would also be too few; sixty more would not.
    counts["wres5"].update(
        {("sep-late", "bank", "black"): 3, ("sep-late", "substantive", "white"): 60}
    )
    again = release(history, scope("2026-09", "sep", "sep-late"), counts)
    shown = {(f.staff_group, f.ethnic_group) for f, d in again.items() if d.released}
    assert ("substantive", "white") in shown  # grew by 60
    assert ("bank", "black") not in shown and ("bank", "all") not in shown
    assert ("all", "all") not in shown
    assert find_disclosure([f for r in history for f in r.figures], counts, K) is None


def test_a_history_that_already_discloses_fails_closed() -> None:
    counts = trust({("sep", "bank", "black"): 2})
    leaked = PastRelease(
        "x", "2026-09", START, (Figure(scope("2026-09", "sep"), "wres5", "bank", "black"),)
    )
    with pytest.raises(HistoryUnsafe):
        plan_release(cells(scope("2026-Q3", "jul", "aug", "sep")), [leaked], counts, K)


def test_empty_and_small_cells_get_the_same_reason() -> None:
    counts = trust({("jul", "bank", "black"): 1})
    counts["wres5"].pop(("jul", "bank", "white"))
    decisions = plan_release(cells(scope("2026-07", "jul")), [], counts, K)
    reasons = {(f.staff_group, f.ethnic_group): d.reason for f, d in decisions.items()}
    assert reasons[("bank", "white")] is reasons[("bank", "black")] is Reason.TOO_FEW


@settings(max_examples=120, deadline=None)
@given(
    st.dictionaries(st.sampled_from(STAFF_CATEGORIES), st.integers(0, 60), min_size=1, max_size=7),
    st.dictionaries(st.sampled_from(ETHNIC_CATEGORIES), st.integers(0, 60), min_size=1, max_size=6),
)
def test_headline_white_and_bme_go_out_whenever_each_has_k(
    staff: dict[str, int], ethnic: dict[str, int]
) -> None:
    units = {("m", s, e): (a * b) % 23 for s, a in staff.items() for e, b in ethnic.items()}
    counts = {"wres5": units}
    where = scope("2026-07", "m")
    candidates = [
        Figure(where, "wres5", s, e)
        for s in ("all", *STAFF_CATEGORIES[:-1])
        for e in ("all", "white", "bme", "not_stated", "mixed", "asian", "black", "other")
    ]
    decisions = plan_release(candidates, [], counts, K)
    columns = Columns(units)
    for e in ("white", "bme"):
        figure = Figure(where, "wres5", "all", e)
        if columns.total(figure) >= K:
            assert decisions[figure].released
    assert find_disclosure([f for f, d in decisions.items() if d.released], counts, K) is None


BATCHES = ("b1", "b2", "b3")
SMALL_UNITS = [
    (b, s, e) for b in BATCHES for s in ("substantive", "bank") for e in ("white", "black")
]


@settings(max_examples=40, deadline=None)
@given(
    st.dictionaries(st.sampled_from(SMALL_UNITS), st.integers(1, 25), max_size=7),
    st.lists(st.frozensets(st.sampled_from(BATCHES), min_size=1), min_size=1, max_size=6),
)
def test_random_histories_never_disclose(
    units: dict[Unit, int], periods: list[frozenset[str]]
) -> None:
    """After every release, brute force over every set of units finds nothing."""
    counts = {"wres5": units}
    history: list[PastRelease] = []
    for batches in periods:
        release(history, Scope("+".join(sorted(batches)), batches), counts)
        assert disclosed_sets([f for r in history for f in r.figures], units, K) == []
