"""Everything a report needs from the store, decrypted once: per-batch aggregates and unit
counts (a batch is a pulse round or one import) for the period, its comparison and its
trend, the recall wording, and the annual baseline."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from storage.store import Store
from surveys.aggregate import aggregate, sum_aggregates
from surveys.frame import decode_payloads
from surveys.periods import Period
from surveys.release_audit import Scope, Unit
from surveys.report_model import BaselineFigure
from surveys.unit_counts import batch_unit_counts, merge_unit_counts


@dataclass(frozen=True, slots=True)
class Batch:
    id: str
    month: str
    aggregate: pd.DataFrame
    units: dict[str, dict[Unit, int]]


@dataclass(frozen=True, slots=True)
class ReportData:
    batches: dict[str, Batch]
    recall: str
    baseline: tuple[BaselineFigure, ...]
    notes: tuple[str, ...]

    def scope(self, period: Period) -> Scope:
        months = set(period.months)
        return Scope(
            period.label, frozenset(b.id for b in self.batches.values() if b.month in months)
        )

    def aggregate(self, scope: Scope) -> pd.DataFrame | None:
        parts = [self.batches[b].aggregate for b in sorted(scope.batches)]
        return sum_aggregates(parts) if parts else None

    def unit_counts(self) -> dict[str, dict[Unit, int]]:
        return merge_unit_counts({b.id: b.units for b in self.batches.values()})


def _months_needed(period: Period, previous: Period | None, trend_periods: int) -> list[str]:
    months = set(period.months)
    if previous is not None:
        months.update(previous.months)
    for p in period.trend(trend_periods):
        months.update(p.months)
    return sorted(months)


def load_batches(store: Store, round_ids: Iterable[str]) -> dict[str, Batch]:
    """Decrypt these rounds, each into its aggregate and its unit counts."""
    batches = {}
    for round_id, month, payloads in store.responses.load_by_round(round_ids):
        frame = decode_payloads(payloads, [month] * len(payloads))
        batches[round_id] = Batch(
            round_id, month, aggregate(frame), batch_unit_counts(round_id, frame)
        )
    return batches


def load_report_data(
    store: Store, *, period: Period, previous: Period | None, trend_periods: int
) -> ReportData:
    """Decrypt the closed rounds of every month the report touches, one batch at a time.

    Open rounds are left out: a figure that can still move between two pulls would let
    the difference single out the people who answered in between.
    """
    months = _months_needed(period, previous, trend_periods)
    rounds = store.rounds.closed_in(months)
    notes: list[str] = []
    shredded = sorted({r.period for r in rounds if r.shredded})
    if shredded:
        notes.append(
            "Raw answers of " + ", ".join(shredded) + " were deleted under the "
            "retention policy, so those months are not included."
        )
    still_open = sorted(store.rounds.open_months(period.months))
    if still_open:
        notes.append("Rounds still open are not included: " + ", ".join(still_open) + ".")
    usable = [r for r in rounds if not r.shredded]
    batches = load_batches(store, [r.id for r in usable])
    recalls = sorted({r.recall for r in usable if r.period in period.months})
    if len(recalls) > 1:
        notes.append(
            "This period pools rounds asked with different recall windows ("
            + " and ".join(recalls)
            + "); compare with care."
        )
    year = int(period.months[-1][:4])
    baseline_year = store.baselines.latest_year_up_to(year)
    baseline = store.baselines.for_year(baseline_year) if baseline_year else ()
    return ReportData(
        batches=batches,
        recall=" + ".join(recalls) if recalls else "12 months",
        baseline=tuple(baseline),
        notes=tuple(notes),
    )
