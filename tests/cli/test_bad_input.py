"""Bad input gets one clear message, a non-zero exit, and changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.cli.conftest import Cli

HEADER = "period,staff_group,ethnicity,q14a,q14b,q14c,q14d,q15,q16a,q16b,q16c\n"
GOOD_ROW = "2025-06,substantive,01,1,1,2,3,1,2,2,\n"


def _stored(cli: Cli) -> int:
    code, out, _ = cli.run("report", "--period", "2025-06", "--format", "json")
    if code != 0:
        return 0
    import json

    cells = json.loads(out)["cells"]
    return next(
        c["n"]
        for c in cells
        if c["indicator"] == "wres5" and c["staff_group"] == "all" and c["ethnic_group"] == "all"
    )


def test_a_file_with_one_bad_row_stores_nothing(cli: Cli) -> None:
    rows = GOOD_ROW * 30 + "2025-06,substantive,01,7,1,2,3,1,2,2,\n"
    code, _, err = cli.run("import-responses", str(cli.write("a.csv", HEADER + rows)))
    assert code != 0
    assert "line 32" in err and "q14a: 7 is not an answer code" in err
    assert "nothing was imported" in err
    assert "Traceback" not in err
    assert _stored(cli) == 0


def test_malformed_csv_header_is_refused(cli: Cli) -> None:
    code, _, err = cli.run("import-responses", str(cli.write("b.csv", "a,b,c\n1,2,3\n")))
    assert code != 0 and "line 1: the header must be exactly" in err


def test_every_bad_row_is_listed_with_its_line(cli: Cli) -> None:
    rows = (
        GOOD_ROW
        + "2025-13,substantive,01,1,1,1,1,1,1,1,\n"
        + "2025-06,nurse,01,1,1,1,1,1,1,1,\n"
        + "2025-06,bank,42,1,1,1,1,1,1,1,\n"
        + "2025-06,bank,01,1,1\n"
    )
    code, _, err = cli.run("import-responses", str(cli.write("c.csv", HEADER + rows)))
    assert code != 0
    for expected in (
        "line 3: period",
        "line 4: staff_group",
        "line 5: ethnicity",
        "line 6: expected 11 columns",
    ):
        assert expected in err


def test_a_period_in_the_future_is_refused(cli: Cli) -> None:
    next_year = datetime.now(UTC).year + 1
    row = f"{next_year}-01,substantive,01,1,1,1,1,1,1,1,\n"
    code, _, err = cli.run("import-responses", str(cli.write("d.csv", HEADER + row)))
    assert code != 0 and "is in the future" in err
    assert cli.run("db", "upgrade")[0] == 0  # report only looks: it needs a database
    code, _, err = cli.run("report", "--period", f"{next_year}-Q1")
    assert code != 0 and "has not started yet" in err and "Traceback" not in err


def test_report_for_a_period_with_no_data(cli: Cli) -> None:
    assert cli.run("db", "upgrade")[0] == 0
    code, _, err = cli.run("report", "--period", "2024-03")
    assert code != 0
    assert "no closed pulse results for 2024-03" in err


def test_a_wrong_master_key_is_refused_clearly(cli: Cli) -> None:
    assert cli.run("import-responses", str(cli.write("e.csv", HEADER + GOOD_ROW * 12)))[0] == 0
    (cli.workdir / "bigconv.key").unlink()
    from storage.keys import generate_key, write_key_file

    write_key_file(cli.workdir / "bigconv.key", generate_key())
    code, _, err = cli.run("report", "--period", "2025-06")
    assert code != 0
    assert "master key" in err and "Traceback" not in err


def test_a_missing_key_file_in_production_is_refused(cli: Cli) -> None:
    cli.write(
        "bigconv.toml", '[database]\nurl = "sqlite:///bigconv.db"\n[keys]\nproduction = true\n'
    )
    code, _, err = cli.run("db", "upgrade")
    assert code != 0
    assert "bigconv.key" in err and "does not exist" in err
    assert not (cli.workdir / "bigconv.key").exists()
