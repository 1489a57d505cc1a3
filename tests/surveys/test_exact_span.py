"""The exact span search against brute force over every subset, on small random cases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from surveys.exact_span import find_small_set, in_span
from tests.surveys.brute_force_audit import determined, small_sets

WIDTH = 7


@st.composite
def problems(draw: st.DrawFn) -> tuple[list[frozenset[int]], list[int], int]:
    n = draw(st.lists(st.integers(0, 14), min_size=WIDTH, max_size=WIDTH))
    rows = draw(
        st.lists(
            st.frozensets(st.integers(0, WIDTH - 1), min_size=1, max_size=WIDTH),
            max_size=9,
        )
    )
    k = draw(st.integers(5, 11))
    return rows, n, k


@settings(max_examples=300, deadline=None)
@given(problems())
def test_agrees_with_brute_force(problem: tuple[list[frozenset[int]], list[int], int]) -> None:
    rows, n, k = problem
    found = find_small_set(rows, n, k)
    expected = small_sets(rows, n, k)
    assert (found is not None) == bool(expected)
    if found is not None:
        assert 0 < sum(n[c] for c in found.columns) < k
        assert determined(rows, found.columns, WIDTH)
        used = [rows[i] for i in found.rows_used]
        assert determined(used, found.columns, WIDTH)


@settings(max_examples=200, deadline=None)
@given(problems(), st.frozensets(st.integers(0, WIDTH - 1)))
def test_in_span_agrees_with_fractions(
    problem: tuple[list[frozenset[int]], list[int], int], target: frozenset[int]
) -> None:
    rows, _, _ = problem
    assert in_span(rows, target) == determined(rows, target, WIDTH)


def test_quarter_less_two_months_is_found() -> None:
    # Columns: July, August, September for one group; September holds one person.
    rows = [frozenset({0, 1, 2}), frozenset({0}), frozenset({1})]
    found = find_small_set(rows, [20, 20, 1], 11)
    assert found is not None
    assert found.columns == frozenset({2})
    assert found.rows_used == frozenset({0, 1, 2})


def test_overlapping_ranges_are_found() -> None:
    # Calendar year (Jan-Dec) against financial year (Apr-Mar), with Jan-Mar of both
    # years released by quarter: the April-to-December part of one side is pinned down.
    jan_mar, apr_dec, next_jan_mar = 0, 1, 2
    rows = [
        frozenset({jan_mar, apr_dec}),
        frozenset({apr_dec, next_jan_mar}),
        frozenset({next_jan_mar}),
    ]
    found = find_small_set(rows, [30, 4, 30], 11)
    assert found is not None and found.columns == frozenset({apr_dec})


def test_safe_tables_pass() -> None:
    rows = [frozenset({0, 1}), frozenset({1, 2}), frozenset({0, 1, 2, 3})]
    assert find_small_set(rows, [30, 3, 30, 40], 11) is None
