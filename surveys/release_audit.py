"""The release auditor: every figure that leaves the system, checked against every figure
that ever left it, so that no sum, difference or other linear combination of released
figures pins down the count of 1 to k-1 respondents.

Units are the finest pieces data arrives in: a batch (a pulse round, or one import of
late or paper answers) x staff category x broad ethnic group. A released figure (a cell's
n and count, whatever form it takes: percent with interval, gap, change, p-value, trend
point) is the sum of its units. A set S of units is disclosed when the released sums
determine its total exactly (1_S lies in their row space) while 0 < n_S < k.

Decisions depend only on how many answered each question in each unit (n), never on
what they answered, so a refusal itself tells nothing (simulatable auditing).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from surveys.exact_span import find_small_set
from surveys.frame import ETHNIC_CATEGORIES, NOT_STATED, STAFF_CATEGORIES
from surveys.report_model import ALL

Unit = tuple[str, str, str]  # (batch id, staff category, broad ethnic category)
# indicator (an Indicator value, or "responses" for a plain count of answers) -> unit -> n.
# Units with n = 0 may be left out.
UnitCounts = Mapping[str, Mapping[Unit, int]]

# Which broad ethnic categories each reported ethnic group sums.
ETHNIC_MEMBERS: dict[str, frozenset[str]] = {
    ALL: frozenset(ETHNIC_CATEGORIES),
    "white": frozenset({"white"}),
    "bme": frozenset({"mixed", "asian", "black", "other"}),
    NOT_STATED: frozenset({NOT_STATED}),
    "mixed": frozenset({"mixed"}),
    "asian": frozenset({"asian"}),
    "black": frozenset({"black"}),
    "other": frozenset({"other"}),
}


def staff_members(staff_group: str) -> frozenset[str]:
    """Staff categories a reported staff group sums ("all" includes staff not stated)."""
    return frozenset(STAFF_CATEGORIES) if staff_group == ALL else frozenset({staff_group})


@dataclass(frozen=True, slots=True)
class Scope:
    """One period's worth of figures in a release: its label and the batches it pools."""

    label: str  # "2026-Q3", "2026-09"
    batches: frozenset[str]


@dataclass(frozen=True, slots=True)
class Figure:
    """One released (or candidate) cell: it reveals the n and count of its units."""

    scope: Scope
    indicator: str
    staff_group: str  # "all" or a staff category other than not stated
    ethnic_group: str  # a key of ETHNIC_MEMBERS

    def units(self) -> frozenset[tuple[str, str, str]]:
        return frozenset(
            (batch, staff, ethnic)
            for batch in self.scope.batches
            for staff in staff_members(self.staff_group)
            for ethnic in ETHNIC_MEMBERS[self.ethnic_group]
        )


@dataclass(frozen=True, slots=True)
class PastRelease:
    """A release already made, as the history holds it."""

    release_id: str
    label: str  # what people called it: "the 2026-Q3 report"
    released_at: datetime
    figures: tuple[Figure, ...]


class Reason(StrEnum):
    RELEASED = "released"
    TOO_FEW = "too_few"  # fewer than k answered (none included: the two look the same)
    COMPLEMENTARY = "complementary"  # hidden so that another figure cannot be worked out
    HISTORY = "history"  # would reveal a group when set against an earlier release


@dataclass(frozen=True, slots=True)
class Decision:
    figure: Figure
    reason: Reason
    against: PastRelease | None = None  # the earlier release, for Reason.HISTORY

    @property
    def released(self) -> bool:
        return self.reason is Reason.RELEASED


@dataclass(frozen=True, slots=True)
class Disclosure:
    """Evidence of a leak: a set of units whose total the figures fix, with 0 < n < k."""

    indicator: str
    units: frozenset[Unit]
    n: int
    figures_used: tuple[Figure, ...] = field(default=())


class HistoryUnsafe(Exception):
    """The recorded history itself discloses a group (it was damaged or tampered with)."""


class Columns:
    """Numbers the units of one indicator, so figures become rows. A unit nobody
    answered is a column too: readers cannot tell it is empty (an empty cell looks like
    a small one), so it may hide another."""

    def __init__(self, counts: Mapping[Unit, int]) -> None:
        self._counts = counts
        self.index: dict[Unit, int] = {}
        self.units: list[Unit] = []
        self.n: list[int] = []

    def row(self, figure: Figure) -> frozenset[int]:
        for unit in figure.units():
            if unit not in self.index:
                self.index[unit] = len(self.units)
                self.units.append(unit)
                self.n.append(int(self._counts.get(unit, 0)))
        return frozenset(self.index[u] for u in figure.units())

    def total(self, figure: Figure) -> int:
        return sum(self.n[c] for c in self.row(figure))


def find_disclosure(figures: Sequence[Figure], counts: UnitCounts, k: int) -> Disclosure | None:
    """A set of 1 to k-1 respondents whose count `figures` determine, or None when safe."""
    for indicator in sorted({f.indicator for f in figures}):
        columns = Columns(counts.get(indicator, {}))
        mine = [f for f in figures if f.indicator == indicator]
        found = find_small_set([columns.row(f) for f in mine], columns.n, k)
        if found is not None:
            units = frozenset(columns.units[c] for c in found.columns)
            n = sum(columns.n[c] for c in found.columns)
            return Disclosure(indicator, units, n, tuple(mine[i] for i in sorted(found.rows_used)))
    return None


def plan_release(
    candidates: Sequence[Figure],
    history: Sequence[PastRelease],
    counts: UnitCounts,
    k: int,
) -> dict[Figure, Decision]:
    """Which candidates may be released on top of `history`, and why each other is not.

    Candidates come in order of importance (the report's own headline cells first); the
    plan keeps the most useful ones. Raises HistoryUnsafe when `history` alone discloses.
    """
    from surveys.release_plan import plan  # the planner builds on the types above

    return plan(candidates, history, counts, k)
