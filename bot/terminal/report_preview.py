"""`bigconv report --preview`: the suppression pattern of a report and its reasons, with
no figure at all (the preview is not a release, so it must show nothing released)."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from bot.terminal.report_table import REASON_MARKS, reason_legend
from surveys.render.text import INDICATOR_TITLES, ethnic_label, staff_label
from surveys.report_model import ETHNIC_GROUPS_REPORTED, Report


def _pattern(report: Report, indicator_index: int) -> Table:
    indicator = report.indicators[indicator_index].indicator
    table = Table(
        title=INDICATOR_TITLES[indicator], title_justify="left", title_style="bold",
        box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False, show_edge=False,
    )  # fmt: skip
    table.add_column("Staff group", no_wrap=True)
    for ethnic in ETHNIC_GROUPS_REPORTED:
        table.add_column(ethnic_label(ethnic), no_wrap=True)
    staff_groups = dict.fromkeys(c.staff_group for c in report.cells if c.indicator == indicator)
    for staff in staff_groups:
        row = []
        for ethnic in ETHNIC_GROUPS_REPORTED:
            cell = report.cell(indicator, staff, ethnic)
            if cell is None or not cell.suppressed:
                row.append("shown")
            else:
                row.append(f"[italic]{REASON_MARKS.get(cell.reason or '', 'hidden')}[/italic]")
        table.add_row(staff_label(staff), *row)
    return table


def render_preview(report: Report, console: Console) -> None:
    held = [c for c in report.cells if c.suppressed]
    console.print(
        f"[bold]Preview of the {report.period} report[/bold] (no figures; nothing is "
        f"released or recorded)\n{len(report.cells) - len(held)} cells would be shown and "
        f"{len(held)} hidden.",
        highlight=False,
    )
    for index in range(len(report.indicators)):
        console.print()
        console.print(_pattern(report, index))
    hidden_points = sum(p.suppressed for p in report.trend)
    console.print(
        f"Trend points: {len(report.trend) - hidden_points} shown, {hidden_points} hidden. "
        f"Comparisons with earlier periods: {len(report.comparisons)}.",
        highlight=False,
    )
    for line in reason_legend(report):
        console.print(f"• {line}", highlight=False)
