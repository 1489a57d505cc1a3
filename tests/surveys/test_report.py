"""Report assembly: released cells, gaps, comparisons, trend and notes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd
import pytest

from surveys.aggregate import from_base_counts
from surveys.frame import ETHNIC_CATEGORIES, STAFF_CATEGORIES
from surveys.indicators import INDICATORS
from surveys.periods import Period
from surveys.report import build_report
from surveys.report_model import BaselineFigure, Direction, Indicator, Report
from surveys.statistics import newcombe_interval

WHEN = datetime(2026, 10, 1, 9, 0, tzinfo=UTC)
Q3 = Period.quarter(2026, 3)


def _agg(cells: dict[tuple[str, str], tuple[int, int]]) -> pd.DataFrame:
    """The same (count, n) per (staff, broad group) for every indicator."""
    n = np.zeros((len(STAFF_CATEGORIES), len(ETHNIC_CATEGORIES)), dtype=np.int64)
    count = n.copy()
    for (staff, broad), (c, size) in cells.items():
        at = STAFF_CATEGORIES.index(staff), ETHNIC_CATEGORIES.index(broad)
        count[at], n[at] = c, size
    return from_base_counts(dict.fromkeys(INDICATORS, n), dict.fromkeys(INDICATORS, count))


CURRENT = _agg(
    {
        ("substantive", "white"): (100, 400),
        ("substantive", "asian"): (30, 100),
        ("substantive", "black"): (40, 100),
        ("substantive", "not_stated"): (5, 20),
        ("bank", "white"): (10, 50),
        ("bank", "black"): (1, 3),
        ("bank", "mixed"): (6, 30),
        ("bank", "asian"): (5, 25),
    }
)


def _report(agg: pd.DataFrame = CURRENT, **kwargs: Any) -> Report:
    kwargs.setdefault("generated_at", WHEN)
    return build_report(agg, period=Q3, k=11, recall="12 months", **kwargs)


def test_cells_carry_rounded_figures() -> None:
    report = _report()
    cell = report.cell(Indicator.WRES5, "substantive", "white")
    assert cell is not None and not cell.suppressed
    assert (cell.n, cell.count, cell.percent, cell.ci_low, cell.ci_high) == (
        400,
        100,
        25.0,
        21.0,
        29.5,
    )
    bme = report.cell(Indicator.WRES5, "all", "bme")
    assert bme is not None and bme.n == 258 and bme.percent == round(100 * 82 / 258, 2)
    assert report.period == "2026-Q3"
    assert report.generated_at == "2026-10-01T09:00:00Z"
    assert report.min_group_size == 11
    assert len(report.indicators) == len(Indicator)


def test_the_grid_is_fixed_and_suppressed_cells_are_bare() -> None:
    report = _report()
    nobody = report.cell(Indicator.WRES5, "agency", "all")
    black = report.cell(Indicator.WRES5, "bank", "black")
    assert nobody is not None and nobody.suppressed and nobody.reason == "too_few"
    assert black is not None and black.reason == "too_few"
    # A cell nobody answered looks exactly like one a few answered.
    assert (nobody.reason_text, nobody.n) == (black.reason_text, black.n)
    assert nobody.reason_text == "fewer than 11 answered"
    assert len(report.cells) == 10 * 7 * 8
    black = report.cell(Indicator.WRES5, "bank", "black")
    assert black is not None and black.suppressed
    assert (black.n, black.count, black.percent, black.ci_low, black.ci_high) == (None,) * 5
    assert all(c.n is None for c in report.suppressed_cells)
    assert all(c.n is None or c.n >= 11 for c in report.cells)
    assert all(c.staff_group != "not_stated" for c in report.cells)


def test_a_filtered_report_releases_nothing_more() -> None:
    full = _report()
    bank = _report(staff_group="bank")
    assert {c.staff_group for c in bank.cells} == {"bank"}
    assert bank.staff_group_filter == "bank"
    for cell in bank.cells:
        whole = full.cell(cell.indicator, cell.staff_group, cell.ethnic_group)
        assert whole is not None
        if not cell.suppressed and not whole.suppressed:
            assert whole == cell
    with pytest.raises(ValueError):
        _report(staff_group="not_stated")


def test_gaps_when_white_and_bme_are_released() -> None:
    gaps = {(g.indicator, g.staff_group): g for g in _report().gaps}
    gap = gaps[(Indicator.WRES8, "substantive")]
    low, high = newcombe_interval(70, 200, 100, 400)
    assert gap.gap_pp == 10.0
    assert (gap.gap_ci_low, gap.gap_ci_high) == (round(low, 1), round(high, 1))
    assert gap.relative_likelihood == 1.4
    assert all(g.staff_group in ("all", "substantive", "bank") for g in gaps.values())


def test_comparison_with_the_previous_period_uses_cells_released_in_both() -> None:
    previous = _agg(
        {
            ("substantive", "white"): (140, 400),
            ("substantive", "black"): (4, 8),
            ("substantive", "asian"): (20, 60),
        }
    )
    report = _report(previous=("2026-Q2", previous))
    found = {(c.indicator, c.staff_group, c.ethnic_group): c for c in report.comparisons}
    white = found[(Indicator.WRES5, "substantive", "white")]
    assert white.against == "2026-Q2" and white.change_pp == -10.0
    assert white.direction is Direction.IMPROVED and white.test == "two-proportion z"
    assert found[(Indicator.WRES7, "substantive", "white")].direction is Direction.DETERIORATED
    assert (Indicator.WRES5, "substantive", "black") not in found  # 8 then: suppressed


def test_comparison_with_the_baseline() -> None:
    baseline = [
        BaselineFigure(2025, Indicator.WRES5, "all", "white", 30.0, 2000),
        BaselineFigure(2025, Indicator.WRES5, "all", "bme", 30.0, None),  # untestable
        BaselineFigure(2025, Indicator.WRES5, "bank", "white", 30.0, 100),
    ]
    report = _report(baseline=baseline, staff_group="all")
    (first, second) = [c for c in report.comparisons if c.against == "2025 (NSS baseline)"]
    assert (first.staff_group, first.ethnic_group) == ("all", "white")
    assert first.change_pp == round(100 * 110 / 450 - 30.0, 2)
    assert second.staff_group == "bank"
    assert report.baseline == tuple(baseline)
    assert _report(baseline=baseline, staff_group="substantive").baseline == ()


def test_trend_points_per_period() -> None:
    earlier = _agg(
        {
            ("substantive", "white"): (50, 200),
            ("substantive", "black"): (2, 5),
            ("substantive", "asian"): (10, 40),
        }
    )
    report = _report(trend=[("2026-Q2", earlier), ("2026-Q3", CURRENT)], staff_group="substantive")
    points = {(p.period, p.indicator, p.ethnic_group): p for p in report.trend}
    assert points[("2026-Q2", Indicator.WRES5, "white")].percent == 25.0
    assert points[("2026-Q2", Indicator.WRES5, "bme")].percent == 26.67
    earlier_only = _report(trend=[("2026-Q2", earlier)], staff_group="bank")
    # No bank responses then: every point is held back, just as a small group would be.
    assert earlier_only.trend and all(p.suppressed for p in earlier_only.trend)
    assert points[("2026-Q3", Indicator.WRES7, "bme")].percent == 35.0
    assert {p.indicator for p in report.trend} == {"wres5", "wres6", "wres7", "wres8"}


def test_notes_and_time_zone() -> None:
    later = datetime(2026, 10, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    report = _report(notes=["Pooled rounds of different wording."], generated_at=later)
    assert report.generated_at == "2026-10-01T09:00:00Z"
    assert report.notes[-1] == "Pooled rounds of different wording."
    assert any("Don't know" in note for note in report.notes)
    assert any("fewer than 11" in note for note in report.notes)
