"""Build the neutral Report from period aggregates and the release auditor's decisions:
cells, gaps, comparisons and trend, each drawn only from released figures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import pandas as pd

from surveys import release_audit
from surveys.aggregate import AGG_ETHNIC_GROUPS, AGG_STAFF_GROUPS, cell_arrays
from surveys.indicators import INDICATOR_INFO, INDICATORS, method_notes
from surveys.periods import Period
from surveys.release_audit import Decision, Figure, Reason, Scope
from surveys.release_reasons import reason_text
from surveys.report_candidates import report_candidates
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
from surveys.unit_counts import aggregate_unit_counts, merge_unit_counts

CellKey = tuple[str, str, str]  # (indicator, staff group, ethnic group)
Figures = dict[CellKey, tuple[int, int]]  # released cells: (count, n)
# (scope label, indicator, staff group, ethnic group) -> the auditor's decision.
Verdicts = Mapping[tuple[str, str, str, str], Decision]


def verdict_key(figure: Figure) -> tuple[str, str, str, str]:
    return (figure.scope.label, figure.indicator, figure.staff_group, figure.ethnic_group)


def _released(agg: pd.DataFrame, label: str, verdicts: Verdicts) -> Figures:
    """(count, n) of every cell of `agg` the auditor released."""
    figures: Figures = {}
    for indicator in INDICATORS:
        n, count = cell_arrays(agg, indicator)
        for s, staff in enumerate(AGG_STAFF_GROUPS):
            for e, ethnic in enumerate(AGG_ETHNIC_GROUPS):
                decision = verdicts.get((label, indicator.value, staff, ethnic))
                if decision is not None and decision.released and n[s, e] > 0:
                    figures[(indicator.value, staff, ethnic)] = (int(count[s, e]), int(n[s, e]))
    return figures


def _cell(key: CellKey, figures: Figures, decision: Decision | None, k: int) -> Cell:
    """Every cell of the grid is present; a held-back one (n = 0 included) says why."""
    indicator = Indicator(key[0])
    if key not in figures:
        held = decision or Decision(Figure(Scope("", frozenset()), *key), Reason.TOO_FEW)
        reason = Reason.TOO_FEW if held.released else held.reason
        text = reason_text(Decision(held.figure, reason, held.against), k)
        return Cell(indicator, key[1], key[2], True, reason=reason.value, reason_text=text)
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
    trend: Sequence[tuple[str, pd.DataFrame]],
    verdicts: Verdicts,
    staff_groups: Sequence[str],
    k: int,
) -> list[TrendPoint]:
    points = []
    for label, agg in trend:
        figures = _released(agg, label, verdicts)
        for indicator in WRES_INDICATORS:
            for staff in staff_groups:
                for ethnic in ("white", "bme"):
                    key = (indicator.value, staff, ethnic)
                    cell = _cell(key, figures, verdicts.get((label, *key)), k)
                    points.append(
                        TrendPoint(
                            label,
                            indicator,
                            staff,
                            ethnic,
                            cell.suppressed,
                            cell.percent,
                            cell.ci_low,
                            cell.ci_high,
                            cell.reason,
                            cell.reason_text,
                        )  # fmt: skip
                    )
    return points


def standalone_verdicts(
    current: tuple[str, pd.DataFrame],
    *,
    k: int,
    staff_groups: Sequence[str] = STAFF_GROUPS_REPORTED,
    previous: tuple[str, pd.DataFrame] | None = None,
    trend: Sequence[tuple[str, pd.DataFrame]] = (),
) -> dict[tuple[str, str, str, str], Decision]:
    """The auditor's plan for a report with no release history (one batch per period),
    for tools and tests that build a report without a store."""
    scopes = {label: Scope(label, frozenset({label})) for label, _ in (current, *trend)}
    if previous is not None:
        scopes[previous[0]] = Scope(previous[0], frozenset({previous[0]}))
    periods = [current, *([previous] if previous is not None else []), *trend]
    counts = merge_unit_counts({label: aggregate_unit_counts(label, agg) for label, agg in periods})
    candidates = report_candidates(
        scopes[current[0]],
        staff_groups,
        previous=scopes[previous[0]] if previous else None,
        trend=[scopes[label] for label, _ in trend],
    )
    plan = release_audit.plan_release(candidates, (), counts, k)
    return {verdict_key(f): d for f, d in plan.items()}


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
    verdicts: Verdicts | None = None,
) -> Report:
    """The report for one period, built only from the figures the auditor released.

    `verdicts` is the auditor's plan keyed by (period label, indicator, staff, ethnic);
    without it the report is planned on its own, as if nothing had been released before.
    Every cell of the grid is present: a held-back cell carries its reason, and a cell
    nobody answered looks exactly like one a few answered.
    """
    if staff_group not in STAFF_GROUPS_REPORTED:
        raise ValueError(f"{staff_group!r} is not one of {', '.join(STAFF_GROUPS_REPORTED)}")
    staff_groups = STAFF_GROUPS_REPORTED if staff_group == ALL else (staff_group,)
    if verdicts is None:
        verdicts = standalone_verdicts(
            (period.label, current), k=k, staff_groups=staff_groups, previous=previous,
            trend=trend,
        )  # fmt: skip
    figures = _released(current, period.label, verdicts)
    cells = [
        _cell(key, figures, verdicts.get((period.label, *key)), k)
        for indicator in INDICATORS
        for staff in staff_groups
        for ethnic in AGG_ETHNIC_GROUPS
        if (key := (indicator.value, staff, ethnic))
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
        before = _released(previous_agg, label, verdicts)
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
        trend=tuple(_trend(trend, verdicts, staff_groups, k)),
        baseline=tuple(b for b in baseline if b.staff_group in staff_groups),
        notes=(*method_notes(k=k, recall=recall), *notes),
        staff_group_filter=staff_group,
        indicators=tuple(INDICATOR_INFO.values()),
    )
