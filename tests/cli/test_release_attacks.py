"""The attacks of issue 9, as an analyst with a spreadsheet would try them on routine
`bigconv report` pulls: every figure released so far, added and subtracted, must never
give the count of 1 to k-1 people."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

K = 11
HEADER = "period,staff_group,ethnicity,q14a,q14b,q14c,q14d,q15,q16a,q16b,q16c\n"
WHITE, ASIAN, BLACK = "01", "09", "14"
Key = tuple[str, str, str]


def rows(month: str, staff: str, ethnicity: str, count: int, *, yes: bool = False) -> str:
    """`count` people; `yes`: discriminated against (q16b Yes, grounds: ethnicity)."""
    answers = "1,1,2,3,1,2,1,1" if yes else "1,1,2,3,1,2,2,"
    return f"{month},{staff},{ethnicity},{answers}\n" * count


def background(month: str) -> str:
    return rows(month, "substantive", WHITE, 30) + rows(month, "substantive", ASIAN, 15)


@pytest.fixture
def analyst(tmp_path: Path) -> Cli:
    config = tmp_path / "bigconv.toml"
    config.write_text('[database]\nurl = "sqlite:///bigconv.db"\n\n[report]\ntrend_periods = 2\n')
    return Cli(tmp_path, {"BIGCONV_CONFIG": str(config), "COLUMNS": "160"})


def imported(cli: Cli, text: str, name: str = "answers.csv") -> str:
    code, out, err = cli.run("import-responses", str(cli.write(name, HEADER + text)))
    assert code == 0, err
    return out + err


def released(cli: Cli, period: str, *extra: str) -> dict[Key, dict[str, object]]:
    """The report's cells as the analyst's spreadsheet holds them."""
    code, out, err = cli.run(
        "report", "--period", period, "--format", "json", "--compare", "none", *extra
    )
    assert code == 0, err
    cells = json.loads(out)["cells"]
    return {(c["indicator"], c["staff_group"], c["ethnic_group"]): c for c in cells}


def n(cells: dict[Key, dict[str, object]], key: Key) -> int | None:
    cell = cells[key]
    value = cell.get("n")
    return None if cell["suppressed"] else int(str(value))


def assert_no_small_combination(
    terms: Iterable[tuple[int, dict[Key, dict[str, object]]]], keys: Iterable[Key]
) -> None:
    """sum(sign * n) over releases, for every cell shown in all of them, is 0 or >= k."""
    terms = list(terms)
    for key in keys:
        values = [n(cells, key) for _, cells in terms]
        if any(v is None for v in values):
            continue
        total = sum(sign * v for (sign, _), v in zip(terms, values, strict=True) if v is not None)
        assert total == 0 or abs(total) >= K, (key, values)


def test_months_against_their_quarter(analyst: Cli) -> None:
    imported(
        analyst,
        background("2025-07") + rows("2025-07", "bank", BLACK, 11)
        + background("2025-08") + rows("2025-08", "bank", BLACK, 11)
        + background("2025-09") + rows("2025-09", "bank", BLACK, 1),
    )  # fmt: skip
    july, august = released(analyst, "2025-07"), released(analyst, "2025-08")
    quarter = released(analyst, "2025-Q3")
    # Q3 - July - August would be September's one bank/Black respondent.
    assert_no_small_combination([(1, quarter), (-1, july), (-1, august)], quarter)
    cell = quarter[("wres8", "bank", "black")]
    assert cell["suppressed"] and cell["reason"] == "history"
    assert "would reveal a group when set against the 2025-0" in str(cell["reason_text"])
    assert quarter[("wres8", "all", "white")]["suppressed"] is False  # headline kept


def test_a_refused_month_does_not_leak_through_comparisons(analyst: Cli) -> None:
    imported(
        analyst,
        background("2025-07") + rows("2025-07", "bank", BLACK, 12)
        + background("2025-09") + rows("2025-09", "bank", BLACK, 3)
        + background("2025-10") + rows("2025-10", "bank", BLACK, 12),
    )  # fmt: skip
    quarter = released(analyst, "2025-Q3")
    assert quarter[("wres8", "bank", "black")]["suppressed"] is False
    september = released(analyst, "2025-09")
    assert september[("wres8", "bank", "black")]["suppressed"]
    code, out, err = analyst.run("report", "--period", "2025-10", "--format", "json")
    assert code == 0, err
    october = json.loads(out)
    # Every comparison against September stands on a September figure that was itself
    # checked: never the 3 bank/Black people, whom Q3 - September would then give away.
    compared = {
        (c["indicator"], c["staff_group"], c["ethnic_group"]) for c in october["comparisons"]
    }
    assert ("wres8", "bank", "black") not in compared
    assert ("wres8", "bank", "bme") not in compared
    assert ("wres8", "all", "white") in compared


def test_absent_and_suppressed_cells_look_the_same(tmp_path: Path) -> None:
    reports = []
    for name, agency in (
        ("no", "agency,14,1,1,2,3,1,2,2,\n"),
        ("yes", "agency,14,1,1,2,3,1,2,1,1\n"),
    ):
        (tmp_path / name).mkdir()
        config = tmp_path / name / "bigconv.toml"
        config.write_text('[database]\nurl = "sqlite:///bigconv.db"\n')
        cli = Cli(tmp_path / name, {"BIGCONV_CONFIG": str(config), "COLUMNS": "160"})
        imported(cli, background("2025-07") + "2025-07," + agency)
        reports.append(released(cli, "2025-07"))
    nobody_cli = Cli(tmp_path, {"BIGCONV_CONFIG": str(tmp_path / "none.toml"), "COLUMNS": "160"})
    (tmp_path / "none.toml").write_text('[database]\nurl = "sqlite:///none.db"\n')
    imported(nobody_cli, background("2025-07"))
    reports.append(released(nobody_cli, "2025-07"))
    # One agency/Black person said No, one said Yes, or nobody from agency answered: the
    # agency cells of every indicator (q14d and q16c included) read exactly the same.
    agency = [{k: v for k, v in cells.items() if k[1] == "agency"} for cells in reports]
    assert agency[0] == agency[1] == agency[2]
    assert set(reports[0]) == set(reports[1]) == set(reports[2])
    assert agency[0][("q16c_ethnic", "agency", "black")]["reason_text"] == "fewer than 11 answered"


def test_financial_year_against_calendar_year(analyst: Cli) -> None:
    imported(
        analyst,
        background("2025-02") + rows("2025-02", "bank", BLACK, 1)
        + background("2025-06") + rows("2025-06", "bank", BLACK, 11)
        + background("2026-02") + rows("2026-02", "bank", BLACK, 11),
    )  # fmt: skip
    calendar = released(analyst, "2025")
    financial = released(analyst, "FY2025/26")
    spring = released(analyst, "2026-Q1")
    # 2025 - FY2025/26 + 2026-Q1 = January to March 2025: one bank/Black person.
    assert_no_small_combination([(1, calendar), (-1, financial), (1, spring)], spring)


def test_late_rows_show_only_where_the_difference_is_safe(analyst: Cli) -> None:
    imported(analyst, background("2025-07") + rows("2025-07", "bank", BLACK, 12))
    before = released(analyst, "2025-07")
    said = imported(analyst, rows("2025-07", "bank", BLACK, 3), "late.csv")
    assert "already released" in said and "0 or at least 11" in said
    after = released(analyst, "2025-07")
    assert_no_small_combination([(1, after), (-1, before)], after)
    assert after[("wres8", "all", "white")] == before[("wres8", "all", "white")]
    assert after[("wres8", "bank", "black")]["reason"] == "history"


def test_a_staff_group_view_against_the_all_staff_view(analyst: Cli) -> None:
    imported(
        analyst,
        background("2025-07") + rows("2025-07", "substantive", BLACK, 15)
        + rows("2025-07", "bank", BLACK, 1),
    )  # fmt: skip
    everyone = released(analyst, "2025-07")
    substantive = released(analyst, "2025-07", "--staff-group", "substantive")
    keys = [k for k in substantive if k[1] == "substantive"]
    pairs = [((k[0], "all", k[2]), k) for k in keys]
    for whole, part in pairs:
        a, b = n(everyone, whole), n(substantive, part)
        if a is not None and b is not None:
            assert a - b == 0 or a - b >= K, (whole, a, b)


def test_releases_list_and_preview(analyst: Cli) -> None:
    imported(analyst, background("2025-07") + rows("2025-07", "bank", BLACK, 2))
    code, out, err = analyst.run("report", "--period", "2025-07", "--preview")
    assert code == 0, err
    assert "Preview" in out and "too few" in out and "%" not in out
    code, out, _ = analyst.run("releases", "list")
    assert "Nothing has been released yet" in out
    released(analyst, "2025-07")
    code, out, err = analyst.run("releases", "list")
    assert code == 0, err
    assert "2025-07 report" in out and "json" in out
    code, out, _ = analyst.run("releases", "verify")
    assert code == 0 and "intact: 1 releases" in out
