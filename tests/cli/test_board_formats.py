"""`bigconv report --format pdf | summary | summary-md`: the board pack, end to end."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.conftest import Cli
from tests.surveys.lpt_builder import import_csv, reference_answers

TRUST = "Anytown NHS Foundation Trust"


def _load(cli: Cli) -> None:
    config = cli.workdir / "bigconv.toml"
    config.write_text(config.read_text() + f'\n[trust]\nname = "{TRUST}"\n')
    csv_text = import_csv(reference_answers(2018), "2018-10")
    assert cli.run("import-responses", str(cli.write("lpt.csv", csv_text)))[0] == 0


def test_summary_alone_as_html_and_markdown(cli: Cli) -> None:
    _load(cli)
    code, out, err = cli.run("report", "--period", "2018", "--format", "summary-md")
    assert code == 0, err
    assert out.startswith(f"# {TRUST}: WRES pulse summary, 2018")
    assert "## Harassment from staff (WRES 6)" in out and "## Read with care" in out
    code, _, err = cli.run("report", "--period", "2018", "--format", "summary")
    assert code == 0, err
    page = (cli.workdir / "wres-2018.summary.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and f"<title>{TRUST}: WRES pulse summary" in page
    assert "<svg" not in page  # one page of words and numbers, no charts
    code, _, err = cli.run("report", "--period", "2018", "--format", "summary", "--out", "s.md")
    assert code == 0, err
    assert (cli.workdir / "s.md").read_text(encoding="utf-8").startswith(f"# {TRUST}")


def _pages(pdf: Path) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return text.split("\f")[:-1]


ROW_LABELS = ("All staff", "Substantive", "Bank", "Agency", "Locum", "Students", "Volunteers")


def _rows_follow_a_header(page: str) -> bool:
    """A page may not open on table rows whose header row stayed on the page before:
    the first staff-group row on a page comes after a table header on that page."""
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    row = re.compile(rf"^({'|'.join(ROW_LABELS)})\s{{2,}}[-−+–\d]")  # a label, then figures
    rows = [i for i, line in enumerate(lines) if row.match(line)]
    headers = [i for i, line in enumerate(lines) if line.startswith(("Staff group", "Group "))]
    return not rows or (bool(headers) and headers[0] < rows[0])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_opens_with_the_summary_and_never_starts_a_page_mid_table(cli: Cli) -> None:
    _load(cli)
    code, _, err = cli.run("report", "--period", "2018", "--format", "pdf", "--out", "r.pdf")
    assert code == 0, err
    pdf = cli.workdir / "r.pdf"
    pages = _pages(pdf)
    print(f"\nPDF: {len(pages)} A4 pages, {pdf.stat().st_size:,} bytes")
    first = pages[0]
    assert TRUST in first and "2018" in first and f"Summary for {TRUST}, 2018" in first
    assert "Read with care" in first  # the whole summary fits on page 1
    for number, page in enumerate(pages, start=1):
        assert TRUST in page and f"Page {number} of {len(pages)}" in page
        assert _rows_follow_a_header(page), f"page {number} continues a table: {page[:300]}"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "595.276 x 841.89 pts (A4)" in info.stdout
