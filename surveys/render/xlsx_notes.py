"""The Notes sheet of the workbook: method, question wording, disclosure rules, caveats."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from surveys.render.tables import indicator_info, indicators_in, questions_for
from surveys.render.text import (
    INDICATOR_CODES,
    INDICATOR_TITLES,
    METHOD_NOTES,
    disclosure_notes,
    ethnic_label,
    staff_label,
)
from surveys.report_model import Report

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


class _Writer:
    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 0

    def heading(self, text: str) -> None:
        self.row += 2 if self.row else 1
        self.ws.cell(row=self.row, column=1, value=text).font = Font(bold=True, size=12)

    def line(self, *values: str, bold: bool = False) -> None:
        self.row += 1
        for col, value in enumerate(values, start=1):
            cell = self.ws.cell(row=self.row, column=col, value=value)
            cell.alignment = WRAP
            if bold:
                cell.font = BOLD


def write_notes_sheet(ws: Worksheet, report: Report) -> None:
    out = _Writer(ws)
    out.heading(f"WRES indicators 5–8 — pulse results for {report.period}")
    out.line("Generated", report.generated_at)
    out.line("Recall window", report.recall)
    out.line("Minimum group size (k)", str(report.min_group_size))

    out.heading("Method")
    out.line("Indicator", "Numerator", "Denominator", bold=True)
    for indicator in indicators_in(report):
        info = indicator_info(report, indicator)
        out.line(INDICATOR_TITLES[indicator], info.numerator, info.denominator)
    for note in METHOD_NOTES:
        out.line("", note)

    out.heading("Question wording")
    out.line("Item", "Wording", bold=True)
    for question in questions_for(report):
        out.line(question.id, question.wording)

    out.heading("Disclosure rules")
    for note in disclosure_notes(report.min_group_size):
        out.line("", note)

    out.heading("Suppressed cells")
    suppressed = report.suppressed_cells
    if not suppressed:
        out.line("", "None: every group had enough responses.")
    else:
        out.line("Indicator", "Group", "Why it is hidden", bold=True)
    for cell in suppressed:
        code = INDICATOR_CODES[cell.indicator]
        group = f"{staff_label(cell.staff_group)}, {ethnic_label(cell.ethnic_group)}"
        out.line(code, group, cell.reason_text or "suppressed")

    if report.notes:
        out.heading("Notes on this report")
        for note in report.notes:
            out.line("", note)

    ws.column_dimensions["A"].width = 40
    ws.column_dimensions["B"].width = 90
    ws.column_dimensions["C"].width = 45
