"""The prompt as posted in a channel, the private reply form, and its confirmation.

The channel card's "Reply anonymously" is an Action.Submit: Teams shows nothing in the
channel for it (no text, no reply), and the bot answers only in the person's personal
chat, so nobody in the channel can see who opened the form or whether they replied.
"""

from __future__ import annotations

from bot.teams.cards.conversation_ids import ConvCard, ConvInput, ConvKey, ConvVerb
from bot.teams.cards.elements import Card, Element, card, heading, submit, text
from bot.teams.ids import TOGGLE_OFF, TOGGLE_ON
from handlers.conversation import PromptCard, ReplyAccepted, ReplyForm, ReplyMode
from handlers.conversation.cards import friendly_network

HOW_TO_REPLY = {
    ReplyMode.RELAY: (
        "Reply in this thread, or anonymously: the form opens in your private chat with "
        "the bot, and nobody here sees that you used it. The chair reads anonymous replies "
        "and posts the ones they approve in this thread as “A colleague said: …”."
    ),
    ReplyMode.PRIVATE: (
        "Reply in this thread, or anonymously: the form opens in your private chat with "
        "the bot. Anonymous replies go only to the network's chair and the EDI team."
    ),
    ReplyMode.OPEN: "Reply in this thread to join the conversation.",
}
OPENS_PRIVATELY = "Opens a form in your private chat with the bot. Nothing appears here."
WITHDRAW = "Withdraw my reply"


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
        data: dict[str, str] = {ConvKey.VERB: ConvVerb.REPLY_OPEN, ConvKey.PROMPT: prompt.prompt_id}
        actions.append(submit(prompt.reply_label, data, tooltip=OPENS_PRIVATELY))
    return card(body, fallback=prompt_text(prompt), actions=actions)


def reply_form_card(form: ReplyForm, *, problem: str | None = None) -> Card:
    """Blank even after a problem: the text would otherwise sit in the chat's history."""
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
    """Only in the author's own chat: the withdrawal code never goes anywhere else."""
    data: dict[str, str] = {
        ConvKey.VERB: ConvVerb.WITHDRAW,
        ConvKey.REPLY: accepted.reply_id,
        ConvKey.CODE: accepted.withdraw_code,
    }
    body = [text(accepted.text, id=ConvCard.REPLY_DONE)]
    return card(body, fallback=accepted.text, actions=[submit(WITHDRAW, data)])
