"""Refusal of range reports whose difference from a released report isolates < k people."""

from __future__ import annotations

import numpy as np
import pandas as pd

from surveys.aggregate import from_base_counts
from surveys.disclosure import isolation_problems
from surveys.frame import ETHNIC_CATEGORIES, STAFF_CATEGORIES
from surveys.report_model import Indicator

Q3 = frozenset({"2026-07", "2026-08", "2026-09"})
JUL_AUG = frozenset({"2026-07", "2026-08"})


def _agg(extra_bank_black: int = 0, everywhere: int = 0) -> pd.DataFrame:
    n = np.full((len(STAFF_CATEGORIES), len(ETHNIC_CATEGORIES)), 40 + everywhere)
    n[STAFF_CATEGORIES.index("bank"), ETHNIC_CATEGORIES.index("black")] += extra_bank_black
    return from_base_counts({Indicator.WRES5: n}, {Indicator.WRES5: n // 4})


def test_a_few_more_responses_are_refused_with_a_clear_message() -> None:
    problems = isolation_problems(_agg(4), Q3, [(JUL_AUG, _agg())], 11)
    assert problems == [
        "2026-Q3 differs from the released 2026-07..2026-08 report by only 4 responses in "
        "bank / black (wres5); that could identify someone, so it is refused."
    ]


def test_a_smaller_range_inside_a_released_one_is_refused_too() -> None:
    problems = isolation_problems(_agg(), JUL_AUG, [(Q3, _agg(1))], 11, new_label="Jul-Aug")
    assert len(problems) == 1
    assert problems[0].startswith(
        "Jul-Aug differs from the released 2026-Q3 report by only 1 response "
    )


def test_same_months_with_changed_data_are_checked() -> None:
    assert isolation_problems(_agg(2), Q3, [(Q3, _agg())], 11)
    assert isolation_problems(_agg(), Q3, [(Q3, _agg())], 11) == []


def test_differences_of_at_least_k_are_allowed() -> None:
    assert isolation_problems(_agg(11), Q3, [(JUL_AUG, _agg())], 11) == []
    assert isolation_problems(_agg(everywhere=20), Q3, [(JUL_AUG, _agg())], 11) == []


def test_overlapping_ranges_that_do_not_nest_are_not_compared() -> None:
    other = frozenset({"2026-08", "2026-09", "2026-10"})
    assert isolation_problems(_agg(3), Q3, [(other, _agg())], 11) == []


def test_one_message_per_released_report() -> None:
    released = [(JUL_AUG, _agg()), (frozenset({"2026-07"}), _agg(1))]
    problems = isolation_problems(_agg(4), Q3, released, 11)
    assert len(problems) == 2
    assert "the released 2026-07 report by only 3 responses" in problems[1]
