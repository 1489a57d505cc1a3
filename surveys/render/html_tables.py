"""Accessible HTML tables for the report page: captions, scoped headers, escaped text."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from surveys.render.tables import (
    cells_for,
    comparisons_for,
    direction_summary,
    ethnic_groups_in,
    gap_for,
    gaps_for,
    staff_groups_in,
    wres_indicators_in,
)
from surveys.render.text import (
    GAP_HEADING,
    INDICATOR_TITLES,
    RELATIVE_LIKELIHOOD_HEADING,
    direction_word,
    ethnic_label,
    fmt_ci,
    fmt_p,
    fmt_pct,
    fmt_pp,
    fmt_ratio,
    staff_label,
    suppressed_text,
)
from surveys.report_model import Cell, Gap, Indicator, Report

LONG_TABLE_ROWS = 12


def table(caption: str, headers: Iterable[str], rows: Iterable[str], css: str = "") -> str:
    """rows are ready-made <tr> strings; caption and headers are escaped here."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    rows = list(rows)
    # A long table may break across printed pages (its header repeats); a short one may not.
    css = f"{css} long".strip() if len(rows) > LONG_TABLE_ROWS else css
    klass = f' class="{css}"' if css else ""
    # The box scrolls on a narrow screen instead of the page; focusable so keyboards can too.
    return (
        f'<div class="table-scroll" role="region" tabindex="0" aria-label="{escape(caption)}">'
        f"<table{klass}><caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def row(header: str, cells: Iterable[str]) -> str:
    """A body row: a row header then ready-made <td> strings."""
    return f'<tr><th scope="row">{escape(header)}</th>{"".join(cells)}</tr>'


def td(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<td{klass}>{escape(text)}</td>"


def figure_td(cell: Cell | None, k: int, *, with_n: bool = True) -> str:
    if cell is None:
        return td("–", "empty")
    if cell.suppressed:
        return f'<td class="suppressed">{escape(cell.reason_text or suppressed_text(k))}</td>'
    parts = [
        f'<span class="pct">{escape(fmt_pct(cell.percent))}</span>',
        f'<span class="ci">{escape(fmt_ci(cell.ci_low, cell.ci_high))}</span>',
    ]
    if with_n:
        parts.append(f'<span class="n">n = {cell.n:,}</span>')
    return f'<td class="figure">{" ".join(parts)}</td>'


def _gap_text(gap: Gap | None) -> str:
    if gap is None:
        return "not available"
    return f"{fmt_pp(gap.gap_pp)} ({fmt_pp(gap.gap_ci_low)} to {fmt_pp(gap.gap_ci_high)})"


def summary_table(report: Report) -> str:
    staff = report.staff_group_filter
    rows = []
    for indicator in wres_indicators_in(report):
        k = report.min_group_size
        gap = gap_for(report, indicator, staff)
        cells = [
            figure_td(report.cell(indicator, staff, "white"), k),
            figure_td(report.cell(indicator, staff, "bme"), k),
            td(_gap_text(gap)),
            td(fmt_ratio(None if gap is None else gap.relative_likelihood)),
            td(direction_summary(report, indicator, staff) or "no comparison available"),
        ]
        rows.append(row(INDICATOR_TITLES[indicator], cells))
    headers = ("Indicator", "White", "BME", f"{GAP_HEADING}, pp (95% CI)")
    caption = f"WRES indicators 5–8, {staff_label(staff).lower()}, {report.period}: % (95% CI)"
    return table(caption, (*headers, RELATIVE_LIKELIHOOD_HEADING, "Direction of travel"), rows)


def cells_matrix(report: Report, indicator: Indicator) -> str:
    ethnic = ethnic_groups_in(report, indicator)
    by_key = {(c.staff_group, c.ethnic_group): c for c in cells_for(report, indicator)}
    rows = [
        row(
            staff_label(staff),
            (figure_td(by_key.get((staff, e)), report.min_group_size) for e in ethnic),
        )
        for staff in staff_groups_in(report, indicator)
    ]
    caption = f"{INDICATOR_TITLES[indicator]}: % (95% CI) and n by staff group and ethnic group"
    return table(caption, ("Staff group", *map(ethnic_label, ethnic)), rows, "matrix")


def gaps_table(report: Report, indicator: Indicator) -> str:
    rows = [
        row(
            staff_label(gap.staff_group),
            (
                td(fmt_pp(gap.gap_pp)),
                td(fmt_pp(gap.gap_ci_low)),
                td(fmt_pp(gap.gap_ci_high)),
                td(fmt_ratio(gap.relative_likelihood)),
            ),
        )
        for gap in gaps_for(report, indicator)
    ]
    if not rows:
        return ""
    headers = ("Staff group", "Gap", "95% CI low", "95% CI high", RELATIVE_LIKELIHOOD_HEADING)
    return table(f"{GAP_HEADING}, percentage points: {INDICATOR_TITLES[indicator]}", headers, rows)


def comparisons_table(report: Report, indicator: Indicator) -> str:
    rows = [
        row(
            f"{staff_label(c.staff_group)}, {ethnic_label(c.ethnic_group)}",
            (
                td(c.against),
                td(fmt_pp(c.change_pp)),
                td(f"{fmt_p(c.p_value)} ({c.test})"),
                td(direction_word(c.direction), f"direction {c.direction}"),
            ),
        )
        for c in comparisons_for(report, indicator)
    ]
    if not rows:
        return ""
    headers = ("Group", "Compared with", "Change", "Test", "Direction of travel")
    return table(f"Change against earlier figures: {INDICATOR_TITLES[indicator]}", headers, rows)
