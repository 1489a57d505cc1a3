"""Per-batch unit counts: how many answered each indicator in each unit (batch x staff
category x broad ethnic group), the input of the release auditor. Only n, never what
anyone answered, so a decision built on them cannot depend on the answers."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from surveys.aggregate import AGG_ETHNIC_GROUPS, base_counts, canonical, cell_arrays
from surveys.frame import ETHNIC_CATEGORIES, STAFF_CATEGORIES
from surveys.indicators import INDICATORS
from surveys.release_audit import Unit

RESPONSES = "responses"  # the plain number of answers in a unit (round status, exports)


def batch_unit_counts(batch: str, frame: pd.DataFrame) -> dict[str, dict[Unit, int]]:
    """Unit counts of one batch's decoded frame, units with n = 0 left out."""
    n, _ = base_counts(frame)
    result: dict[str, dict[Unit, int]] = {}
    for indicator, table in n.items():
        result[indicator.value] = _units(batch, table)
    staff = pd.Categorical(frame["staff_group"], categories=list(STAFF_CATEGORIES)).codes
    ethnic = pd.Categorical(frame["ethnic"], categories=list(ETHNIC_CATEGORIES)).codes
    size = len(STAFF_CATEGORIES) * len(ETHNIC_CATEGORIES)
    responses = np.bincount(
        np.asarray(staff, dtype=np.int64) * len(ETHNIC_CATEGORIES) + np.asarray(ethnic),
        minlength=size,
    ).reshape(len(STAFF_CATEGORIES), len(ETHNIC_CATEGORIES))
    result[RESPONSES] = _units(batch, responses)
    return result


def aggregate_unit_counts(batch: str, agg: pd.DataFrame) -> dict[str, dict[Unit, int]]:
    """Unit counts of one batch from its aggregate (its rows of single staff category x
    broad ethnic group are the units), for callers that hold aggregates only."""
    full = canonical(agg)
    result: dict[str, dict[Unit, int]] = {}
    for indicator in INDICATORS:
        n, _ = cell_arrays(full, indicator)
        table = n[1:, :][:, [AGG_ETHNIC_GROUPS.index(e) for e in ETHNIC_CATEGORIES]]
        result[indicator.value] = _units(batch, table)
    return result


def _units(batch: str, table: np.ndarray) -> dict[Unit, int]:
    return {
        (batch, STAFF_CATEGORIES[s], ETHNIC_CATEGORIES[e]): int(table[s, e])
        for s, e in zip(*np.nonzero(table), strict=True)
    }


def merge_unit_counts(
    parts: Mapping[str, Mapping[str, Mapping[Unit, int]]],
) -> dict[str, dict[Unit, int]]:
    """One UnitCounts from the counts of several batches (batch id -> its counts)."""
    merged: dict[str, dict[Unit, int]] = {}
    for counts in parts.values():
        for indicator, units in counts.items():
            merged.setdefault(indicator, {}).update(units)
    return merged
