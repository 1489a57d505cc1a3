"""Random histories of releases (random ranges of batches, staff-group views), planned
one after another by the release auditor; afterwards an independent exact checker
(nullspace over units, a different method from the auditor's) looks for any set of units
with 0 < n < k whose total the released figures fix. It must find none.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from fractions import Fraction

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from surveys import release_audit
from surveys.release_audit import Figure, PastRelease, Scope, Unit

K = 5
BATCHES = ("b1", "b2", "b3")
STAFF = ("substantive", "bank")
ETHNIC = ("white", "black")
CELLS = [(s, e) for s in ("all", *STAFF) for e in ("all", "white", "bme", "black")]


def _nullspace(rows: list[list[int]], width: int) -> list[list[Fraction]]:
    matrix = [[Fraction(v) for v in row] for row in rows]
    pivots: list[int] = []
    rank = 0
    for column in range(width):
        found = next((r for r in range(rank, len(matrix)) if matrix[r][column]), None)
        if found is None:
            continue
        matrix[rank], matrix[found] = matrix[found], matrix[rank]
        lead = matrix[rank][column]
        matrix[rank] = [v / lead for v in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][column]:
                factor = matrix[r][column]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(column)
        rank += 1
    basis = []
    for free in (c for c in range(width) if c not in pivots):
        vector = [Fraction(0)] * width
        vector[free] = Fraction(1)
        for r, pivot in enumerate(pivots):
            vector[pivot] = -matrix[r][free]
        basis.append(vector)
    return basis


def disclosed_sets(figures: list[Figure], n: dict[Unit, int], k: int = K) -> list[frozenset[Unit]]:
    """Every union of atoms with 0 < n < k that the figures determine (brute force over
    the small atoms, a subset-sum table over the empty ones)."""
    signature: dict[Unit, tuple[int, ...]] = {}
    units = sorted({u for f in figures for u in f.units()})
    for unit in units:
        signature[unit] = tuple(i for i, f in enumerate(figures) if unit in f.units())
    groups: dict[tuple[int, ...], set[Unit]] = {}
    for unit, key in signature.items():
        groups.setdefault(key, set()).add(unit)
    atoms = [frozenset(g) for g in groups.values()]
    rows = [[int(bool(f.units() & atom)) for atom in atoms] for f in figures]
    null = _nullspace(rows, len(atoms))
    size = [sum(n.get(u, 0) for u in atom) for atom in atoms]
    column = [tuple(v[a] for v in null) for a in range(len(atoms))]
    zero = tuple(Fraction(0) for _ in null)
    # Which constraint values subsets of the empty atoms can reach (they add no people
    # but may complete a determined set): a subset-sum table over the nullspace.
    reachable = {zero}
    for a in (a for a in range(len(atoms)) if size[a] == 0 and column[a] != zero):
        reachable |= {tuple(x + y for x, y in zip(r, column[a], strict=True)) for r in reachable}
        assume(len(reachable) < 50_000)
    small = [a for a in range(len(atoms)) if 0 < size[a] < k]
    found = []
    for count in range(1, len(small) + 1):
        for part in itertools.combinations(small, count):
            if sum(size[a] for a in part) >= k:
                continue
            need = tuple(-sum(column[a][i] for a in part) for i in range(len(null)))
            if need in reachable:
                found.append(frozenset(u for a in part for u in atoms[a]))
    return found


scopes = st.sets(st.sampled_from(BATCHES), min_size=1).map(frozenset)
pulls = st.lists(st.tuples(scopes, st.sampled_from(("all", *STAFF))), min_size=2, max_size=4)
unit_sizes = st.dictionaries(
    st.tuples(st.sampled_from(BATCHES), st.sampled_from(STAFF), st.sampled_from(ETHNIC)),
    st.integers(min_value=1, max_value=9),
    min_size=3,
    max_size=9,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pulls=pulls, sizes=unit_sizes)
def test_no_history_of_releases_pins_down_a_small_group(
    pulls: list[tuple[frozenset[str], str]], sizes: dict[Unit, int]
) -> None:
    counts = {"wres5": dict(sizes)}
    history: list[PastRelease] = []
    for index, (batches, view) in enumerate(pulls):
        scope = Scope("+".join(sorted(batches)), batches)
        cells = [(s, e) for s, e in CELLS if view == "all" or s == view]
        candidates = [Figure(scope, "wres5", s, e) for s, e in cells]
        plan = release_audit.plan_release(candidates, history, counts, K)
        assert set(plan) == set(candidates)
        released = tuple(f for f, d in plan.items() if d.released)
        moment = datetime(2026, 1, 1 + index, tzinfo=UTC)
        history.append(PastRelease(str(index), f"release {index}", moment, released))
    everything = [f for past in history for f in past.figures]
    assert disclosed_sets(list(dict.fromkeys(everything)), counts["wres5"]) == []


def test_the_checker_finds_a_quarter_minus_its_months() -> None:
    quarter, july, august = (Scope(x, frozenset(b)) for x, b in
                             (("Q3", BATCHES), ("Jul", {"b1"}), ("Aug", {"b2"})))  # fmt: skip
    figures = [Figure(s, "wres5", "all", "black") for s in (quarter, july, august)]
    n = {("b1", "bank", "black"): 12, ("b2", "bank", "black"): 12, ("b3", "bank", "black"): 1}
    assert disclosed_sets(figures, n) == [frozenset(u for u in figures[0].units() if u[0] == "b3")]
    assert disclosed_sets(figures[:2], n) == []
