"""One row per report cell, as plain UTF-8 CSV with a header row, for spreadsheets and R."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TextIO

from surveys.render.json_report import cell_to_json
from surveys.render.tables import cells_for, indicators_in
from surveys.render.text import INDICATOR_TITLES
from surveys.report_model import Report

COLUMNS: tuple[str, ...] = (
    "indicator",
    "indicator_title",
    "staff_group",
    "ethnic_group",
    "n",
    "count",
    "percent",
    "ci_low",
    "ci_high",
    "suppressed",
    "reason",
)
_FIGURES = ("percent", "ci_low", "ci_high")


def csv_rows(report: Report) -> list[dict[str, str]]:
    """The rows as text; a suppressed row has empty figures, never zeros."""
    rows = []
    for indicator in indicators_in(report):
        for cell in cells_for(report, indicator):
            data = cell_to_json(cell)
            row = {column: "" for column in COLUMNS}
            row.update(
                indicator=str(indicator),
                indicator_title=INDICATOR_TITLES[indicator],
                staff_group=cell.staff_group,
                ethnic_group=cell.ethnic_group,
                suppressed="true" if cell.suppressed else "false",
                reason=cell.reason_text or "" if cell.suppressed else "",
            )
            if not cell.suppressed:
                row["n"] = str(data["n"])
                row["count"] = str(data["count"])
                for column in _FIGURES:
                    value = data[column]
                    assert isinstance(value, float | int)
                    row[column] = f"{value:.2f}"
            rows.append(row)
    return rows


def _write(report: Report, stream: TextIO) -> None:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(csv_rows(report))


def write_csv(report: Report, path_or_stream: str | Path | TextIO) -> None:
    if isinstance(path_or_stream, str | Path):
        with open(path_or_stream, "w", encoding="utf-8", newline="") as stream:
            _write(report, stream)
    else:
        _write(report, path_or_stream)
