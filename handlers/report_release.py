"""The release step of a report: history in, plan from the auditor, released figures out.

Runs inside the release history's lock (storage.store.Releases.release), so the plan is
made against every release before it and recorded before the next one is planned.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from handlers.report_data import Batch, ReportData, load_batches
from storage.errors import ShreddedKey
from storage.repositories.release_history import ReleaseHistoryDamaged
from storage.store import Store
from surveys import release_audit
from surveys.release_audit import Decision, Figure, HistoryUnsafe, PastRelease, Scope, Unit


@dataclass(frozen=True, slots=True)
class Plan:
    decisions: dict[Figure, Decision]
    history: tuple[PastRelease, ...]  # the part of the history the plan was checked on


def relevant_history(
    history: Sequence[PastRelease], batches: frozenset[str]
) -> tuple[list[PastRelease], frozenset[str]]:
    """Past releases linked to `batches` through shared batches (directly or through
    other releases), and every batch they touch: figures over disjoint batches cannot
    be combined with the new ones to pin anything down."""
    wanted = set(batches)
    chosen: dict[str, PastRelease] = {}
    grew = True
    while grew:
        grew = False
        for past in history:
            if past.release_id in chosen:
                continue
            touched = {b for f in past.figures for b in f.scope.batches}
            if touched & wanted:
                chosen[past.release_id] = past
                wanted |= touched
                grew = True
    return [p for p in history if p.release_id in chosen], frozenset(wanted)


def counts_for(
    store: Store, data: ReportData, batches: frozenset[str]
) -> tuple[dict[str, dict[Unit, int]], frozenset[str]]:
    """Unit counts of every batch, decrypting those the report did not already load, and
    the batches that can no longer be read (shredded under the retention policy)."""
    extra: dict[str, Batch] = {}
    # One round at a time, on a read-only connection: this runs under the release lock.
    for batch_id in sorted(batches - data.batches.keys()):
        try:
            extra.update(load_batches(store, [batch_id]))
        except ShreddedKey:
            continue
    merged: dict[str, dict[Unit, int]] = {}
    for batch in (*data.batches.values(), *extra.values()):
        for indicator, units in batch.units.items():
            merged.setdefault(indicator, {}).update(units)
    return merged, batches - data.batches.keys() - extra.keys()


def _readable(history: Sequence[PastRelease], gone: frozenset[str]) -> list[PastRelease]:
    """Past figures over shredded batches cannot be checked (their counts are gone):
    they are left out rather than read as zero, which would make the history look
    unsafe. Docs: docs/disclosure.md, "Retention"."""
    if not gone:
        return list(history)
    return [
        PastRelease(
            p.release_id,
            p.label,
            p.released_at,
            tuple(f for f in p.figures if not f.scope.batches & gone),
        )  # fmt: skip
        for p in history
    ]


def plan(
    store: Store,
    data: ReportData,
    candidates: Sequence[Figure],
    history: Sequence[PastRelease],
    k: int,
) -> Plan:
    """The auditor's decision for every candidate; fails closed if the history leaks."""
    batches = frozenset(b for f in candidates for b in f.scope.batches)
    linked, touched = relevant_history(history, batches)
    counts, gone = counts_for(store, data, touched)
    linked = _readable(linked, gone)
    try:
        decisions = release_audit.plan_release(candidates, linked, counts, k)
    except HistoryUnsafe as exc:
        raise ReleaseHistoryDamaged([f"the recorded releases disclose a group ({exc})"]) from None
    return Plan(decisions, tuple(linked))


def current_released(decisions: Mapping[Figure, Decision], scope: Scope) -> bool:
    return any(d.released for f, d in decisions.items() if f.scope == scope)
