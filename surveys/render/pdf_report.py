"""The full report as an A4 PDF for a board pack, laid out by WeasyPrint from the HTML.

WeasyPrint draws with the system's Pango; no browser is involved. The print stylesheet
(report.css) does the work: A4 pages, running headers with the trust name and period,
page numbers, tables and charts kept whole, and table headers repeated on a new page.
"""

from __future__ import annotations

import base64
import logging
import re
from html import escape
from pathlib import Path

_INLINE_SVG = re.compile(r"<svg .*?</svg>", re.DOTALL)
_LABEL = re.compile(r"<title[^>]*>(.*?)</title><desc[^>]*>(.*?)</desc>", re.DOTALL)


def _as_image(match: re.Match[str]) -> str:
    """Inline SVG as an <img>: WeasyPrint styles inline SVG with its HTML CSS engine,
    which drops SVG properties, but draws an SVG image with its own SVG renderer."""
    svg = match.group(0)
    label = _LABEL.search(svg)
    alt = f"{label.group(1)}. {label.group(2)}" if label else "Chart"
    if 'xmlns="' not in svg[:300]:
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    source = f"data:image/svg+xml;base64,{data}"
    return f'<img class="chart" alt="{escape(alt, quote=True)}" src="{source}">'


def printable(html: str) -> str:
    return _INLINE_SVG.sub(_as_image, html)


def pdf_bytes(html: str) -> bytes:
    """A PDF of a page made by render_html (or summary_page)."""
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDFs need it

    # Its CSS warnings are about browser-only rules in the shared stylesheet, not the user.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    result = HTML(string=printable(html)).write_pdf()
    assert result is not None  # write_pdf returns bytes when given no target
    return bytes(result)


def write_pdf(html: str, path: str | Path) -> None:
    Path(path).write_bytes(pdf_bytes(html))
