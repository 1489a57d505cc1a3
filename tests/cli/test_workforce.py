"""`bigconv workforce import` and the report's response rates, run as a user would."""

from __future__ import annotations

from tests.cli.conftest import Cli

RESPONSE_HEADER = "period,staff_group,ethnicity,q14a,q14b,q14c,q14d,q15,q16a,q16b,q16c\n"
WORKFORCE_HEADER = "month,staff_group,ethnic_category,headcount\n"


def _row(staff: str, ethnicity: str) -> str:
    return f"2025-06,{staff},{ethnicity},1,1,2,3,1,2,2,\n"


def _responses(cli: Cli) -> None:
    rows = _row("substantive", "01") * 90 + _row("substantive", "09") * 30
    rows += _row("bank", "01") * 20 + _row("bank", "14") * 3
    code, _, err = cli.run("import-responses", str(cli.write("r.csv", RESPONSE_HEADER + rows)))
    assert code == 0, err


WORKFORCE = (
    WORKFORCE_HEADER + "2025-06,substantive,A,300\n2025-06,substantive,H,100\n"
    "2025-06-30,bank,A,80\n2025-06,bank,N,40\n"
)


def test_import_then_report_gives_rates_and_a_representativeness_sentence(cli: Cli) -> None:
    _responses(cli)
    code, out, err = cli.run("workforce", "import", str(cli.write("w.csv", WORKFORCE)))
    assert code == 0, err
    assert "Imported workforce headcounts for 2025-06 (520 staff)." in out
    code, _, err = cli.run("report", "--period", "2025-06", "--format", "html", "--out", "r.html")
    assert code == 0, err
    page = (cli.workdir / "r.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="workforce"') :]
    section = section[: section.index("</section>")]
    assert (
        "Response rate by staff group: answered of headcount (workforce as at 2025-06)" in section
    )
    assert "<td>520</td><td>143</td><td>27.5%</td>" in section  # all staff: 143 of 520
    assert "<td>380</td><td>110</td><td>28.9%</td>" in section  # White: 110 of 380
    assert "<td>140</td><td>33</td><td>23.6%</td>" in section  # BME: 33 of 140
    # Bank Black: 3 answered of 40; showing 7.5% would say so. Hidden, not just shaded.
    assert ">7.5%<" not in section and "suppressed to protect anonymity" in section
    # 33 of 143 answers are BME against 140 of 520 staff: chi-square p = 0.30.
    assert "BME staff are 23% of answers, 27% of the workforce" in section
    assert "no statistically significant difference, p = 0.30" in section


def test_without_a_workforce_the_report_says_how_to_add_one(cli: Cli) -> None:
    _responses(cli)
    code, _, err = cli.run("report", "--period", "2025-06", "--format", "html", "--out", "r.html")
    assert code == 0, err
    page = (cli.workdir / "r.html").read_text(encoding="utf-8")
    assert "No workforce headcounts are loaded for this period" in page
    assert "bigconv workforce import FILE" in page


def test_a_bad_workforce_file_lists_every_bad_row_and_stores_nothing(cli: Cli) -> None:
    _responses(cli)
    bad = (
        WORKFORCE_HEADER + "2025-06,substantive,A,300\n"
        "2025-13,substantive,A,3\n"
        "2025-06,nurses,A,3\n"
        "2025-06,bank,X,3\n"
        "2025-06,bank,A,lots\n"
        "2025-06,substantive,A,12\n"
    )
    code, _, err = cli.run("workforce", "import", str(cli.write("w.csv", bad)))
    assert code != 0 and "Traceback" not in err
    for expected in (
        "line 3: month: '2025-13' is not a month",
        "line 4: staff_group: 'nurses' is not one of",
        "line 5: ethnic_category: 'X' is not an NHS Data Dictionary ethnic category",
        "line 6: headcount: 'lots' is not a whole number",
        "line 7: 2025-06 / substantive / A is given twice",
        "nothing was imported",
    ):
        assert expected in " ".join(err.split()), err
    code, _, _ = cli.run("report", "--period", "2025-06", "--format", "html", "--out", "r.html")
    assert "No workforce headcounts are loaded" in (cli.workdir / "r.html").read_text()


def _rates(cli: Cli) -> str:
    code, _, err = cli.run("report", "--period", "2025-06", "--format", "html", "--out", "r.html")
    assert code == 0, err
    page = (cli.workdir / "r.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="workforce"') :]
    return section[: section.index("</section>")]


def test_a_rate_that_would_reveal_late_answers_is_hidden_by_the_release_auditor(
    cli: Cli,
) -> None:
    _responses(cli)
    assert cli.run("workforce", "import", str(cli.write("w.csv", WORKFORCE)))[0] == 0
    assert "<td>520</td><td>143</td><td>27.5%</td>" in _rates(cli)
    # Three late paper forms from Black bank staff: every rate that grew by three would
    # tell an analyst holding both reports what those three did, so it stays hidden.
    late = RESPONSE_HEADER + _row("bank", "14") * 3
    assert cli.run("import-responses", str(cli.write("late.csv", late)))[0] == 0
    section = _rates(cli)
    assert "<td>146</td>" not in section  # all staff, 143 + 3
    assert "<td>36</td>" not in section  # BME, 33 + 3
    assert "<td>380</td><td>110</td><td>28.9%</td>" in section  # White did not change
    code, out, _ = cli.run("releases", "list")
    assert code == 0 and "response" in out  # the "2025-06 response rates" release
