"""The one-page summary: safe counts, careful sentences, and the caveats a board needs."""

from __future__ import annotations

import re
from dataclasses import replace

from surveys.render.html_report import render_html
from surveys.render.summary import summary_markdown, summary_page
from surveys.render.summary_text import answered, indicator_lines, sentence
from surveys.report_model import Cell, Comparison, Direction, Gap, Indicator
from tests.fixtures_reports import sample_report

TRUST = "Anytown NHS Foundation Trust"


def _significance_claims(text: str) -> list[str]:
    """Every 'significant' not negated by 'no statistically' or 'not statistically'."""
    return [
        m.group(0)
        for m in re.finditer(r"(\w+ )?(\w+ )?significant", text)
        if not re.match(r"(no|not) statistically", m.group(0))
    ]


def test_the_summary_opens_the_full_report_with_trust_and_period() -> None:
    page = render_html(sample_report(), trust=TRUST)
    assert f"<title>{TRUST}: WRES indicators 5–8" in page
    first_section = page.index("<section")
    assert page[first_section:].startswith('<section id="summary" class="summary-page"')
    assert f"Summary for {TRUST}, 2026-Q3" in page


def test_answered_counts_only_released_cells() -> None:
    report = sample_report()
    figures = answered(report)
    assert figures.indicator is not None
    cells = {
        s: report.cell(figures.indicator, s, "all") for s in ("all", "bank", "agency", "locum")
    }
    assert all(c is not None and not c.suppressed for c in cells.values())
    assert figures.overall == cells["all"].n  # type: ignore[union-attr]
    assert figures.flexible == sum(cells[s].n for s in ("bank", "agency", "locum"))  # type: ignore[union-attr,misc]


def test_the_bank_agency_locum_total_is_withheld_beside_a_suppressed_part() -> None:
    report = sample_report()
    chosen = answered(report).indicator
    cells = tuple(
        Cell(c.indicator, c.staff_group, c.ethnic_group, suppressed=True)
        if (c.indicator, c.staff_group, c.ethnic_group) == (chosen, "locum", "all")
        else c
        for c in report.cells
    )
    hidden = replace(report, cells=cells)
    assert answered(hidden).flexible is None
    assert "bank, agency and locum total is not shown" in summary_markdown(hidden, TRUST)


def test_sentences_never_call_a_non_significant_change_significant() -> None:
    report = sample_report()
    line = indicator_lines(report)[0]
    big_but_noisy = Comparison(
        Indicator.WRES5, "all", "bme", "2026-Q2", 9.5, 0.08, Direction.NO_SIGNIFICANT_CHANGE, "z"
    )
    wide_gap = Gap(Indicator.WRES5, "all", 6.0, -1.0, 13.0, 1.2)
    noisy = replace(line, against_previous=(big_but_noisy,), gap=wide_gap)
    text = sentence(noisy)
    assert "could be chance" in text and "no statistically significant change" in text
    assert _significance_claims(text) == []
    assert "improved" not in text and "deteriorated" not in text


def test_a_real_change_and_a_clear_gap_are_named_with_their_test() -> None:
    line = indicator_lines(sample_report())[0]
    real = Comparison(
        Indicator.WRES5, "all", "bme", "2026-Q2", -6.0, 0.002, Direction.IMPROVED, "z"
    )
    clear_gap = Gap(Indicator.WRES5, "all", 8.0, 3.0, 13.0, 1.3)
    text = sentence(replace(line, against_previous=(real,), gap=clear_gap))
    assert "BME staff have improved (−6.0 pp, p = 0.002)" in text
    assert "statistically significant difference" in text


def test_every_generated_sentence_is_careful() -> None:
    for line in indicator_lines(sample_report()):
        claims = _significance_claims(line.sentence)
        clear = line.gap is not None and (line.gap.gap_ci_low > 0 or line.gap.gap_ci_high < 0)
        assert len(claims) == (1 if clear else 0), line.sentence


def test_caveats_name_pulse_recall_and_suppression() -> None:
    text = summary_markdown(sample_report(), TRUST)
    assert text.startswith(f"# {TRUST}: WRES pulse summary, 2026-Q3")
    report = sample_report()
    hidden = len(report.suppressed_cells)
    assert "pulse survey" in text and "last 12 months" in text
    assert f"{hidden} of {len(report.cells)} figures in the full report are suppressed" in text


def test_a_suppressed_group_shows_no_figure_on_the_summary() -> None:
    report = sample_report()
    cells = tuple(
        Cell(c.indicator, c.staff_group, c.ethnic_group, suppressed=True)
        if (c.indicator, c.staff_group, c.ethnic_group) == (Indicator.WRES8, "all", "bme")
        else c
        for c in report.cells
    )
    page = summary_page(replace(report, cells=cells, gaps=()), TRUST)
    card = page[page.index("Discrimination from managers") :]
    assert "suppressed" in card[:400] and "gap" not in card[:400].lower()
