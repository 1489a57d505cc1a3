"""The reply export as CSV or XLSX bytes, with no time finer than the month inside.

Cells that a spreadsheet would run as a formula (text starting with =, +, -, @) are
prefixed with an apostrophe: the text comes from anyone and is opened by the EDI team.
The XLSX file's own dates (document properties, zip entries) are the first day of the
latest reply month, not the moment of export, and the file is reproducible.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.xml.functions import tostring

HEADER = ("prompt", "month", "reply_mode", "status", "text")
CORE_PART = "docProps/core.xml"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = tuple[str, str, str, str, str]


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_bytes(rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(tuple(safe_cell(cell) for cell in row) for row in rows)
    return out.getvalue().encode("utf-8")


def _stamp(rows: Sequence[Row]) -> datetime:
    latest = max((row[1] for row in rows), default="1980-01")
    return datetime.strptime(latest, "%Y-%m")  # the 1st at 00:00: month precision only


def _workbook(rows: Sequence[Row], title: str, stamp: datetime) -> Workbook:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = "Replies"
    sheet.append(HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(cell) for cell in row])
    for column, width in zip("ABCDE", (40, 10, 12, 10, 100), strict=True):
        sheet.column_dimensions[column].width = width
    for (cell,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "Big Conversation"
    wb.properties.title = f"Anonymous replies — {title}"[:250]
    return wb


def xlsx_bytes(rows: Sequence[Row], *, title: str) -> bytes:
    stamp = _stamp(rows)
    wb = _workbook(rows, title, stamp)
    buffer = io.BytesIO()
    wb.save(buffer)
    wb.properties.modified = stamp  # openpyxl stamps "now" on save; put the month back
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    date_time = (stamp.year, stamp.month, 1, 0, 0, 0)
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, core if item.filename == CORE_PART else source.read(item))
    return out.getvalue()
