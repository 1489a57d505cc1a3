"""The one-page summary for a board paper: first in the HTML and PDF, or on its own
(`bigconv report --format summary` / `summary-md`)."""

from __future__ import annotations

from html import escape

from surveys.render.html_page import html_document, page_header
from surveys.render.summary_text import (
    IndicatorLine,
    answered,
    caveats,
    indicator_lines,
)
from surveys.render.text import INDICATOR_CODES, fmt_ci, fmt_pct, fmt_pp, staff_label
from surveys.report_model import Cell, Report

NO_FIGURES = "There are no WRES figures for this staff group in this period."


def summary_title(report: Report, trust: str) -> str:
    who = trust or "Big Conversation"
    return f"{who}: WRES pulse summary, {report.period}"


def answered_words(report: Report) -> str:
    figures, k = answered(report), report.min_group_size
    if figures.overall is None:
        return f"No total can be shown: fewer than {k} answered, or it is suppressed."
    assert figures.indicator is not None  # set whenever overall is
    code = INDICATOR_CODES[figures.indicator]
    words = f"{figures.overall:,} staff answered (counted on {code}, the most answered question)"
    if report.staff_group_filter != "all":
        return f"{words} ({staff_label(report.staff_group_filter).lower()} staff)."
    if figures.flexible is None:
        return (
            f"{words}. The bank, agency and locum total is not shown because at least one "
            "of those groups is suppressed to protect anonymity."
        )
    if figures.flexible == 0:
        return f"{words}; none of them bank, agency or locum staff."
    return f"{words}, of whom {figures.flexible:,} work bank, agency or locum."


def _figure_html(label: str, cell: Cell | None) -> str:
    if cell is None:
        value = '<span class="big">–</span> no answers'
    elif cell.suppressed or cell.percent is None:
        value = '<span class="big">–</span> suppressed'
    else:
        value = (
            f'<span class="big">{escape(fmt_pct(cell.percent, 0))}</span> '
            f"(95% CI {escape(fmt_ci(cell.ci_low, cell.ci_high, 0))})"
        )
    return f'<p class="figures"><strong>{escape(label)}</strong> {value}</p>'


def _card(line: IndicatorLine) -> str:
    gap = "" if line.gap is None else f"<p>Gap BME − White: {escape(fmt_pp(line.gap.gap_pp))}</p>"
    return (
        f'<div class="indicator-card"><h3>{escape(line.title)}</h3>'
        f"{_figure_html('BME', line.bme)}{_figure_html('White', line.white)}{gap}"
        f'<p class="sentence">{escape(line.sentence)}</p></div>'
    )


def summary_section(report: Report, trust: str) -> str:
    """The summary as a <section>, with its own h2, for the top of the full report."""
    who = escape(trust or "Big Conversation")
    cards = "".join(_card(line) for line in indicator_lines(report)) or f"<p>{NO_FIGURES}</p>"
    notes = "".join(f"<li>{escape(c)}</li>" for c in caveats(report))
    words = answered_words(report)
    return (
        '<section id="summary" class="summary-page" aria-labelledby="summary-h">'
        f'<h2 id="summary-h">Summary for {who}, {escape(report.period)}</h2>'
        f'<p class="answered">{escape(words)}</p>'
        f'<div class="headline">{cards}</div>'
        f'<h3>Read with care</h3><ul class="caveats">{notes}</ul></section>'
    )


def summary_page(report: Report, trust: str) -> str:
    """The summary alone, as a complete HTML page."""
    title = summary_title(report, trust)
    body = f"{page_header(report, trust, title)}<main>{summary_section(report, trust)}</main>"
    return html_document(title, body)


def _md_figure(label: str, cell: Cell | None) -> str:
    if cell is None:
        return f"{label}: no answers"
    if cell.suppressed or cell.percent is None:
        return f"{label}: suppressed"
    return f"{label}: {fmt_pct(cell.percent)} (95% CI {fmt_ci(cell.ci_low, cell.ci_high)})"


def summary_markdown(report: Report, trust: str) -> str:
    """The same summary as Markdown, for pasting into a paper or an email."""
    out = [f"# {summary_title(report, trust)}", ""]
    out += [answered_words(report), ""]
    lines = indicator_lines(report)
    if not lines:
        out += [NO_FIGURES, ""]
    for line in lines:
        gap = "" if line.gap is None else f" · gap BME − White {fmt_pp(line.gap.gap_pp)}"
        out += [f"## {line.title}", ""]
        out += [f"{_md_figure('BME', line.bme)} · {_md_figure('White', line.white)}{gap}", ""]
        out += [line.sentence, ""]
    out += ["## Read with care", ""]
    out += [f"- {c}" for c in caveats(report)]
    return "\n".join(out) + "\n"
