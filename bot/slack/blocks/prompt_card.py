"""A Big Conversation prompt as a channel message: title, text, questions, the image with
its alt text, and "Reply anonymously" (not in open mode, where colleagues reply in the
thread under their own name)."""

from __future__ import annotations

from bot.slack.blocks.elements import Block, button, context, header, people_section
from bot.slack.ids import ActionId, BlockId
from handlers.discussion import PromptCard, ReplyMode
from handlers.discussion.cards import friendly_network

OPEN_NOTE = "Reply in this message's thread to join the conversation."
RELAY_NOTE = (
    "Anonymous replies are read by the network chair first; the ones they approve are "
    "posted in this thread as “A colleague said: …”."
)
PRIVATE_NOTE = "Anonymous replies are read only by the network chair and the EDI team."
IMAGE_ALT_MAX = 2000


def card_text(card: PromptCard) -> str:
    """The notification and screen-reader text of the card."""
    return f"Big Conversation ({friendly_network(card.network)} network): {card.title}"


def _questions(card: PromptCard) -> list[Block]:
    if not card.questions:
        return []
    listed = "\n".join(f"{n}. {q}" for n, q in enumerate(card.questions, start=1))
    return [people_section(listed, heading="Questions to talk about")]


def _image(card: PromptCard) -> list[Block]:
    if not card.image_url:
        return []
    alt = (card.image_alt or card.title)[:IMAGE_ALT_MAX]
    return [{"type": "image", "image_url": card.image_url, "alt_text": alt}]


def _reply(card: PromptCard) -> list[Block]:
    if card.reply_mode is ReplyMode.OPEN or card.reply_label is None:
        return [context(OPEN_NOTE)]
    note = RELAY_NOTE if card.reply_mode is ReplyMode.RELAY else PRIVATE_NOTE
    reply = button(
        card.reply_label,
        action_id=ActionId.REPLY,
        value=card.prompt_id,
        label=f"{card.reply_label} to {card.title}",
    )
    return [
        {"type": "actions", "block_id": BlockId.PROMPT_ACTIONS, "elements": [reply]},
        context(f"{note} {card.warning}"),
    ]


def prompt_blocks(card: PromptCard) -> list[Block]:
    return [
        header(card.title),
        context(f"Big Conversation from the {friendly_network(card.network)} network"),
        people_section(card.body),
        *_questions(card),
        *_image(card),
        *_reply(card),
    ]
