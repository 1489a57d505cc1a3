"""The report's "Response rates and representativeness" section, or what is missing."""

from __future__ import annotations

from html import escape

from surveys.render.html_tables import row, table, td
from surveys.render.text import ethnic_label, staff_label
from surveys.workforce import ResponseRate, WorkforceFigures

HOW_TO_ADD = (
    "No workforce headcounts are loaded for this period, so the report cannot show response "
    "rates or whether the people who answered are representative of the workforce. To add "
    "them, export headcounts from the Electronic Staff Record as a CSV file with the header "
    "month,staff_group,ethnic_category,headcount (one row per month, staff group and NHS Data "
    "Dictionary ethnic category A to Z) and run: bigconv workforce import FILE"
)


def _rate_cells(rate: ResponseRate) -> tuple[str, ...]:
    heads = td(f"{rate.headcount:,}" if rate.headcount is not None else "–")
    if rate.suppressed:
        return (heads, f'<td class="suppressed" colspan="2">{escape(rate.reason)}</td>')
    return (heads, td(f"{rate.respondents:,}"), td(f"{rate.percent:.1f}%"))


def _rate_td(rate: ResponseRate | None) -> str:
    if rate is None:
        return td("no headcount", "empty")
    if rate.suppressed:
        return f'<td class="suppressed">{escape(rate.reason)}</td>'
    return (
        f'<td class="figure"><span class="pct">{rate.percent:.1f}%</span> '
        f'<span class="n">{rate.respondents:,} of {rate.headcount:,}</span></td>'
    )


def _rates_table(figures: WorkforceFigures, caption: str) -> str:
    by_unit = {(r.staff_group, r.ethnic_group): r for r in figures.rates}
    staff_groups = list(dict.fromkeys(r.staff_group for r in figures.rates))
    rows = [
        row(staff_label(s), (_rate_td(by_unit.get((s, e))) for e in ("all", "white", "bme")))
        for s in staff_groups
    ]
    headers = ("Staff group", "All", "White", "BME")
    return table(caption, headers, rows) if rows else ""


def _ethnic_table(figures: WorkforceFigures) -> str:
    rows = [
        row(ethnic_label(r.ethnic_group), _rate_cells(r))
        for r in figures.rates
        if r.staff_group == "all"
    ]
    headers = ("Ethnic group", "Headcount", "Answered", "Response rate")
    caption = f"Response rate by ethnic group, all staff (workforce as at {figures.as_at})"
    return table(caption, headers, rows) if rows else ""


def workforce_section(figures: WorkforceFigures) -> str:
    heading = "Response rates and representativeness"
    ident = "workforce"
    if not figures.as_at:
        body = f'<p class="explanation">{escape(HOW_TO_ADD)}</p>'
    else:
        sentences = "".join(f"<li>{escape(c.sentence)}</li>" for c in figures.checks)
        checks = (
            f"<h3>Do the people who answered look like the workforce?</h3><ul>{sentences}</ul>"
            if sentences
            else "<p>No staff group has enough answers to compare its ethnic mix safely.</p>"
        )
        caption = (
            f"Response rate by staff group: answered of headcount (workforce as at {figures.as_at})"
        )
        body = (
            _rates_table(figures, caption)
            + _ethnic_table(figures)
            + checks
            + "<p>Mix compared with a chi-square goodness-of-fit test of White, BME and not "
            "stated shares; a rate is suppressed where it would reveal a small group.</p>"
        )
    return (
        f'<section id="{ident}" aria-labelledby="{ident}-h">'
        f'<h2 id="{ident}-h">{escape(heading)}</h2>{body}</section>'
    )
