"""`bigconv rounds open|close|status`: the admin's hand on the pulse schedule."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from bot.background.retention import status_warning
from bot.commands.common import now, settings_of, store_of
from bot.store_opening import operator
from bot.terminal.errors import EXIT_BAD_INPUT, err, run_cleanly
from handlers.round_admin import (
    AdminRefused,
    RoundCalendar,
    RoundRefusal,
    close_now,
    open_now,
    status_now,
)

app = typer.Typer(help="Open, close and inspect pulse rounds.", no_args_is_help=True)
console = Console(highlight=False)
MONTH = re.compile(r"[1-9]\d{3}-(0[1-9]|1[0-2])")
SHORT_ID = 8  # as many characters of a round id as `rounds status` shows


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"


def _day(value: datetime | None) -> str:
    return value.strftime("%d %b") if value is not None else "-"


def _calendar(ctx: typer.Context) -> RoundCalendar:
    schedule = settings_of(ctx).schedule
    return RoundCalendar(timezone=schedule.timezone, open_days=schedule.open_days)


def _refuse(refused: AdminRefused) -> NoReturn:
    said = refused.text
    if refused.reason is RoundRefusal.ANOTHER_OPEN:
        said = said.rstrip(".") + f" (bigconv rounds close --period {refused.period})."
    if refused.reason is RoundRefusal.NO_OPEN_ROUND:
        said = "no such open round; give its id or --period YYYY-MM"
    err.print(f"[red]error:[/] {said}")
    raise typer.Exit(EXIT_BAD_INPUT)


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
    calendar = _calendar(ctx)
    if period is not None and not MONTH.fullmatch(period):
        err.print(f"[red]error:[/] --period must be a month like 2026-03, not '{period}'")
        raise typer.Exit(EXIT_BAD_INPUT)
    recall = settings_of(ctx).privacy.recall
    store = run_cleanly(lambda: store_of(ctx))
    try:
        opened = open_now(
            store,
            requester=operator(),
            calendar=calendar,
            recall=recall,
            now=now(),
            period=period,
            days=days,
        )
    finally:
        store.close()
    if isinstance(opened, AdminRefused):
        _refuse(opened)
    if not opened.is_open:
        console.print(
            f"The {opened.period} round was already held and is closed; nothing was sent."
        )
        return
    console.print(
        f"Round {opened.period} is open until {_when(opened.closes_at)} UTC: "
        f"{_plural(opened.invited, 'invitation')} queued ({opened.sent} already sent)."
    )


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
        closed = close_now(store, requester=operator(), round_id=round_id, period=period)
    finally:
        store.close()
    if isinstance(closed, AdminRefused):
        _refuse(closed)
    if not closed.was_open:
        console.print(f"Round {closed.period} was already closed.")
    else:
        console.print(
            f"Round {closed.period} closed: {closed.answers_moved} answers moved, shuffled, "
            "into the report, and the round's mixing key destroyed."
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
    keys = settings_of(ctx).keys
    try:
        backups = status_warning(store, keys)
        shown = status_now(store, requester=operator())
    finally:
        store.close()
    if isinstance(shown, AdminRefused):
        _refuse(shown)
    for r in shown.rounds:
        for reason, count in r.failure_reasons:
            failures[reason] = failures.get(reason, 0) + count
        table.add_row(
            r.period,
            r.status,
            _day(r.closes_at),
            f"{r.sent}/{r.invited}",
            str(r.failed),
            r.took_part,
            f"{r.reminders_sent}/{r.reminders}",
            r.round_id[:SHORT_ID],
        )
    console.print(table)
    for reason, count in sorted(failures.items(), key=lambda item: -item[1]):
        console.print(f"  not delivered: {count} x {reason}")
    if backups is not None:
        console.print(f"[bold red]ACTION NEEDED[/]: {backups}")
