"""Response rates against the workforce: headcounts from an Electronic Staff Record (ESR)
extract, by month, staff group and NHS Data Dictionary ethnic category.

A response rate reveals how many answered (rate x headcount), so it obeys the same
disclosure rules as every other figure: a rate is shown only for a cell whose count of
respondents may be released.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass

import numpy as np

from surveys.aggregate import AGG_ETHNIC_GROUPS, AGG_STAFF_GROUPS, cell_arrays, from_base_counts
from surveys.disclosure import suppress
from surveys.frame import ETHNIC_CATEGORIES, STAFF_CATEGORIES
from surveys.headcount import NHS_DD_BROAD, Headcount
from surveys.report_model import STAFF_GROUPS_REPORTED, Indicator
from surveys.representativeness import MixCheck, mix_checks

Unit = tuple[str, str]  # (staff group, ethnic group) as the report names them
# The indicator whose table carries respondents through the disclosure rules.
_RESPONDENTS = Indicator.WRES5


@dataclass(frozen=True, slots=True)
class ResponseRate:
    staff_group: str
    ethnic_group: str
    suppressed: bool
    respondents: int | None = None
    headcount: int | None = None
    percent: float | None = None
    reason: str = ""


def base_table(counts: Mapping[tuple[str, str], int]) -> np.ndarray:
    """(staff category, broad group) counts as the (7, 6) base array of an aggregate."""
    table = np.zeros((len(STAFF_CATEGORIES), len(ETHNIC_CATEGORIES)), dtype=np.int64)
    for (staff, broad), value in counts.items():
        table[STAFF_CATEGORIES.index(staff), ETHNIC_CATEGORIES.index(broad)] += value
    return table


def expand(counts: Mapping[tuple[str, str], int]) -> dict[Unit, int]:
    """Base counts rolled up to every reported unit (all staff, BME, ...)."""
    n, _ = cell_arrays(from_base_counts({_RESPONDENTS: base_table(counts)}, {}), _RESPONDENTS)
    return {
        (staff, ethnic): int(n[i, j])
        for i, staff in enumerate(AGG_STAFF_GROUPS)
        for j, ethnic in enumerate(AGG_ETHNIC_GROUPS)
        if staff in STAFF_GROUPS_REPORTED
    }


def workforce_at(rows: Iterable[Headcount], months: Iterable[str]) -> tuple[str, dict[Unit, int]]:
    """The headcount as at the latest loaded month inside `months` (or "" when none),
    rolled up to reported units."""
    wanted = set(months)
    chosen = [r for r in rows if r.month in wanted]
    if not chosen:
        return "", {}
    latest = max(r.month for r in chosen)
    base: dict[tuple[str, str], int] = {}
    for r in chosen:
        if r.month == latest:
            key = (r.staff_group, NHS_DD_BROAD[r.ethnic_category])
            base[key] = base.get(key, 0) + r.headcount
    return latest, expand(base)


def releasable_respondents(respondents: Mapping[tuple[str, str], int], k: int) -> set[Unit]:
    """Units whose respondent count the k rule lets out: primary suppression below k and
    complementary suppression within each partition, as for every report cell."""
    agg = from_base_counts({_RESPONDENTS: base_table(respondents)}, {})
    hidden = {(s, e) for i, s, e in suppress(agg, k) if i == _RESPONDENTS.value}
    return {
        (s, e)
        for s in AGG_STAFF_GROUPS
        for e in AGG_ETHNIC_GROUPS
        if s in STAFF_GROUPS_REPORTED and (s, e) not in hidden
    }


def response_rates(
    respondents: Mapping[Unit, int],
    workforce: Mapping[Unit, int],
    allowed: Set[Unit],
    k: int,
) -> list[ResponseRate]:
    """A rate for every unit with a headcount. `allowed` are the units whose respondent
    count may be released (releasable_respondents, or the release auditor's decision)."""
    rates = []
    for unit, headcount in workforce.items():
        if headcount <= 0:
            continue
        answered = respondents.get(unit, 0)
        # None and a few look alike (docs/disclosure.md#the-fixed-grid).
        if unit not in allowed or answered < k:
            reason = "suppressed to protect anonymity"
            rates.append(ResponseRate(*unit, suppressed=True, headcount=headcount, reason=reason))
            continue
        percent = round(100 * answered / headcount, 1)
        rates.append(ResponseRate(*unit, False, answered, headcount, percent))
    return rates


def order(rates: Iterable[ResponseRate]) -> list[ResponseRate]:
    staff = {g: i for i, g in enumerate(STAFF_GROUPS_REPORTED)}
    ethnic = {g: i for i, g in enumerate(AGG_ETHNIC_GROUPS)}
    return sorted(rates, key=lambda r: (staff[r.staff_group], ethnic[r.ethnic_group]))


@dataclass(frozen=True, slots=True)
class WorkforceFigures:
    """What the report shows against the workforce; as_at "" means none is loaded."""

    as_at: str
    rates: tuple[ResponseRate, ...] = ()
    checks: tuple[MixCheck, ...] = ()


def workforce_figures(
    respondents: Mapping[tuple[str, str], int],
    headcounts: Iterable[Headcount],
    months: Iterable[str],
    k: int,
    allowed: Set[Unit] | None = None,
) -> WorkforceFigures:
    """Rates and mix checks from respondents per (staff category, broad group) and the
    loaded headcounts. `allowed` overrides the k rule's choice of releasable units."""
    as_at, workforce = workforce_at(headcounts, months)
    if not as_at:
        return WorkforceFigures("")
    units = expand(respondents)
    if allowed is None:
        allowed = releasable_respondents(respondents, k)
    rates = order(response_rates(units, workforce, allowed, k))
    return WorkforceFigures(as_at, tuple(rates), tuple(mix_checks(units, workforce, allowed, k)))
