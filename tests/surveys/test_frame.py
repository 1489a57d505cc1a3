"""Bulk decoding of answer payloads into the analysis frame."""

from __future__ import annotations

import numpy as np
import pytest

from surveys.demographics import StaffGroup
from surveys.frame import COLUMNS, decode_payloads, empty_frame, frame_from_answers
from surveys.response import PulseAnswers


def test_decodes_demographics_and_answers() -> None:
    answers = [
        PulseAnswers("14", StaffGroup.BANK, {"q14a": 3, "q15": 9}),
        PulseAnswers("01", StaffGroup.VOLUNTEER, {"q16b": 1}, frozenset({1, 6})),
        PulseAnswers(None, None, {}),
        PulseAnswers("12", StaffGroup.SUBSTANTIVE, {"q14d": 9}),
    ]
    frame = frame_from_answers(answers, ["2026-07", "2026-07", "2026-08", "2026-08"])
    assert tuple(frame.columns) == COLUMNS
    assert list(frame["staff_group"]) == ["bank", "volunteer", "not_stated", "substantive"]
    assert list(frame["ethnic"]) == ["black", "white", "not_stated", "asian"]
    assert list(frame["wres"]) == ["bme", "white", "not_stated", "bme"]
    assert list(frame["month"]) == ["2026-07", "2026-07", "2026-08", "2026-08"]
    assert list(frame["q14a"]) == [3, 0, 0, 0]
    assert list(frame["q15"]) == [9, 0, 0, 0]
    assert list(frame["q14d"]) == [0, 0, 0, 9]
    assert list(frame["q16c"]) == [0, 0b100001, 0, 0]
    assert frame["q14a"].dtype == np.int8
    assert frame["q16c"].dtype == np.uint8


def test_empty_frame_has_the_columns() -> None:
    frame = empty_frame()
    assert tuple(frame.columns) == COLUMNS
    assert len(frame) == 0


def test_rejects_wrong_size_and_version() -> None:
    good = PulseAnswers("01", None, {"q14a": 1}).to_payload()
    with pytest.raises(ValueError, match="bytes"):
        decode_payloads([good, good[:-1]], ["2026-01", "2026-01"])
    with pytest.raises(ValueError, match="version"):
        decode_payloads([bytes([2]) + good[1:]], ["2026-01"])
    with pytest.raises(ValueError, match="months"):
        decode_payloads([good], [])


@pytest.mark.parametrize(
    ("offset", "value", "message"),
    [(1, 19, "ethnicity"), (2, 7, "staff group"), (3, 6, "q14a"), (7, 3, "q15"), (10, 128, "q16c")],
)
def test_rejects_invalid_codes(offset: int, value: int, message: str) -> None:
    payload = bytearray(PulseAnswers("01", None, {}).to_payload())
    payload[offset] = value
    with pytest.raises(ValueError, match=message):
        decode_payloads([bytes(payload)], ["2026-01"])
