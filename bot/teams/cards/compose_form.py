"""The compose (and edit) card for a Big Conversation prompt.

Every input has a label; a problem is written in words just above the input it belongs
to (and only also coloured). The card is filled from plain strings, so a draft, a
starter prompt and a form sent back with problems all render the same way.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.teams.cards.discussion_ids import ConvCard, ConvInput, ConvKey, ConvVerb, question_input
from bot.teams.cards.elements import Card, Element, card, heading, submit, text
from handlers.discussion import PostAt, PostMonthly, Problem, PromptDraft, ReplyMode
from handlers.discussion.compose import MAX_ALT, MAX_BODY, MAX_QUESTION, MAX_QUESTIONS, MAX_TITLE
from handlers.discussion.schedule import LAST_MONTHLY_DAY, LONDON

Values = Mapping[str, str]
MODES = (
    (
        ReplyMode.RELAY,
        "Relay: anonymous replies come to you first; you approve each one "
        "before the bot posts it in the thread as “A colleague said: …”",
    ),
    (ReplyMode.PRIVATE, "Private: anonymous replies go only to you and the EDI team"),
    (ReplyMode.OPEN, "Open: no anonymous replies, people reply in the thread"),
)
WHEN = (("now", "Now"), ("at", "On a date and time"), ("monthly", "Every month on a day"))
NO_CHANNELS = (
    "The bot is not in any team channel yet. Add the Big Conversation app to a team, "
    "then open this form again."
)
PROBLEMS = "The prompt was not saved. Please fix the points below."


def draft_values(draft: PromptDraft) -> dict[str, str]:
    """A saved or starter draft as the card's input values."""
    values: dict[str, str] = {
        ConvInput.NETWORK: draft.network,
        ConvInput.TITLE: draft.title,
        ConvInput.BODY: draft.body,
        ConvInput.IMAGE_URL: draft.image_url or "",
        ConvInput.IMAGE_ALT: draft.image_alt or "",
        ConvInput.CHANNELS: ",".join(c.channel for c in draft.channels),
        ConvInput.REPLY_MODE: draft.reply_mode.value,
        ConvInput.WHEN: "now",
    }
    for n, question in enumerate(draft.questions[:MAX_QUESTIONS], start=1):
        values[question_input(n)] = question
    when = draft.when
    if isinstance(when, PostAt):
        values.update(when="at", when_date=f"{when.at:%Y-%m-%d}", when_time=f"{when.at:%H:%M}")
    elif isinstance(when, PostMonthly):
        values.update(when="monthly", when_day=str(when.day), when_time=f"{when.at:%H:%M}")
    return values


def _text_input(
    id: str, label: str, values: Values, *, limit: int, multiline: bool = False, **extra: str
) -> Element:
    element: Element = {"type": "Input.Text", "id": id, "label": label, "maxLength": limit}
    if multiline:
        element["isMultiline"] = True
    if values.get(id):
        element["value"] = values[id]
    element.update(extra)
    return element


def _choices(
    id: str, label: str, pairs: Sequence[tuple[str, str]], values: Values, **extra: object
) -> Element:
    element: Element = {
        "type": "Input.ChoiceSet",
        "id": id,
        "label": label,
        "wrap": True,
        "choices": [{"title": t, "value": v} for v, t in pairs],
    }
    if values.get(id):
        element["value"] = values[id]
    element.update(extra)
    return element


def _problems_of(field: str, problems: Sequence[Problem]) -> list[str]:
    return [
        p.text
        for p in problems
        if p.field == field or (field == question_input(1) and p.field == "questions")
    ]


def _with_problems(element: Element, said: list[str]) -> Element:
    """The input and its problems as one block: the problem is in the input's own label
    and error message (what a screen reader reads with it), and shown just above it."""
    words = "; ".join(said)
    if "label" in element:
        element = {**element, "label": f"{element['label']} (problem: {words})"}
    element = {**element, "errorMessage": words}
    shown = [text(f"Problem: {w}", color="attention", weight="Bolder") for w in said]
    return {"type": "Container", "style": "attention", "items": [*shown, element]}


def _content(values: Values, networks: Sequence[str]) -> list[tuple[str, Element]]:
    if networks:
        network = _choices(
            ConvInput.NETWORK,
            "Staff network (only networks you chair)",
            [(n, n) for n in networks],
            values,
            style="compact",
        )
        network.setdefault("value", networks[0])
    else:  # an admin before any network is configured: type its name
        network = _text_input(ConvInput.NETWORK, "Staff network", values, limit=100)
    found: list[tuple[str, Element]] = [
        (ConvInput.NETWORK, network),
        (ConvInput.TITLE, _text_input(ConvInput.TITLE, "Title", values, limit=MAX_TITLE)),
        (
            ConvInput.BODY,
            _text_input(
                ConvInput.BODY, "Text of the prompt", values, limit=MAX_BODY, multiline=True
            ),
        ),
    ]
    for n in range(1, MAX_QUESTIONS + 1):
        label = f"Discussion question {n} (optional)"
        found.append(
            (question_input(n), _text_input(question_input(n), label, values, limit=MAX_QUESTION))
        )
    found += [
        (
            ConvInput.IMAGE_URL,
            _text_input(
                ConvInput.IMAGE_URL,
                "Image web address (optional, starting https://)",
                values,
                limit=2000,
                style="Url",
            ),
        ),
        (
            ConvInput.IMAGE_ALT,
            _text_input(
                ConvInput.IMAGE_ALT,
                "Describe the image for colleagues using a screen reader (needed with an image)",
                values,
                limit=MAX_ALT,
            ),
        ),
    ]
    return found


def _channels(values: Values, channels: Sequence[tuple[str, str]]) -> list[tuple[str, Element]]:
    if not channels:
        return [(ConvInput.CHANNELS, text(NO_CHANNELS, weight="Bolder"))]
    label = "Channels to post in (the bot's team channels)"
    picker = _choices(
        ConvInput.CHANNELS, label, channels, values, isMultiSelect=True, style="expanded"
    )
    return [(ConvInput.CHANNELS, picker)]


def _schedule(values: Values) -> list[tuple[str, Element]]:
    when = _choices(ConvInput.WHEN, "When to post it", WHEN, values, style="expanded")
    when.setdefault("value", "now")
    date: Element = {"type": "Input.Date", "id": ConvInput.DATE, "label": "Date (for a one-off)"}
    clock: Element = {
        "type": "Input.Time",
        "id": ConvInput.TIME,
        "label": f"Time, {LONDON} (for a one-off or monthly)",
    }
    day: Element = {
        "type": "Input.Number",
        "id": ConvInput.DAY,
        "min": 1,
        "max": LAST_MONTHLY_DAY,
        "label": f"Day of the month (for monthly, 1 to {LAST_MONTHLY_DAY})",
    }
    for element in (date, clock):
        if values.get(element["id"]):
            element["value"] = values[element["id"]]
    typed_day = values.get(ConvInput.DAY, "")
    if typed_day.lstrip("-").isdigit():  # Input.Number's value is a number, not a string
        day["value"] = int(typed_day)
    mode = _choices(ConvInput.REPLY_MODE, "How replies work", MODES, values, style="expanded")
    mode.setdefault("value", ReplyMode.RELAY.value)
    return [("when", when), ("when", date), ("when", clock), ("when", day), ("reply_mode", mode)]


def compose_card(
    values: Values,
    *,
    networks: Sequence[str],
    channels: Sequence[tuple[str, str]],
    problems: Sequence[Problem] = (),
    editing: str | None = None,
) -> Card:
    """`channels`: (conversation id, "Team › Channel") the chair may pick from."""
    title = "Edit a Big Conversation prompt" if editing else "New Big Conversation prompt"
    body: list[Element] = [heading(title, id=ConvCard.COMPOSE)]
    if problems:
        body.append(text(PROBLEMS, color="attention", weight="Bolder"))
    shown: set[str] = set()
    for field, element in [
        *_content(values, networks),
        *_channels(values, channels),
        *_schedule(values),
    ]:
        said = _problems_of(field, problems) if field not in shown else []
        shown.add(field)
        body.append(_with_problems(element, said) if said else element)
    data: dict[str, str] = {ConvKey.VERB: ConvVerb.COMPOSE}
    if editing:
        data[ConvKey.PROMPT] = editing
    label = "Save changes" if editing else "Save and schedule"
    return card(body, fallback=title, actions=[submit(label, data)])
