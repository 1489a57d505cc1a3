"""Exact linear algebra over released sums: is there a set of columns with a small total
whose sum the released rows pin down, and which rows pin it down?

Rows are the sets of columns a released figure adds up; each column holds a count n. A
set S is pinned down when its indicator vector lies in the rational row space. We look
for such an S with 0 < n(S) < k. Everything that decides is exact (FLINT's integer RREF);
the mixed-integer solver only proposes candidates, each checked again exactly.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

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
        positive = [frozenset(row) for row in rows]
        self.members = _atoms(positive)
        self.n = [sum(n[c] for c in atom) for atom in self.members]
        of_column = {c: i for i, atom in enumerate(self.members) for c in atom}
        self.rows: dict[Row, frozenset[int]] = {}
        for index, row in enumerate(positive):
            atoms = frozenset(of_column[c] for c in row)
            if atoms and atoms not in self.rows:
                self.rows[atoms] = frozenset({index})
        self.found: list[Finding] = []
        self._peel(k)

    def _peel(self, k: int) -> None:
        while True:
            self.found = [
                Finding(self.columns_of(row), used)
                for row, used in self.rows.items()
                if 0 < sum(self.n[a] for a in row) < k
            ]
            if self.found:
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
            elif not self._subtract_nested() and not self._merge_inseparable():
                return

    def _subtract_nested(self) -> bool:
        """Replace a row B holding a smaller row A by B - A (Q3 less July, say): the span
        is the same, and the rows get smaller. True when anything changed."""
        holding: dict[int, set[Row]] = defaultdict(set)
        for row in self.rows:
            for a in row:
                holding[a].add(row)
        changed = False
        for small in sorted(self.rows, key=len):
            if small not in self.rows:
                continue
            rarest = min(small, key=lambda a: len(holding[a]))
            for big in [r for r in holding[rarest] if len(r) > len(small) and small < r]:
                rest, used = big - small, self.rows.pop(big) | self.rows[small]
                for a in big:
                    holding[a].discard(big)
                if rest not in self.rows:
                    self.rows[rest] = used
                    for a in rest:
                        holding[a].add(rest)
                changed = True
        return changed

    def _merge_inseparable(self) -> bool:
        """Atoms that the remaining rows always take together become one. True when any
        did (a row may then cover a single atom, and peeling goes on)."""
        groups = _atoms(list(self.rows))
        if len(groups) == len({a for row in self.rows for a in row}):
            return False
        merged = {a: i for i, group in enumerate(groups) for a in group}
        self.members = [frozenset().union(*(self.members[a] for a in g)) for g in groups]
        self.n = [sum(self.n[a] for a in g) for g in groups]
        self.rows = {frozenset(merged[a] for a in row): used for row, used in self.rows.items()}
        return True

    def columns_of(self, atoms: Iterable[int]) -> frozenset[int]:
        return frozenset(c for a in atoms for c in self.members[a])


# Elimination runs modulo a 61-bit prime: exact arithmetic in that field, and over the
# rationals too unless the prime divides one particular minor of a 0/1 matrix (odds
# below 2**-40). Each set it finds is then confirmed over the rationals before it counts.
PRIME = 2**61 - 1
_BOUND = math.isqrt(PRIME // 2)


def _rref_mod(dense: list[list[int]]) -> tuple[flint.nmod_mat, list[int]]:
    """Reduced row echelon form modulo PRIME, and the pivot column of each non-zero row."""
    reduced, rank = flint.nmod_mat(dense, PRIME).rref()
    pivots, column = [], 0
    for r in range(rank):
        while int(reduced[r, column]) == 0:
            column += 1
        pivots.append(column)
        column += 1
    return reduced, pivots


@functools.lru_cache(maxsize=4096)
def _rational(residue: int) -> Fraction:
    """The small fraction a/b with a/b = residue (mod PRIME) (Wang's reconstruction)."""
    if residue < _BOUND:  # the usual case: a small whole number
        return Fraction(residue)
    r0, r1, s0, s1 = PRIME, residue, 0, 1
    while r1 > _BOUND:
        q = r0 // r1
        r0, r1, s0, s1 = r1, r0 - q * r1, s1, s0 - q * s1
    if s1 == 0 or abs(s1) > _BOUND:
        raise ArithmeticError("an entry of the echelon form is not a small fraction")
    return Fraction(r1, s1)


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
    reduced, pivots = _rref_mod(dense)
    kept = [r for r, p in enumerate(pivots) if p >= len(big)]
    fractions = [
        [_rational(int(reduced[r, len(big) + c])) for c in range(len(small))] for r in kept
    ]
    denominator = math.lcm(1, *{v.denominator for row in fractions for v in row})
    basis = [
        [v.numerator * (denominator // v.denominator) if v else 0 for v in row] for row in fractions
    ]
    return _SmallSpan(small, basis, [pivots[r] - len(big) for r in kept], denominator)


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
        if hit is not None and 0 < sum(weights[c] for c in hit) < k:
            return hit
    return None


def _search(span: _SmallSpan, weights: Sequence[int], k: int) -> list[list[int]]:
    """Positions of 0/1 vectors of the span with weight in [1, k-1]: every basis row that
    is one, else at most one found by search; empty when there is none."""
    singles = []
    for i in range(len(span.basis)):  # one basis row is often the whole answer
        hit = _as_zero_one(span, [i])
        if hit is not None and 0 < sum(weights[c] for c in hit) < k:
            singles.append(hit)
    if singles:
        return singles
    for rows in _components(span):
        if len(rows) == 1:
            continue
        found = (
            _enumerate(span, rows, weights, k)
            if len(rows) <= 12
            else _solve(span, rows, weights, k)
        )
        if found is not None:
            return [found]
    return []


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


def _rows_used(rows: Sequence[Row], targets: Sequence[Row]) -> list[set[int]]:
    """For each target, the rows with a non-zero weight in one exact way of writing it
    as their sum; earlier rows are preferred (elimination picks pivots from the left)."""
    atoms = sorted({a for row in rows for a in row}.union(*targets))
    position = {a: i for i, a in enumerate(atoms)}
    width = len(rows) + len(targets)
    dense = [[0] * width for _ in atoms]
    for j, row in enumerate([*rows, *targets]):
        for a in row:
            dense[position[a]][j] = 1
    reduced, pivots = _rref_mod(dense)
    return [
        {p for r, p in enumerate(pivots) if p < len(rows) and int(reduced[r, len(rows) + t])}
        for t in range(len(targets))
    ]


def find_small_sets(rows: Sequence[Row], n: Sequence[int], k: int) -> list[Finding]:
    """Sets of columns with 0 < n(S) < k whose totals `rows` determine: none when the
    rows are safe, else one or more (as many as one cheap pass turns up)."""
    reduced = _Reduced(rows, n, k)
    if reduced.found:
        return reduced.found
    left = list(reduced.rows)
    live = sorted({a for row in left for a in row})
    if not left or all(reduced.n[a] >= k for a in live):
        return []
    span = _small_span(left, live, reduced.n, k)
    hits = _search(span, [reduced.n[a] for a in span.small], k)
    targets = [frozenset(span.small[c] for c in hit) for hit in hits]
    findings = []
    for target, used in zip(targets, _rows_used(left, targets), strict=True):
        derivation = [left[j] for j in used]
        if not in_span(derivation, target):  # confirmed over the rationals, or not at all
            raise ArithmeticError("modular elimination disagreed with rational arithmetic")
        rows_used = frozenset().union(*(reduced.rows[row] for row in derivation))
        findings.append(Finding(reduced.columns_of(target), rows_used))
    return findings


def find_small_set(rows: Sequence[Row], n: Sequence[int], k: int) -> Finding | None:
    """A set of columns with 0 < n(S) < k whose total `rows` determine, or None."""
    found = find_small_sets(rows, n, k)
    return found[0] if found else None


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
