"""Renderers of the Report: JSON (docs/indicators.md#report-json), CSV, XLSX, HTML, charts."""

from __future__ import annotations

from surveys.render.charts import indicator_bars, trend_lines
from surveys.render.csv_report import write_csv
from surveys.render.html_report import render_html, write_html
from surveys.render.json_report import dumps_report, load_schema, report_to_json
from surveys.render.xlsx_report import write_xlsx, xlsx_bytes

__all__ = [
    "dumps_report",
    "indicator_bars",
    "load_schema",
    "render_html",
    "report_to_json",
    "trend_lines",
    "write_csv",
    "write_html",
    "write_xlsx",
    "xlsx_bytes",
]
