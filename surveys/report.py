"""Build the neutral Report from period aggregates: cells, gaps, comparisons and trend,
with disclosure control applied before any figure is written."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import numpy as np
import pandas as pd

from surveys.aggregate import AGG_ETHNIC_GROUPS, AGG_STAFF_GROUPS, cell_arrays
from surveys.disclosure import CellKey, suppress
from surveys.indicators import INDICATOR_INFO, INDICATORS, method_notes
from surveys.periods import Period
from surveys.report_model import (
    ALL,
    STAFF_GROUPS_REPORTED,
    WRES_INDICATORS,
    BaselineFigure,
    Cell,
    Comparison,
    Gap,
    Indicator,
    Report,
    TrendPoint,
)
from surveys.statistics import (
    compare_proportions,
    direction_of_travel,
    newcombe_interval,
    relative_likelihood,
    wilson_interval,
)

Figures = dict[CellKey, tuple[int, int]]  # released cells with n > 0: (count, n)


def released_figures(agg: pd.DataFrame, k: int) -> tuple[Figures, frozenset[CellKey]]:
    """(count, n) of every released cell with responses, and the suppressed cells."""
    hidden = suppress(agg, k)
    figures: Figures = {}
    for indicator in INDICATORS:
        n, count = cell_arrays(agg, indicator)
        for s, e in zip(*np.nonzero(n), strict=True):
            key = (indicator.value, AGG_STAFF_GROUPS[s], AGG_ETHNIC_GROUPS[e])
            if key[1] in STAFF_GROUPS_REPORTED and key not in hidden:
                figures[key] = (int(count[s, e]), int(n[s, e]))
    return figures, hidden


def _cell(key: CellKey, figures: Figures, hidden: frozenset[CellKey]) -> Cell | None:
    indicator = Indicator(key[0])
    if key in hidden:
        return Cell(indicator, key[1], key[2], suppressed=True)
    if key not in figures:
        return None  # no responses: nothing to show and nothing to hide
    count, n = figures[key]
    low, high = wilson_interval(count, n)
    return Cell(
        indicator, key[1], key[2], False, n, count, round(100 * count / n, 2),
        round(low, 1), round(high, 1),
    )  # fmt: skip


def _gap(indicator: Indicator, staff: str, figures: Figures) -> Gap | None:
    bme, white = (
        figures.get((indicator.value, staff, "bme")),
        figures.get((indicator.value, staff, "white")),
    )
    if bme is None or white is None:
        return None
    low, high = newcombe_interval(bme[0], bme[1], white[0], white[1])
    gap = 100 * (bme[0] / bme[1] - white[0] / white[1])
    ratio = relative_likelihood(bme[0], bme[1], white[0], white[1])
    return Gap(
        indicator, staff, round(gap, 2), round(low, 1), round(high, 1),
        None if ratio is None else round(ratio, 2),
    )  # fmt: skip


def _comparison(
    key: CellKey, now: tuple[int, int], then: tuple[int, int], against: str
) -> Comparison:
    indicator = Indicator(key[0])
    change = 100 * (now[0] / now[1] - then[0] / then[1])
    p_value, test = compare_proportions(now[0], now[1], then[0], then[1])
    direction = direction_of_travel(INDICATOR_INFO[indicator], change, p_value)
    return Comparison(
        indicator, key[1], key[2], against, round(change, 2), round(p_value, 4), direction, test
    )


def _baseline_comparisons(
    figures: Figures, baseline: Sequence[BaselineFigure], staff_groups: Sequence[str]
) -> list[Comparison]:
    result = []
    for figure in baseline:
        key = (figure.indicator.value, figure.staff_group, figure.ethnic_group)
        if figure.staff_group not in staff_groups or key not in figures or not figure.n:
            continue  # without its n a published figure cannot be tested
        then = (round(figure.percent * figure.n / 100), figure.n)
        result.append(_comparison(key, figures[key], then, f"{figure.survey_year} (NSS baseline)"))
    return result


def _trend(
    trend: Sequence[tuple[str, pd.DataFrame]], k: int, staff_groups: Sequence[str]
) -> list[TrendPoint]:
    points = []
    for label, agg in trend:
        figures, hidden = released_figures(agg, k)
        for indicator in WRES_INDICATORS:
            for staff in staff_groups:
                for ethnic in ("white", "bme"):
                    key = (indicator.value, staff, ethnic)
                    if key in hidden:
                        points.append(TrendPoint(label, indicator, staff, ethnic, True))
                    elif key in figures:
                        cell = _cell(key, figures, hidden)
                        assert cell is not None
                        points.append(
                            TrendPoint(
                                label,
                                indicator,
                                staff,
                                ethnic,
                                False,
                                cell.percent,
                                cell.ci_low,
                                cell.ci_high,
                            )  # fmt: skip
                        )
    return points


def _iso_utc(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def build_report(
    current: pd.DataFrame,
    *,
    period: Period,
    k: int,
    recall: str,
    staff_group: str = ALL,
    previous: tuple[str, pd.DataFrame] | None = None,
    baseline: Sequence[BaselineFigure] = (),
    trend: Sequence[tuple[str, pd.DataFrame]] = (),
    generated_at: datetime,
    notes: Sequence[str] = (),
) -> Report:
    """The report for one period. Suppression always runs on the whole table, so a report
    filtered to one staff group releases nothing the full report would not."""
    if staff_group not in STAFF_GROUPS_REPORTED:
        raise ValueError(f"{staff_group!r} is not one of {', '.join(STAFF_GROUPS_REPORTED)}")
    staff_groups = STAFF_GROUPS_REPORTED if staff_group == ALL else (staff_group,)
    figures, hidden = released_figures(current, k)
    cells = [
        cell
        for indicator in INDICATORS
        for staff in staff_groups
        for ethnic in AGG_ETHNIC_GROUPS
        if (cell := _cell((indicator.value, staff, ethnic), figures, hidden)) is not None
    ]
    gaps = [
        gap
        for indicator in INDICATORS
        for staff in staff_groups
        if (gap := _gap(indicator, staff, figures)) is not None
    ]
    comparisons: list[Comparison] = []
    if previous is not None:
        label, previous_agg = previous
        before, _ = released_figures(previous_agg, k)
        comparisons += [
            _comparison(key, figures[key], before[key], label)
            for key in figures
            if key[1] in staff_groups and key in before
        ]
    comparisons += _baseline_comparisons(figures, baseline, staff_groups)
    return Report(
        period=period.label,
        generated_at=_iso_utc(generated_at),
        min_group_size=k,
        recall=recall,
        cells=tuple(cells),
        gaps=tuple(gaps),
        comparisons=tuple(comparisons),
        trend=tuple(_trend(trend, k, staff_groups)),
        baseline=tuple(b for b in baseline if b.staff_group in staff_groups),
        notes=(*method_notes(k=k, recall=recall), *notes),
        staff_group_filter=staff_group,
        indicators=tuple(INDICATOR_INFO.values()),
    )
