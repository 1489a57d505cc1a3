"""The WRES 5-8 summary in Slack: White and BME side by side, the gap and the direction of
travel, suppressed figures said in words. Released cells only: a suppressed cell carries
no figures, so none can be shown by mistake."""

from __future__ import annotations

from bot.slack.blocks.elements import Block, context, divider, header, section
from surveys.render.text import (
    INDICATOR_TITLES,
    direction_word,
    fmt_ci,
    fmt_pct,
    fmt_pp,
    staff_label,
)
from surveys.report_model import WRES_INDICATORS, Cell, Indicator, Report


def withheld(k: int) -> str:
    return f"not shown (fewer than {k} answered)"


def cell_text(cell: Cell | None, k: int) -> str:
    if cell is None or cell.suppressed or cell.percent is None:
        if cell is not None and cell.reason_text:
            return f"not shown ({cell.reason_text})"
        return withheld(k)
    return f"{fmt_pct(cell.percent)} (95% CI {fmt_ci(cell.ci_low, cell.ci_high)}, n = {cell.n})"


def _direction(report: Report, indicator: Indicator, group: str, ethnic: str) -> str:
    for c in report.comparisons:
        key = (c.indicator, c.staff_group, c.ethnic_group)
        if key == (indicator, group, ethnic):
            return f"{direction_word(c.direction)} ({fmt_pp(c.change_pp)} against {c.against})"
    return "no comparison available"


def indicator_lines(report: Report, indicator: Indicator) -> str:
    group, k = report.staff_group_filter, report.min_group_size
    lines = [f"*{INDICATOR_TITLES[indicator]}*"]
    for ethnic, label in (("white", "White"), ("bme", "BME")):
        cell = report.cell(indicator, group, ethnic)
        shown = cell_text(cell, k)
        if cell is not None and not cell.suppressed:
            shown += f"; direction: {_direction(report, indicator, group, ethnic)}"
        lines.append(f"{label}: {shown}")
    gap = next((g for g in report.gaps if (g.indicator, g.staff_group) == (indicator, group)), None)
    if gap is None:
        lines.append("Gap (BME minus White): not shown (shown only when both White and BME are)")
    else:
        interval = f"{fmt_pp(gap.gap_ci_low)} to {fmt_pp(gap.gap_ci_high)}"
        lines.append(f"Gap (BME minus White): {fmt_pp(gap.gap_pp)} (95% CI {interval})")
    return "\n".join(lines)


def summary_text(report: Report) -> str:
    return f"WRES indicators 5 to 8 for {report.period}, {staff_label(report.staff_group_filter)}"


def summary_blocks(report: Report, *, files_note: str | None = None) -> list[Block]:
    blocks: list[Block] = [header(summary_text(report))]
    for indicator in WRES_INDICATORS:
        blocks.append(section(indicator_lines(report, indicator), markdown=True))
    blocks.append(divider())
    blocks.append(
        context(
            f"Figures for groups of fewer than {report.min_group_size} people are not shown, "
            "to protect anonymity. Direction of travel is tested at the 5% level."
        )
    )
    if files_note:
        blocks.append(context(files_note))
    return blocks
