"""The figures a report would release, most important first, for the release auditor:
the current period's White and BME figures for All staff lead, then All staff's other
groups, each staff group's White and BME, and its other groups; then
the previous period's cells behind comparisons, then the trend points."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from surveys.indicators import INDICATORS
from surveys.release_audit import Figure, Scope
from surveys.report_model import ALL, ETHNIC_GROUPS_REPORTED, WRES_INDICATORS

HEADLINE = ("white", "bme")
DETAIL = tuple(e for e in ETHNIC_GROUPS_REPORTED if e not in HEADLINE)


def _cells(scope: Scope, staff_groups: Sequence[str]) -> list[Figure]:
    """All staff White and BME; All staff's other groups; each staff group's White and
    BME; then each staff group's other groups. Every indicator within each tier."""
    detail_staff = [s for s in staff_groups if s != ALL]
    tiers: list[Iterable[tuple[str, str]]] = []
    if ALL in staff_groups:
        tiers += [((ALL, e) for e in HEADLINE), ((ALL, e) for e in DETAIL)]
    tiers += [
        ((s, e) for s in detail_staff for e in HEADLINE),
        ((s, e) for s in detail_staff for e in DETAIL),
    ]
    return [
        Figure(scope, indicator.value, staff, ethnic)
        for tier in tiers
        for staff, ethnic in list(tier)
        for indicator in INDICATORS
    ]


def report_candidates(
    current: Scope,
    staff_groups: Sequence[str],
    *,
    previous: Scope | None = None,
    trend: Sequence[Scope] = (),
) -> list[Figure]:
    """Every figure of the report's fixed grid, in order of importance, each once."""
    figures = _cells(current, staff_groups)
    if previous is not None:
        figures += _cells(previous, staff_groups)
    for scope in reversed(trend):  # the most recent trend points first
        figures += [
            Figure(scope, indicator.value, staff, ethnic)
            for indicator in WRES_INDICATORS
            for staff in staff_groups
            for ethnic in HEADLINE
        ]
    return list(dict.fromkeys(figures))
