"""The report as compact rich tables for an 80-column terminal (the bigconv CLI)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from surveys.render.tables import comparisons_for, gap_for, staff_groups_in, wres_indicators_in
from surveys.render.text import (
    DIRECTION_SHORT,
    INDICATOR_CODES,
    INDICATOR_TITLES,
    ethnic_label,
    fmt_ci,
    fmt_pct,
    fmt_pp,
    staff_label,
    suppression_explanation,
)
from surveys.report_model import Cell, Indicator, Report

# Short marks for a held-back cell; the legend under the tables gives each in full.
REASON_MARKS: dict[str, str] = {
    "too_few": "too few",
    "complementary": "hidden ¹",
    "history": "hidden ²",
}


def reason_mark(cell: Cell) -> str:
    return f"[italic]{REASON_MARKS.get(cell.reason or 'too_few', 'hidden')}[/italic]"


def reason_legend(report: Report) -> list[str]:
    """One line per kind of held-back cell in the report, in plain words."""
    texts: dict[str, set[str]] = {}
    held = [(c.reason, c.reason_text) for c in report.cells if c.suppressed]
    held += [(p.reason, p.reason_text) for p in report.trend if p.suppressed]
    for reason, text in held:
        if reason and text:
            texts.setdefault(reason, set()).add(text)
    lines = []
    for reason, mark in REASON_MARKS.items():
        for text in sorted(texts.get(reason, ())):
            lines.append(f"{mark}: {text}")
    return lines


def _figure(cell: Cell | None) -> str:
    if cell is None:
        return "–"
    if cell.suppressed:
        return reason_mark(cell)
    return f"{fmt_pct(cell.percent).rstrip('%')} ({fmt_ci(cell.ci_low, cell.ci_high).rstrip('%')})"


def _direction(report: Report, indicator: Indicator, staff_group: str, against: str) -> str:
    comparisons = comparisons_for(report, indicator, staff_group)
    words = [
        f"{ethnic_label(group)} {DIRECTION_SHORT[c.direction]}"
        for group in ("white", "bme")
        for c in comparisons
        if c.ethnic_group == group and c.against == against
    ]
    return "\n".join(words) or "–"


def _comparison_sources(report: Report) -> list[str]:
    """Previous period first, then the baseline: one Direction column each."""
    sources = sorted({c.against for c in report.comparisons})
    return sorted(sources, key=lambda a: "baseline" in a)


def indicator_table(report: Report, indicator: Indicator) -> Table:
    table = Table(
        title=INDICATOR_TITLES[indicator],
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        show_edge=False,
    )
    table.add_column("Staff group", no_wrap=True)
    table.add_column("White % (95% CI)", no_wrap=True)
    table.add_column("BME % (95% CI)", no_wrap=True)
    table.add_column("Gap pp", justify="right", no_wrap=True)
    sources = _comparison_sources(report)[:1]
    for against in sources:
        table.add_column(f"Direction vs {against}")
    for staff in staff_groups_in(report, indicator):
        gap = gap_for(report, indicator, staff)
        table.add_row(
            staff_label(staff),
            _figure(report.cell(indicator, staff, "white")),
            _figure(report.cell(indicator, staff, "bme")),
            "–" if gap is None else fmt_pp(gap.gap_pp).removesuffix(" pp"),
            *(_direction(report, indicator, staff, against) for against in sources),
        )
    return table


def baseline_table(report: Report) -> Table | None:
    """The pulse beside the annual NSS figures, where a baseline was loaded."""
    against = [a for a in _comparison_sources(report) if "baseline" in a]
    if not against:
        return None
    table = Table(
        title=f"Against the {against[0]}",
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        show_edge=False,
    )
    for name in ("Indicator", "Staff group", "Group", "NSS %", "Pulse %", "Direction"):
        table.add_column(name, no_wrap=name != "Indicator")
    by_key = {(b.indicator, b.staff_group, b.ethnic_group): b for b in report.baseline}
    for c in report.comparisons:
        figure = by_key.get((c.indicator, c.staff_group, c.ethnic_group))
        cell = report.cell(c.indicator, c.staff_group, c.ethnic_group)
        if c.against != against[0] or figure is None or cell is None or cell.suppressed:
            continue
        table.add_row(
            INDICATOR_CODES[c.indicator],
            staff_label(c.staff_group),
            ethnic_label(c.ethnic_group),
            f"{figure.percent:.1f}",
            fmt_pct(cell.percent).rstrip("%"),
            DIRECTION_SHORT[c.direction],
        )
    return table


def render_report_table(report: Report, console: Console, *, trust: str = "") -> None:
    k = report.min_group_size
    who = f"{escape(trust)}: " if trust else ""  # [trust] name, as on every report file
    console.print(
        f"[bold]{who}WRES indicators 5–8 — pulse results for {report.period}[/bold]\n"
        f"recall: last {report.recall} · k = {k} · generated {report.generated_at}",
        highlight=False,
    )
    for indicator in wres_indicators_in(report):
        console.print()
        console.print(indicator_table(report, indicator))
    baseline = baseline_table(report)
    if baseline is not None:
        console.print()
        console.print(baseline)
    notes = [*reason_legend(report), *report.notes] or [suppression_explanation(k)]
    against = sorted({c.against for c in report.comparisons})
    if against:
        notes.append(
            f"Direction of travel compared with {', '.join(against)}; "
            "“not sig.” means no significant change at α = 0.05."
        )
    for note in notes:
        console.print(f"• {note}", highlight=False)
