"""What the report hands the release auditor: unit counts per batch (n only), and the
candidate figures in order of importance."""

from __future__ import annotations

from surveys.aggregate import aggregate
from surveys.frame import frame_from_answers
from surveys.release_audit import Figure, Scope
from surveys.report_candidates import report_candidates
from surveys.report_model import STAFF_GROUPS_REPORTED
from surveys.response import validate_answers
from surveys.unit_counts import RESPONSES, aggregate_unit_counts, batch_unit_counts

YES = {"q14a": 1, "q14b": 1, "q14c": 2, "q14d": 3, "q15": 1, "q16a": 2, "q16b": 1}
NO = {**YES, "q16b": 2}


def _frame(answers: dict[str, int]) -> object:
    bank_black = validate_answers(ethnicity="14", staff_group="bank", answers=answers)
    white = validate_answers(ethnicity="01", staff_group="substantive", answers=NO)
    return frame_from_answers([bank_black, *[white] * 3], ["2026-07"] * 4)


def test_unit_counts_hold_how_many_answered_never_what() -> None:
    yes, no = _frame(YES), _frame(NO)
    counts = batch_unit_counts("r1", yes)  # type: ignore[arg-type]
    assert counts[RESPONSES] == {("r1", "bank", "black"): 1, ("r1", "substantive", "white"): 3}
    assert counts["wres8"] == counts[RESPONSES]
    assert batch_unit_counts("r1", no)["wres8"] == counts["wres8"]  # type: ignore[arg-type]
    from_agg = aggregate_unit_counts("r1", aggregate(yes))  # type: ignore[arg-type]
    assert {k: v for k, v in counts.items() if k != RESPONSES} == from_agg


def test_candidates_come_in_order_of_importance() -> None:
    now = Scope("2026-Q3", frozenset({"a", "b"}))
    before = Scope("2026-Q2", frozenset({"c"}))
    trend = [Scope("2026-Q2", frozenset({"c"})), now]
    figures = report_candidates(now, STAFF_GROUPS_REPORTED, previous=before, trend=trend)
    assert figures[0] == Figure(now, "wres5", "all", "white")
    assert len(figures) == len(set(figures))
    order = [(f.scope.label, f.staff_group, f.ethnic_group) for f in figures]
    headline = order.index(("2026-Q3", "all", "bme"))
    all_black = order.index(("2026-Q3", "all", "black"))
    bank_white = order.index(("2026-Q3", "bank", "white"))
    bank_black = order.index(("2026-Q3", "bank", "black"))
    previous = order.index(("2026-Q2", "all", "white"))
    assert headline < all_black < bank_white < bank_black < previous
    assert len([f for f in figures if f.scope == now]) == 10 * 7 * 8
