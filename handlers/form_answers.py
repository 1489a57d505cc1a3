"""A submitted pulse form → the neutral RawAnswers, checked against the form's choices.

Each adapter flattens its platform's form state (Slack's `state.values`, the `value` of a
Teams card submit) to `{field id: [chosen values]}`; turning that into answers is the
same everywhere, so it is written once here. Whether the answers fit the question bank
is then handlers.submission's decision; this only refuses what no honest client sends.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from handlers.submission import RawAnswers
from surveys.form import ETHNICITY_FIELD, STAFF_GROUP_FIELD, Field, Form

MAX_VALUE = 150  # no choice value of ours is longer; anything longer is refused
NOT_A_CHOICE = "That is not one of the choices. Please choose again, or leave it empty."
TOO_LONG = "That answer is too long to record. Please shorten it."


class FormProblems(ValueError):
    """Problems keyed by field id, each to be shown beside its input."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("form problems")
        self.errors = errors


def check_field(field: Field, values: Sequence[str]) -> list[str]:
    """The values chosen for one field, or ValueError saying what is wrong with them."""
    if any(len(v) > MAX_VALUE for v in values):
        raise ValueError(TOO_LONG)
    allowed = {c.value for c in field.choices}
    if any(v not in allowed for v in values) or (len(values) > 1 and not field.multiple):
        raise ValueError(NOT_A_CHOICE)
    return list(values)


def read_answers(chosen: Mapping[str, Sequence[str]], form: Form) -> RawAnswers:
    """RawAnswers from the values chosen per field (a missing field was skipped);
    raises FormProblems naming every field whose values are not the form's choices."""
    checked: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for field in form.fields:
        if field.id not in chosen:
            continue
        try:
            checked[field.id] = check_field(field, chosen[field.id])
        except ValueError as exc:
            errors[field.id] = str(exc)
    if errors:
        raise FormProblems(errors)

    def one(field_id: str) -> str | None:
        picked = checked.get(field_id) or []
        return picked[0] if picked else None

    answers: dict[str, int | None] = {}
    grounds: frozenset[int] = frozenset()
    for field in form.questions:
        if field.multiple:
            grounds = frozenset(int(v) for v in checked.get(field.id, []))
        else:
            value = one(field.id)
            answers[field.id] = None if value is None else int(value)
    return RawAnswers(one(ETHNICITY_FIELD), one(STAFF_GROUP_FIELD), answers, grounds)
