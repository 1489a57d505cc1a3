"""report_to_json is exactly docs/indicators.md#report-json, and the schema says so."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from surveys.render.json_report import dumps_report, load_schema, report_to_json
from tests.fixtures_reports import sample_report

TOP_LEVEL = {"period", "generated_at", "min_group_size", "recall", "cells", "gaps", "comparisons"}
CELL_KEYS = {
    "indicator", "staff_group", "ethnic_group", "n", "count", "percent", "ci_low", "ci_high",
    "suppressed",
}  # fmt: skip
SUPPRESSED_KEYS = {
    "indicator",
    "staff_group",
    "ethnic_group",
    "suppressed",
    "reason",
    "reason_text",
}


@pytest.fixture(scope="module")
def document() -> dict[str, object]:
    return report_to_json(sample_report())


def _validator() -> jsonschema.Draft202012Validator:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_output_conforms_to_the_schema(document: dict[str, object]) -> None:
    _validator().validate(document)


def test_the_spec_example_conforms_to_the_schema() -> None:
    example = {
        "period": "2026-Q3",
        "generated_at": "2026-10-01T09:00:00Z",
        "min_group_size": 11,
        "recall": "12 months",
        "cells": [
            {"indicator": "wres5", "staff_group": "all", "ethnic_group": "bme", "n": 435,
             "count": 102, "percent": 23.45, "ci_low": 19.7, "ci_high": 27.6, "suppressed": False}
        ],
        "gaps": [
            {"indicator": "wres5", "staff_group": "all", "gap_pp": 0.5, "gap_ci_low": -3.9,
             "gap_ci_high": 5.0, "relative_likelihood": 1.02}
        ],
        "comparisons": [
            {"indicator": "wres5", "staff_group": "all", "ethnic_group": "bme",
             "against": "2025 (NSS baseline)", "change_pp": -1.2, "p_value": 0.41,
             "direction": "no_significant_change"}
        ],
    }  # fmt: skip
    _validator().validate(example)


def test_keys_are_exactly_those_documented(document: dict[str, object]) -> None:
    assert set(document) == TOP_LEVEL
    cells = document["cells"]
    assert isinstance(cells, list)
    for cell in cells:
        assert set(cell) == (SUPPRESSED_KEYS if cell["suppressed"] else CELL_KEYS)
    assert any(c["suppressed"] for c in cells) and not all(c["suppressed"] for c in cells)


@pytest.mark.parametrize("figure", ["n", "count", "percent", "ci_low", "ci_high"])
def test_a_suppressed_cell_with_any_figure_fails_the_schema(
    document: dict[str, object], figure: str
) -> None:
    leaky = copy.deepcopy(document)
    cells = leaky["cells"]
    assert isinstance(cells, list)
    suppressed = next(c for c in cells if c["suppressed"])
    suppressed[figure] = 0 if figure in ("n", "count") else 12.5
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(leaky)


def test_an_unsuppressed_cell_missing_a_figure_or_an_extra_top_level_key_fails(
    document: dict[str, object],
) -> None:
    broken = copy.deepcopy(document)
    cells = broken["cells"]
    assert isinstance(cells, list)
    del next(c for c in cells if not c["suppressed"])["ci_high"]
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate(broken)
    with pytest.raises(jsonschema.ValidationError):
        _validator().validate({**document, "trend": []})


def test_percentages_carry_two_decimals(document: dict[str, object]) -> None:
    cells, gaps = document["cells"], document["gaps"]
    assert isinstance(cells, list) and isinstance(gaps, list)
    values = [c[k] for c in cells if not c["suppressed"] for k in ("percent", "ci_low", "ci_high")]
    values += [g[k] for g in gaps for k in ("gap_pp", "gap_ci_low", "gap_ci_high")]
    assert values and all(round(v, 2) == v for v in values)


def test_dumps_is_indented_utf8_text_that_round_trips() -> None:
    report = sample_report()
    text = dumps_report(report)
    assert text.startswith('{\n  "period": "2026-Q3"')
    assert json.loads(text) == report_to_json(report)
