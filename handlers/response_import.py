"""Pulse answers from paper, offline forms or history (docs/indicators.md#import-csv)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from handlers.csv_rows import parse_rows
from storage.store import Store
from surveys.periods import month_label
from surveys.response import SINGLE_ANSWER_IDS, InvalidAnswers, PulseAnswers, validate_answers

RESPONSE_HEADER: tuple[str, ...] = (
    "period",
    "staff_group",
    "ethnicity",
    *SINGLE_ANSWER_IDS,
    "q16c",
)
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _code(qid: str, text: str) -> int | None:
    if text == "":
        return None
    if not text.isdigit():
        raise ValueError(f"{qid}: {text!r} is not an answer code")
    return int(text)


def _grounds(text: str) -> set[int]:
    if text == "":
        return set()
    codes = set()
    for part in text.split(";"):
        if not part.strip().isdigit():
            raise ValueError(f"q16c: {part!r} is not a ground code (codes 1-7 joined by ';')")
        codes.add(int(part))
    return codes


def _row_parser(today: date) -> Callable[[dict[str, str]], tuple[str, PulseAnswers]]:
    current = month_label(today)

    def parse(row: dict[str, str]) -> tuple[str, PulseAnswers]:
        period = row["period"]
        if not _MONTH.match(period):
            raise ValueError(f"period: {period!r} is not a month written YYYY-MM")
        if period > current:
            raise ValueError(f"period: {period} is in the future")
        answers = {qid: _code(qid, row[qid]) for qid in SINGLE_ANSWER_IDS}
        ethnicity = row["ethnicity"]
        if len(ethnicity) == 1 and ethnicity.isdigit():
            ethnicity = "0" + ethnicity
        try:
            pulse = validate_answers(
                ethnicity=ethnicity or None,
                staff_group=row["staff_group"] or None,
                answers=answers,
                grounds=_grounds(row["q16c"]),
            )
        except InvalidAnswers as exc:
            raise ValueError("; ".join(exc.reasons)) from exc
        return period, pulse

    return parse


def parse_response_csv(text: str, *, today: date) -> list[tuple[str, PulseAnswers]]:
    """Every row as (month, answers); raises ImportRejected listing every bad row."""
    parse = _row_parser(today)
    return [value for _, value in parse_rows(text, header=RESPONSE_HEADER, parse=parse)]


def late_months(store: Store, months: Iterable[str]) -> list[str]:
    """Which of `months` already had figures released: rows imported for them now arrive
    late, as a batch of their own."""
    wanted = set(months)
    released = {b for r in store.releases.history() for f in r.figures for b in f.scope.batches}
    return sorted({r.period for r in store.rounds.list() if r.id in released} & wanted)


def late_rows_warning(months: Sequence[str], k: int) -> str:
    return (
        f"Figures for {', '.join(months)} were already released. The rows imported now "
        "are kept as a batch of their own: in later reports of those months each cell "
        f"will show them only where the difference from the earlier release is 0 or at "
        f"least {k}; other cells are hidden with a reason."
    )
