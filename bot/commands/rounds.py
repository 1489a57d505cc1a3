"""`bigconv rounds open|close|status`: the admin's hand on the pulse schedule."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.commands.common import now, settings_of, store_of
from bot.errors import EXIT_BAD_INPUT, err, run_cleanly
from bot.retention import status_warning
from bot.runtime import operator
from bot.settings import ConfigError
from handlers.count_release import took_part
from handlers.pulse_rounds import close_round, default_closes_at, open_round
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from surveys.periods import month_label

app = typer.Typer(help="Open, close and inspect pulse rounds.", no_args_is_help=True)
console = Console(highlight=False)
MONTH = re.compile(r"[1-9]\d{3}-(0[1-9]|1[0-2])")
SHORT_ID = 8  # as many characters of a round id as `rounds status` shows


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _check_can_open(store: Store, month: str, this_month: str) -> None:
    """One month's round at a time, and never ahead of the calendar."""
    if month > this_month:
        raise ConfigError(
            f"{month} has not started yet (it is {this_month}); a round opens in its own month."
        )
    for other in store.rounds.list():
        if other.source == "pulse" and other.is_open and other.period != month:
            raise ConfigError(
                f"The {other.period} round is still open; close it first "
                f"(bigconv rounds close --period {other.period})."
            )


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else "-"


def _day(value: object) -> str:
    return value.strftime("%d %b") if hasattr(value, "strftime") else "-"


def _audit(store: Store, action: str, round_: RoundInfo) -> None:
    store.audit.append(
        actor=operator().person.actor, action=action, details={"period": round_.period}
    )


@app.command("open")
def open_(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Option(help="YYYY-MM; this month (in the schedule's timezone) if not given"),
    ] = None,
    days: Annotated[
        int | None,
        typer.Option(min=1, max=31, help="Days the round stays open (schedule open_days)"),
    ] = None,
) -> None:
    """Open the month's round and queue an invitation for everyone on the roster."""
    settings = settings_of(ctx)
    schedule = settings.schedule
    started = now()
    this_month = month_label(started.astimezone(schedule.zone).date())
    month = period or this_month
    if not MONTH.fullmatch(month):
        err.print(f"[red]error:[/] --period must be a month like 2026-03, not '{month}'")
        raise typer.Exit(EXIT_BAD_INPUT)
    store = run_cleanly(lambda: store_of(ctx))
    try:
        run_cleanly(lambda: _check_can_open(store, month, this_month))
        round_ = open_round(
            store,
            period=month,
            recall=settings.privacy.recall,
            opens_at=started,
            closes_at=default_closes_at(started, days or schedule.open_days),
            now=started,
        )
        _audit(store, "round opened", round_)
        stats = store.outbox.stats(round_.id)
    finally:
        store.close()
    if not round_.is_open:
        console.print(f"The {month} round was already held and is closed; nothing was sent.")
        return
    console.print(
        f"Round {month} is open until {_when(round_.closes_at)} UTC: "
        f"{_plural(stats.invited, 'invitation')} queued ({stats.sent} already sent)."
    )


def _find(store: Store, round_id: str | None, period: str | None) -> RoundInfo | None:
    if round_id:
        # The short id `rounds status` shows, or the whole one.
        found = [r for r in store.rounds.list() if r.id.startswith(round_id.strip().lower())]
        return found[0] if len(found) == 1 and len(round_id.strip()) >= 4 else None
    if period:
        return store.rounds.open_round_for(period)
    open_rounds = [r for r in store.rounds.list() if r.is_open and r.source == "pulse"]
    return open_rounds[0] if len(open_rounds) == 1 else None


@app.command("close")
def close(
    ctx: typer.Context,
    round_id: Annotated[
        str | None, typer.Argument(help="Round id, or its first 8 characters (rounds status)")
    ] = None,
    period: Annotated[str | None, typer.Option(help="The open round of this month")] = None,
) -> None:
    """Close a round now: its answers move, shuffled, into the report, its mixing key is
    destroyed and unsent invitations are cancelled."""
    store = run_cleanly(lambda: store_of(ctx, existing=True))
    try:
        round_ = run_cleanly(lambda: _find(store, round_id, period))
        if round_ is None:
            err.print("[red]error:[/] no such open round; give its id or --period YYYY-MM")
            raise typer.Exit(EXIT_BAD_INPUT)
        was_open = round_.is_open
        flushed = run_cleanly(lambda: close_round(store, round_id=round_.id))
        if was_open:
            _audit(store, "round closed", round_)
    finally:
        store.close()
    if not was_open:
        console.print(f"Round {round_.period} was already closed.")
    else:
        console.print(
            f"Round {round_.period} closed: {flushed} answers moved, shuffled, into the report, "
            "and the round's mixing key destroyed."
        )


@app.command("status")
def status(ctx: typer.Context) -> None:
    """Every pulse round: dates, delivery from the outbox, and how many took part."""
    store = run_cleanly(lambda: store_of(ctx, existing=True))
    # Fits 80 columns: no borders, short dates, short ids (`rounds close` takes them).
    table = Table(
        title="Pulse rounds", box=None, padding=(0, 1), pad_edge=False, header_style="bold"
    )
    for header in ("Period", "Status", "Closes"):
        table.add_column(header, no_wrap=True)
    for header in ("Sent/invited", "Failed", "Took part", "Reminders"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Id", no_wrap=True)
    failures: dict[str, int] = {}
    actor = operator().person.actor
    keys = settings_of(ctx).keys
    try:
        backups = status_warning(store, keys)
        for r in store.rounds.list():
            if r.source != "pulse":
                continue
            stats = store.outbox.stats(r.id)
            for reason, count in stats.failure_reasons.items():
                failures[reason] = failures.get(reason, 0) + count
            table.add_row(
                r.period,
                r.status,
                _day(r.closes_at),
                f"{stats.sent}/{stats.invited}",
                str(stats.failed),
                took_part(store, r, actor=actor, role="admin", form="round status"),
                f"{stats.reminders_sent}/{stats.reminders}",
                r.id[:SHORT_ID],
            )
    finally:
        store.close()
    console.print(table)
    for reason, count in sorted(failures.items(), key=lambda item: -item[1]):
        console.print(f"  not delivered: {count} x {reason}")
    if backups is not None:
        console.print(f"[bold red]ACTION NEEDED[/]: {backups}")
