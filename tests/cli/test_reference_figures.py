"""The published LPT WRES figures, imported as individual answers, come back from
`bigconv report --format json` as the published percentages (docs/indicators.md#tests)."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import Cli
from tests.surveys.lpt_builder import import_csv, load_reference, reference_answers

YEARS = sorted({row.survey_year for row in load_reference()})


@pytest.mark.parametrize("year", YEARS)
def test_published_percentages_come_back_to_a_tenth(cli: Cli, year: int) -> None:
    csv_text = import_csv(reference_answers(year), f"{year}-10")
    code, out, err = cli.run("import-responses", str(cli.write(f"lpt-{year}.csv", csv_text)))
    assert code == 0, err
    code, out, err = cli.run(
        "report", "--period", str(year), "--format", "json", "--compare", "none"
    )
    assert code == 0, err
    cells = {
        (c["indicator"], c["staff_group"], c["ethnic_group"]): c for c in json.loads(out)["cells"]
    }
    rows = [r for r in load_reference() if r.survey_year == year]
    assert rows
    for row in rows:
        cell = cells[(row.indicator, row.staff_group, row.ethnic_group)]
        assert not cell["suppressed"], row
        assert (cell["count"], cell["n"]) == (row.count, row.n), row
        assert cell["percent"] == pytest.approx(row.published_percent, abs=0.1), row


def test_the_report_json_is_the_spec_schema(cli: Cli) -> None:
    from jsonschema import Draft202012Validator

    from surveys.render.json_report import load_schema

    cli.run(
        "import-responses",
        str(cli.write("lpt.csv", import_csv(reference_answers(2018), "2018-10"))),
    )
    code, out, err = cli.run("report", "--period", "2018-Q4", "--format", "json")
    assert code == 0, err
    body = json.loads(out)
    Draft202012Validator(load_schema()).validate(body)
    assert list(body) == [
        "period",
        "generated_at",
        "min_group_size",
        "recall",
        "cells",
        "gaps",
        "comparisons",
    ]
    assert body["period"] == "2018-Q4" and body["min_group_size"] == 11
