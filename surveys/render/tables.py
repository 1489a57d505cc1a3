"""Which indicators, groups and rows a report holds, in display order, for every renderer."""

from __future__ import annotations

from surveys.questions import QUESTIONS, Question, Recall, question_bank
from surveys.render.text import DEFAULT_DEFINITIONS, INDICATOR_TITLES, direction_word
from surveys.report_model import (
    ALL,
    ETHNIC_GROUPS_REPORTED,
    STAFF_GROUPS_REPORTED,
    WRES_INDICATORS,
    BaselineFigure,
    Cell,
    Comparison,
    Gap,
    Indicator,
    IndicatorInfo,
    Report,
)

WRES_PAIR: tuple[str, str] = ("white", "bme")


def _ordered(values: set[str], preferred: tuple[str, ...]) -> tuple[str, ...]:
    known = tuple(v for v in preferred if v in values)
    return known + tuple(sorted(values - set(preferred)))


def indicators_in(report: Report) -> tuple[Indicator, ...]:
    present = {c.indicator for c in report.cells}
    return tuple(i for i in Indicator if i in present)


def wres_indicators_in(report: Report) -> tuple[Indicator, ...]:
    return tuple(i for i in indicators_in(report) if i in WRES_INDICATORS)


def supplementary_indicators_in(report: Report) -> tuple[Indicator, ...]:
    return tuple(i for i in indicators_in(report) if i not in WRES_INDICATORS)


def staff_groups_in(report: Report, indicator: Indicator) -> tuple[str, ...]:
    groups = {c.staff_group for c in report.cells if c.indicator == indicator}
    return _ordered(groups, STAFF_GROUPS_REPORTED)


def ethnic_groups_in(report: Report, indicator: Indicator) -> tuple[str, ...]:
    groups = {c.ethnic_group for c in report.cells if c.indicator == indicator}
    return _ordered(groups, ETHNIC_GROUPS_REPORTED)


def cells_for(report: Report, indicator: Indicator) -> tuple[Cell, ...]:
    """The indicator's cells, staff group then ethnic group in display order."""
    staff = {g: i for i, g in enumerate(staff_groups_in(report, indicator))}
    ethnic = {g: i for i, g in enumerate(ethnic_groups_in(report, indicator))}
    chosen = [c for c in report.cells if c.indicator == indicator]
    return tuple(sorted(chosen, key=lambda c: (staff[c.staff_group], ethnic[c.ethnic_group])))


def gap_for(report: Report, indicator: Indicator, staff_group: str) -> Gap | None:
    for gap in report.gaps:
        if (gap.indicator, gap.staff_group) == (indicator, staff_group):
            return gap
    return None


def gaps_for(report: Report, indicator: Indicator) -> tuple[Gap, ...]:
    order = {g: i for i, g in enumerate(staff_groups_in(report, indicator))}
    chosen = [g for g in report.gaps if g.indicator == indicator]
    return tuple(sorted(chosen, key=lambda g: order.get(g.staff_group, len(order))))


def comparisons_for(
    report: Report, indicator: Indicator, staff_group: str | None = None
) -> tuple[Comparison, ...]:
    return tuple(
        c
        for c in report.comparisons
        if c.indicator == indicator and staff_group in (None, c.staff_group)
    )


def direction_summary(report: Report, indicator: Indicator, staff_group: str = ALL) -> str:
    """One line per comparison, e.g. "BME: improved (vs 2026-Q2)"; "" when none."""
    parts = []
    for comp in comparisons_for(report, indicator, staff_group):
        if comp.ethnic_group in WRES_PAIR:
            label = "BME" if comp.ethnic_group == "bme" else "White"
            parts.append(f"{label}: {direction_word(comp.direction)} (vs {comp.against})")
    return "; ".join(parts)


def latest_baseline(
    report: Report, indicator: Indicator, staff_group: str, ethnic_group: str
) -> BaselineFigure | None:
    matches = [
        b
        for b in report.baseline
        if (b.indicator, b.staff_group, b.ethnic_group) == (indicator, staff_group, ethnic_group)
    ]
    return max(matches, key=lambda b: b.survey_year, default=None)


def indicator_info(report: Report, indicator: Indicator) -> IndicatorInfo:
    for info in report.indicators:
        if info.indicator == indicator:
            return info
    numerator, denominator = DEFAULT_DEFINITIONS[indicator]
    return IndicatorInfo(
        indicator=indicator,
        title=INDICATOR_TITLES[indicator],
        numerator=numerator,
        denominator=denominator,
        higher_is_better=indicator in (Indicator.WRES7, Indicator.Q14D),
        is_wres=indicator in WRES_INDICATORS,
    )


def questions_for(report: Report) -> tuple[Question, ...]:
    """The items worded for the report's recall window (the 12-month wording by default)."""
    try:
        return question_bank(Recall(report.recall))
    except ValueError:
        return QUESTIONS
