"""`bigconv audit verify` notices the newest entries deleted straight from the database."""

from __future__ import annotations

import sqlite3

from tests.cli.conftest import Cli

HEADER = "period,staff_group,ethnicity,q14a,q14b,q14c,q14d,q15,q16a,q16b,q16c\n"
ROW = "2025-06,substantive,01,1,1,2,3,1,2,2,\n"


def test_truncating_the_log_is_reported(cli: Cli) -> None:
    assert cli.run("import-responses", str(cli.write("a.csv", HEADER + ROW * 12)))[0] == 0
    for _ in range(3):
        cli.run("report", "--period", "2025-06", "--format", "json")
    code, out, _ = cli.run("audit", "verify")
    assert code == 0 and "intact: 4 entries" in out
    assert (cli.workdir / "bigconv.audit-anchor").exists()
    with sqlite3.connect(cli.workdir / "bigconv.db") as connection:
        connection.execute("DELETE FROM audit_log WHERE seq > 2")
    code, out, _ = cli.run("audit", "verify")
    assert code == 1
    assert "2 of the newest entries have been removed" in " ".join(out.split())
