"""Per-cell denominators and numerators for every indicator, staff group and ethnic group.

Aggregates have a fixed full layout (zero cells included), so months add up to periods.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from surveys.frame import ETHNIC_CATEGORIES, NOT_STATED, STAFF_CATEGORIES
from surveys.indicators import INDICATORS, indicator_masks
from surveys.report_model import ALL, ETHNIC_GROUPS_REPORTED, Indicator

# Staff groups of an aggregate: "all", the six reported ones, and the hidden "not stated".
AGG_STAFF_GROUPS: tuple[str, ...] = (ALL, *STAFF_CATEGORIES)
AGG_ETHNIC_GROUPS: tuple[str, ...] = ETHNIC_GROUPS_REPORTED
KEY_COLUMNS: tuple[str, ...] = ("indicator", "staff_group", "ethnic_group")
BASE_SHAPE = (len(STAFF_CATEGORIES), len(ETHNIC_CATEGORIES))


def _staff_expansion() -> np.ndarray:
    """(8, 7) 0/1 matrix: aggregate staff rows from the base staff categories."""
    return np.vstack([np.ones(len(STAFF_CATEGORIES)), np.eye(len(STAFF_CATEGORIES))]).astype(
        np.int64
    )


def _ethnic_expansion() -> np.ndarray:
    """(6, 8) 0/1 matrix: reported ethnic groups from the broad groups."""
    members = {
        ALL: set(ETHNIC_CATEGORIES),
        "white": {"white"},
        "bme": {"mixed", "asian", "black", "other"},
        NOT_STATED: {NOT_STATED},
        "mixed": {"mixed"},
        "asian": {"asian"},
        "black": {"black"},
        "other": {"other"},
    }
    return np.array(
        [[broad in members[group] for group in AGG_ETHNIC_GROUPS] for broad in ETHNIC_CATEGORIES],
        dtype=np.int64,
    )


_STAFF_X = _staff_expansion()
_ETHNIC_X = _ethnic_expansion()
_CELLS = len(AGG_STAFF_GROUPS) * len(AGG_ETHNIC_GROUPS)
_KEYS = pd.DataFrame(
    {
        "indicator": np.repeat([i.value for i in INDICATORS], _CELLS),
        "staff_group": np.tile(
            np.repeat(AGG_STAFF_GROUPS, len(AGG_ETHNIC_GROUPS)), len(INDICATORS)
        ),
        "ethnic_group": np.tile(AGG_ETHNIC_GROUPS, len(AGG_STAFF_GROUPS) * len(INDICATORS)),
    }
)


def _expand(base: np.ndarray) -> np.ndarray:
    table: np.ndarray = _STAFF_X @ base.astype(np.int64) @ _ETHNIC_X
    return table.ravel()


def from_base_counts(
    n: Mapping[Indicator, np.ndarray], count: Mapping[Indicator, np.ndarray]
) -> pd.DataFrame:
    """Build an aggregate from (7, 6) arrays indexed by STAFF_CATEGORIES x ETHNIC_CATEGORIES.
    Indicators not given are all zero."""
    zero = np.zeros(BASE_SHAPE, dtype=np.int64)
    ns = [_expand(np.asarray(n.get(i, zero))) for i in INDICATORS]
    counts = [_expand(np.asarray(count.get(i, zero))) for i in INDICATORS]
    result = _KEYS.copy()
    result["n"] = np.concatenate(ns).astype(np.int64)
    result["count"] = np.concatenate(counts).astype(np.int64)
    if (result["count"] > result["n"]).any() or (result["count"] < 0).any():
        raise ValueError("a count must lie between 0 and its n")
    return result


def _codes(series: pd.Series, categories: tuple[str, ...]) -> np.ndarray:
    if isinstance(series.dtype, pd.CategoricalDtype) and tuple(series.cat.categories) == categories:
        codes = series.cat.codes.to_numpy()
    else:
        codes = pd.Index(list(categories)).get_indexer(pd.Index(series.astype(str)))
    if (codes < 0).any():
        raise ValueError(f"{series.name} holds a value outside {', '.join(categories)}")
    return codes.astype(np.int64)


def base_counts(
    frame: pd.DataFrame,
) -> tuple[dict[Indicator, np.ndarray], dict[Indicator, np.ndarray]]:
    """(n, count) of every indicator as (7, 6) arrays over STAFF_CATEGORIES x
    ETHNIC_CATEGORIES: the finest cells, before any group is summed."""
    cell = _codes(frame["staff_group"], STAFF_CATEGORIES) * len(ETHNIC_CATEGORIES) + _codes(
        frame["ethnic"], ETHNIC_CATEGORIES
    )
    size = BASE_SHAPE[0] * BASE_SHAPE[1]
    n: dict[Indicator, np.ndarray] = {}
    count: dict[Indicator, np.ndarray] = {}
    for indicator in INDICATORS:
        answered, positive = indicator_masks(frame, indicator)
        n[indicator] = np.bincount(cell[answered], minlength=size).reshape(BASE_SHAPE)
        count[indicator] = np.bincount(cell[positive & answered], minlength=size).reshape(
            BASE_SHAPE
        )
    return n, count


def aggregate(frame: pd.DataFrame) -> pd.DataFrame:
    """Count n and count for every indicator x staff group x ethnic group of the frame."""
    return from_base_counts(*base_counts(frame))


def empty_aggregate() -> pd.DataFrame:
    return from_base_counts({}, {})


def canonical(agg: pd.DataFrame) -> pd.DataFrame:
    """The aggregate in the fixed row order (missing rows as zero); raises on unknown keys."""
    keys = agg[list(KEY_COLUMNS)].astype(str)
    if len(agg) == len(_KEYS) and (keys.to_numpy() == _KEYS.to_numpy()).all():
        return agg.reset_index(drop=True)
    indexed = agg.set_index(list(KEY_COLUMNS))[["n", "count"]]
    full = pd.MultiIndex.from_frame(_KEYS)
    if not indexed.index.isin(full).all() or indexed.index.has_duplicates:
        raise ValueError("aggregate has unknown or repeated cells")
    values = indexed.reindex(full, fill_value=0)
    result = _KEYS.copy()
    result["n"] = values["n"].to_numpy(dtype=np.int64)
    result["count"] = values["count"].to_numpy(dtype=np.int64)
    return result


def add_aggregates(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """Cell-wise sum of two aggregates (e.g. two months of one quarter)."""
    a, b = canonical(a), canonical(b)
    result = _KEYS.copy()
    result["n"] = a["n"].to_numpy() + b["n"].to_numpy()
    result["count"] = a["count"].to_numpy() + b["count"].to_numpy()
    return result


def sum_aggregates(aggregates: Iterable[pd.DataFrame]) -> pd.DataFrame:
    total = empty_aggregate()
    for agg in aggregates:
        total = add_aggregates(total, agg)
    return total


def cell_arrays(agg: pd.DataFrame, indicator: Indicator) -> tuple[np.ndarray, np.ndarray]:
    """(n, count) as (8, 8) arrays indexed by AGG_STAFF_GROUPS x AGG_ETHNIC_GROUPS."""
    full = canonical(agg)
    start = INDICATORS.index(indicator) * _CELLS
    shape = (len(AGG_STAFF_GROUPS), len(AGG_ETHNIC_GROUPS))
    n = full["n"].to_numpy()[start : start + _CELLS].reshape(shape)
    count = full["count"].to_numpy()[start : start + _CELLS].reshape(shape)
    return n, count
