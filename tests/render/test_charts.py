"""Charts: valid, described, deterministic SVG; suppression shown in words and hatching."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import matplotlib
import pytest

from surveys.render.charts import bars_figure, indicator_bars, trend_figure, trend_lines
from surveys.report_model import Indicator
from tests.fixtures_reports import sample_report

matplotlib.use("Agg")
SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("draw", [indicator_bars, trend_lines])
def test_svg_is_well_formed_titled_and_described(draw: object) -> None:
    assert callable(draw)
    svg = draw(sample_report(), Indicator.WRES8)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.attrib["role"] == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and "WRES 8" in (title.text or "")
    assert desc is not None and "suppressed" in (desc.text or "")
    assert "<metadata>" not in svg


def test_suppressed_slots_are_empty_and_labelled_and_the_baseline_is_in_the_legend() -> None:
    svg = indicator_bars(sample_report(), Indicator.WRES5)
    texts = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert texts.count("suppressed") == 4  # agency and locum, White and BME: words only
    assert "<pattern" not in svg  # no hatched bar that would read as data
    assert "NSS 2025 baseline" in texts


def test_chart_text_is_at_least_12_units_and_the_figure_fills_a_column() -> None:
    svg = indicator_bars(sample_report(), Indicator.WRES5)
    root = ET.fromstring(svg)
    sizes = [
        float(part.split(":")[1].replace("px", ""))
        for t in root.iter(f"{SVG}text")
        for part in (t.attrib.get("style") or "").split(";")
        if part.strip().startswith("font-size")
    ]
    assert sizes and min(sizes) >= 12
    width = float(root.attrib["width"].removesuffix("pt"))
    assert 600 <= width <= 976  # stretched to a 976 px column, so text is drawn >= 12 px
    assert "Agency: White suppressed, BME suppressed." in svg


def test_trend_marks_the_suppressed_period_in_words() -> None:
    svg = trend_lines(sample_report(), Indicator.WRES8)
    texts = [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "BME suppressed" in texts
    assert {"2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"} <= set(texts)


def test_output_is_deterministic_and_ids_are_unique_per_chart() -> None:
    report = sample_report()
    assert indicator_bars(report, Indicator.WRES6) == indicator_bars(report, Indicator.WRES6)
    first = indicator_bars(report, Indicator.WRES5)
    assert 'id="wres5-bars-' in first and "url(#wres5-bars-" in first


def test_the_same_figures_render_to_png_headless() -> None:
    for figure in (
        bars_figure(sample_report(), Indicator.WRES5),
        trend_figure(sample_report(), Indicator.WRES5),
    ):
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=50)
        assert buffer.getvalue().startswith(b"\x89PNG")
