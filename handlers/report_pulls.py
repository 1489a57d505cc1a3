"""Reports asked for in chat, run on the store's call queue: `/wres` (Teams: `wres`) and
the latest results on Slack's App Home. Both go through `pull_report`, so every figure
shown is planned by the release auditor and recorded like any other release."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from handlers.backend import Backend
from handlers.commands import SLASH_COMMANDS, CommandWords
from handlers.identity import NotAllowed, Requester, Role
from handlers.messages import Refusal, ReportSummary
from handlers.report_chat import latest_closed_month, wres_command
from handlers.reports import Compare, ReportPolicy, ReportRefused, ReportRequest, pull_report
from storage.errors import StorageError
from storage.store import Store
from surveys.report_model import Report

APP_HOME = "app home"  # the form the release history records for App Home's results


@dataclass(frozen=True, slots=True)
class ReportAsk:
    """Who asks, and the rules and clock the report is pulled under."""

    requester: Requester
    policy: ReportPolicy
    today: date
    now: datetime
    commands: CommandWords = SLASH_COMMANDS
    trust: str = ""  # heads the report files, as `[trust] name` does on the CLI


def _wres(store: Store, ask: ReportAsk, text: str) -> ReportSummary | Refusal:
    return wres_command(
        store,
        requester=ask.requester,
        text=text,
        policy=ask.policy,
        today=ask.today,
        now=ask.now,
        commands=ask.commands,
        trust=ask.trust,
    )


async def wres(backend: Backend, ask: ReportAsk, text: str) -> ReportSummary | Refusal:
    """`/wres [period] [staff group]`: the summary and its files, or why not."""
    return await backend.calls(_wres, backend.store, ask, text)


def _latest(store: Store, ask: ReportAsk) -> Report | None:
    if not ask.requester.has(Role.EDI):
        return None  # results on App Home are for the EDI team, like /wres
    period = latest_closed_month(store)
    if period is None:
        return None
    request = ReportRequest(period, "all", Compare.PREVIOUS, purpose=APP_HOME)
    try:
        return pull_report(
            store,
            requester=ask.requester,
            request=request,
            policy=ask.policy,
            today=ask.today,
            now=ask.now,
        )
    except (NotAllowed, ReportRefused, StorageError):
        return None  # nothing can be shown (or the history is damaged): no results section


async def latest_results(backend: Backend, ask: ReportAsk) -> Report | None:
    """The latest closed month's report for the EDI team, released through the auditor;
    None for everyone else, or when nothing may be shown."""
    return await backend.calls(_latest, backend.store, ask)


async def record_download(backend: Backend, *, actor: str, file_name: str) -> None:
    """A report file fetched through its short-lived link, written to the audit log."""
    audit = backend.store.audit
    await backend.calls(
        audit.append, actor=actor, action="report.download", details={"file": file_name}
    )


def download_link_key(backend: Backend) -> bytes:
    """The key that signs short-lived report links, derived from the pepper so every
    process (and every restart) issues and honours the same links."""
    return backend.store.vault.hmac("report-download-links")
