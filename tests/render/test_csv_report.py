"""CSV: one row per cell, a header row, and no figures at all on a suppressed row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from surveys.render.csv_report import COLUMNS, write_csv
from surveys.report_model import Indicator
from tests.fixtures_reports import sample_report

FIGURES = ("n", "count", "percent", "ci_low", "ci_high")


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_cell_with_the_json_columns_and_a_title() -> None:
    report = sample_report()
    stream = io.StringIO()
    write_csv(report, stream)
    text = stream.getvalue()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    rows = _rows(text)
    assert len(rows) == len(report.cells)
    key = ("wres5", "all", "white")
    first = next(r for r in rows if (r["indicator"], r["staff_group"], r["ethnic_group"]) == key)
    cell = report.cell(Indicator.WRES5, "all", "white")
    assert cell is not None and cell.percent is not None
    assert first["indicator_title"] == "Harassment from patients/public (WRES 5)"
    assert first["percent"] == f"{cell.percent:.2f}"
    assert first["n"] == str(cell.n) and first["suppressed"] == "false"


def test_suppressed_rows_have_empty_figures() -> None:
    stream = io.StringIO()
    write_csv(sample_report(), stream)
    suppressed = [r for r in _rows(stream.getvalue()) if r["suppressed"] == "true"]
    assert suppressed
    assert all(r[f] == "" for r in suppressed for f in FIGURES)


def test_writes_plain_utf8_to_a_path(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    write_csv(sample_report(), target)
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8").startswith("indicator,indicator_title,")
