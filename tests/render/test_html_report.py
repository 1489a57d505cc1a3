"""HTML: one self-contained, parseable, accessible page; suppressed cells carry no figures."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from surveys.render.html_report import render_html, write_html
from surveys.render.text import suppressed_text
from surveys.report_model import WRES_INDICATORS
from tests.fixtures_reports import sample_report

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "wbr"}


class _Page(HTMLParser):
    """Checks nesting and gathers attributes and the text of suppressed cells."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []
        self.suppressed: list[str] = []
        self.sections: list[str] = []
        self.svg_in_section: dict[str, int] = {}
        self.captions = self.tables = 0
        self.in_suppressed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        values = dict(attrs)
        self.in_suppressed = tag == "td" and values.get("class") == "suppressed"
        if self.in_suppressed:
            self.suppressed.append("")
        if tag == "section":
            self.sections.append(values.get("id") or "")
        if tag == "svg" and self.sections:
            self.svg_in_section[self.sections[-1]] = (
                self.svg_in_section.get(self.sections[-1], 0) + 1
            )
        self.captions += tag == "caption"
        self.tables += tag == "table"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += [(tag, k, v or "") for k, v in attrs]

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        self.in_suppressed = False

    def handle_data(self, data: str) -> None:
        if self.in_suppressed:
            self.suppressed[-1] += data


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_report())


@pytest.fixture(scope="module")
def parsed(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_parses_with_balanced_tags_and_the_title(page: str, parsed: _Page) -> None:
    assert parsed.stack == []
    assert "<title>WRES indicators 5–8 — pulse results for 2026-Q3</title>" in page
    assert page.count("<h1>") == 1


def test_self_contained_no_external_references_or_scripts(page: str, parsed: _Page) -> None:
    links = [v for _, k, v in parsed.attrs if k in ("src", "href", "xlink:href")]
    assert all(v.startswith("#") for v in links)
    # Namespace names are identifiers, not references: nothing is fetched from them.
    without_namespaces = re.sub(r' xmlns(:\w+)?="[^"]*"', "", page)
    assert "http://" not in without_namespaces and "https://" not in without_namespaces
    assert "<script" not in page.lower() and "@import" not in page


def test_an_svg_chart_pair_per_wres_indicator(page: str, parsed: _Page) -> None:
    for indicator in WRES_INDICATORS:
        assert parsed.svg_in_section.get(str(indicator)) == 2
    for svg in re.findall(r"<svg.*?</svg>", page, flags=re.S):
        root = ET.fromstring(svg)
        assert root.attrib["role"] == "img"
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_suppressed_cells_show_words_but_no_figures(parsed: _Page) -> None:
    report = sample_report()
    words = suppressed_text(report.min_group_size)
    assert parsed.suppressed
    for text in parsed.suppressed:
        assert text.strip() == words
        assert not re.search(r"\d", text.replace(words, ""))


def test_tables_have_captions_and_scoped_headers(page: str, parsed: _Page) -> None:
    assert parsed.tables > 4 and parsed.captions == parsed.tables
    assert '<th scope="col">' in page and '<th scope="row">' in page
    assert "@media print" in page


def test_all_report_text_is_escaped() -> None:
    hostile = dataclasses.replace(sample_report(), notes=("<script>alert(1)</script> & more",))
    page = render_html(hostile)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page


def test_write_html_writes_utf8(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    write_html(sample_report(), target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
