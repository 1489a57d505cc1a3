"""The WRES 5-8 summary a chat shows (Slack or Teams): White and BME side by side, the gap
and the direction of travel, suppressed figures said in words. Written once here so both
adapters say the same thing; each only lays it out. Released cells only: a suppressed
cell carries no figures, so none can be shown by mistake."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.render.text import (
    INDICATOR_TITLES,
    direction_word,
    fmt_ci,
    fmt_pct,
    fmt_pp,
    staff_label,
    suppression_explanation,
)
from surveys.report_model import WRES_INDICATORS, Cell, Indicator, Report

SIDES = (("white", "White"), ("bme", "BME"))
GAP_LABEL = "Gap (BME minus White)"
TEST_NOTE = "Direction of travel is tested at the 5% level."


@dataclass(frozen=True, slots=True)
class IndicatorSummary:
    title: str
    lines: tuple[tuple[str, str], ...]  # (label, text): White, BME, then the gap


def summary_title(report: Report) -> str:
    return f"WRES indicators 5 to 8 for {report.period}, {staff_label(report.staff_group_filter)}"


def cell_text(cell: Cell | None, k: int) -> str:
    if cell is None or cell.suppressed or cell.percent is None:
        why = cell.reason_text if cell is not None and cell.reason_text else None
        return f"not shown ({why or f'fewer than {k} answered'})"
    return f"{fmt_pct(cell.percent)} (95% CI {fmt_ci(cell.ci_low, cell.ci_high)}, n = {cell.n})"


def direction_text(report: Report, indicator: Indicator, group: str, ethnic: str) -> str:
    for c in report.comparisons:
        if (c.indicator, c.staff_group, c.ethnic_group) == (indicator, group, ethnic):
            return f"{direction_word(c.direction)} ({fmt_pp(c.change_pp)} against {c.against})"
    return "no comparison available"


def gap_text(report: Report, indicator: Indicator) -> str:
    group = report.staff_group_filter
    gap = next((g for g in report.gaps if (g.indicator, g.staff_group) == (indicator, group)), None)
    if gap is None:
        return "not shown (shown only when both White and BME are)"
    interval = f"{fmt_pp(gap.gap_ci_low)} to {fmt_pp(gap.gap_ci_high)}"
    return f"{fmt_pp(gap.gap_pp)} (95% CI {interval})"


def indicator_summary(report: Report, indicator: Indicator) -> IndicatorSummary:
    group, k = report.staff_group_filter, report.min_group_size
    lines: list[tuple[str, str]] = []
    for ethnic, label in SIDES:
        cell = report.cell(indicator, group, ethnic)
        shown = cell_text(cell, k)
        if cell is not None and not cell.suppressed:
            shown += f"; direction: {direction_text(report, indicator, group, ethnic)}"
        lines.append((label, shown))
    lines.append((GAP_LABEL, gap_text(report, indicator)))
    return IndicatorSummary(INDICATOR_TITLES[indicator], tuple(lines))


def wres_summaries(report: Report) -> tuple[IndicatorSummary, ...]:
    return tuple(indicator_summary(report, i) for i in WRES_INDICATORS)


def footnote(report: Report) -> str:
    return f"{suppression_explanation(report.min_group_size)} {TEST_NOTE}"
