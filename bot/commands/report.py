"""`bigconv report`: WRES indicators 5-8 for a period, as a table or a file."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bot.commands.common import check_writable, now, settings_of, store_of, today
from bot.settings import ConfigError
from bot.store_opening import operator
from bot.terminal.errors import run_cleanly
from bot.terminal.report_preview import render_preview
from bot.terminal.report_table import render_report_table
from handlers.reports import Compare, ReportPolicy, ReportRequest, preview_report, pull_report
from handlers.workforce_report import period_workforce
from surveys.render.csv_report import write_csv
from surveys.render.html_report import render_html
from surveys.render.json_report import dumps_report
from surveys.render.pdf_report import write_pdf
from surveys.render.summary import summary_markdown, summary_page
from surveys.render.workforce_html import workforce_section
from surveys.render.xlsx_report import write_xlsx
from surveys.report_model import Report


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    HTML = "html"
    PDF = "pdf"
    SUMMARY = "summary"  # the one-page summary as HTML
    SUMMARY_MD = "summary-md"  # the same summary as Markdown, for pasting


SUFFIXES = {Format.SUMMARY: "summary.html", Format.SUMMARY_MD: "summary.md"}
# Formats written to a file even without --out: into [report] output_dir.
FILE_FORMATS = (Format.XLSX, Format.HTML, Format.PDF, Format.SUMMARY)


def check_output_dir(folder: Path) -> None:
    """Refuse an unusable [report] output_dir before any work (or audit entry)."""
    if not folder.is_dir():
        raise ConfigError(f"[report] output_dir {folder} is not a folder; create it first.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"[report] output_dir {folder} cannot be written.")


def _text_output(report: Report, fmt: Format, trust: str, sections: list[str]) -> str:
    if fmt is Format.JSON:
        return dumps_report(report)
    if fmt is Format.SUMMARY:
        return summary_page(report, trust)
    if fmt is Format.SUMMARY_MD:
        return summary_markdown(report, trust)
    return render_html(report, trust=trust, sections=sections)


def write_report(
    report: Report,
    fmt: Format,
    out: Path | None,
    console: Console,
    *,
    trust: str = "",
    sections: list[str] | None = None,
    folder: Path = Path("."),
) -> None:
    """Print or write `report` in `fmt`; binary formats need a file, named after the
    period in `folder` when `out` is None. `sections` are extra HTML sections (response
    rates) for the html and pdf formats."""
    if fmt is Format.TABLE:
        render_report_table(report, console, trust=trust)
        return
    extra = sections or []
    if fmt in (Format.JSON, Format.CSV, Format.SUMMARY_MD) and out is None:
        if fmt is Format.CSV:
            write_csv(report, sys.stdout)
        else:
            sys.stdout.write(_text_output(report, fmt, trust, extra).rstrip("\n") + "\n")
        return
    suffix = SUFFIXES.get(fmt, fmt.value)
    target = out or folder / f"wres-{report.period.replace('/', '-')}.{suffix}"
    if fmt is Format.CSV:
        write_csv(report, target)
    elif fmt is Format.XLSX:
        write_xlsx(report, target)
    elif fmt is Format.PDF:
        write_pdf(render_html(report, trust=trust, sections=extra), target)
    elif fmt is Format.SUMMARY and target.suffix == ".md":
        target.write_text(summary_markdown(report, trust), encoding="utf-8")
    else:
        target.write_text(_text_output(report, fmt, trust, extra), encoding="utf-8")
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
    fmt: Annotated[
        Format,
        typer.Option(
            "--format",
            help="table, json, csv, xlsx, html, pdf, summary (one page, HTML) or summary-md",
        ),
    ] = Format.TABLE,
    out: Annotated[
        Path | None,
        typer.Option(
            help="File to write (default: wres-<period>.<format> in [report] output_dir; "
            "json, csv and summary-md default to standard output; --format summary with a "
            ".md file writes Markdown)"
        ),
    ] = None,
    preview: Annotated[
        bool,
        typer.Option(
            "--preview",
            help="Show which cells would be hidden and why, with no figures; releases nothing",
        ),
    ] = False,
) -> None:
    """Indicators 5-8, White vs BME, by ethnic and staff group, with intervals and trend."""
    settings = settings_of(ctx)
    console = Console(stderr=fmt is not Format.TABLE and not preview)
    pull = preview_report if preview else pull_report

    def run() -> tuple[Report, list[str]]:
        if out is not None:
            if fmt is Format.TABLE:
                raise ConfigError(
                    "--out needs --format json, csv, xlsx or html; the table is only printed."
                )
            check_writable(out)
        elif fmt in FILE_FORMATS and not preview:
            check_output_dir(settings.report.output_dir)
        store = store_of(ctx, existing=True)
        try:
            pulled = pull(
                store,
                requester=operator(),
                request=ReportRequest(period, staff_group, compare, purpose=fmt.value),
                policy=ReportPolicy(settings.privacy.min_group_size, settings.report.trend_periods),
                today=today(),
                now=now(),
            )
            if preview or fmt not in (Format.HTML, Format.PDF):
                return pulled, []
            figures = period_workforce(
                store,
                period=period,
                today=today(),
                k=settings.privacy.min_group_size,
                actor=operator().person.actor,
                form=fmt.value,
            )
            return pulled, [workforce_section(figures)]
        finally:
            store.close()

    result, sections = run_cleanly(run)
    if preview:
        render_preview(result, console)
    else:
        folder = settings.report.output_dir
        write_report(
            result, fmt, out, console, trust=settings.trust_name, sections=sections, folder=folder
        )
