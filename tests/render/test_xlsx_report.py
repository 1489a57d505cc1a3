"""XLSX: a sheet per indicator plus Notes, suppressed cells as words, reproducible bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from surveys.questions import QUESTIONS_BY_ID
from surveys.render.text import INDICATOR_CODES, suppressed_text
from surveys.render.xlsx_report import write_xlsx, xlsx_bytes
from tests.fixtures_reports import sample_report


@pytest.fixture(scope="module")
def workbook() -> Workbook:
    return load_workbook(io.BytesIO(xlsx_bytes(sample_report())))


def _texts(workbook: Workbook, sheet: str) -> list[str]:
    return [str(v) for row in workbook[sheet].iter_rows(values_only=True) for v in row if v]


def test_a_sheet_per_indicator_and_notes(workbook: Workbook) -> None:
    report = sample_report()
    indicators = dict.fromkeys(c.indicator for c in report.cells)
    expected = [INDICATOR_CODES[i] for i in indicators] + ["Notes"]
    assert workbook.sheetnames == expected
    assert {"WRES 5", "WRES 6", "WRES 7", "WRES 8"} <= set(workbook.sheetnames)
    assert all(len(name) <= 31 for name in workbook.sheetnames)


def test_notes_hold_the_exact_q14a_wording_and_disclosure_rules(workbook: Workbook) -> None:
    notes = _texts(workbook, "Notes")
    assert QUESTIONS_BY_ID["q14a"].wording in notes
    assert any("Complementary suppression" in t for t in notes)
    assert any("Wilson" in t for t in notes) and any("Fisher" in t for t in notes)
    assert sample_report().notes[0] in notes


def test_suppressed_cells_show_words_and_no_numbers(workbook: Workbook) -> None:
    report = sample_report()
    hidden = suppressed_text(report.min_group_size)
    ws = workbook["WRES 5"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0] and r[2] == hidden]
    expected = [c for c in report.suppressed_cells if c.indicator == "wres5"]
    assert len(rows) == len(expected) > 0
    assert all(value is None for row in rows for value in row[3:7])


def test_figures_are_numbers_with_formats_and_frozen_header(workbook: Workbook) -> None:
    ws = workbook["WRES 5"]
    assert ws.freeze_panes == "C5"
    header = [c.value for c in ws[4]]
    assert header[:3] == ["Staff group", "Ethnic group", "n (denominator)"]
    first = ws["E5"]
    assert isinstance(first.value, float) and first.number_format == "0.00"
    assert isinstance(ws["C5"].value, int)


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_xlsx(sample_report(), first)
    write_xlsx(sample_report(), second)
    assert first.read_bytes() == second.read_bytes()
    properties = load_workbook(first).properties
    assert properties.created is not None and properties.modified is not None
    assert (
        properties.created.isoformat() == properties.modified.isoformat() == "2026-10-01T09:00:00"
    )


def test_each_wres_sheet_carries_the_chart_as_a_picture(tmp_path: Path) -> None:
    target = tmp_path / "r.xlsx"
    write_xlsx(sample_report(), target)
    with zipfile.ZipFile(target) as archive:
        pictures = [n for n in archive.namelist() if n.startswith("xl/media/")]
        assert len(pictures) == 4  # WRES 5-8; supplementary sheets have no chart
        assert all(archive.read(n).startswith(b"\x89PNG") for n in pictures)
    loaded = load_workbook(target)
    assert len(loaded["WRES 5"]._images) == 1
