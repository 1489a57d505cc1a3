"""Test helpers for disclosure control: tables from base counts, and an exact rational
check of recoverability that shares no code with the SVD audit it verifies."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import pandas as pd

from surveys.aggregate import AGG_ETHNIC_GROUPS, AGG_STAFF_GROUPS, from_base_counts
from surveys.disclosure import RELATIONS, CellKey
from surveys.frame import ETHNIC_CATEGORIES, STAFF_CATEGORIES
from surveys.report_model import Indicator

E = len(AGG_ETHNIC_GROUPS)


def table(values: Sequence[int], indicator: Indicator = Indicator.WRES8) -> pd.DataFrame:
    """An aggregate whose `indicator` has these 42 base n (staff x broad group)."""
    n = np.array(values, dtype=np.int64).reshape(len(STAFF_CATEGORIES), len(ETHNIC_CATEGORIES))
    return from_base_counts({indicator: n}, {indicator: n // 2})


def base(**cells: int) -> list[int]:
    """42 base n, all `large` except the named staff__broad cells."""
    values = [cells.pop("large", 40)] * (len(STAFF_CATEGORIES) * len(ETHNIC_CATEGORIES))
    for name, value in cells.items():
        staff, broad = name.split("__")
        values[
            STAFF_CATEGORIES.index(staff) * len(ETHNIC_CATEGORIES) + ETHNIC_CATEGORIES.index(broad)
        ] = value
    return values


def index(staff: str, ethnic: str) -> int:
    return AGG_STAFF_GROUPS.index(staff) * E + AGG_ETHNIC_GROUPS.index(ethnic)


def key_of(indicator: Indicator, i: int) -> CellKey:
    return (indicator.value, AGG_STAFF_GROUPS[i // E], AGG_ETHNIC_GROUPS[i % E])


def determined_exactly(unknown: set[int]) -> set[int]:
    """Unknown cells fixed by the relations once every other cell is known, by
    Gauss-Jordan elimination over the rationals: a pivot variable is fixed when its
    row holds no free variable."""
    columns = sorted(unknown)
    rows = []
    for parent, children in RELATIONS:
        row = [Fraction(0)] * len(columns)
        for cell, sign in ((parent, 1), *((c, -1) for c in children)):
            if cell in unknown:
                row[columns.index(cell)] += sign
        rows.append(row)
    pivots: list[int] = []
    r = 0
    for c in range(len(columns)):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        rows[r] = [x / rows[r][c] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(c)
        r += 1
    free = set(range(len(columns))) - set(pivots)
    return {
        columns[c]
        for row_index, c in enumerate(pivots)
        if all(rows[row_index][f] == 0 for f in free)
    }
