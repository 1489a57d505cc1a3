"""The earlier one-table disclosure control: primary and complementary suppression of one
aggregate by a greedy pass with a linear-algebra audit. Reports now go through the
release auditor (surveys.release_audit); this stays as the baseline bench/suppression.py
compares the auditor's choices with."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveys.aggregate import AGG_ETHNIC_GROUPS, AGG_STAFF_GROUPS, cell_arrays
from surveys.frame import NOT_STATED
from surveys.indicators import INDICATORS
from surveys.report_model import ALL, Indicator

CellKey = tuple[str, str, str]  # (indicator, staff_group, ethnic_group)
MIN_K = 5

_S, _E = len(AGG_STAFF_GROUPS), len(AGG_ETHNIC_GROUPS)


def _cell(staff: str, ethnic: str) -> int:
    return AGG_STAFF_GROUPS.index(staff) * _E + AGG_ETHNIC_GROUPS.index(ethnic)


def _relations() -> tuple[tuple[int, tuple[int, ...]], ...]:
    """Every (parent, children) additive relation of one indicator's table."""
    bme_parts = ("mixed", "asian", "black", "other")
    relations = []
    for s in AGG_STAFF_GROUPS:
        relations.append((_cell(s, ALL), tuple(_cell(s, e) for e in ("white", "bme", NOT_STATED))))
        relations.append((_cell(s, "bme"), tuple(_cell(s, e) for e in bme_parts)))
        relations.append(
            (_cell(s, ALL), tuple(_cell(s, e) for e in ("white", *bme_parts, NOT_STATED)))
        )
    for e in AGG_ETHNIC_GROUPS:
        relations.append((_cell(ALL, e), tuple(_cell(s, e) for s in AGG_STAFF_GROUPS[1:])))
    return tuple(relations)


RELATIONS = _relations()
# One row per relation: parent - sum(children) = 0.
CONSTRAINTS = np.zeros((len(RELATIONS), _S * _E))
for _row, (_parent, _children) in enumerate(RELATIONS):
    CONSTRAINTS[_row, _parent] = 1.0
    CONSTRAINTS[_row, list(_children)] = -1.0
# Cells of staff not stated are never shown, but they take part in every sum.
HIDDEN = np.array([i // _E == AGG_STAFF_GROUPS.index(NOT_STATED) for i in range(_S * _E)])


def determined(unknown: np.ndarray) -> np.ndarray:
    """Which unknown cells the relations fix given every other cell: cell i is fixed
    exactly when no vector in the null space of the unknown columns moves it."""
    result = np.zeros(unknown.shape, dtype=bool)
    columns = np.flatnonzero(unknown)
    if columns.size == 0:
        return result
    matrix = CONSTRAINTS[:, columns]
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > 1e-9).sum())
    null = vt[rank:]
    result[columns] = np.abs(null).max(axis=0, initial=0.0) < 1e-9
    return result


def _weight(cell: int) -> float:
    """What hiding a cell costs the reader. The White-BME comparison is the point of WRES,
    so when a shield must be chosen, a detail cell (mixed, asian, black, other, not
    stated) goes first, then a staff group's total, and a White or BME figure last."""
    staff, ethnic = AGG_STAFF_GROUPS[cell // _E], AGG_ETHNIC_GROUPS[cell % _E]
    weight = {"white": 100.0, "bme": 100.0, ALL: 10.0}.get(ethnic, 1.0)
    return weight * (1000.0 if staff == ALL else 1.0)


_WEIGHTS = np.array([_weight(i) for i in range(_S * _E)])


def _cost(n: np.ndarray, cell: int) -> tuple[float, int]:
    return (float(n[cell]) * _WEIGHTS[cell], cell)


def _choose(n: np.ndarray, candidates: Sequence[int], free: np.ndarray) -> int | None:
    usable = [c for c in candidates if free[c]]
    return min(usable, key=lambda c: _cost(n, c)) if usable else None


def _complement_pass(n: np.ndarray, k: int, protected: np.ndarray, unreleased: np.ndarray) -> bool:
    """One sweep of the partition rules; True when it suppressed anything."""
    changed = False
    for parent, children in RELATIONS:
        free = ~unreleased & (n > 0)  # zero cells hide nothing, so they cannot shield
        inside = [m for m in (parent, *children) if protected[m]]
        if not inside:
            continue
        held = sum(int(n[c]) for c in children if protected[c])
        if len(inside) == 1 or (not unreleased[parent] and 0 < held < k):
            pick = _choose(n, (parent, *children), free)
            if pick is not None:
                protected[pick] = unreleased[pick] = changed = True
    return changed


def _audit_pick(n: np.ndarray, protected: np.ndarray, unreleased: np.ndarray) -> int | None:
    """A released cell whose suppression stops a protected cell being worked out."""
    exposed = np.flatnonzero(determined(unreleased) & protected & (n > 0))
    if exposed.size == 0:
        return None
    target = int(exposed[0])
    free = ~unreleased & (n > 0)
    near = sorted(
        {m for p, cs in RELATIONS if target in (p, *cs) for m in (p, *cs) if free[m]},
        key=lambda c: _cost(n, c),
    )
    for candidate in near:
        trial = unreleased.copy()
        trial[candidate] = True
        if not determined(trial)[target]:
            return candidate
    fallback = near or sorted(np.flatnonzero(free).tolist(), key=lambda c: _cost(n, c))
    return fallback[0] if fallback else None


def _suppress_table(n: np.ndarray, k: int) -> np.ndarray:
    primary = (n > 0) & (n < k)
    # Hidden cells are unreleased; those below k also need protecting from subtraction.
    protected = primary.copy()
    unreleased = primary | HIDDEN
    while True:
        while _complement_pass(n, k, protected, unreleased):
            pass
        pick = _audit_pick(n, protected, unreleased)
        if pick is None:
            suppressed: np.ndarray = protected & ~HIDDEN
            return suppressed
        protected[pick] = unreleased[pick] = True


def suppress(agg: pd.DataFrame, k: int) -> frozenset[CellKey]:
    """Cells (outside the hidden not-stated staff rows) whose figures must not be shown."""
    if k < MIN_K:
        raise ValueError(f"the minimum cell size must be at least {MIN_K}, not {k}")
    cells: set[CellKey] = set()
    done: dict[bytes, np.ndarray] = {}  # q14a and wres5 share a table: solve it once
    for indicator in INDICATORS:
        n = cell_arrays(agg, indicator)[0].ravel()
        key = n.tobytes()
        if key not in done:
            done[key] = _suppress_table(n, k)
        cells.update(_key(indicator, int(i)) for i in np.flatnonzero(done[key]))
    return frozenset(cells)


def _key(indicator: Indicator, index: int) -> CellKey:
    return (indicator.value, AGG_STAFF_GROUPS[index // _E], AGG_ETHNIC_GROUPS[index % _E])


def recoverable_cells(
    agg: pd.DataFrame, suppressed: frozenset[CellKey] | set[CellKey], *, k: int | None = None
) -> set[CellKey]:
    """Suppressed cells with n > 0 that the released figures and the table's sums fix
    exactly (with k given, hidden not-stated cells below k too). Meant to be empty."""
    found: set[CellKey] = set()
    for indicator in INDICATORS:
        n = cell_arrays(agg, indicator)[0].ravel()
        unreleased = HIDDEN.copy()
        for _, staff, ethnic in (c for c in suppressed if c[0] == indicator.value):
            unreleased[_cell(staff, ethnic)] = True
        sensitive = unreleased & ~HIDDEN
        if k is not None:
            sensitive |= HIDDEN & (n < k)
        exposed = determined(unreleased) & sensitive & (n > 0)
        found.update(_key(indicator, int(i)) for i in np.flatnonzero(exposed))
    return found
