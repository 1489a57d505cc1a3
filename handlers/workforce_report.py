"""Response rates and representativeness for a report period: respondents counted from
the closed rounds' answers, set against the loaded workforce headcounts.

A rate reveals how many answered (rate x headcount), so the respondent count of every
cell goes through the release auditor as the figure "responses" over the period's
batches, against everything released before, and is recorded when it goes out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from handlers.report_data import load_batches
from handlers.report_release import relevant_history
from storage.repositories.release_history import NewRelease
from storage.store import Planned, Store
from surveys import release_audit
from surveys.aggregate import AGG_ETHNIC_GROUPS
from surveys.frame import decode_payloads
from surveys.periods import parse_period
from surveys.release_audit import Decision, Figure, PastRelease, Scope, Unit
from surveys.release_reasons import reason_counts
from surveys.report_model import STAFF_GROUPS_REPORTED
from surveys.unit_counts import RESPONSES
from surveys.workforce import WorkforceFigures, workforce_figures


def respondents_by_cell(store: Store, months: list[str]) -> dict[tuple[str, str], int]:
    """Responses per (staff category, broad group) in the closed, unshredded rounds of
    `months`: the same rounds a report reads, so the two never disagree."""
    usable = [r for r in store.rounds.closed_in(months) if not r.shredded]
    payloads, payload_months = store.responses.load_payloads([r.id for r in usable])
    if not payloads:
        return {}
    frame = decode_payloads(payloads, payload_months)
    pairs = zip(frame["staff_group"].astype(str), frame["ethnic"].astype(str), strict=True)
    return dict(Counter(pairs))


def _candidates(scope: Scope) -> list[Figure]:
    """All staff's White and BME first, as in a report, then the rest."""
    everything = [
        Figure(scope, RESPONSES, staff, ethnic)
        for staff in STAFF_GROUPS_REPORTED
        for ethnic in AGG_ETHNIC_GROUPS
    ]
    first = [f for f in everything if f.staff_group == "all" and f.ethnic_group in ("white", "bme")]
    return first + [f for f in everything if f not in first]


def _released_cells(
    store: Store,
    scope: Scope,
    counts: Mapping[str, Mapping[Unit, int]],
    *,
    k: int,
    actor: str,
    form: str,
) -> set[tuple[str, str]]:
    candidates = _candidates(scope)

    def step(history: list[PastRelease]) -> Planned[dict[Figure, Decision]]:
        linked, _ = relevant_history(history, scope.batches)
        decisions = release_audit.plan_release(candidates, linked, counts, k)
        before = {f for past in history for f in past.figures}
        new = tuple(f for f, d in decisions.items() if d.released and f not in before)
        if not new:
            return Planned(decisions)
        label = f"{scope.label} response rates"
        record = NewRelease("edi", form, label, new, reason_counts(decisions))
        return Planned(decisions, record, "response rates", {"what": label, "form": form})

    decisions = store.releases.release(actor, step)
    return {(f.staff_group, f.ethnic_group) for f, d in decisions.items() if d.released}


def period_workforce(
    store: Store, *, period: str, today: date, k: int, actor: str = "", form: str = "html"
) -> WorkforceFigures:
    """The workforce figures for `period` (a label the report already accepted), with
    only the respondent counts the release auditor lets out."""
    parsed = parse_period(period, today=today)
    months = list(parsed.months)
    headcounts = store.workforce.in_months(months)
    if not headcounts:
        return WorkforceFigures("")
    rounds: Sequence[str] = [r.id for r in store.rounds.closed_in(months) if not r.shredded]
    units: dict[Unit, int] = {}
    for batch in load_batches(store, rounds).values():
        units.update(batch.units.get(RESPONSES, {}))
    scope = Scope(parsed.label, frozenset(rounds))
    allowed = _released_cells(store, scope, {RESPONSES: units}, k=k, actor=actor, form=form)
    return workforce_figures(respondents_by_cell(store, months), headcounts, months, k, allowed)
