"""pull_report through the release auditor: trend points and comparisons are released
figures too, concurrent pulls take turns, a damaged history fails closed, a refusal or a
preview records nothing."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from handlers.identity import Person, Requester, Role
from handlers.reports import (
    Compare,
    ReportPolicy,
    ReportRefused,
    ReportRequest,
    preview_report,
    pull_report,
)
from storage.repositories.release_history import ReleaseHistoryDamaged
from storage.store import Store
from surveys.report_model import Indicator, Report
from surveys.response import PulseAnswers, validate_answers

TODAY = date(2026, 1, 10)
NOW = datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
POLICY = ReportPolicy(min_group_size=11, trend_periods=3)
EDI = Requester(Person("cli", "host", "analyst"), roles=frozenset({Role.EDI}))
ANSWERS = {"q14a": 1, "q14b": 1, "q14c": 2, "q14d": 3, "q15": 1, "q16a": 2, "q16b": 2}


def people(month: str, staff: str, ethnicity: str, count: int) -> list[tuple[str, PulseAnswers]]:
    one = validate_answers(ethnicity=ethnicity, staff_group=staff, answers=ANSWERS)
    return [(month, one)] * count


def month_of_data(month: str, bank_bme: int) -> list[tuple[str, PulseAnswers]]:
    return [
        *people(month, "substantive", "01", 30),
        *people(month, "substantive", "09", 15),
        *people(month, "bank", "14", bank_bme),
    ]


def pull(
    store: Store, period: str, compare: Compare = Compare.NONE, purpose: str = "json"
) -> Report:
    return pull_report(
        store, requester=EDI, request=ReportRequest(period, "all", compare, purpose),
        policy=POLICY, today=TODAY, now=NOW,
    )  # fmt: skip


def test_trend_points_of_a_small_month_are_not_released(store: Store) -> None:
    store.import_responses([*month_of_data("2025-07", 12), *month_of_data("2025-08", 12)])
    store.import_responses(month_of_data("2025-09", 2))
    quarter = pull(store, "2025-Q3")
    assert not quarter.cell(Indicator.WRES8, "bank", "bme").suppressed  # type: ignore[union-attr]
    report = pull(store, "2025-09", Compare.PREVIOUS)
    # The September report's own cell, its comparison with August and its trend points
    # all hide bank/BME: Q3 minus any of them would leave a handful of people.
    cell = report.cell(Indicator.WRES8, "bank", "bme")
    assert cell is not None and cell.suppressed
    for point in report.trend:
        if (point.period, point.staff_group, point.ethnic_group) == ("2025-09", "bank", "bme"):
            assert point.suppressed and point.percent is None
    assert not any((c.staff_group, c.ethnic_group) == ("bank", "bme") for c in report.comparisons)
    figures = {f for r in store.releases.history() for f in r.figures}
    september = [f for f in figures if f.scope.label == "2025-09"]
    assert september and not any(
        (f.staff_group, f.ethnic_group) == ("bank", "bme") for f in september
    )


def test_concurrent_pulls_each_see_the_other(store: Store) -> None:
    store.import_responses([*month_of_data("2025-07", 12), *month_of_data("2025-08", 12)])
    store.import_responses(month_of_data("2025-09", 1))
    pull(store, "2025-07")
    barrier = threading.Barrier(2)
    results: dict[str, Report] = {}

    def run(period: str) -> None:
        barrier.wait()
        results[period] = pull(store, period)

    threads = [threading.Thread(target=run, args=(p,)) for p in ("2025-08", "2025-Q3")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    august, quarter = results["2025-08"], results["2025-Q3"]
    a = august.cell(Indicator.WRES8, "bank", "bme")
    q = quarter.cell(Indicator.WRES8, "bank", "bme")
    assert a is not None and q is not None
    # Whichever came second saw the first: Q3 - July - August (one person) is never shown.
    assert a.suppressed or q.suppressed
    assert len(store.releases.stored()) == 3


def test_a_damaged_history_releases_nothing(store: Store) -> None:
    store.import_responses(month_of_data("2025-07", 12))
    pull(store, "2025-07")
    with store.db.session() as session:
        session.execute(text("UPDATE release_history SET label = 'edited'"))
    audit_before = store.audit.count()
    with pytest.raises(ReleaseHistoryDamaged, match="release history is damaged"):
        pull(store, "2025-07")
    with pytest.raises(ReleaseHistoryDamaged):
        preview_report(
            store, requester=EDI, request=ReportRequest("2025-07"), policy=POLICY,
            today=TODAY, now=NOW,
        )  # fmt: skip
    assert store.releases.verify()[0] == 1
    assert store.audit.count() == audit_before


def test_refusals_and_previews_record_nothing(store: Store) -> None:
    with pytest.raises(ReportRefused, match="no closed pulse results for 2025-07"):
        pull(store, "2025-07")
    store.import_responses(people("2025-07", "bank", "14", 3))
    request = ReportRequest("2025-07", "all", Compare.NONE, "table")
    with pytest.raises(ReportRefused, match="Nothing in the 2025-07 report can be shown"):
        preview_report(store, requester=EDI, request=request, policy=POLICY, today=TODAY, now=NOW)
    with pytest.raises(ReportRefused, match="Nothing in the 2025-07 report can be shown"):
        pull(store, "2025-07")
    assert store.releases.stored() == []
    store.import_responses(month_of_data("2025-08", 0))
    preview = preview_report(
        store, requester=EDI, request=ReportRequest("2025-08"), policy=POLICY,
        today=TODAY, now=NOW,
    )  # fmt: skip
    assert any(not c.suppressed for c in preview.cells)
    assert store.releases.stored() == []


def test_round_status_counts_go_through_the_auditor(store: Store) -> None:
    from handlers.count_release import took_part

    store.import_responses(month_of_data("2025-07", 0))
    store.import_responses(people("2025-08", "bank", "14", 4))
    july, august = sorted(store.rounds.list(), key=lambda r: r.period)
    shown = took_part(store, july, actor="cli:host:admin", role="admin", form="round status")
    assert shown == "45"
    assert took_part(store, july, actor="cli:host:admin", role="admin", form="round status") == "45"
    small = took_part(store, august, actor="cli:host:admin", role="admin", form="round status")
    assert small == "fewer than 11"
    [release] = store.releases.stored()  # recorded once; nothing for the small round
    assert (release.form, release.label) == ("round status", "2025-07 round status")
