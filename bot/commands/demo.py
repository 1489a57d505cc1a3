"""`bigconv demo`: a synthetic trust answers a few monthly pulses, then the WRES report.

Over Slack or Teams the demo plays the platform with the stand-ins, a distribution of
their own (`standins/`) that `pip install .` leaves out: they are imported only here,
only when needed, and their absence is one clear message."""

from __future__ import annotations

import asyncio
import importlib
import logging
import random
import time
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress

from bot.commands.common import check_writable, now, settings_of, today
from bot.commands.report import Format, write_report
from bot.demo.baseline import demo_baseline
from bot.demo.chat_round import RoundResult
from bot.demo.local_round import run_round
from bot.demo.next_steps import next_steps, write_demo_config
from bot.demo.population import Colleague, build_trust
from bot.log_privacy import configure_logging
from bot.settings import Settings
from bot.store_opening import open_store, operator
from bot.terminal.errors import EXIT_REFUSED, err, run_cleanly
from handlers.reports import Compare, ReportPolicy, ReportRequest, pull_report
from storage.store import Store
from surveys.periods import Period, month_label, parse_period
from surveys.report_model import Report

console = Console()


ANCHOR_SUFFIX = ".audit-anchor"


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    LOCAL = "local"


OVER = {
    Platform.SLACK: "over Slack's Web API, each answer a signed request",
    Platform.TEAMS: "over the Teams Bot Connector protocol, each answer an Activity posted "
    "to /api/messages",
}


def _run_local(store: Store, trust: list[Colleague], periods: Sequence[Period], seed: int) -> None:
    """Straight through the submission path, no chat platform: the quickest demo."""
    rng = random.Random(seed)
    with Progress(console=console, transient=True) as progress:
        for period in periods:
            task = progress.add_task(f"Pulse round {period.label}", total=len(trust))
            recorded = run_round(
                store,
                month=period.label,
                trust=trust,
                rng=rng,
                on_answer=partial(progress.advance, task),
            )
            progress.update(task, completed=len(trust))
            console.print(f"Round {period.label}: {recorded} anonymous answers recorded.")


def _said(platform: Platform, progress: Progress, rounds: int) -> Callable[[RoundResult], None]:
    # A live bar while the rounds run (invitations sent, staff answering): they take a while.
    task = progress.add_task(f"Pulse rounds over {platform.value.title()}", total=rounds)

    def said(result: RoundResult) -> None:
        progress.advance(task)
        # The figures first and on one line: scripts (and the tests) read them.
        console.print(
            f"Round {result.period}: {result.answered} anonymous answers recorded, "
            f"{result.invited} invitations delivered {OVER[platform]} ({result.seconds:.1f} s).",
            soft_wrap=True,
        )

    return said


def _run_slack(
    store: Store,
    settings: Settings,
    trust: list[Colleague],
    periods: Sequence[Period],
    seed: int,
    concurrency: int,
) -> None:
    """Over real HTTP: our server, the Slack stand-in, the worker and simulated staff."""
    from bot.demo.slack_round import run_slack_rounds

    configure_logging(logging.WARNING)  # the libraries' own chatter, filtered for privacy
    with Progress(console=console, transient=True) as progress:
        coroutine = run_slack_rounds(
            store, settings, trust, periods, random.Random(seed), concurrency=concurrency,
            on_round=_said(Platform.SLACK, progress, len(periods)),
        )  # fmt: skip
        asyncio.run(coroutine)


def _run_teams(
    store: Store,
    settings: Settings,
    trust: list[Colleague],
    periods: Sequence[Period],
    seed: int,
    concurrency: int,
) -> None:
    """Over real HTTP: the Agents SDK behind our /api/messages and the Teams stand-in; at
    the end an EDI colleague asks for the report in Teams and downloads it by its link."""
    from bot.demo.teams_round import run_teams_rounds

    configure_logging(logging.WARNING)
    with Progress(console=console, transient=True) as progress:
        coroutine = run_teams_rounds(
            store, settings, trust, periods, random.Random(seed), concurrency=concurrency,
            on_round=_said(Platform.TEAMS, progress, len(periods)),
        )  # fmt: skip
        download = asyncio.run(coroutine)
    files = ", ".join(f"{name} ({size:,} bytes)" for name, size in download.files)
    console.print(
        f"In Teams, `wres {periods[-1].label}` answered with the card "
        f'"{download.card_title}"; downloaded through its links: {files or "nothing"}.',
        soft_wrap=True,
    )


STANDINS_HINT = (
    "Install them into bigconv's environment, from the Big Conversation checkout: "
    ".venv/bin/pip install -e ./standins\n"
    "Or run the demo with no chat platform: bigconv demo --platform local"
)


def _require_standins(platform: Platform) -> None:
    """Stop with an install hint, before any file is written, if the stand-in is missing."""
    try:
        importlib.import_module(f"standins.{platform.value}")
    except ImportError as missing:
        err.print(
            f"[red]error:[/] the demo over {platform.value.title()} needs the stand-ins "
            f"(bigconv-standins), which are not installed: no module named "
            f"{missing.name or 'standins'!r}.\n{STANDINS_HINT}",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_REFUSED) from None


def _fresh_sqlite(path: Path) -> str:
    for suffix in ("", "-wal", "-shm", ANCHOR_SUFFIX):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def demo(
    ctx: typer.Context,
    platform: Annotated[
        Platform,
        typer.Option(
            help="slack / teams: over HTTP with a local Slack or Teams stand-in; local: direct"
        ),
    ] = Platform.SLACK,
    staff: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=200_000,
            help="Size of the synthetic trust (default: 500 over a chat platform, 3000 local)",
        ),
    ] = None,
    months: Annotated[int, typer.Option(min=1, max=24, help="Monthly rounds to run")] = 3,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same trust)")] = 2026,
    database: Annotated[Path, typer.Option(help="Demo database, recreated each run")] = Path(
        "bigconv-demo.db"
    ),
    html: Annotated[Path, typer.Option(help="Where to write the HTML report")] = Path(
        "bigconv-demo-report.html"
    ),
    concurrency: Annotated[
        int, typer.Option(min=1, max=256, help="Simulated staff answering at once")
    ] = 8,
) -> None:
    """Run a realistic synthetic trust through a few pulse rounds and report WRES 5-8."""
    settings = settings_of(ctx)
    if platform is not Platform.LOCAL:
        _require_standins(platform)
    started = time.perf_counter()

    def run() -> Report:
        check_writable(html, option="--html")
        check_writable(database, option="--database")
        store = open_store(
            settings,
            database_url=_fresh_sqlite(database),
            audit_anchor=Path(f"{database}{ANCHOR_SUFFIX}"),  # not the real log's anchor
        )
        try:
            trust = build_trust(
                staff if staff is not None else (3000 if platform is Platform.LOCAL else 500),
                seed=seed,
            )
            bank = sum(1 for c in trust if c.staff_group.value == "bank")
            console.print(f"Synthetic trust: {len(trust)} staff, {bank} on the bank.")
            latest = parse_period(month_label(today()), today=today()).previous()
            periods = latest.trend(months)
            if platform is Platform.SLACK:
                _run_slack(store, settings, trust, periods, seed, concurrency)
            elif platform is Platform.TEAMS:
                _run_teams(store, settings, trust, periods, seed, concurrency)
            else:
                _run_local(store, trust, periods, seed)
            store.baselines.upsert(demo_baseline(int(latest.label[:4]) - 1))
            return pull_report(
                store,
                requester=operator(),
                request=ReportRequest(latest.label, "all", Compare.PREVIOUS, purpose="demo"),
                policy=ReportPolicy(settings.privacy.min_group_size, months),
                today=today(),
                now=now(),
            )
        finally:
            store.close()

    report = run_cleanly(run)
    write_report(report, Format.TABLE, None, console)
    write_report(report, Format.HTML, html, console, trust=settings.trust_name)
    anchor = Path(f"{database}{ANCHOR_SUFFIX}")
    config = run_cleanly(lambda: write_demo_config(settings, database, anchor))
    console.print(f"Demo finished in {time.perf_counter() - started:.1f} s.")
    console.print(f"The demo's database is {database}; {config} points the commands at it.")
    for line in next_steps(report.period, html):
        console.print(line, soft_wrap=True, highlight=False)
