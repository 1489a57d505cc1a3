"""The terminal table fits 80 columns and says "suppressed" rather than showing figures."""

from __future__ import annotations

from rich.console import Console

from bot.terminal.report_table import render_report_table
from surveys.render.text import INDICATOR_TITLES
from surveys.report_model import WRES_INDICATORS
from tests.fixtures_reports import sample_report


def _render() -> str:
    console = Console(record=True, width=80, file=open("/dev/null", "w"))  # noqa: SIM115
    try:
        render_report_table(sample_report(), console)
        return console.export_text()
    finally:
        console.file.close()


def test_names_every_wres_indicator_within_80_columns() -> None:
    text = _render()
    for indicator in WRES_INDICATORS:
        assert INDICATOR_TITLES[indicator] in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "WRES indicators 5–8 — pulse results for 2026-Q3" in text


def test_suppressed_groups_are_named_not_blank() -> None:
    lines = _render().splitlines()
    agency = [line for line in lines if line.startswith("Agency")]
    assert agency and all(line.split()[1:5] == ["too", "few", "too", "few"] for line in agency)
    assert any("+4.0" in line for line in lines if line.startswith("All staff"))
