"""The report as an Excel workbook: one sheet per indicator and a Notes sheet.

Byte-for-byte reproducible: document properties and zip timestamps come from
generated_at, so two runs over the same report give the same file.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from surveys.render.tables import (
    cells_for,
    comparisons_for,
    gaps_for,
    indicator_info,
    indicators_in,
)
from surveys.render.text import (
    GAP_HEADING,
    INDICATOR_CODES,
    INDICATOR_TITLES,
    RELATIVE_LIKELIHOOD_HEADING,
    direction_word,
    ethnic_label,
    staff_label,
    suppressed_text,
)
from surveys.render.xlsx_chart import add_chart
from surveys.render.xlsx_notes import write_notes_sheet
from surveys.report_model import Indicator, Report

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
PCT = "0.00"
HEADER_ROW = 4
CORE_PART = "docProps/core.xml"
CELL_HEADERS = (
    "Staff group",
    "Ethnic group",
    "n (denominator)",
    "Count (numerator)",
    "Percent (%)",
    "95% CI low (%)",
    "95% CI high (%)",
)
WIDTHS = (16, 14, 16, 17, 12, 15, 15)


def _header(ws: Worksheet, row: int, headers: tuple[str, ...]) -> None:
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _put(ws: Worksheet, row: int, values: tuple[object, ...], pct_from: int = 99) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        if col >= pct_from and isinstance(value, float):
            cell.value = round(value, 2)  # the same figures as the JSON and CSV
            cell.number_format = PCT


def _cells_table(ws: Worksheet, report: Report, indicator: Indicator) -> int:
    _header(ws, HEADER_ROW, CELL_HEADERS)
    row = HEADER_ROW
    hidden = suppressed_text(report.min_group_size)
    for cell in cells_for(report, indicator):
        row += 1
        labels = (staff_label(cell.staff_group), ethnic_label(cell.ethnic_group))
        if cell.suppressed:
            _put(ws, row, (*labels, cell.reason_text or hidden))
            ws.merge_cells(start_row=row, start_column=3, end_row=row, end_column=7)
            ws.cell(row=row, column=3).font = Font(italic=True)
            continue
        figures = (cell.n, cell.count, cell.percent, cell.ci_low, cell.ci_high)
        _put(ws, row, (*labels, *figures), pct_from=5)
    return row


def _gaps_table(ws: Worksheet, report: Report, indicator: Indicator, row: int) -> int:
    gaps = gaps_for(report, indicator)
    if not gaps:
        return row
    ws.cell(row=row + 2, column=1, value=f"{GAP_HEADING}, percentage points").font = BOLD
    row += 3
    headers = ("Staff group", "Gap (pp)", "95% CI low", "95% CI high", RELATIVE_LIKELIHOOD_HEADING)
    _header(ws, row, headers)
    for gap in gaps:
        row += 1
        values = (gap.gap_pp, gap.gap_ci_low, gap.gap_ci_high, gap.relative_likelihood)
        _put(ws, row, (staff_label(gap.staff_group), *values), pct_from=2)
    return row


def _comparisons_table(ws: Worksheet, report: Report, indicator: Indicator, row: int) -> int:
    comparisons = comparisons_for(report, indicator)
    if not comparisons:
        return row
    ws.cell(row=row + 2, column=1, value="Comparisons").font = BOLD
    row += 3
    headers = ("Staff group", "Ethnic group", "Against", "Change (pp)", "p-value", "Test")
    _header(ws, row, (*headers, "Direction of travel"))
    for comp in comparisons:
        row += 1
        labels = (staff_label(comp.staff_group), ethnic_label(comp.ethnic_group), comp.against)
        p_value = float(f"{comp.p_value:.4g}")
        values = (comp.change_pp, p_value, comp.test, direction_word(comp.direction))
        _put(ws, row, (*labels, *values))
        ws.cell(row=row, column=4).value = round(comp.change_pp, 2)
        ws.cell(row=row, column=4).number_format = PCT
    return row


def _indicator_sheet(wb: Workbook, report: Report, indicator: Indicator) -> None:
    info = indicator_info(report, indicator)
    ws = wb.create_sheet(INDICATOR_CODES[indicator])
    title = f"{INDICATOR_TITLES[indicator]} — {report.period}"
    ws.cell(row=1, column=1, value=title).font = TITLE
    ws.cell(row=2, column=1, value=f"Numerator: {info.numerator}. Denominator: {info.denominator}.")
    row = _cells_table(ws, report, indicator)
    row = _gaps_table(ws, report, indicator, row)
    _comparisons_table(ws, report, indicator, row)
    add_chart(ws, report, indicator)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    for col, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + col)].width = width


def _timestamp(report: Report) -> datetime:
    stamp = datetime.fromisoformat(report.generated_at.replace("Z", "+00:00"))
    return stamp.replace(tzinfo=None)  # openpyxl stores naive UTC


def build_workbook(report: Report) -> Workbook:
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    for indicator in indicators_in(report):
        _indicator_sheet(wb, report, indicator)
    write_notes_sheet(wb.create_sheet("Notes"), report)
    stamp = _timestamp(report)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = "Big Conversation"
    wb.properties.title = f"WRES indicators 5–8 — pulse results for {report.period}"
    return wb


def _reproducible(data: bytes, stamp: datetime, core: bytes) -> bytes:
    """Fixed zip timestamps, and our core properties (openpyxl stamps "modified" on save)."""
    out = io.BytesIO()
    date_time = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            content = core if item.filename == CORE_PART else source.read(item.filename)
            target.writestr(info, content)
    return out.getvalue()


def xlsx_bytes(report: Report) -> bytes:
    buffer = io.BytesIO()
    workbook = build_workbook(report)
    workbook.save(buffer)
    stamp = _timestamp(report)
    workbook.properties.modified = stamp
    core = tostring(workbook.properties.to_tree())
    return _reproducible(buffer.getvalue(), stamp, core)


def write_xlsx(report: Report, path: str | Path) -> None:
    Path(path).write_bytes(xlsx_bytes(report))
