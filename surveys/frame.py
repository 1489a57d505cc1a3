"""Decode fixed-width answer payloads into one DataFrame, in bulk (no per-row Python).

One row per response; demographics become small categoricals so aggregation can count
on integer codes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from surveys.demographics import ETHNICITIES, BroadGroup, StaffGroup
from surveys.questions import QUESTIONS_BY_ID
from surveys.response import PAYLOAD_SIZE, PAYLOAD_VERSION, SINGLE_ANSWER_IDS, PulseAnswers

NOT_STATED = "not_stated"
# Category orders are part of the contract: aggregate.py counts on these codes.
STAFF_CATEGORIES: tuple[str, ...] = (*(g.value for g in StaffGroup), NOT_STATED)
ETHNIC_CATEGORIES: tuple[str, ...] = ("white", "mixed", "asian", "black", "other", NOT_STATED)
WRES_CATEGORIES: tuple[str, ...] = ("white", "bme", NOT_STATED)
ANSWER_COLUMNS: tuple[str, ...] = SINGLE_ANSWER_IDS
COLUMNS: tuple[str, ...] = ("month", "staff_group", "ethnic", "wres", *ANSWER_COLUMNS, "q16c")

_NOT_STATED_ETHNIC = ETHNIC_CATEGORIES.index(NOT_STATED)


def _ethnic_lookup() -> np.ndarray:
    """Byte value of the ethnicity field -> broad group code; -1 marks an invalid byte."""
    table = np.full(256, -1, dtype=np.int8)
    table[0] = _NOT_STATED_ETHNIC
    for e in ETHNICITIES:
        table[int(e.code)] = ETHNIC_CATEGORIES.index(BroadGroup(e.broad).value)
    return table


def _answer_lookup(qid: str) -> np.ndarray:
    valid = np.zeros(256, dtype=bool)
    valid[0] = True  # skipped
    valid[list(QUESTIONS_BY_ID[qid].codes)] = True
    return valid


_ETHNIC_OF_BYTE = _ethnic_lookup()
# Broad group code -> WRES group code: white stays white, the four others are BME.
_WRES_OF_ETHNIC = np.array([0, 1, 1, 1, 1, 2], dtype=np.int8)
_VALID_ANSWER = {qid: _answer_lookup(qid) for qid in ANSWER_COLUMNS}
_GROUNDS_MASK = (1 << len(QUESTIONS_BY_ID["q16c"].options)) - 1


def _categorical(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical[str]:
    return pd.Categorical.from_codes(codes, categories=pd.Index(list(categories)))


def empty_frame() -> pd.DataFrame:
    """A frame with the decoded columns and no rows (a period with no responses)."""
    return decode_payloads([], [])


def decode_payloads(payloads: Sequence[bytes], months: Sequence[str]) -> pd.DataFrame:
    """Decode payloads (with the month of each) into the analysis frame.

    Raises ValueError on a payload of the wrong size or version, or an invalid code.
    """
    if len(payloads) != len(months):
        raise ValueError(f"{len(payloads)} payloads but {len(months)} months")
    joined = b"".join(payloads)
    if len(joined) != PAYLOAD_SIZE * len(payloads):
        raise ValueError(f"every answers payload must be {PAYLOAD_SIZE} bytes")
    rows = np.frombuffer(joined, dtype=np.uint8).reshape(len(payloads), PAYLOAD_SIZE)
    if (rows[:, 0] != PAYLOAD_VERSION).any():
        raise ValueError(f"answers payload is not of version {PAYLOAD_VERSION}")
    ethnic = _ETHNIC_OF_BYTE[rows[:, 1]]
    if (ethnic < 0).any():
        raise ValueError("answers payload holds an ethnicity code outside 0-18")
    staff = rows[:, 2].astype(np.int16)
    if (staff > len(StaffGroup)).any():
        raise ValueError("answers payload holds a staff group outside 0-6")
    # Byte 0 means "not stated"; it becomes the last category.
    staff_codes = np.where(staff == 0, len(StaffGroup), staff - 1).astype(np.int8)
    data: dict[str, object] = {
        "month": pd.Series(np.asarray(months, dtype=object), dtype="str"),
        "staff_group": _categorical(staff_codes, STAFF_CATEGORIES),
        "ethnic": _categorical(ethnic, ETHNIC_CATEGORIES),
        "wres": _categorical(_WRES_OF_ETHNIC[ethnic], WRES_CATEGORIES),
    }
    for offset, qid in enumerate(ANSWER_COLUMNS, start=3):
        column = rows[:, offset]
        if not _VALID_ANSWER[qid][column].all():
            raise ValueError(f"answers payload holds an invalid code for {qid}")
        data[qid] = column.astype(np.int8)
    grounds = rows[:, -1]
    if (grounds & ~np.uint8(_GROUNDS_MASK)).any():
        raise ValueError("answers payload holds an invalid q16c grounds mask")
    data["q16c"] = grounds.copy()
    return pd.DataFrame(data, columns=list(COLUMNS))


def frame_from_answers(answers: Sequence[PulseAnswers], months: Sequence[str]) -> pd.DataFrame:
    """Convenience for tests and imports: encode answers, then decode them in bulk."""
    return decode_payloads([a.to_payload() for a in answers], months)
