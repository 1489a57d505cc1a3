"""The pulse form as neutral data: the Slack modal and the Teams card are both rendered
from this, so the wording and the order are written once."""

from __future__ import annotations

from dataclasses import dataclass

from surveys.demographics import ETHNICITIES, NOT_STATED_CODE, STAFF_GROUP_LABELS
from surveys.questions import Recall, question_bank


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Field:
    id: str
    label: str
    choices: tuple[Choice, ...]
    multiple: bool = False
    hint: str = ""
    # Every item may be skipped: a skipped item is missing, never "No".
    optional: bool = True


@dataclass(frozen=True, slots=True)
class Form:
    title: str
    intro: str
    background: tuple[Field, ...]
    questions: tuple[Field, ...]
    remember_label: str
    submit_label: str = "Submit anonymously"

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.background + self.questions


ETHNICITY_FIELD = "ethnicity"
STAFF_GROUP_FIELD = "staff_group"
REMEMBER_FIELD = "remember_background"

_BACKGROUND = (
    Field(
        ETHNICITY_FIELD,
        "What is your ethnic background?",
        tuple(Choice(e.code, e.label) for e in ETHNICITIES)
        + (Choice(NOT_STATED_CODE, "Prefer not to say"),),
        hint="Used only to compare experiences between groups. Never shown for small groups.",
    ),
    Field(
        STAFF_GROUP_FIELD,
        "How are you employed here?",
        tuple(Choice(g.value, label) for g, label in STAFF_GROUP_LABELS.items()),
        hint="Bank, agency and locum staff are not in the national staff survey: "
        "your answers fill that gap.",
    ),
)


def pulse_form(recall: Recall = Recall.TWELVE_MONTHS) -> Form:
    """The whole pulse: background first (each skippable), then the survey items."""
    questions = tuple(
        Field(
            q.id,
            q.wording,
            tuple(Choice(str(o.code), o.label) for o in q.options),
            multiple=q.multiple,
            hint="Only if you answered Yes to either discrimination question." if q.only_if else "",
        )
        for q in question_bank(recall)
    )
    return Form(
        title="Staff pulse",
        intro="A few questions from the NHS Staff Survey about harassment, fairness and "
        "discrimination at work. Every question can be skipped. Your answers are stored "
        "anonymously: nobody, including the EDI team, can see what you said.",
        background=_BACKGROUND,
        questions=questions,
        remember_label="Remember my background answers for next time (you can erase them "
        "at any time)",
    )
