"""The pulse form as one Adaptive Card, generated from the neutral form (surveys.form).

Background questions first, then the "remember" toggle, then the survey items; every
input labelled with the full question and optional (a skipped item is missing, never
"No"). Remembered background answers are never put in the card: a card stays in the
chat's history, so the person is told they are remembered and may leave those empty.
A form shown again after a problem is blank: repeating the answers would put them in
the chat too.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.teams.cards.elements import Card, Element, card, heading, submit, text
from bot.teams.form_values import SKIP_VALUE
from bot.teams.ids import TOGGLE_OFF, TOGGLE_ON, CardId, DataKey, InputId, Verb
from handlers.messages import PulseFormReply
from surveys.form import Field, Form

SKIP_LABEL = "Skip this question"
COMPACT_OVER = 7  # longer lists (ethnic background) are a drop-down, shorter ones radios
REMEMBERED = (
    "Your background answers are remembered. Leave these two questions empty to use them "
    "again, or choose an answer to change it."
)
PROBLEMS = "Nothing was saved. Please answer again: the problems are shown above each question."


def choice_set(field: Field) -> Element:
    compact = len(field.choices) > COMPACT_OVER and not field.multiple
    element: Element = {
        "type": "Input.ChoiceSet",
        "id": field.id,
        "label": field.label,
        "isRequired": False,
        "style": "compact" if compact else "expanded",
        "wrap": True,
        "choices": [{"title": c.label, "value": c.value} for c in field.choices],
    }
    if field.multiple:
        element["isMultiSelect"] = True
    else:
        # A chosen radio button cannot be un-chosen in Teams, yet every question may be
        # skipped: this choice undoes an answer (it is read as no answer at all).
        element["choices"].append({"title": SKIP_LABEL, "value": SKIP_VALUE})
    if compact:
        element["placeholder"] = "Choose one (or skip)"
    return element


def _field(field: Field, problems: Mapping[str, str]) -> list[Element]:
    shown: list[Element] = []
    if field.id in problems:
        shown.append(text(f"Problem: {problems[field.id]}", color="attention", weight="Bolder"))
    shown.append(choice_set(field))
    if field.hint:
        shown.append(text(field.hint, subtle=True))
    return shown


def remember_toggle(form: Form, remembered: bool) -> Element:
    return {
        "type": "Input.Toggle",
        "id": InputId.REMEMBER,
        "label": "Background answers",
        "title": form.remember_label,
        "isRequired": False,
        "value": TOGGLE_ON if remembered else TOGGLE_OFF,
        "valueOn": TOGGLE_ON,
        "valueOff": TOGGLE_OFF,
        "wrap": True,
    }


def form_card(reply: PulseFormReply, *, problems: Mapping[str, str] | None = None) -> Card:
    form, problems = reply.form, dict(problems or {})
    body: list[Element] = [heading(form.title, id=CardId.FORM), text(form.intro)]
    if problems:
        body.append(text(PROBLEMS, color="attention", weight="Bolder"))
        if "form" in problems:
            body.append(text(f"Problem: {problems['form']}", color="attention"))
    remembered = bool(reply.prefill)
    if remembered:
        body.append(text(REMEMBERED, subtle=True))
    for field in form.background:
        body += _field(field, problems)
    body.append(remember_toggle(form, remembered))
    for field in form.questions:
        body += _field(field, problems)
    send = submit(
        form.submit_label, {DataKey.VERB: Verb.SUBMIT_PULSE, DataKey.ROUND: reply.round_id}
    )
    return card(body, fallback=f"{form.title}: {form.intro}", actions=[send])
