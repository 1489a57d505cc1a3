"""One self-contained HTML page an EDI lead can attach to a board paper.

Inline CSS and SVG only: no scripts, fonts, images or links outside the file, so it
reads the same offline, in an email client and on paper.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from pathlib import Path

from surveys.render.charts import indicator_bars, trend_lines
from surveys.render.html_page import html_document, page_header
from surveys.render.html_tables import (
    cells_matrix,
    comparisons_table,
    gaps_table,
    summary_table,
    table,
    td,
)
from surveys.render.html_tables import row as table_row
from surveys.render.summary import summary_section
from surveys.render.tables import (
    indicator_info,
    indicators_in,
    questions_for,
    supplementary_indicators_in,
    wres_indicators_in,
)
from surveys.render.text import (
    INDICATOR_TITLES,
    METHOD_NOTES,
    disclosure_notes,
    suppression_explanation,
)
from surveys.report_model import Indicator, Report


def page_title(report: Report, trust: str = "") -> str:
    prefix = f"{trust}: " if trust else ""
    return f"{prefix}WRES indicators 5–8 — pulse results for {report.period}"


def _p(text: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return f"<p{klass}>{escape(text)}</p>"


def _ul(items: tuple[str, ...] | list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>"


def _section(ident: str, heading: str, body: str, css: str = "") -> str:
    klass = f' class="{css}"' if css else ""
    return (
        f'<section id="{ident}"{klass} aria-labelledby="{ident}-h">'
        f'<h2 id="{ident}-h">{escape(heading)}</h2>{body}</section>'
    )


def _figure(svg: str, caption: str) -> str:
    return f"<figure>{svg}<figcaption>{escape(caption)}</figcaption></figure>"


def _definition(report: Report, indicator: Indicator) -> str:
    info = indicator_info(report, indicator)
    return _p(f"Numerator: {info.numerator}. Denominator: {info.denominator}.")


def _indicator_section(report: Report, indicator: Indicator) -> str:
    k = report.min_group_size
    parts = [
        _definition(report, indicator),
        _figure(
            indicator_bars(report, indicator),
            "Bars: percentage with 95% confidence interval. A slot marked “suppressed” has no "
            "bar: that group is hidden to protect anonymity. Diamonds mark the published "
            "annual baseline.",
        ),
        _figure(
            trend_lines(report, indicator),
            "Lines: percentage by period with shaded 95% confidence intervals; "
            "a break in a line is a suppressed or missing period.",
        ),
        "<h3>All figures by staff group and ethnic group</h3>",
        cells_matrix(report, indicator),
        _p(suppression_explanation(k), "explanation"),
        gaps_table(report, indicator),
        comparisons_table(report, indicator),
    ]
    return _section(str(indicator), INDICATOR_TITLES[indicator], "".join(parts), "indicator")


def _supplementary(report: Report) -> str:
    indicators = supplementary_indicators_in(report)
    if not indicators:
        return ""
    parts = [_p("These rows are not part of WRES; EDI teams asked for them alongside it.")]
    for indicator in indicators:
        parts.append(f"<h3>{escape(INDICATOR_TITLES[indicator])}</h3>")
        parts.append(_definition(report, indicator))
        parts.append(cells_matrix(report, indicator))
        parts.append(comparisons_table(report, indicator))
    return _section("supplementary", "Supplementary questions", "".join(parts))


def _notes(report: Report) -> str:
    k = report.min_group_size
    method_rows = []
    for indicator in indicators_in(report):
        info = indicator_info(report, indicator)
        cells = (td(info.numerator), td(info.denominator))
        method_rows.append(table_row(INDICATOR_TITLES[indicator], cells))
    count = len(report.suppressed_cells)
    parts = [
        "<h3>Notes on this report</h3>",
        _ul(list(report.notes)) if report.notes else _p("No notes."),
        "<h3>Method</h3>",
        table("What each indicator counts", ("Indicator", "Numerator", "Denominator"), method_rows),
        _ul(METHOD_NOTES),
        "<h3>Disclosure control</h3>",
        _ul(disclosure_notes(k)),
        _p(f"{count} of {len(report.cells)} figures in this report are suppressed."),
    ]
    return _section("notes", "Notes and method", "".join(parts))


def _questions(report: Report) -> str:
    items = "".join(
        f"<dt>{escape(q.id)}</dt><dd>{escape(q.wording)}</dd>" for q in questions_for(report)
    )
    intro = _p(f"Asked word for word from the NHS Staff Survey; recall window: {report.recall}.")
    return _section("questions", "Question wording", f"{intro}<dl>{items}</dl>")


def _contents(report: Report) -> str:
    links = [("summary", "Summary"), ("detail", "White and BME staff")]
    links += [(str(i), INDICATOR_TITLES[i]) for i in wres_indicators_in(report)]
    if supplementary_indicators_in(report):
        links.append(("supplementary", "Supplementary questions"))
    links += [("notes", "Notes and method"), ("questions", "Question wording")]
    items = "".join(f'<li><a href="#{i}">{escape(label)}</a></li>' for i, label in links)
    return f'<nav aria-label="Contents"><h2>Contents</h2><ol>{items}</ol></nav>'


def render_html(report: Report, *, trust: str = "", sections: Sequence[str] = ()) -> str:
    """The full report; the one-page summary first. `sections` are extra ready-made
    <section>s (response rates, for instance) placed after the summary."""
    title = page_title(report, trust)
    summary = summary_table(report) + _p(
        suppression_explanation(report.min_group_size), "explanation"
    )
    body = [
        page_header(report, trust, title),
        summary_section(report, trust),
        _contents(report),
        "<main>",
        *sections,
        _section("detail", "White and BME staff: all four indicators", summary),
        *(_indicator_section(report, i) for i in wres_indicators_in(report)),
        _supplementary(report),
        _notes(report),
        _questions(report),
        "</main>",
        f"<footer>{_p(f'Generated at {report.generated_at} by Big Conversation.')}</footer>",
    ]
    return html_document(title, "".join(body))


def write_html(report: Report, path: str | Path, *, trust: str = "") -> None:
    Path(path).write_text(render_html(report, trust=trust), encoding="utf-8")
