"""The published LPT WRES figures, rebuilt from individual answers (docs/indicators.md#tests)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from surveys.aggregate import aggregate
from surveys.frame import decode_payloads
from surveys.periods import Period
from surveys.report import build_report
from surveys.report_model import Indicator
from tests.surveys.lpt_builder import (
    IMPORT_HEADER,
    import_csv,
    load_reference,
    reference_answers,
)

ROWS = load_reference()


@pytest.mark.parametrize("year", sorted({r.survey_year for r in ROWS}))
def test_report_gives_back_the_published_percentages(year: int) -> None:
    answers = reference_answers(year)
    month = f"{year}-10"  # NSS fieldwork runs in the autumn
    frame = decode_payloads([a.to_payload() for a in answers], [month] * len(answers))
    report = build_report(
        aggregate(frame),
        period=Period.year(year),
        k=11,
        recall="12 months",
        generated_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    # The grid is fixed: only cells nobody (or too few) answered are held back.
    assert {c.reason for c in report.suppressed_cells} <= {"too_few"}
    for row in (r for r in ROWS if r.survey_year == year):
        for staff in ("substantive", "all"):  # everyone in the reference is substantive
            cell = report.cell(Indicator(row.indicator), staff, row.ethnic_group)
            assert cell is not None and not cell.suppressed
            assert (cell.count, cell.n) == (row.count, row.n)
            assert cell.percent == pytest.approx(row.published_percent, abs=0.1), row


def test_wres6_reference_needs_respondent_level_counting() -> None:
    # Adding the per-question positives would overcount those harassed by both.
    answers = reference_answers(2018)
    frame = decode_payloads([a.to_payload() for a in answers], ["2018-10"] * len(answers))
    agg = aggregate(frame)
    white = agg[(agg.staff_group == "all") & (agg.ethnic_group == "white")]
    count = dict(zip(white["indicator"], white["count"].astype(int), strict=True))
    assert count["wres6"] == 374
    assert count["q14b"] + count["q14c"] > 374


def test_wres7_reference_includes_dont_know_answers_outside_the_denominator() -> None:
    answers = reference_answers(2017)
    dont_know = sum(1 for a in answers if a.answers.get("q15") == 9)
    assert dont_know > 0


def test_import_csv_holds_every_respondent() -> None:
    answers = reference_answers(2017)[:50]
    rows = list(csv.reader(io.StringIO(import_csv(answers, "2017-10"))))
    assert tuple(rows[0]) == IMPORT_HEADER
    assert len(rows) == 51
    assert rows[1][:3] == ["2017-10", "substantive", answers[0].ethnicity]
