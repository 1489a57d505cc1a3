"""`/wres [period] [staff group]` in chat: the same report and rules as `bigconv report`
(handlers.reports does the role check and the audit), plus the HTML and XLSX files."""

from __future__ import annotations

from datetime import date, datetime

from handlers.commands import SLASH_COMMANDS, CommandWords
from handlers.identity import NotAllowed, Requester, Role
from handlers.messages import NO_CLOSED_ROUNDS, Refusal, ReportSummary, wres_usage
from handlers.reports import (
    Compare,
    ReportPolicy,
    ReportRefused,
    ReportRequest,
    pull_report,
)
from storage.store import Store
from surveys.render.html_report import render_html
from surveys.render.xlsx_report import xlsx_bytes
from surveys.report_model import STAFF_GROUPS_REPORTED


class UsageError(ValueError):
    """The text is not "[period] [staff group]"."""


def latest_closed_month(store: Store) -> str | None:
    closed = [r.period for r in store.rounds.list() if not r.is_open and not r.shredded]
    return max(closed, default=None)


def parse_wres_text(text: str, *, default_period: str | None) -> tuple[str | None, str]:
    """(period or None, staff group) from "[period] [staff group]", in either order."""
    period: str | None = None
    group: str | None = None
    for word in text.split():
        lowered = word.lower()
        if lowered in STAFF_GROUPS_REPORTED and group is None:
            group = lowered
        elif word[:1].isdigit() or word[:2].upper() == "FY":
            if period is not None:
                raise UsageError(word)
            period = word.upper()
        else:
            raise UsageError(word)
    return period or default_period, group or "all"


def _files(summary: ReportSummary, trust: str) -> ReportSummary:
    report = summary.report
    stem = f"wres-{report.period.replace('/', '-')}-{report.staff_group_filter}"
    return ReportSummary(
        report=report,
        files=(
            (f"{stem}.html", render_html(report, trust=trust).encode("utf-8")),
            (f"{stem}.xlsx", xlsx_bytes(report)),
        ),
    )


def wres_command(
    store: Store,
    *,
    requester: Requester,
    text: str,
    policy: ReportPolicy,
    today: date,
    now: datetime,
    commands: CommandWords = SLASH_COMMANDS,
    trust: str = "",
) -> ReportSummary | Refusal:
    """The report summary with its files (headed with the `trust` name, as from the
    command line), or a polite refusal that says why."""
    try:
        period, group = parse_wres_text(text, default_period=latest_closed_month(store))
    except UsageError:
        if requester.has(Role.EDI):
            return Refusal(wres_usage(commands))
        # Not for them at all: let pull_report refuse (and audit) the request as asked.
        period, group = text.strip()[:40] or "-", "all"
    if period is None:
        if requester.has(Role.EDI):
            return Refusal(NO_CLOSED_ROUNDS)
        period = "-"
    # Recorded as the form the release took: "/wres" on Slack, "teams wres" on Teams.
    form = commands.wres if commands.wres.startswith("/") else f"teams {commands.wres}"
    request = ReportRequest(period, group, Compare.PREVIOUS, purpose=form)
    try:
        report = pull_report(
            store, requester=requester, request=request, policy=policy, today=today, now=now
        )
    except (NotAllowed, ReportRefused) as exc:
        return Refusal(str(exc))
    return _files(ReportSummary(report=report), trust)
