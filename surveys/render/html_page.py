"""The frame every HTML page of the report shares: the document, its stylesheet and the
header, whose trust name and period also feed the PDF's running headers."""

from __future__ import annotations

from html import escape
from importlib.resources import files

from surveys.render.text import staff_label
from surveys.report_model import Report


def report_css() -> str:
    return files("surveys.render").joinpath("report.css").read_text(encoding="utf-8")


def html_document(title: str, body: str) -> str:
    """A complete, self-contained page around `body` with the report stylesheet."""
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{report_css()}</style></head>"
        f"<body>{body}</body></html>\n"
    )


def _running_heading(heading: str, trust: str, period: str) -> str:
    """The h1 with its trust name and period marked, for the PDF's running headers."""
    text, name, when = escape(heading), escape(trust), escape(period)
    if name and text.startswith(name):
        text = f'<span class="running-trust">{name}</span>{text[len(name) :]}'
    if text.endswith(when):
        text = f'{text[: -len(when)]}<span class="running-period">{when}</span>'
    return text


def page_header(report: Report, trust: str, heading: str) -> str:
    meta = (
        f"{staff_label(report.staff_group_filter)} · recall: last {report.recall} · "
        f"minimum group size {report.min_group_size} · generated {report.generated_at}"
    )
    running = _running_heading(heading, trust, report.period)
    return f'<header><h1>{running}</h1><p class="meta">{escape(meta)}</p></header>'
