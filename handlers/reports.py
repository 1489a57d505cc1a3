"""Pulling a WRES report: role check, disclosure checks over time, audit, then the report.

The chat adapters and the command line both call `pull_report`, so the same rules apply
wherever a report is asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import pandas as pd

from handlers.identity import NotAllowed, Requester, Role
from handlers.report_data import ReportData, load_report_data
from storage.store import Store
from surveys.aggregate import sum_aggregates
from surveys.disclosure import isolation_problems, released_n
from surveys.periods import InvalidPeriod, Period, parse_period
from surveys.report import build_report
from surveys.report_model import STAFF_GROUPS_REPORTED, Report


class Compare(StrEnum):
    PREVIOUS = "previous"
    BASELINE = "baseline"
    NONE = "none"


class ReportRefused(Exception):
    """The report cannot be given; the message says why in plain English."""


@dataclass(frozen=True, slots=True)
class ReportRequest:
    period: str
    staff_group: str = "all"
    compare: Compare = Compare.PREVIOUS
    purpose: str = "summary"  # the format or channel, recorded in the audit log


@dataclass(frozen=True, slots=True)
class ReportPolicy:
    min_group_size: int
    trend_periods: int


def _check(requester: Requester, request: ReportRequest, today: date) -> Period:
    if not requester.has(Role.EDI):
        raise NotAllowed(
            "WRES reports are available to the EDI team only. If you need them, ask your "
            "EDI lead or a Big Conversation admin to add you to the edi role."
        )
    if request.staff_group not in STAFF_GROUPS_REPORTED:
        groups = ", ".join(STAFF_GROUPS_REPORTED)
        raise ReportRefused(f"'{request.staff_group}' is not a staff group. Use one of: {groups}.")
    try:
        return parse_period(request.period, today=today)
    except InvalidPeriod as exc:
        raise ReportRefused(str(exc)) from exc


def _period_aggregate(data: ReportData, period: Period) -> pd.DataFrame | None:
    parts = [data.by_month[m] for m in period.months if m in data.by_month]
    return sum_aggregates(parts) if parts else None


def _trend(data: ReportData, period: Period, count: int) -> list[tuple[str, pd.DataFrame]]:
    points = []
    for p in period.trend(count):
        agg = _period_aggregate(data, p)
        if agg is not None:
            points.append((p.label, agg))
    return points


def _refuse_isolation(store: Store, period: Period, current: pd.DataFrame, k: int) -> None:
    released = store.releases.overlapping(frozenset(period.months))
    problems = isolation_problems(
        current, frozenset(period.months), released, k, new_label=period.label
    )
    if problems:
        raise ReportRefused(problems[0])


def pull_report(
    store: Store,
    *,
    requester: Requester,
    request: ReportRequest,
    policy: ReportPolicy,
    today: date,
    now: datetime,
) -> Report:
    """The report for `request`, audited; raises NotAllowed or ReportRefused with the reason."""
    try:
        period = _check(requester, request, today)
    except (NotAllowed, ReportRefused) as exc:
        store.audit.append(
            actor=requester.person.actor,
            action="report refused",
            details={"period": request.period, "reason": str(exc)},
        )
        raise
    previous = period.previous() if request.compare is Compare.PREVIOUS else None
    data = load_report_data(
        store, period=period, previous=previous, trend_periods=policy.trend_periods
    )
    current = _period_aggregate(data, period)
    if current is None:
        raise ReportRefused(f"There are no closed pulse results for {period.label} yet.")
    _refuse_isolation(store, period, current, policy.min_group_size)
    prior = _period_aggregate(data, previous) if previous else None
    report = build_report(
        current,
        period=period,
        k=policy.min_group_size,
        recall=data.recall,
        staff_group=request.staff_group,
        previous=(previous.label, prior) if previous and prior is not None else None,
        baseline=data.baseline if request.compare is not Compare.NONE else (),
        trend=_trend(data, period, policy.trend_periods),
        generated_at=now,
        notes=data.notes,
    )
    _record(store, requester, request, period, released_n(current, policy.min_group_size), report)
    return report


def _record(
    store: Store,
    requester: Requester,
    request: ReportRequest,
    period: Period,
    released: dict[tuple[str, str, str], int],
    report: Report,
) -> None:
    suppressed: Sequence[str] = [
        f"{c.indicator}/{c.staff_group}/{c.ethnic_group}" for c in report.suppressed_cells
    ]
    store.releases.record(period.label, frozenset(period.months), request.staff_group, released)
    store.audit.append(
        actor=requester.person.actor,
        action="report",
        details={
            "period": period.label,
            "staff_group": request.staff_group,
            "compare": request.compare.value,
            "format": request.purpose,
            "suppressed": list(suppressed),
        },
    )
