"""The prompt as posted in a channel, the reply form and its confirmation (dialogs).

The channel card's "Reply anonymously" opens a dialog (a task module: an Action.Submit
whose data asks Teams for "task/fetch"). Teams shows nothing in the channel for it,
shows the dialog to the clicker alone, and keeps no dialog in any chat's history. So the
form, the confirmation and its withdrawal code never become a message anyone (or an
eDiscovery export) can read later, and nothing the author keeps shares an id with the
chair's queue.
"""

from __future__ import annotations

from bot.teams.cards.discussion_ids import ConvCard, ConvInput, ConvKey, ConvVerb
from bot.teams.cards.elements import Card, Element, card, heading, submit, text
from bot.teams.ids import TOGGLE_OFF, TOGGLE_ON
from handlers.discussion import PromptCard, ReplyAccepted, ReplyForm, ReplyMode
from handlers.discussion.cards import friendly_network

HOW_TO_REPLY = {
    ReplyMode.RELAY: (
        "Reply in this thread, or anonymously: the form opens in a private window only you "
        "see, and nobody here sees that you used it. The chair reads anonymous replies "
        "and posts the ones they approve in this thread as “A colleague said: …”."
    ),
    ReplyMode.PRIVATE: (
        "Reply in this thread, or anonymously: the form opens in a private window only you "
        "see. Anonymous replies go only to the network's chair and the EDI team."
    ),
    ReplyMode.OPEN: "Reply in this thread to join the conversation.",
}
OPENS_PRIVATELY = "Opens a private form only you can see. Nothing appears here."
WITHDRAW = "Withdraw my reply"
OPEN_DIALOG = {"msteams": {"type": "task/fetch"}}  # Teams answers with a task/fetch invoke
KEEP_CODE = (
    "Your withdrawal code is below. Only you have it and we cannot recover it; it is not "
    "saved in any chat. To withdraw later, type bigconversation withdraw to the bot and "
    "paste it into the form."
)
WITHDRAW_FORM = "Withdraw an anonymous reply"
FORM_MOVED = (
    "Anonymous replies are now written in a private window that Teams does not keep in "
    "this chat. Press the button to open it."
)


def prompt_text(prompt: PromptCard) -> str:
    return f"Big Conversation: {prompt.title}"


def prompt_card(prompt: PromptCard) -> Card:
    body: list[Element] = [
        heading(prompt.title, id=ConvCard.PROMPT),
        text(
            f"A Big Conversation prompt from the {friendly_network(prompt.network)} network",
            subtle=True,
        ),
        text(prompt.body),
    ]
    if prompt.image_url:
        alt = prompt.image_alt or prompt.title
        body.append({"type": "Image", "url": prompt.image_url, "altText": alt, "size": "Large"})
    if prompt.questions:
        body.append(text("Questions to talk about", weight="Bolder"))
        body += [text(f"{n}. {q}") for n, q in enumerate(prompt.questions, start=1)]
    body.append(text(HOW_TO_REPLY[prompt.reply_mode], subtle=True))
    actions = []
    if prompt.reply_label:
        actions.append(open_reply_action(prompt.prompt_id, prompt.reply_label))
    return card(body, fallback=prompt_text(prompt), actions=actions)


def open_reply_action(prompt_id: str, label: str) -> Element:
    data = {**OPEN_DIALOG, ConvKey.VERB: ConvVerb.REPLY_OPEN, ConvKey.PROMPT: prompt_id}
    return submit(label, data, tooltip=OPENS_PRIVATELY)


def open_reply_card(prompt_id: str, label: str) -> Card:
    """For a click on a card from before the dialogs: a button that opens the dialog."""
    body = [text(FORM_MOVED, id=ConvCard.REPLY_OPEN)]
    return card(body, fallback=FORM_MOVED, actions=[open_reply_action(prompt_id, label)])


def reply_form_card(form: ReplyForm, *, problem: str | None = None, draft: str = "") -> Card:
    """The dialog's form. After a problem it keeps the draft: a dialog is not kept in any
    chat's history, so the text is not left anywhere by showing it again."""
    body: list[Element] = [
        heading(f"Reply anonymously: {form.title}", id=ConvCard.REPLY_FORM),
        text(form.warning, weight="Bolder"),
    ]
    if problem:
        body.append(text(f"Problem: {problem}", color="attention", weight="Bolder"))
    body += [
        {
            "type": "Input.Text",
            "id": ConvInput.REPLY_TEXT,
            "label": "Your reply",
            "isMultiline": True,
            "maxLength": form.max_chars,
            "placeholder": f"Up to {form.max_chars} characters",
            **({"value": draft} if draft else {}),
        },
        {
            "type": "Input.Toggle",
            "id": ConvInput.ALLOW_CHAIR_REPLY,
            "label": "A reply from the chair",
            "title": form.allow_chair_reply_label,
            "value": TOGGLE_OFF,
            "valueOn": TOGGLE_ON,
            "valueOff": TOGGLE_OFF,
            "wrap": True,
        },
        text(form.allow_chair_reply_hint, subtle=True),
    ]
    data: dict[str, str] = {ConvKey.VERB: ConvVerb.REPLY_SUBMIT, ConvKey.PROMPT: form.prompt_id}
    return card(body, fallback=f"Reply anonymously: {form.title}", actions=[submit("Send", data)])


def reply_done_card(accepted: ReplyAccepted) -> Card:
    """The confirmation, in the dialog only: the withdrawal code goes nowhere else."""
    data: dict[str, str] = {ConvKey.VERB: ConvVerb.WITHDRAW, ConvKey.CODE: accepted.withdraw_code}
    body = [
        text(accepted.text, id=ConvCard.REPLY_DONE),
        text(KEEP_CODE, subtle=True),
        text(accepted.withdraw_code, weight="Bolder", size="Medium"),
    ]
    return card(body, fallback=accepted.text, actions=[submit(WITHDRAW, data)])


def withdraw_form_card(*, problem: str | None = None) -> Card:
    """The dialog asking for a withdrawal code (typed code never enters the chat)."""
    body: list[Element] = [heading(WITHDRAW_FORM, id=ConvCard.WITHDRAW_FORM)]
    if problem:
        body.append(text(f"Problem: {problem}", color="attention", weight="Bolder"))
    body.append(
        {
            "type": "Input.Text",
            "id": ConvKey.CODE,
            "label": "Your withdrawal code",
            "maxLength": 80,
            "isRequired": True,
            "errorMessage": "Paste the code you were given when you replied.",
        }
    )
    data: dict[str, str] = {ConvKey.VERB: ConvVerb.WITHDRAW}
    return card(body, fallback=WITHDRAW_FORM, actions=[submit("Withdraw", data)])


def open_withdraw_card() -> Card:
    """In the personal chat: a button that opens the withdrawal dialog."""
    data = {**OPEN_DIALOG, ConvKey.VERB: ConvVerb.WITHDRAW_OPEN}
    said = "To withdraw an anonymous reply, open the form and paste your withdrawal code."
    body = [text(said, id=ConvCard.NOTICE)]
    return card(body, fallback=said, actions=[submit(WITHDRAW_FORM, data)])
