"""An independent check of the release auditor: every subset of units, tested one by one
with plain fractions (no FLINT, no solver, no peeling)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from itertools import combinations


def _rank(rows: Sequence[Sequence[Fraction]]) -> int:
    matrix = [list(r) for r in rows]
    rank, width = 0, len(matrix[0]) if matrix else 0
    for column in range(width):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][column] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column] != 0:
                factor = matrix[r][column] / matrix[rank][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def determined(rows: Iterable[frozenset[int]], target: frozenset[int], width: int) -> bool:
    """Whether the sum over `target` is a linear combination of the row sums."""
    dense = [[Fraction(int(c in row)) for c in range(width)] for row in rows]
    if not dense:
        return not target
    with_target = [*dense, [Fraction(int(c in target)) for c in range(width)]]
    return _rank(with_target) == _rank(dense)


def small_sets(rows: Sequence[frozenset[int]], n: Sequence[int], k: int) -> list[frozenset[int]]:
    """Every set of columns with 0 < n < k whose total the rows determine, when columns
    with n = 0 count as known (as the auditor assumes)."""
    positive = [c for c, value in enumerate(n) if value > 0]
    zero = frozenset(c for c, value in enumerate(n) if value == 0)
    known = [frozenset({c}) for c in zero]
    found = []
    for size in range(1, len(positive) + 1):
        for subset in combinations(positive, size):
            total = sum(n[c] for c in subset)
            if 0 < total < k and determined([*rows, *known], frozenset(subset), len(n)):
                found.append(frozenset(subset))
    return found
