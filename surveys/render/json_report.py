"""The machine-readable face of a report: exactly the JSON of docs/indicators.md#report-json.

Trend points, baseline figures and notes stay out: the schema is a contract with the
EDI team's own tools, and it has no place for them.
"""

from __future__ import annotations

import json
from importlib.resources import files

from surveys.report_model import Cell, Comparison, Gap, Report

SCHEMA_RESOURCE = "report.schema.json"


def _pp(value: float) -> float:
    """Percentages and percentage points carry two decimals (docs/indicators.md#report-json)."""
    return round(value, 2)


def _p_value(value: float) -> float:
    # Four significant figures: keeps very small p-values distinguishable from zero.
    return float(f"{value:.4g}")


def cell_to_json(cell: Cell) -> dict[str, object]:
    key: dict[str, object] = {
        "indicator": str(cell.indicator),
        "staff_group": cell.staff_group,
        "ethnic_group": cell.ethnic_group,
    }
    if cell.suppressed:
        # Why it is hidden; a cell nobody answered reads exactly like one a few answered.
        reason = cell.reason or "too_few"
        return {**key, "suppressed": True, "reason": reason, "reason_text": cell.reason_text or ""}
    n, count, percent, low, high = cell.n, cell.count, cell.percent, cell.ci_low, cell.ci_high
    if n is None or count is None or percent is None or low is None or high is None:
        raise ValueError(f"unsuppressed cell without figures: {key}")
    return {
        **key,
        "n": n,
        "count": count,
        "percent": _pp(percent),
        "ci_low": _pp(low),
        "ci_high": _pp(high),
        "suppressed": False,
    }


def gap_to_json(gap: Gap) -> dict[str, object]:
    ratio = gap.relative_likelihood
    return {
        "indicator": str(gap.indicator),
        "staff_group": gap.staff_group,
        "gap_pp": _pp(gap.gap_pp),
        "gap_ci_low": _pp(gap.gap_ci_low),
        "gap_ci_high": _pp(gap.gap_ci_high),
        "relative_likelihood": None if ratio is None else round(ratio, 2),
    }


def comparison_to_json(comp: Comparison) -> dict[str, object]:
    return {
        "indicator": str(comp.indicator),
        "staff_group": comp.staff_group,
        "ethnic_group": comp.ethnic_group,
        "against": comp.against,
        "change_pp": _pp(comp.change_pp),
        "p_value": _p_value(comp.p_value),
        "direction": str(comp.direction),
    }


def report_to_json(report: Report) -> dict[str, object]:
    return {
        "period": report.period,
        "generated_at": report.generated_at,
        "min_group_size": report.min_group_size,
        "recall": report.recall,
        "cells": [cell_to_json(c) for c in report.cells],
        "gaps": [gap_to_json(g) for g in report.gaps],
        "comparisons": [comparison_to_json(c) for c in report.comparisons],
    }


def dumps_report(report: Report) -> str:
    return json.dumps(report_to_json(report), indent=2, ensure_ascii=False)


def load_schema() -> dict[str, object]:
    """The JSON Schema (draft 2020-12) that every report_to_json output satisfies."""
    text = files("surveys.render").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8")
    schema: dict[str, object] = json.loads(text)
    return schema
