"""Suppression: primary, complementary, hidden rows, and the guarantees as properties."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.aggregate import AGG_ETHNIC_GROUPS, AGG_STAFF_GROUPS, cell_arrays
from surveys.disclosure import HIDDEN, RELATIONS, recoverable_cells, suppress
from surveys.report_model import Indicator
from tests.surveys.disclosure_support import (
    base,
    determined_exactly,
    index,
    key_of,
    table,
)

IND = Indicator.WRES8


def _check_guarantees(values: list[int], k: int) -> frozenset[tuple[str, str, str]]:
    agg = table(values, IND)
    suppressed = suppress(agg, k)
    n = cell_arrays(agg, IND)[0].ravel()
    mine = {i for i in range(n.size) if key_of(IND, i) in suppressed}
    assert all(key[0] == IND.value for key in suppressed)
    # (a) nothing released holds 1..k-1 responses, and no zero cell is suppressed.
    for i in range(n.size):
        if not HIDDEN[i] and i not in mine:
            assert n[i] == 0 or n[i] >= k, key_of(IND, i)
    assert all(n[i] > 0 and not HIDDEN[i] for i in mine)
    # (b) no suppressed cell (nor hidden cell below k) can be worked out, by the audit
    # and by an independent exact elimination.
    assert recoverable_cells(agg, suppressed, k=k) == set()
    unknown = mine | {i for i in range(n.size) if HIDDEN[i]}
    sensitive = mine | {i for i in range(n.size) if HIDDEN[i] and 0 < n[i] < k}
    assert determined_exactly(unknown) & sensitive == set()
    # (c) the suppressed (or small hidden) children of a released parent hold 0 or >= k.
    for parent, children in RELATIONS:
        if parent not in unknown:
            held = sum(int(n[c]) for c in children if c in sensitive)
            assert held == 0 or held >= k, (key_of(IND, parent), held)
    return suppressed


small = st.one_of(st.just(0), st.integers(1, 12), st.integers(0, 60))


@settings(max_examples=200, deadline=None)
@given(st.lists(small, min_size=42, max_size=42), st.sampled_from([5, 11]))
def test_random_tables_keep_every_guarantee(values: list[int], k: int) -> None:
    _check_guarantees(values, k)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.one_of(st.just(0), st.integers(1, 4)), min_size=42, max_size=42),
    st.sampled_from([5, 11]),
)
def test_sparse_small_tables_keep_every_guarantee(values: list[int], k: int) -> None:
    _check_guarantees(values, k)


def test_k_below_five_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        suppress(table(base()), 4)


def test_large_table_suppresses_nothing() -> None:
    assert suppress(table(base()), 11) == frozenset()


def test_one_small_cell_gets_complements_in_its_row_and_column() -> None:
    suppressed = _check_guarantees(base(bank__black=3), 11)
    assert (IND.value, "bank", "black") in suppressed
    others = {(s, e) for _, s, e in suppressed} - {("bank", "black")}
    assert any(s == "bank" for s, _ in others)  # protects bank: bme = mixed + ... + other
    assert any(e == "black" for _, e in others)  # protects all: black = sum of staff groups


def test_zero_cells_are_neither_suppressed_nor_used_as_complements() -> None:
    values = base(large=0, substantive__white=50, substantive__black=3, substantive__asian=30)
    suppressed = _check_guarantees(values, 11)
    agg = table(values, IND)
    n = cell_arrays(agg, IND)[0]
    for _, s, e in suppressed:
        assert n[AGG_STAFF_GROUPS.index(s), AGG_ETHNIC_GROUPS.index(e)] > 0


def test_small_hidden_cell_is_protected() -> None:
    # 3 white staff did not say how they are employed: all / white minus the six staff
    # groups would give them away unless something else is held back.
    suppressed = _check_guarantees(base(not_stated__white=3), 11)
    assert suppressed
    assert all(s != "not_stated" for _, s, _ in suppressed)


def test_large_hidden_cells_cost_nothing() -> None:
    assert suppress(table(base(not_stated__white=300)), 11) == frozenset()


def test_the_checker_sees_what_primary_suppression_alone_leaves_open() -> None:
    agg = table(base(bank__black=3), IND)
    primary_only = {(IND.value, "bank", "black")}
    assert recoverable_cells(agg, primary_only) == primary_only
    assert index("bank", "black") in determined_exactly(
        {index("bank", "black")} | {i for i in range(HIDDEN.size) if HIDDEN[i]}
    )


def test_every_indicator_is_suppressed_on_its_own_table() -> None:
    values = np.array(base(locum__other=2))
    agg = table(values.tolist(), Indicator.WRES7)
    suppressed = suppress(agg, 11)
    assert {key[0] for key in suppressed} == {"wres7"}
