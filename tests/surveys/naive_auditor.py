"""A slow, test-only stand-in for the release auditor, used until the real one lands.

find_disclosure: per indicator, units are grouped into atoms (units no figure tells
apart), units nobody answered left out as if known to be empty (which only finds
more); elimination modulo a 61-bit prime, tracking which figures each reduced row
combines, finds every atom whose total the figures fix. It checks single atoms only,
which catches differences of nested ranges and partition complements; the real auditor
checks every set of units.
plan_release: fewer than k -> TOO_FEW, then drop the least important candidate used by
each disclosure found until none is left.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from surveys.release_audit import (
    Decision,
    Disclosure,
    Figure,
    HistoryUnsafe,
    PastRelease,
    Reason,
    Unit,
    UnitCounts,
)

PRIME = (1 << 61) - 1


def _n(figure: Figure, counts: UnitCounts) -> int:
    by_unit = counts.get(figure.indicator, {})
    return sum(by_unit.get(unit, 0) for unit in figure.units())


def _atoms(figures: Sequence[Figure], n: Mapping[Unit, int]) -> list[frozenset[Unit]]:
    # Units nobody answered are treated as known to be empty: that only finds more.
    signature: dict[Unit, list[int]] = defaultdict(list)
    for index, figure in enumerate(figures):
        for unit in figure.units():
            if n.get(unit, 0) > 0:
                signature[unit].append(index)
    groups: dict[tuple[int, ...], set[Unit]] = defaultdict(set)
    for unit, rows in signature.items():
        groups[tuple(rows)].add(unit)
    return [frozenset(units) for units in groups.values()]


def _determined_atoms(
    figures: Sequence[Figure], atoms: list[frozenset[Unit]]
) -> list[tuple[int, list[int]]]:
    """(atom index, figures combined) for every atom the figures fix on its own."""
    atom_of = {unit: a for a, units in enumerate(atoms) for unit in units}
    width, height = len(atoms), len(figures)
    rows = []
    for index, figure in enumerate(figures):
        row = [0] * (width + height)
        for unit in figure.units():
            if unit in atom_of:
                row[atom_of[unit]] = 1
        row[width + index] = 1
        rows.append(row)
    pivots: list[tuple[int, int]] = []
    rank = 0
    for column in range(width):
        found = next((r for r in range(rank, height) if rows[r][column]), None)
        if found is None:
            continue
        rows[rank], rows[found] = rows[found], rows[rank]
        inverse = pow(rows[rank][column], PRIME - 2, PRIME)
        rows[rank] = [v * inverse % PRIME for v in rows[rank]]
        for r in range(height):
            if r != rank and rows[r][column]:
                factor = rows[r][column]
                rows[r] = [
                    (a - factor * b) % PRIME for a, b in zip(rows[r], rows[rank], strict=True)
                ]
        pivots.append((rank, column))
        rank += 1
    result = []
    for r, column in pivots:
        if all(rows[r][c] == 0 for c in range(width) if c != column):
            used = [i for i in range(height) if rows[r][width + i]]
            result.append((column, used))
    return result


def find_disclosure(figures: Sequence[Figure], counts: UnitCounts, k: int) -> Disclosure | None:
    by_indicator: dict[str, list[Figure]] = defaultdict(list)
    for figure in dict.fromkeys(figures):
        by_indicator[figure.indicator].append(figure)
    for indicator, group in sorted(by_indicator.items()):
        by_unit = counts.get(indicator, {})
        atoms = _atoms(group, by_unit)
        for atom, used in _determined_atoms(group, atoms):
            n = sum(by_unit.get(unit, 0) for unit in atoms[atom])
            if 0 < n < k:
                return Disclosure(indicator, atoms[atom], n, tuple(group[i] for i in used))
    return None


def plan_release(
    candidates: Sequence[Figure],
    history: Sequence[PastRelease],
    counts: UnitCounts,
    k: int,
) -> dict[Figure, Decision]:
    past = [f for release in history for f in release.figures]
    if find_disclosure(past, counts, k) is not None:
        raise HistoryUnsafe("the recorded releases already disclose a group")
    ordered = list(dict.fromkeys(candidates))
    decisions = {f: Decision(f, Reason.TOO_FEW) for f in ordered if _n(f, counts) < k}
    released_before = set(past)
    # Figures of different indicators never combine: plan each indicator on its own.
    for indicator in dict.fromkeys(f.indicator for f in ordered):
        earlier = [f for f in past if f.indicator == indicator]
        kept = [f for f in ordered if f.indicator == indicator and f not in decisions]
        while (found := find_disclosure([*earlier, *kept], counts, k)) is not None:
            used = set(found.figures_used)
            droppable = [f for f in kept if f in used and f not in released_before]
            if not droppable:
                raise HistoryUnsafe("the recorded releases already disclose a group")
            victim = droppable[-1]
            kept.remove(victim)
            against = [r for r in history if used & set(r.figures)]
            if against:
                decisions[victim] = Decision(victim, Reason.HISTORY, against[-1])
            else:
                decisions[victim] = Decision(victim, Reason.COMPLEMENTARY)
        decisions.update({f: Decision(f, Reason.RELEASED) for f in kept})
    return {f: decisions[f] for f in ordered}
