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
    """Every set of columns holding 1 to k-1 people whose total the rows determine.
    Columns nobody is in are unknowns like the rest: a reader cannot tell them empty."""
    found = []
    for size in range(1, len(n) + 1):
        for subset in combinations(range(len(n)), size):
            total = sum(n[c] for c in subset)
            if 0 < total < k and determined(rows, frozenset(subset), len(n)):
                found.append(frozenset(subset))
    return found
