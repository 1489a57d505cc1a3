"""The pulse question bank: NHS Staff Survey items behind WRES indicators 5-8, as data.

Item ids are the NSS question numbers and stay stable in code, exports and imports.
Every form (Slack modal, Teams card, paper import) is generated from this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Recall(StrEnum):
    """The recall window of q14/q16; stored with each round (docs/indicators.md#the-questions)."""

    TWELVE_MONTHS = "12 months"
    THREE_MONTHS = "3 months"


@dataclass(frozen=True, slots=True)
class Option:
    code: int
    label: str


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    wording: str
    options: tuple[Option, ...]
    multiple: bool = False
    # Asked only when one of these items was answered with one of the codes.
    only_if: tuple[tuple[str, int], ...] = ()
    short_label: str = ""

    @property
    def codes(self) -> frozenset[int]:
        return frozenset(o.code for o in self.options)

    def label_of(self, code: int) -> str:
        for option in self.options:
            if option.code == code:
                return option.label
        raise KeyError(code)


_FREQUENCY = (
    Option(1, "Never"),
    Option(2, "1-2"),
    Option(3, "3-5"),
    Option(4, "6-10"),
    Option(5, "More than 10"),
)
_YES_NO = (Option(1, "Yes"), Option(2, "No"))

_RECALL_PHRASE = {
    Recall.TWELVE_MONTHS: "In the last 12 months",
    Recall.THREE_MONTHS: "In the last 3 months",
}


def _harassment(source: str, recall: Recall) -> str:
    return (
        f"{_RECALL_PHRASE[recall]} how many times have you personally experienced harassment, "
        f"bullying or abuse at work from {source}?"
    )


def question_bank(recall: Recall = Recall.TWELVE_MONTHS) -> tuple[Question, ...]:
    """Items of docs/indicators.md#the-questions in asking order, worded for the recall window."""
    phrase = _RECALL_PHRASE[recall]
    return (
        Question(
            "q14a",
            _harassment(
                "patients / service users, their relatives or other members of the public", recall
            ),
            _FREQUENCY,
            short_label="Harassment from patients or the public",
        ),
        Question(
            "q14b",
            _harassment("managers", recall),
            _FREQUENCY,
            short_label="Harassment from managers",
        ),
        Question(
            "q14c",
            _harassment("other colleagues", recall),
            _FREQUENCY,
            short_label="Harassment from other colleagues",
        ),
        Question(
            "q14d",
            "The last time you experienced harassment, bullying or abuse at work, "
            "did you or a colleague report it?",
            (
                Option(1, "Yes, I reported it"),
                Option(2, "Yes, a colleague reported it"),
                Option(3, "No"),
                Option(4, "Don't know"),
                Option(9, "Not applicable"),
            ),
            short_label="Reported the last incident",
        ),
        Question(
            "q15",
            "Does your organisation act fairly with regard to career progression / promotion, "
            "regardless of ethnic background, gender, religion, sexual orientation, "
            "disability or age?",
            (Option(1, "Yes"), Option(2, "No"), Option(9, "Don't know")),
            short_label="Fair career progression",
        ),
        Question(
            "q16a",
            f"{phrase} have you personally experienced discrimination at work from patients / "
            "service users, their relatives or other members of the public?",
            _YES_NO,
            short_label="Discrimination from patients or the public",
        ),
        Question(
            "q16b",
            f"{phrase} have you personally experienced discrimination at work from a manager / "
            "team leader or other colleagues?",
            _YES_NO,
            short_label="Discrimination from managers or colleagues",
        ),
        Question(
            "q16c",
            "On what grounds have you experienced discrimination? (tick all that apply)",
            (
                Option(1, "Ethnic background"),
                Option(2, "Gender"),
                Option(3, "Religion"),
                Option(4, "Sexual orientation"),
                Option(5, "Disability"),
                Option(6, "Age"),
                Option(7, "Other"),
            ),
            multiple=True,
            only_if=(("q16a", 1), ("q16b", 1)),
            short_label="Grounds of discrimination",
        ),
    )


QUESTIONS: tuple[Question, ...] = question_bank()
QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS)
QUESTIONS_BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}
