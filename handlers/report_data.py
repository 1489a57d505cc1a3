"""Everything a report needs from the store, decrypted once: per-month aggregates for the
period, its comparison and its trend, the recall wording, and the annual baseline."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from storage.store import Store
from surveys.aggregate import aggregate
from surveys.frame import decode_payloads
from surveys.periods import Period
from surveys.report_model import BaselineFigure


@dataclass(frozen=True, slots=True)
class ReportData:
    by_month: dict[str, pd.DataFrame]
    recall: str
    baseline: tuple[BaselineFigure, ...]
    notes: tuple[str, ...]


def _months_needed(period: Period, previous: Period | None, trend_periods: int) -> list[str]:
    months = set(period.months)
    if previous is not None:
        months.update(previous.months)
    for p in period.trend(trend_periods):
        months.update(p.months)
    return sorted(months)


def load_report_data(
    store: Store, *, period: Period, previous: Period | None, trend_periods: int
) -> ReportData:
    """Decrypt the closed rounds of every month the report touches, aggregated per month.

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
    payloads, payload_months = store.responses.load_payloads([r.id for r in usable])
    frame = decode_payloads(payloads, payload_months)
    by_month = {str(m): aggregate(part) for m, part in frame.groupby("month", observed=True)}
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
        by_month=by_month,
        recall=" + ".join(recalls) if recalls else "12 months",
        baseline=tuple(baseline),
        notes=tuple(notes),
    )
