"""Choosing what a release may show: hide the cells that would give a small group away,
losing as little as possible, and say for each hidden cell why.

Per indicator, in three steps, each run to a fixed point by the exact auditor:
1. fewer than k answered (none included, so an empty cell looks like a small one);
2. within each period of the release, cells that would let a hidden one be worked out;
3. the whole release against everything released before.
Each time a disclosing set is found, the least useful figure among those that pin it
down is hidden, and the check runs again.
"""

from __future__ import annotations

from collections.abc import Sequence

from surveys.exact_span import find_small_sets
from surveys.release_audit import (
    Columns,
    Decision,
    Figure,
    HistoryUnsafe,
    PastRelease,
    Reason,
    Scope,
    UnitCounts,
)
from surveys.report_model import ALL

# What losing a figure costs the reader. WRES is about the White-BME comparison, so those
# go last; then the totals; the detailed ethnic groups and small staff groups go first.
_ETHNIC_VALUE = {"white": 100, "bme": 100, ALL: 10}
_STAFF_VALUE = {ALL: 100}


def _value(figure: Figure, scope_rank: dict[Scope, int], n: int) -> tuple[int, int]:
    scope = 1000 if scope_rank[figure.scope] == 0 else 1
    weight = scope * _ETHNIC_VALUE.get(figure.ethnic_group, 1)
    weight *= _STAFF_VALUE.get(figure.staff_group, 1)
    return weight, n


class _IndicatorPlan:
    def __init__(
        self,
        candidates: Sequence[Figure],
        past: Sequence[tuple[PastRelease, Figure]],
        columns: Columns,
        k: int,
        scope_rank: dict[Scope, int],
    ) -> None:
        self.columns, self.k, self.past = columns, k, past
        self.decisions: dict[Figure, Decision] = {}
        self.released: list[Figure] = []
        already = {f for _, f in past}
        for figure in dict.fromkeys(candidates):
            if figure in already:  # out before, and nothing since: it tells nothing new
                self.decisions[figure] = Decision(figure, Reason.RELEASED)
            elif columns.total(figure) < k:
                self.decisions[figure] = Decision(figure, Reason.TOO_FEW)
            else:
                self.released.append(figure)
        self.value = {f: _value(f, scope_rank, columns.total(f)) for f in self.released}
        self._differences()

    def _differences(self) -> None:
        """The plain case first: a cell whose earlier release covers a part or a superset
        of its answers, and differs from it by 1 to k-1 (a month and its quarter, late
        rows for a month already out). Hiding these first keeps the search below from
        choosing a more useful cell to break the same subtraction."""
        earlier: dict[tuple[str, str], list[tuple[PastRelease, frozenset[int]]]] = {}
        for release, figure in self.past:
            key = (figure.staff_group, figure.ethnic_group)
            earlier.setdefault(key, []).append((release, self.columns.row(figure)))
        for figure in list(self.released):
            mine = self.columns.row(figure)
            for release, theirs in earlier.get((figure.staff_group, figure.ethnic_group), []):
                if mine != theirs and (mine < theirs or theirs < mine):
                    gap = sum(self.columns.n[c] for c in mine ^ theirs)
                    if 0 < gap < self.k:
                        self.released.remove(figure)
                        self.decisions[figure] = Decision(figure, Reason.HISTORY, release)
                        break

    def settle(self, scope: Scope | None) -> None:
        """Hide figures until one period of the release (without history), or the whole
        release (with history), discloses nothing."""
        past = self.past if scope is None else ()
        past_rows = [self.columns.row(f) for _, f in past]
        while True:
            mine = [f for f in self.released if scope is None or f.scope == scope]
            mine.sort(key=lambda f: self.value[f], reverse=True)
            rows = [*past_rows, *(self.columns.row(f) for f in mine)]
            findings = find_small_sets(rows, self.columns.n, self.k)
            if not findings:
                return
            picked: set[int] = set()
            for found in findings:
                used_new = {j - len(past_rows) for j in found.rows_used if j >= len(past_rows)}
                if not used_new:
                    raise HistoryUnsafe(
                        "Earlier releases already reveal a group of fewer than "
                        f"{self.k} people; nothing more can be released until this is looked at."
                    )
                if used_new & picked:
                    continue  # that way of working it out is already broken
                index = max(used_new)  # the least useful figure that takes part
                picked.add(index)
                used_past = [past[j][0] for j in found.rows_used if j < len(past_rows)]
                pick = mine[index]
                if used_past:
                    against = max(used_past, key=lambda r: r.released_at)
                    self.decisions[pick] = Decision(pick, Reason.HISTORY, against)
                else:
                    self.decisions[pick] = Decision(pick, Reason.COMPLEMENTARY)
            for index in picked:
                self.released.remove(mine[index])

    def restore(self, scope: Scope, history_checks: int = 4) -> None:
        """Hiding one figure at a time can hide more than needed (a later cut may make an
        earlier one pointless). Offer the hidden figures of the report's own period again,
        most useful first, and keep each that the exact check lets through. A figure that
        would disclose within its own period is turned down before the costlier check
        against the history, and only the first few of those are tried (each is a full
        check against every linked release)."""
        past_rows = [self.columns.row(f) for _, f in self.past]
        hidden = [
            f for f, d in self.decisions.items()
            if f.scope == scope and d.reason in (Reason.COMPLEMENTARY, Reason.HISTORY)
        ]  # fmt: skip
        hidden.sort(key=lambda f: self.value[f], reverse=True)
        for figure in hidden:
            local = [self.columns.row(f) for f in [*self.released, figure] if f.scope == scope]
            if find_small_sets(local, self.columns.n, self.k):
                continue
            if past_rows:
                if history_checks == 0:
                    continue
                history_checks -= 1
            rows = [*past_rows, *(self.columns.row(f) for f in [*self.released, figure])]
            if not find_small_sets(rows, self.columns.n, self.k):
                self.released.append(figure)
                del self.decisions[figure]

    def finish(self) -> dict[Figure, Decision]:
        for figure in self.released:
            self.decisions[figure] = Decision(figure, Reason.RELEASED)
        return self.decisions


def plan(
    candidates: Sequence[Figure],
    history: Sequence[PastRelease],
    counts: UnitCounts,
    k: int,
) -> dict[Figure, Decision]:
    scope_rank: dict[Scope, int] = {}
    for figure in candidates:
        scope_rank.setdefault(figure.scope, len(scope_rank))
    decisions: dict[Figure, Decision] = {}
    solved: dict[tuple[object, ...], dict[tuple[Scope, str, str], Decision]] = {}
    for indicator in dict.fromkeys(f.indicator for f in candidates):
        mine = [f for f in candidates if f.indicator == indicator]
        past = [(r, f) for r in history for f in r.figures if f.indicator == indicator]
        # Indicators with the same counts and the same history (wres5 and q14a) are one
        # problem: solve it once, so their patterns also agree.
        problem = (
            tuple(sorted(counts.get(indicator, {}).items())),
            tuple(_shape(f) for f in mine),
            tuple((r.release_id, _shape(f)) for r, f in past),
        )
        if problem not in solved:
            work = _IndicatorPlan(mine, past, Columns(counts.get(indicator, {})), k, scope_rank)
            for scope in scope_rank:  # cheap, local passes first: most hiding happens here
                work.settle(scope)
            work.settle(None)
            work.restore(next(iter(scope_rank)))
            solved[problem] = {_shape(f): d for f, d in work.finish().items()}
        for figure in mine:
            found = solved[problem][_shape(figure)]
            decisions[figure] = Decision(figure, found.reason, found.against)
    return decisions


def _shape(figure: Figure) -> tuple[Scope, str, str]:
    return figure.scope, figure.staff_group, figure.ethnic_group
