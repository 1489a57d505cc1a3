"""Pulling a WRES report: role check, then the release auditor over everything released
before, then the report built from the released figures only, recorded and audited.

The chat adapters and the command line both call `pull_report`, so the same rules apply
wherever a report is asked for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from handlers.identity import NotAllowed, Requester, Role
from handlers.report_data import ReportData, load_report_data
from handlers.report_release import current_released, plan
from storage.repositories.release_history import NewRelease
from storage.store import Planned, Store
from surveys.periods import InvalidPeriod, Period, parse_period
from surveys.release_audit import Decision, Figure, PastRelease, Scope
from surveys.release_reasons import reason_counts
from surveys.render.text import staff_label
from surveys.report import build_report, verdict_key
from surveys.report_candidates import report_candidates
from surveys.report_model import ALL, STAFF_GROUPS_REPORTED, Report


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


def _release_label(period: Period, staff_group: str) -> str:
    view = "" if staff_group == ALL else f" ({staff_label(staff_group)})"
    return f"{period.label} report{view}"


@dataclass(frozen=True, slots=True)
class _Prepared:
    period: Period
    data: ReportData
    current: Scope
    previous: Scope | None
    trend: tuple[Scope, ...]
    candidates: tuple[Figure, ...]


def _prepare(
    store: Store, request: ReportRequest, policy: ReportPolicy, period: Period
) -> _Prepared:
    previous = period.previous() if request.compare is Compare.PREVIOUS else None
    data = load_report_data(
        store, period=period, previous=previous, trend_periods=policy.trend_periods
    )
    current = data.scope(period)
    if not current.batches:
        raise ReportRefused(f"There are no closed pulse results for {period.label} yet.")
    prior = data.scope(previous) if previous is not None else None
    trend = tuple(s for p in period.trend(policy.trend_periods) if (s := data.scope(p)).batches)
    staff_groups = STAFF_GROUPS_REPORTED if request.staff_group == ALL else (request.staff_group,)
    candidates = report_candidates(
        current, staff_groups, previous=prior if prior and prior.batches else None, trend=trend
    )
    return _Prepared(
        period, data, current, prior if prior and prior.batches else None, trend,
        tuple(candidates),
    )  # fmt: skip


def _build(
    prepared: _Prepared,
    request: ReportRequest,
    decisions: Mapping[Figure, Decision],
    k: int,
    now: datetime,
) -> Report:
    data = prepared.data
    if not current_released(decisions, prepared.current):
        raise ReportRefused(
            f"Nothing in the {prepared.period.label} report can be shown without risking "
            "that someone is identified: too few people answered, or every figure could be "
            "worked out from reports already released. Try a longer period, or all staff."
        )
    current = data.aggregate(prepared.current)
    assert current is not None
    prior = data.aggregate(prepared.previous) if prepared.previous is not None else None
    return build_report(
        current,
        period=prepared.period,
        k=k,
        recall=data.recall,
        staff_group=request.staff_group,
        previous=(prepared.previous.label, prior)
        if prepared.previous is not None and prior is not None
        else None,
        baseline=data.baseline if request.compare is not Compare.NONE else (),
        trend=[(s.label, agg) for s in prepared.trend if (agg := data.aggregate(s)) is not None],
        generated_at=now,
        notes=data.notes,
        verdicts={verdict_key(f): d for f, d in decisions.items()},
    )


def _refused(store: Store, requester: Requester, request: ReportRequest, exc: Exception) -> None:
    store.audit.append(
        actor=requester.person.actor,
        action="report refused",
        details={"period": request.period, "reason": str(exc)},
    )


def pull_report(
    store: Store,
    *,
    requester: Requester,
    request: ReportRequest,
    policy: ReportPolicy,
    today: date,
    now: datetime,
) -> Report:
    """The report for `request`, released through the auditor and recorded with it;
    raises NotAllowed or ReportRefused with the reason (ReleaseHistoryDamaged, a
    StorageError, when the history fails its check: then nothing is released)."""
    try:
        period = _check(requester, request, today)
        prepared = _prepare(store, request, policy, period)
    except (NotAllowed, ReportRefused) as exc:
        _refused(store, requester, request, exc)
        raise
    k = policy.min_group_size

    def release(history: list[PastRelease]) -> Planned[Report]:
        planned = plan(store, prepared.data, prepared.candidates, history, k)
        report = _build(prepared, request, planned.decisions, k, now)
        released = tuple(f for f, d in planned.decisions.items() if d.released)
        held = reason_counts(planned.decisions)
        return Planned(
            report,
            NewRelease(
                actor_role=Role.EDI.value,
                form=request.purpose,
                label=_release_label(period, request.staff_group),
                figures=released,
                suppressed=held,
            ),
            audit_action="report",
            audit_details={
                "period": period.label,
                "staff_group": request.staff_group,
                "compare": request.compare.value,
                "format": request.purpose,
                "released": len(released),
                "suppressed": held,
            },
        )

    try:
        return store.releases.release(requester.person.actor, release)
    except ReportRefused as exc:
        _refused(store, requester, request, exc)
        raise


def preview_report(
    store: Store,
    *,
    requester: Requester,
    request: ReportRequest,
    policy: ReportPolicy,
    today: date,
    now: datetime,
) -> Report:
    """The report as it would be released now, for its suppression pattern only. It is
    recorded nowhere, so callers must show which cells are held back and why, never a
    figure (bot.commands.report prints the pattern alone)."""
    period = _check(requester, request, today)
    prepared = _prepare(store, request, policy, period)
    k = policy.min_group_size
    planned = plan(store, prepared.data, prepared.candidates, store.releases.history(), k)
    return _build(prepared, request, planned.decisions, k, now)
