"""Response rates and representativeness for a report period: respondents counted from
the closed rounds' answers, set against the loaded workforce headcounts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Set
from datetime import date

from storage.store import Store
from surveys.frame import decode_payloads
from surveys.periods import parse_period
from surveys.workforce import Unit, WorkforceFigures, workforce_figures


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


def period_workforce(
    store: Store, *, period: str, today: date, k: int, allowed: Set[Unit] | None = None
) -> WorkforceFigures:
    """The workforce figures for `period` (a label the report already accepted)."""
    months = list(parse_period(period, today=today).months)
    headcounts = store.workforce.in_months(months)
    if not headcounts:
        return WorkforceFigures("")
    respondents = respondents_by_cell(store, months)
    # Release auditor (issue 6) plugs in here: pass the units plan_release lets out for
    # the "responses" figures as `allowed`; without it the k rule of surveys.workforce applies.
    return workforce_figures(respondents, headcounts, months, k, allowed)
