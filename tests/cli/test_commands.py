"""The other commands, run as a user would: demo, baseline, audit, keys, db."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import UTC, datetime

from tests.cli.conftest import Cli
from tests.surveys.lpt_builder import import_csv, reference_answers

BASELINE = (
    "survey_year,staff_group,ethnic_group,indicator,percent,n\n"
    "2017,substantive,white,wres5,24.7,1780\n"
    "2017,substantive,bme,wres5,23.0,379\n"
)


def _load_2018(cli: Cli) -> None:
    csv_text = import_csv(reference_answers(2018), "2018-10")
    assert cli.run("import-responses", str(cli.write("lpt.csv", csv_text)))[0] == 0


def test_demo_runs_a_round_and_writes_the_html_report(cli: Cli) -> None:
    result = cli.spawn("demo", "--staff", "600", "--months", "2")
    assert result.returncode == 0, result.stderr
    assert "WRES indicators 5–8" in result.stdout
    said = [line for line in result.stdout.splitlines() if line.startswith("Round ")]
    assert len(said) == 2 and all("anonymous answers recorded" in line for line in said)
    html = (cli.workdir / "bigconv-demo-report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html
    assert "Created a new master key" in result.stderr  # said loudly, once
    assert stat.S_IMODE((cli.workdir / "bigconv.key").stat().st_mode) == 0o600


def test_demo_over_teams_runs_a_round_and_downloads_the_report_in_teams(cli: Cli) -> None:
    result = cli.spawn("demo", "--platform", "teams", "--staff", "150", "--months", "1")
    assert result.returncode == 0, result.stderr
    [said] = [line for line in result.stdout.splitlines() if line.startswith("Round ")]
    assert "anonymous answers recorded, 150 invitations delivered over the Teams" in said
    assert "`wres " in result.stdout and ".html (" in result.stdout and ".xlsx (" in result.stdout
    assert "WRES indicators 5–8" in result.stdout
    assert (
        (cli.workdir / "bigconv-demo-report.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )
    assert "anonymous access is ON" in result.stderr  # the stand-in runs as the Playground does
    assert "Traceback" not in result.stderr


def test_baseline_import_shows_in_comparisons(cli: Cli) -> None:
    _load_2018(cli)
    code, out, err = cli.run("baseline", "import", str(cli.write("b.csv", BASELINE)))
    assert code == 0, err
    assert "Imported 2 baseline figures for 2017 from b.csv." in out
    code, out, err = cli.run(
        "report", "--period", "2018", "--compare", "baseline", "--format", "json"
    )
    assert code == 0, err
    against = {c["against"] for c in json.loads(out)["comparisons"]}
    assert against == {"2017 (NSS baseline)"}


def test_a_bad_baseline_row_is_refused_whole(cli: Cli) -> None:
    bad = BASELINE + "2017,substantive,bme,wres9,101,x\n"
    code, _, err = cli.run("baseline", "import", str(cli.write("b.csv", bad)))
    assert code != 0
    assert "line 4" in err and "indicator" in err and "percent" in err


def test_baseline_import_is_strict(cli: Cli) -> None:
    next_year = datetime.now(UTC).year + 1
    cases = {
        "2017,substantive,bme,wres5,20.0,\n": "n: the number who answered is missing",
        "2017,substantive,bme,wres5,20.0,0\n": "n: '0' is not a number of people",
        f"{next_year},substantive,bme,wres5,20.0,40\n": f"{next_year} is in the future",
        BASELINE.splitlines()[1] + "\n": "line 4: the same figure as line 2",
    }
    for row, expected in cases.items():
        code, _, err = cli.run("baseline", "import", str(cli.write("b.csv", BASELINE + row)))
        assert code != 0 and expected in " ".join(err.split()), (row, err)
    code, _, err = cli.run("baseline", "import", str(cli.workdir / "absent.csv"))
    assert code != 0 and "line 0" not in err and "absent.csv is not a file" in err
    assert cli.run("baseline", "import", str(cli.write("b.csv", BASELINE)))[0] == 0
    changed = BASELINE.replace(",379", ",380")
    code, _, err = cli.run("baseline", "import", str(cli.write("c.csv", changed)))
    assert code != 0 and "already imported" in err and "--replace" in err
    code, out, _ = cli.run("baseline", "import", "--replace", str(cli.workdir / "c.csv"))
    assert code == 0 and "replacing 2 imported before" in out


def test_every_pull_is_audited_and_the_chain_verifies(cli: Cli) -> None:
    _load_2018(cli)
    for fmt in ("json", "csv"):
        assert cli.run("report", "--period", "2018", "--format", fmt)[0] == 0
    code, out, _ = cli.run("audit", "verify")
    assert code == 0 and "intact" in out
    with sqlite3.connect(cli.workdir / "bigconv.db") as db:
        actions = [row[0] for row in db.execute("SELECT action FROM audit_log ORDER BY seq")]
        assert actions.count("report") == 2
        db.execute("UPDATE audit_log SET details = '{}' WHERE seq = 2")
    code, out, _ = cli.run("audit", "verify")
    assert code == 1 and "tampered" in out


def test_key_rotation_keeps_every_answer_readable(cli: Cli) -> None:
    _load_2018(cli)
    before = cli.run("report", "--period", "2018", "--format", "json", "--compare", "none")[1]
    old_key = (cli.workdir / "bigconv.key").read_text()
    code, out, err = cli.run("keys", "rotate")
    assert code == 0, err
    said = " ".join(out.split())
    assert "Re-wrapped 1 data keys" in said and "No answers were changed" in said
    assert (cli.workdir / "bigconv.key").read_text() != old_key
    after = cli.run("report", "--period", "2018", "--format", "json", "--compare", "none")[1]
    assert json.loads(before)["cells"] == json.loads(after)["cells"]


def test_db_upgrade_reports_the_revision(cli: Cli) -> None:
    code, out, _ = cli.run("db", "upgrade")
    assert code == 0 and "revision" in out
