"""Individual answers that reproduce the published LPT WRES counts (docs/indicators.md#tests).

Reused by the CLI end-to-end test: `reference_answers(year)` gives PulseAnswers and
`import_csv(answers, period)` the paper-import CSV of the same respondents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import cycle
from pathlib import Path

from surveys.demographics import StaffGroup
from surveys.response import SINGLE_ANSWER_IDS, PulseAnswers

# The published LPT reference figures, copied into tests/data so the tests need nothing
# outside the repository.
REFERENCE_CSV = Path(__file__).resolve().parent.parent / "data" / "reference-lpt.csv"
WHITE, BLACK = "01", "14"
OTHER_BME = ("05", "09", "17")  # mixed, asian, other: the rest of the BME group
IMPORT_HEADER = ("period", "staff_group", "ethnicity", *SINGLE_ANSWER_IDS, "q16c")


@dataclass(frozen=True)
class ReferenceRow:
    survey_year: int
    staff_group: str
    ethnic_group: str
    indicator: str
    count: int
    n: int
    published_percent: float


def load_reference(path: Path = REFERENCE_CSV) -> list[ReferenceRow]:
    with path.open(newline="", encoding="utf-8") as f:
        return [
            ReferenceRow(
                int(r["survey_year"]),
                r["staff_group"],
                r["ethnic_group"],
                r["indicator"],
                int(r["count"]),
                int(r["n"]),
                float(r["published_percent"]),
            )  # fmt: skip
            for r in csv.DictReader(f)
        ]


def _answers(indicator: str, positive: bool, i: int) -> dict[str, int]:
    """One respondent's answers for the indicator; `i` varies the options used."""
    if indicator == "wres5":
        return {"q14a": 2 + i % 4 if positive else 1}
    if indicator == "wres6":
        # Positives: managers only, colleagues only, or both (counted once). Negatives:
        # Never to both, or Never to one and the other skipped.
        if positive:
            return [{"q14b": 3, "q14c": 1}, {"q14c": 2}, {"q14b": 2, "q14c": 5}][i % 3]
        return [{"q14b": 1, "q14c": 1}, {"q14b": 1}, {"q14c": 1}][i % 3]
    if indicator == "wres7":
        return {"q15": 1 if positive else 2}
    if indicator == "wres8":
        return {"q16b": 1 if positive else 2}
    raise ValueError(indicator)


def _noise(indicator: str) -> dict[str, int]:
    """A respondent left out of the denominator: Don't know for wres7, else a skip."""
    return {"q15": 9} if indicator == "wres7" else {"q16a": 2, "q14d": 9}


def _group(indicator: str, ethnicities: Sequence[str], count: int, n: int) -> list[PulseAnswers]:
    codes = cycle(ethnicities)
    people = [
        PulseAnswers(next(codes), StaffGroup.SUBSTANTIVE, _answers(indicator, i < count, i))
        for i in range(n)
    ]
    # About 10% more respondents who must not count in this indicator.
    people += [
        PulseAnswers(next(codes), StaffGroup.SUBSTANTIVE, _noise(indicator)) for _ in range(n // 10)
    ]
    return people


def reference_answers(year: int, rows: Sequence[ReferenceRow] | None = None) -> list[PulseAnswers]:
    """Respondents whose answers give every published count and n of that survey year.
    Black is a part of BME; the rest of BME is spread over mixed, asian and other."""
    by_key = {(r.indicator, r.ethnic_group): r for r in rows or load_reference()
              if r.survey_year == year}  # fmt: skip
    people: list[PulseAnswers] = []
    for indicator in sorted({key[0] for key in by_key}):
        white, bme = by_key[(indicator, "white")], by_key[(indicator, "bme")]
        people += _group(indicator, (WHITE,), white.count, white.n)
        black = by_key.get((indicator, "black"))
        black_count, black_n = (black.count, black.n) if black else (0, 0)
        people += _group(indicator, (BLACK,), black_count, black_n)
        people += _group(indicator, OTHER_BME, bme.count - black_count, bme.n - black_n)
    return people


def import_csv(answers: Sequence[PulseAnswers], period: str) -> str:
    """These respondents as docs/indicators.md#import-csv (blank = not answered)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(IMPORT_HEADER)
    for a in answers:
        writer.writerow(
            [
                period,
                a.staff_group.value if a.staff_group else "",
                a.ethnicity or "",
                *(a.answers.get(q, "") for q in SINGLE_ANSWER_IDS),
                ";".join(str(g) for g in sorted(a.grounds)),
            ]
        )
    return out.getvalue()
