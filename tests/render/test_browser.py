"""The HTML report and the summary in a real browser: Debian's Chromium, driven by
playwright-core from tests/browser (npm ci there; no browser is ever downloaded).

Skipped only when node itself is absent; CI installs node, chromium and the npm packages.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from surveys.render.html_report import render_html
from surveys.render.summary import summary_page
from surveys.render.workforce_html import workforce_section
from surveys.workforce import ResponseRate, WorkforceFigures
from tests.fixtures_reports import sample_report

HERE = Path(__file__).resolve().parents[1] / "browser"
CHROMIUM = Path("/usr/bin/chromium")
TRUST = "Anytown NHS Foundation Trust"

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def _check(page: Path) -> dict[str, Any]:
    assert CHROMIUM.exists(), "Debian's chromium is missing: apt-get install -y chromium"
    assert (HERE / "node_modules" / "playwright-core").is_dir(), "run npm ci in tests/browser"
    done = subprocess.run(
        ["node", str(HERE / "check_page.js"), str(page)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _workforce() -> str:
    rates = (
        ResponseRate("all", "all", False, 2130, 6400, 33.3),
        ResponseRate("bank", "all", False, 330, 1100, 30.0),
        ResponseRate("locum", "all", True, headcount=40, reason="suppressed to protect anonymity"),
    )
    return workforce_section(WorkforceFigures("2026-09", rates))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("browser")
    report = sample_report()
    full, summary = folder / "report.html", folder / "summary.html"
    full.write_text(render_html(report, trust=TRUST, sections=[_workforce()]), encoding="utf-8")
    summary.write_text(summary_page(report, TRUST), encoding="utf-8")
    return {"report": _check(full), "summary": _check(summary)}


@pytest.mark.parametrize("name", ["report", "summary"])
def test_axe_finds_no_violations(pages: dict[str, dict[str, Any]], name: str) -> None:
    assert pages[name]["1280"]["axe"] == []


@pytest.mark.parametrize("name", ["report", "summary"])
def test_no_text_under_12px_and_nothing_overflows_at_1280(
    pages: dict[str, dict[str, Any]], name: str
) -> None:
    wide = pages[name]["1280"]
    assert wide["smallest"]["size"] >= 12, wide["smallest"]
    assert wide["pageOverflow"] <= 0
    assert all(t["right"] <= wide["viewport"] for t in wide["tables"])
    assert all(not t["scrolls"] for t in wide["tables"])


def test_every_chart_fills_at_least_90_percent_of_its_column(
    pages: dict[str, dict[str, Any]],
) -> None:
    charts = pages["report"]["1280"]["charts"]
    assert len(charts) == 8  # bars and trend for WRES 5-8
    assert all(c["width"] >= 0.9 * c["column"] for c in charts), charts


def test_at_390px_tables_scroll_in_their_boxes_not_the_page(
    pages: dict[str, dict[str, Any]],
) -> None:
    narrow = pages["report"]["390"]
    assert narrow["pageOverflow"] <= 0
    wide_tables = [t for t in narrow["tables"] if t["tableWidth"] > t["boxWidth"]]
    assert wide_tables, "the WRES matrices are wider than a phone"
    assert all(t["scrolls"] and t["overflowX"] == "auto" for t in wide_tables)
