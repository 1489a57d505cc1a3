"""What the one-page summary says, as plain data and sentences, for HTML, Markdown and PDF.

Every figure here is read from the Report, which has already been through disclosure
control: the summary can only repeat released cells or sums of released cells, so it
shows nothing the full report does not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from surveys.render.tables import comparisons_for, gap_for, wres_indicators_in
from surveys.render.text import INDICATOR_TITLES, fmt_pp, staff_label
from surveys.report_model import Cell, Comparison, Direction, Gap, Indicator, Report

FLEXIBLE_STAFF = ("bank", "agency", "locum")
BASELINE_MARK = "(NSS baseline)"
OUTCOMES: dict[Indicator, str] = {
    Indicator.WRES5: "experienced harassment, bullying or abuse from patients or the public",
    Indicator.WRES6: "experienced harassment, bullying or abuse from other staff",
    Indicator.WRES7: "believe the trust gives equal opportunities for career progression",
    Indicator.WRES8: "experienced discrimination from a manager or colleague",
}


@dataclass(frozen=True, slots=True)
class Answered:
    overall: int | None  # None: nothing released to count
    flexible: int | None  # bank + agency + locum; None when any part is withheld
    indicator: Indicator | None


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    indicator: Indicator
    title: str
    white: Cell | None
    bme: Cell | None
    gap: Gap | None
    against_previous: tuple[Comparison, ...]
    against_baseline: tuple[Comparison, ...]
    sentence: str


def answered(report: Report) -> Answered:
    """How many answered: the largest released all-staff denominator of a WRES indicator,
    and bank + agency + locum for the same indicator only when all three are released
    (a sum of released figures reveals nothing new; a sum beside a hidden part would)."""
    staff = report.staff_group_filter
    best: tuple[int, Indicator] | None = None
    for indicator in wres_indicators_in(report):
        cell = report.cell(indicator, staff, "all")
        if cell is None or cell.suppressed or cell.n is None:
            continue
        if best is None or cell.n > best[0]:
            best = (cell.n, indicator)
    if best is None:
        return Answered(None, None, None)
    if staff != "all":
        return Answered(best[0], None, best[1])
    total = 0
    for staff in FLEXIBLE_STAFF:
        cell = report.cell(best[1], staff, "all")
        if cell is not None and (cell.suppressed or cell.n is None):
            return Answered(best[0], None, best[1])
        total += 0 if cell is None else cell.n or 0
    return Answered(best[0], total, best[1])


def _shown(cell: Cell | None) -> bool:
    return cell is not None and not cell.suppressed and cell.percent is not None


def _lead(line: IndicatorLine) -> str:
    outcome = OUTCOMES[line.indicator]
    bme, white = line.bme, line.white
    if _shown(bme) and _shown(white):
        assert bme is not None and white is not None  # for the type checker
        return f"{bme.percent:.0f}% of BME staff and {white.percent:.0f}% of White staff {outcome}."
    for cell, group, other in ((bme, "BME", "White"), (white, "White", "BME")):
        if _shown(cell):
            assert cell is not None
            hidden = "suppressed to protect anonymity" if _hidden(line, other) else "not available"
            share = f"{cell.percent:.0f}% of {group} staff"
            return f"{share} {outcome}; the {other} figure is {hidden}."
    return "The BME and White figures are not shown: too few answered to show them safely."


def _hidden(line: IndicatorLine, group: str) -> bool:
    cell = line.bme if group == "BME" else line.white
    return cell is not None and cell.suppressed


def _gap_words(gap: Gap | None) -> str:
    if gap is None:
        return "The White–BME gap cannot be given because one of the two groups is not shown."
    size = f"{abs(gap.gap_pp):.1f} percentage points"
    if gap.gap_ci_low > 0 or gap.gap_ci_high < 0:
        higher = "BME" if gap.gap_pp > 0 else "White"
        return (
            f"The figure is {size} higher for {higher} staff, a statistically significant "
            "difference (its 95% interval does not include zero)."
        )
    return (
        f"The difference of {size} between BME and White staff could be chance: its 95% "
        "interval includes zero, so it is not statistically significant."
    )


def _change_words(comparisons: tuple[Comparison, ...], against: str) -> str:
    pair = [c for c in comparisons if c.ethnic_group in ("white", "bme")]
    if not pair:
        return ""
    parts = []
    for comp in sorted(pair, key=lambda c: c.ethnic_group != "bme"):
        group = "BME" if comp.ethnic_group == "bme" else "White"
        if comp.direction is Direction.NO_SIGNIFICANT_CHANGE:
            parts.append(f"{group} staff show no statistically significant change")
        else:
            p_value = "p < 0.001" if comp.p_value < 0.001 else f"p = {comp.p_value:.3f}"
            parts.append(
                f"{group} staff have {comp.direction.value} ({fmt_pp(comp.change_pp)}, {p_value})"
            )
    return f"Against {against}, {' and '.join(parts)}."


def sentence(line: IndicatorLine) -> str:
    """One paragraph of plain English; 'significant' only where a test says so."""
    parts = [_lead(line)]
    if _shown(line.white) and _shown(line.bme):
        parts.append(_gap_words(line.gap))
    for comps in (line.against_previous, line.against_baseline):
        if comps:
            parts.append(_change_words(comps, comps[0].against))
    return " ".join(p for p in parts if p)


def indicator_lines(report: Report) -> list[IndicatorLine]:
    staff = report.staff_group_filter
    lines = []
    for indicator in wres_indicators_in(report):
        comps = comparisons_for(report, indicator, staff)
        line = IndicatorLine(
            indicator,
            INDICATOR_TITLES[indicator],
            report.cell(indicator, staff, "white"),
            report.cell(indicator, staff, "bme"),
            gap_for(report, indicator, staff),
            tuple(c for c in comps if BASELINE_MARK not in c.against),
            tuple(c for c in comps if BASELINE_MARK in c.against),
            "",
        )
        lines.append(replace(line, sentence=sentence(line)))
    return lines


def _recall_words(recall: str) -> str:
    asked = f"The harassment and discrimination questions asked about the last {recall}"
    if recall.strip() == "12 months":
        return f"{asked}, as the NHS Staff Survey does, so the recall windows match."
    return (
        f"{asked}; the NHS Staff Survey asks about the last 12 months, so rates here are "
        "expected to be lower and are not directly comparable with it."
    )


def caveats(report: Report) -> list[str]:
    hidden = len(report.suppressed_cells)
    total = len(report.cells)
    k = report.min_group_size
    return [
        "This is a pulse survey: short, frequent and voluntary, so who answers can change "
        "from one round to the next. The NHS Staff Survey is annual and reaches substantive "
        "staff only; compare the two with care.",
        _recall_words(report.recall),
        f"{hidden} of {total} figures in the full report are suppressed: a group with fewer "
        f"than {k} answers is never shown, and where one hidden group could be worked out "
        "by subtraction another is hidden too. This protects the people who answered.",
        f"Staff group: {staff_label(report.staff_group_filter)}.",
    ]
