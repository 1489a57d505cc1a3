"""Exact linear algebra over released sums: is there a set of columns with a small total
whose sum the released rows pin down, and which rows pin it down?

Rows are the sets of columns a released figure adds up; each column holds a count n. A
set S is pinned down when its indicator vector lies in the rational row space. We look
for such an S with 0 < n(S) < k. Everything that decides is exact (FLINT's integer RREF);
the mixed-integer solver only proposes candidates, each checked again exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import flint
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

Row = frozenset[int]


@dataclass(frozen=True, slots=True)
class Finding:
    columns: frozenset[int]  # the set whose total is pinned down
    rows_used: frozenset[int]  # indices of the input rows one exact derivation uses


def _atoms(rows: Sequence[Row]) -> list[frozenset[int]]:
    """Columns every row takes together or not at all: no released sum tells them apart."""
    signature: dict[int, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        for column in row:
            signature[column].append(index)
    groups: dict[tuple[int, ...], set[int]] = defaultdict(set)
    for column, members in signature.items():
        groups[tuple(members)].add(column)
    return [frozenset(g) for g in groups.values()]


class _Reduced:
    """The rows over atoms, after removing every atom that one row alone pins down.

    Columns with n = 0 count as known to the reader (a stronger reader than the real
    one, so what is safe here is safe there). When a row fixes a single atom, its value
    can be subtracted from every other row without changing which other sets are fixed,
    so the atom leaves the problem; each row remembers which input rows it was built
    from, so a finding can name them.
    """

    def __init__(self, rows: Sequence[Row], n: Sequence[int], k: int) -> None:
        positive = [frozenset(c for c in row if n[c] > 0) for row in rows]
        self.members = _atoms(positive)
        self.n = [sum(n[c] for c in atom) for atom in self.members]
        of_column = {c: i for i, atom in enumerate(self.members) for c in atom}
        self.rows: dict[Row, frozenset[int]] = {}
        for index, row in enumerate(positive):
            atoms = frozenset(of_column[c] for c in row)
            if atoms and atoms not in self.rows:
                self.rows[atoms] = frozenset({index})
        self.found: Finding | None = None
        self._peel(k)

    def _peel(self, k: int) -> None:
        while True:
            for row, used in self.rows.items():
                if sum(self.n[a] for a in row) < k:
                    self.found = Finding(self.columns_of(row), used)
                    return
            singles = {next(iter(r)): used for r, used in self.rows.items() if len(r) == 1}
            if singles:
                peeled: dict[Row, frozenset[int]] = {}
                for row, used in self.rows.items():
                    gone = row & singles.keys()
                    rest = row - gone
                    if rest and rest not in peeled:
                        peeled[rest] = used.union(*(singles[a] for a in gone))
                self.rows = peeled
            elif not self._subtract_nested():
                return

    def _subtract_nested(self) -> bool:
        """Replace a row B holding a smaller row A by B - A (Q3 less July, say): the span
        is the same, and the rows get smaller. True when anything changed."""
        changed = False
        done: dict[Row, frozenset[int]] = {}
        for row in sorted(self.rows, key=len):
            used = self.rows[row]
            for smaller in [r for r in done if len(r) < len(row)]:
                if smaller < row:
                    row, used = row - smaller, used | done[smaller]
                    changed = True
            if row and row not in done:
                done[row] = used
        self.rows = done
        return changed

    def columns_of(self, atoms: Iterable[int]) -> frozenset[int]:
        return frozenset(c for a in atoms for c in self.members[a])


def _rref(dense: list[list[int]]) -> tuple[list[list[int]], int, int]:
    """Reduced row echelon form over the rationals as (integer rows, denominator, rank)."""
    reduced, denominator, rank = flint.fmpz_mat(dense).rref()
    return [[int(v) for v in row] for row in reduced.tolist()[:rank]], int(denominator), rank


def _pivot(row: Sequence[int]) -> int:
    return next(c for c, value in enumerate(row) if value)


@dataclass(frozen=True, slots=True)
class _SmallSpan:
    """Basis of (row space) ∩ span(small atoms): rows over the small atoms, / denominator."""

    small: list[int]
    basis: list[list[int]]
    pivots: list[int]
    denominator: int


def _small_span(rows: Sequence[Row], live: Sequence[int], n: Sequence[int], k: int) -> _SmallSpan:
    # Big atoms first: after elimination the rows whose pivot is a small column are zero
    # on every big one, and together they span the intersection.
    big = [a for a in live if n[a] >= k]
    small = [a for a in live if n[a] < k]
    position = {a: i for i, a in enumerate(big + small)}
    dense = [[0] * len(position) for _ in rows]
    for r, row in enumerate(rows):
        for a in row:
            dense[r][position[a]] = 1
    reduced, denominator, _ = _rref(dense)
    kept = [row[len(big) :] for row in reduced if _pivot(row) >= len(big)]
    return _SmallSpan(small, kept, [_pivot(row) for row in kept], denominator)


def _as_zero_one(span: _SmallSpan, chosen: Iterable[int]) -> list[int] | None:
    total = [0] * len(span.small)
    for i in chosen:
        total = [a + b for a, b in zip(total, span.basis[i], strict=True)]
    if all(v in (0, span.denominator) for v in total):
        return [c for c, v in enumerate(total) if v]
    return None


def _components(span: _SmallSpan) -> list[list[int]]:
    """Basis rows grouped so that no two groups share a column: a 0/1 vector of the
    span with a small weight has a part of small weight inside one group alone."""
    parent = list(range(len(span.basis)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, row in enumerate(span.basis):
        for c, value in enumerate(row):
            if value:
                if c in owner:
                    parent[root(i)] = root(owner[c])
                else:
                    owner[c] = i
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(span.basis)):
        groups[root(i)].append(i)
    return list(groups.values())


def _enumerate(
    span: _SmallSpan, rows: list[int], weights: Sequence[int], k: int
) -> list[int] | None:
    """Every choice of pivots of a small group whose pivot weights stay under k."""
    choices = (np.arange(1, 2 ** len(rows))[:, None] >> np.arange(len(rows))) & 1
    pivot_weight = choices @ np.array([weights[span.pivots[i]] for i in rows])
    for choice in choices[pivot_weight < k]:
        hit = _as_zero_one(span, [rows[i] for i in np.flatnonzero(choice)])
        if hit is not None and sum(weights[c] for c in hit) < k:
            return hit
    return None


def _search(span: _SmallSpan, weights: Sequence[int], k: int) -> list[int] | None:
    """Positions of a 0/1 vector of the span with weight in [1, k-1], or None."""
    for i in range(len(span.basis)):  # one basis row is often the whole answer
        hit = _as_zero_one(span, [i])
        if hit is not None and sum(weights[c] for c in hit) < k:
            return hit
    for rows in _components(span):
        if len(rows) == 1:
            continue
        found = (
            _enumerate(span, rows, weights, k)
            if len(rows) <= 12
            else _solve(span, rows, weights, k)
        )
        if found is not None:
            return found
    return None


def _solve(span: _SmallSpan, rows: list[int], weights: Sequence[int], k: int) -> list[int] | None:
    """A larger group: in reduced echelon form a vector of the span is fixed by its values
    at the pivots, so we choose those (binary) and ask the others to come out 0 or 1.
    HiGHS proposes; each proposal is checked exactly, and a wrong one is cut off."""
    pivots = [span.pivots[i] for i in rows]
    columns = sorted({c for i in rows for c, v in enumerate(span.basis[i]) if v})
    free = [c for c in columns if c not in set(pivots)]
    d = len(rows)
    size = d + len(free)
    # z_j * denominator = sum_i t_i * basis[i][j] for every free column j.
    equations = np.zeros((len(free), size))
    for j, column in enumerate(free):
        equations[j, :d] = [-span.basis[i][column] for i in rows]
        equations[j, d + j] = span.denominator
    weight_line = np.array([weights[p] for p in pivots] + [weights[c] for c in free], float)
    cuts: list[np.ndarray] = []
    for _ in range(50):
        constraints = [LinearConstraint(weight_line, 1, k - 1)]
        if free:
            constraints.append(LinearConstraint(equations, 0, 0))
        constraints += [LinearConstraint(c, -np.inf, float((c > 0).sum() - 1)) for c in cuts]
        result = milp(np.zeros(size), constraints=constraints, integrality=np.ones(size),
                      bounds=Bounds(0, 1))  # fmt: skip
        if result.x is None:
            return None
        chosen = [i for i in range(d) if result.x[i] > 0.5]
        hit = _as_zero_one(span, [rows[i] for i in chosen])
        if hit is not None and 0 < sum(weights[c] for c in hit) < k:
            return hit
        cut = np.zeros(size)
        cut[chosen] = 1.0
        cut[[i for i in range(d) if i not in chosen]] = -1.0
        cuts.append(cut)
    raise ArithmeticError("the solver kept proposing sets that exact arithmetic rejects")


def _rows_used(rows: Sequence[Row], target: Row) -> set[int]:
    """Rows with a non-zero weight in one exact way of writing `target` as their sum;
    earlier rows are preferred (elimination picks pivots from the left)."""
    atoms = sorted({a for row in rows for a in row} | target)
    position = {a: i for i, a in enumerate(atoms)}
    dense = [[0] * (len(rows) + 1) for _ in atoms]
    for j, row in enumerate(rows):
        for a in row:
            dense[position[a]][j] = 1
    for a in target:
        dense[position[a]][len(rows)] = 1
    reduced, _, _ = _rref(dense)
    return {_pivot(row) for row in reduced if _pivot(row) < len(rows) and row[len(rows)]}


def find_small_set(rows: Sequence[Row], n: Sequence[int], k: int) -> Finding | None:
    """A set of columns with 0 < n(S) < k whose total `rows` determine, or None."""
    reduced = _Reduced(rows, n, k)
    if reduced.found is not None:
        return reduced.found
    left = list(reduced.rows)
    live = sorted({a for row in left for a in row})
    if not left or all(reduced.n[a] >= k for a in live):
        return None
    span = _small_span(left, live, reduced.n, k)
    hit = _search(span, [reduced.n[a] for a in span.small], k)
    if hit is None:
        return None
    target = frozenset(span.small[c] for c in hit)
    used = frozenset().union(*(reduced.rows[left[j]] for j in _rows_used(left, target)))
    return Finding(reduced.columns_of(target), used)


def in_span(rows: Iterable[Row], target: Row) -> bool:
    """Whether the 0/1 vector of `target` is a rational combination of `rows` (exact)."""
    rows = sorted(set(rows), key=sorted)
    if not target:
        return True
    covered = {c for row in rows for c in row}
    if not target <= covered:
        return False
    columns = sorted(covered)
    position = {c: i for i, c in enumerate(columns)}

    def dense(row: Row) -> list[int]:
        line = [0] * len(columns)
        for c in row:
            line[position[c]] = 1
        return line

    matrix = [dense(r) for r in rows]
    return bool(flint.fmpz_mat([*matrix, dense(target)]).rank() == flint.fmpz_mat(matrix).rank())
