"""A synthetic NHS trust for the demo and the load tests: several thousand staff, about a
fifth on the bank, a realistic ethnic mix, and answer rates that differ by group the way
published WRES figures do (BME and bank staff report worse experiences)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from surveys.demographics import StaffGroup, broad_group
from surveys.response import PulseAnswers, validate_answers

# Shares of a trust workforce by NSS ethnicity code ("" = prefers not to say).
ETHNIC_MIX: dict[str, float] = {
    "01": 0.56,
    "02": 0.02,
    "03": 0.004,
    "04": 0.07,
    "05": 0.006,
    "06": 0.005,
    "07": 0.006,
    "08": 0.005,
    "09": 0.06,
    "10": 0.02,
    "11": 0.007,
    "12": 0.008,
    "13": 0.02,
    "14": 0.08,
    "15": 0.02,
    "16": 0.01,
    "17": 0.004,
    "18": 0.01,
    "": 0.015,
}
STAFF_MIX: dict[StaffGroup, float] = {
    StaffGroup.SUBSTANTIVE: 0.72,
    StaffGroup.BANK: 0.20,
    StaffGroup.AGENCY: 0.03,
    StaffGroup.LOCUM: 0.02,
    StaffGroup.STUDENT: 0.02,
    StaffGroup.VOLUNTEER: 0.01,
}


@dataclass(frozen=True, slots=True)
class Colleague:
    user_id: str
    display_name: str
    ethnicity: str | None
    staff_group: StaffGroup
    response_rate: float


def build_trust(size: int, *, seed: int = 2026) -> list[Colleague]:
    """`size` synthetic colleagues; the same seed always gives the same trust."""
    rng = random.Random(seed)
    codes, code_weights = zip(*ETHNIC_MIX.items(), strict=True)
    groups, group_weights = zip(*STAFF_MIX.items(), strict=True)
    people = []
    for i in range(size):
        staff = rng.choices(groups, group_weights)[0]
        code = rng.choices(codes, code_weights)[0]
        if staff is StaffGroup.BANK and code.startswith("0") and code < "05" and rng.random() < 0.3:
            code = rng.choice(("09", "14", "14", "15", "13"))  # bank staff are more often BME
        rate = 0.55 if staff is StaffGroup.SUBSTANTIVE else 0.4
        people.append(Colleague(f"U{i:06d}", f"Colleague {i + 1}", code or None, staff, rate))
    return people


def _rates(person: Colleague) -> tuple[float, float, float, float, float]:
    """Chances of: abuse from public, from managers, from colleagues, fair progression,
    discrimination from staff."""
    bme = broad_group(person.ethnicity).value not in ("white", "not_stated")
    bank = person.staff_group in (StaffGroup.BANK, StaffGroup.AGENCY, StaffGroup.LOCUM)
    public = 0.26 + (0.03 if bme else 0) + (0.04 if bank else 0)
    managers = 0.09 + (0.04 if bme else 0) + (0.03 if bank else 0)
    colleagues = 0.15 + (0.04 if bme else 0) + (0.04 if bank else 0)
    fair = 0.70 - (0.17 if bme else 0) - (0.08 if bank else 0)
    discrimination = 0.06 + (0.09 if bme else 0) + (0.04 if bank else 0)
    return public, managers, colleagues, fair, discrimination


def _frequency(rng: random.Random, chance: float) -> int:
    return rng.choice((2, 2, 2, 3, 3, 4, 5)) if rng.random() < chance else 1


def answer_pulse(person: Colleague, rng: random.Random) -> PulseAnswers:
    """One plausible, internally consistent set of answers; a few items skipped."""
    public, managers, colleagues, fair, discrimination = _rates(person)
    answers: dict[str, int | None] = {
        "q14a": _frequency(rng, public),
        "q14b": _frequency(rng, managers),
        "q14c": _frequency(rng, colleagues),
        "q15": 1 if rng.random() < fair else rng.choice((2, 9, 9)),
        "q16a": 1 if rng.random() < public / 2 else 2,
        "q16b": 1 if rng.random() < discrimination else 2,
    }
    harmed = any(answers[q] != 1 for q in ("q14a", "q14b", "q14c"))
    answers["q14d"] = rng.choice((1, 2, 3, 3, 4)) if harmed else 9
    for qid in list(answers):
        if rng.random() < 0.03:
            answers[qid] = None
    grounds: set[int] = set()
    if 1 in (answers["q16a"], answers["q16b"]):
        bme = broad_group(person.ethnicity).value not in ("white", "not_stated")
        grounds = {1} if bme and rng.random() < 0.7 else {rng.randint(2, 7)}
    return validate_answers(
        ethnicity=person.ethnicity if rng.random() > 0.005 else None,
        staff_group=person.staff_group.value if rng.random() > 0.005 else None,
        answers=answers,
        grounds=grounds,
    )
