"""`bigconv report`: WRES indicators 5-8 for a period, as a table or a file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands.common import check_writable, now, settings_of, store_of, today
from bot.config import ConfigError
from bot.errors import run_cleanly
from bot.report_table import render_report_table
from bot.runtime import operator
from handlers.reports import Compare, ReportPolicy, ReportRequest, pull_report
from surveys.render.csv_report import write_csv
from surveys.render.html_report import write_html
from surveys.render.json_report import dumps_report
from surveys.render.xlsx_report import write_xlsx
from surveys.report_model import Report


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"


def write_report(report: Report, fmt: Format, out: Path | None, console: Console) -> None:
    """Print or write `report` in `fmt`; binary formats need a file."""
    if fmt is Format.TABLE:
        render_report_table(report, console)
        return
    if fmt in (Format.JSON, Format.CSV) and out is None:
        if fmt is Format.JSON:
            sys.stdout.write(dumps_report(report) + "\n")
        else:
            write_csv(report, sys.stdout)
        return
    target = out or Path(f"wres-{report.period.replace('/', '-')}.{fmt.value}")
    if fmt is Format.JSON:
        target.write_text(dumps_report(report), encoding="utf-8")
    elif fmt is Format.CSV:
        write_csv(report, target)
    elif fmt is Format.XLSX:
        write_xlsx(report, target)
    else:
        write_html(report, target)
    console.print(f"Wrote {target}", highlight=False, soft_wrap=True, style=None, end="\n")


def report(
    ctx: typer.Context,
    period: Annotated[str, typer.Option(help="YYYY-MM, YYYY-Qn, YYYY or FYyyyy/yy")],
    staff_group: Annotated[
        str, typer.Option(help="all, substantive, bank, agency, locum, student or volunteer")
    ] = "all",
    compare: Annotated[
        Compare, typer.Option(help="Compare with the previous period or the annual NSS baseline")
    ] = Compare.PREVIOUS,
    fmt: Annotated[Format, typer.Option("--format", help="Output format")] = Format.TABLE,
    out: Annotated[
        Path | None, typer.Option(help="File to write (json and csv default to standard output)")
    ] = None,
) -> None:
    """Indicators 5-8, White vs BME, by ethnic and staff group, with intervals and trend."""
    settings = settings_of(ctx)
    console = Console(stderr=fmt is not Format.TABLE)

    def run() -> Report:
        if out is not None:
            if fmt is Format.TABLE:
                raise ConfigError(
                    "--out needs --format json, csv, xlsx or html; the table is only printed."
                )
            check_writable(out)
        store = store_of(ctx, existing=True)
        try:
            return pull_report(
                store,
                requester=operator(),
                request=ReportRequest(period, staff_group, compare, purpose=fmt.value),
                policy=ReportPolicy(settings.privacy.min_group_size, settings.report.trend_periods),
                today=today(),
                now=now(),
            )
        finally:
            store.close()

    result = run_cleanly(run)
    write_report(result, fmt, out, console)
