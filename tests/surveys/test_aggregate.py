"""Aggregates: full layout, margins, additivity across months, speed on large frames."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from surveys.aggregate import (
    AGG_ETHNIC_GROUPS,
    AGG_STAFF_GROUPS,
    add_aggregates,
    aggregate,
    canonical,
    cell_arrays,
    empty_aggregate,
    sum_aggregates,
)
from surveys.demographics import StaffGroup
from surveys.frame import decode_payloads, empty_frame, frame_from_answers
from surveys.indicators import INDICATORS
from surveys.report_model import Indicator
from surveys.response import PAYLOAD_SIZE, PulseAnswers

PEOPLE = [
    PulseAnswers("01", StaffGroup.SUBSTANTIVE, {"q14a": 2}),
    PulseAnswers("02", StaffGroup.SUBSTANTIVE, {"q14a": 1}),
    PulseAnswers("14", StaffGroup.BANK, {"q14a": 5}),
    PulseAnswers("09", StaffGroup.BANK, {"q14a": 1}),
    PulseAnswers(None, StaffGroup.AGENCY, {"q14a": 3}),
    PulseAnswers("17", None, {"q14a": 1}),
    PulseAnswers("05", StaffGroup.LOCUM, {"q15": 9}),
]


def _value(agg: pd.DataFrame, indicator: str, staff: str, ethnic: str) -> tuple[int, int]:
    row = agg[
        (agg.indicator == indicator) & (agg.staff_group == staff) & (agg.ethnic_group == ethnic)
    ]
    assert len(row) == 1
    return int(row["count"].iloc[0]), int(row["n"].iloc[0])


def test_full_layout_with_zero_rows() -> None:
    agg = aggregate(frame_from_answers(PEOPLE, ["2026-01"] * len(PEOPLE)))
    assert len(agg) == len(INDICATORS) * len(AGG_STAFF_GROUPS) * len(AGG_ETHNIC_GROUPS)
    assert list(agg.columns) == ["indicator", "staff_group", "ethnic_group", "n", "count"]
    assert agg["n"].dtype == np.int64 and agg["count"].dtype == np.int64
    assert _value(agg, "wres7", "locum", "mixed") == (0, 0)
    assert len(aggregate(empty_frame())) == len(agg)
    assert aggregate(empty_frame())["n"].sum() == 0


def test_margins() -> None:
    agg = aggregate(frame_from_answers(PEOPLE, ["2026-01"] * len(PEOPLE)))
    assert _value(agg, "wres5", "all", "all") == (3, 6)
    assert _value(agg, "wres5", "all", "white") == (1, 2)
    assert _value(agg, "wres5", "all", "bme") == (1, 3)
    assert _value(agg, "wres5", "all", "not_stated") == (1, 1)
    assert _value(agg, "wres5", "bank", "bme") == (1, 2)
    assert _value(agg, "wres5", "bank", "asian") == (0, 1)
    assert _value(agg, "wres5", "not_stated", "other") == (0, 1)
    assert _value(agg, "wres5", "all", "other") == (0, 1)
    n, count = cell_arrays(agg, Indicator.WRES5)
    assert n.shape == (8, 8)
    assert (n[0] == n[1:].sum(axis=0)).all()
    assert (n[:, 0] == n[:, 1] + n[:, 2] + n[:, 3]).all()
    assert (n[:, 2] == n[:, 4:].sum(axis=1)).all()


def test_months_add_up_to_the_period() -> None:
    months = ["2026-07", "2026-08", "2026-07", "2026-09", "2026-08", "2026-07", "2026-09"]
    whole = aggregate(frame_from_answers(PEOPLE, months))
    parts = [
        aggregate(
            frame_from_answers(
                [p for p, m in zip(PEOPLE, months, strict=True) if m == month],
                [month] * months.count(month),
            )
        )
        for month in ("2026-07", "2026-08", "2026-09")
    ]
    pd.testing.assert_frame_equal(sum_aggregates(parts), whole)
    pd.testing.assert_frame_equal(add_aggregates(whole, empty_aggregate()), whole)


def test_canonical_reorders_and_fills() -> None:
    agg = aggregate(frame_from_answers(PEOPLE, ["2026-01"] * len(PEOPLE)))
    shuffled = agg.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(canonical(shuffled), agg)
    pd.testing.assert_frame_equal(canonical(agg[agg.n > 0]), agg)
    bad = agg.copy()
    bad.loc[0, "ethnic_group"] = "purple"
    with pytest.raises(ValueError):
        canonical(bad)


def test_plain_string_frames_are_accepted() -> None:
    frame = frame_from_answers(PEOPLE, ["2026-01"] * len(PEOPLE))
    plain = frame.astype({"staff_group": object, "ethnic": object})
    pd.testing.assert_frame_equal(aggregate(plain), aggregate(frame))
    plain.loc[0, "ethnic"] = "purple"
    with pytest.raises(ValueError, match="ethnic"):
        aggregate(plain)


def test_a_million_rows_decode_and_aggregate_quickly() -> None:
    rng = np.random.default_rng(7)
    size = 1_000_000
    rows = np.zeros((size, PAYLOAD_SIZE), dtype=np.uint8)
    rows[:, 0] = 1
    rows[:, 1] = rng.integers(0, 19, size)
    rows[:, 2] = rng.integers(0, 7, size)
    rows[:, 3:6] = rng.integers(0, 6, (size, 3))
    rows[:, 6] = rng.choice([0, 1, 2, 3, 4, 9], size)
    rows[:, 7] = rng.choice([0, 1, 2, 9], size)
    rows[:, 8:10] = rng.integers(0, 3, (size, 2))
    rows[:, 10] = rng.integers(0, 128, size)
    payloads = [bytes(r) for r in rows]
    start = time.perf_counter()
    agg = aggregate(decode_payloads(payloads, ["2026-01"] * size))
    elapsed = time.perf_counter() - start
    assert _value(agg, "wres5", "all", "all")[1] == int(
        ((rows[:, 3] >= 1) & (rows[:, 3] <= 5)).sum()
    )
    assert elapsed < 1.5  # the whole report must cost well under the ~3-5 s of decryption
