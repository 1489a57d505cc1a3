"""Shared wording: every indicator has a title and a sheet-safe code; formats are stable."""

from __future__ import annotations

import surveys.render as render
from surveys.render.text import (
    DIRECTION_WORDS,
    INDICATOR_CODES,
    INDICATOR_TITLES,
    fmt_ci,
    fmt_p,
    fmt_pct,
    fmt_pp,
    suppressed_text,
    suppression_explanation,
)
from surveys.report_model import Direction, Indicator


def test_every_indicator_and_direction_has_words() -> None:
    assert set(INDICATOR_TITLES) == set(Indicator) == set(INDICATOR_CODES)
    assert all(len(code) <= 31 for code in INDICATOR_CODES.values())
    assert set(DIRECTION_WORDS) == set(Direction)
    assert DIRECTION_WORDS[Direction.NO_SIGNIFICANT_CHANGE] == "no significant change"


def test_formats() -> None:
    assert fmt_pct(23.456) == "23.5%" and fmt_pct(None) == "–"
    assert fmt_ci(19.7, 27.64) == "19.7–27.6%"
    assert fmt_pp(-3.94) == "−3.9 pp" and fmt_pp(0.5) == "+0.5 pp"
    assert fmt_p(0.0004) == "p < 0.001" and fmt_p(0.41) == "p = 0.410"


def test_suppression_words_name_k() -> None:
    assert suppressed_text(11) == "suppressed"
    assert "fewer than 7 people" in suppression_explanation(7)


def test_public_surface() -> None:
    assert sorted(render.__all__) == [
        "dumps_report", "indicator_bars", "load_schema", "render_html", "report_to_json",
        "trend_lines", "write_csv", "write_html", "write_xlsx", "xlsx_bytes",
    ]  # fmt: skip
    assert all(callable(getattr(render, name)) for name in render.__all__)
