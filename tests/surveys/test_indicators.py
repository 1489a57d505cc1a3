"""Numerators and denominators of each indicator, judged on hand-built respondents."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from surveys.frame import frame_from_answers
from surveys.indicators import INDICATOR_INFO, indicator_masks, method_notes
from surveys.report_model import WRES_INDICATORS, Indicator
from surveys.response import PulseAnswers


def _count(
    indicator: Indicator, people: Sequence[Mapping[str, int]], grounds: list[set[int]] | None = None
) -> tuple[int, int]:
    answers = [
        PulseAnswers("01", None, a, frozenset((grounds or [set()] * len(people))[i]))
        for i, a in enumerate(people)
    ]
    answered, positive = indicator_masks(
        frame_from_answers(answers, ["2026-01"] * len(people)), indicator
    )
    assert not (positive & ~answered).any()
    return int(positive.sum()), int(answered.sum())


def test_wres5_counts_any_harassment_out_of_those_answering() -> None:
    people = [{"q14a": c} for c in (1, 2, 3, 4, 5)] + [{}, {"q14b": 3}]
    assert _count(Indicator.WRES5, people) == (4, 5)
    assert _count(Indicator.Q14A, people) == (4, 5)


def test_wres6_is_judged_per_respondent() -> None:
    people = [
        {"q14b": 2, "q14c": 3},  # both: counted once
        {"q14b": 1, "q14c": 4},
        {"q14b": 5},
        {"q14c": 1},
        {"q14b": 1, "q14c": 1},
        {"q14a": 3},  # answered neither: out
    ]
    assert _count(Indicator.WRES6, people) == (3, 5)
    assert _count(Indicator.Q14B, people) == (2, 4)
    assert _count(Indicator.Q14C, people) == (2, 4)


def test_wres7_leaves_dont_know_out() -> None:
    people = [{"q15": 1}, {"q15": 1}, {"q15": 2}, {"q15": 9}, {"q15": 9}, {}]
    assert _count(Indicator.WRES7, people) == (2, 3)


def test_wres8_and_q16a_are_yes_over_answered() -> None:
    people = [{"q16b": 1, "q16a": 2}, {"q16b": 2}, {"q16a": 1}, {}]
    assert _count(Indicator.WRES8, people) == (1, 2)
    assert _count(Indicator.Q16A, people) == (1, 2)


def test_q14d_leaves_dont_know_and_not_applicable_out() -> None:
    people = [{"q14d": c} for c in (1, 2, 3, 3, 4, 9)] + [{}]
    assert _count(Indicator.Q14D, people) == (2, 4)


def test_q16c_ethnic_is_a_share_of_those_citing_any_ground() -> None:
    people = [{"q16b": 1}] * 4
    assert _count(Indicator.Q16C_ETHNIC, people, [{1}, {1, 2}, {3}, set()]) == (2, 3)


@pytest.mark.parametrize("indicator", list(Indicator))
def test_every_indicator_is_described(indicator: Indicator) -> None:
    info = INDICATOR_INFO[indicator]
    assert info.title and info.numerator and info.denominator
    assert info.is_wres == (indicator in WRES_INDICATORS)
    assert info.higher_is_better == (indicator in (Indicator.WRES7, Indicator.Q14D))


def test_method_notes_mention_recall_and_k() -> None:
    notes = " ".join(method_notes(k=11, recall="3 months"))
    assert "fewer than 11" in notes and "last 3 months" in notes and "Don't know" in notes
