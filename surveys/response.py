"""One person's answers to one pulse, validated against the question bank.

This is what a channel (Slack, Teams, a paper-form import) hands to the submission path
and what the vault encrypts: demographics travel only inside the ciphertext.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from surveys.demographics import ETHNICITY_BY_CODE, NOT_STATED_CODE, StaffGroup
from surveys.questions import QUESTIONS, QUESTIONS_BY_ID

PAYLOAD_VERSION = 1
# Byte layout: version, ethnicity (0 = not stated), staff group (0 = not stated),
# one byte per single-answer item in bank order (0 = skipped), q16c grounds bitmask.
SINGLE_ANSWER_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS if not q.multiple)
STAFF_GROUP_ORDER: tuple[StaffGroup, ...] = tuple(StaffGroup)
PAYLOAD_SIZE = 3 + len(SINGLE_ANSWER_IDS) + 1


class InvalidAnswers(ValueError):
    """Raised with every reason an answer set does not fit the question bank."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True, slots=True)
class PulseAnswers:
    """Answers of one respondent. A missing item is skipped, never "No"."""

    ethnicity: str | None = None
    staff_group: StaffGroup | None = None
    answers: Mapping[str, int] = field(default_factory=dict)
    grounds: frozenset[int] = frozenset()

    def to_payload(self) -> bytes:
        """Fixed-width bytes: every payload has the same length, so a ciphertext's size
        never tells how many items were skipped, and a million rows decode with one
        numpy view instead of a million JSON parses."""
        staff = STAFF_GROUP_ORDER.index(self.staff_group) + 1 if self.staff_group else 0
        codes = [self.answers.get(qid, 0) for qid in SINGLE_ANSWER_IDS]
        mask = sum(1 << (g - 1) for g in self.grounds)
        return bytes([PAYLOAD_VERSION, int(self.ethnicity or 0), staff, *codes, mask])

    @classmethod
    def from_payload(cls, payload: bytes) -> PulseAnswers:
        if len(payload) != PAYLOAD_SIZE or payload[0] != PAYLOAD_VERSION:
            raise ValueError("not a pulse answers payload of this version")
        eth, staff = payload[1], payload[2]
        codes = payload[3 : 3 + len(SINGLE_ANSWER_IDS)]
        mask = payload[-1]
        return cls(
            ethnicity=f"{eth:02d}" if eth else None,
            staff_group=STAFF_GROUP_ORDER[staff - 1] if staff else None,
            answers={qid: c for qid, c in zip(SINGLE_ANSWER_IDS, codes, strict=True) if c},
            grounds=frozenset(g for g in range(1, 8) if mask & (1 << (g - 1))),
        )


def _check_single(qid: str, code: int, reasons: list[str]) -> None:
    question = QUESTIONS_BY_ID[qid]
    if code not in question.codes:
        allowed = ", ".join(str(c) for c in sorted(question.codes))
        reasons.append(f"{qid}: {code} is not an answer code (allowed: {allowed})")


def validate_answers(
    *,
    ethnicity: str | None,
    staff_group: str | None,
    answers: Mapping[str, int | None],
    grounds: frozenset[int] | set[int] | None = None,
) -> PulseAnswers:
    """Check raw answers against the question bank and return them normalised.

    Raises InvalidAnswers listing every problem, so a form or a CSV row is fixed in one go.
    """
    reasons: list[str] = []
    eth = ethnicity or None
    if eth == NOT_STATED_CODE:
        eth = None
    if eth is not None and eth not in ETHNICITY_BY_CODE:
        reasons.append(f"ethnicity: {eth!r} is not a code 01-18 or 99")
    staff: StaffGroup | None = None
    if staff_group:
        try:
            staff = StaffGroup(staff_group)
        except ValueError:
            allowed = ", ".join(g.value for g in StaffGroup)
            reasons.append(f"staff_group: {staff_group!r} is not one of {allowed}")
    clean: dict[str, int] = {}
    for qid, code in answers.items():
        if qid not in QUESTIONS_BY_ID or QUESTIONS_BY_ID[qid].multiple:
            reasons.append(f"{qid}: not a single-answer question of the pulse")
        elif code is not None:
            _check_single(qid, code, reasons)
            clean[qid] = code
    ticked = frozenset(grounds or ())
    q16c = QUESTIONS_BY_ID["q16c"]
    for code in sorted(ticked - q16c.codes):
        reasons.append(f"q16c: {code} is not a ground code (allowed: 1-7)")
    if ticked and not any(clean.get(q) == c for q, c in q16c.only_if):
        reasons.append("q16c: grounds are asked only after a Yes to q16a or q16b")
    if reasons:
        raise InvalidAnswers(reasons)
    return PulseAnswers(ethnicity=eth, staff_group=staff, answers=clean, grounds=ticked)
