"""Block Kit building blocks with Slack's length limits applied, so no call is refused."""

from __future__ import annotations

from typing import Any

from bot.text_fit import fit as fit_utf16
from bot.text_fit import slack_text

Block = dict[str, Any]

# Slack's documented limits.
LABEL_MAX = 2000
HINT_MAX = 2000
OPTION_TEXT_MAX = 75
SECTION_TEXT_MAX = 3000
HEADER_MAX = 150
TITLE_MAX = 24
BUTTON_TEXT_MAX = 75
CONTEXT_TEXT_MAX = 2000
METADATA_MAX = 3000


MESSAGE_TEXT_MAX = 4000  # Slack's advice for a message's top-level text


def fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, ending in an ellipsis when it was cut; never
    inside a character or an emoji (bot.text_fit)."""
    return fit_utf16(text, limit)


def message_text(text: str) -> str:
    """A message's top-level `text`: Slack parses it as mrkdwn and shows it in
    notifications, so people's words in it are escaped (cut first, then escaped)."""
    return slack_text(text, MESSAGE_TEXT_MAX)


def people_section(text: str, *, heading: str | None = None) -> Block:
    """A mrkdwn section of people's words, under an optional bold heading of ours:
    the words cut to fit and then escaped, so no entity is ever cut in half."""
    lead = f"*{heading}*\n" if heading else ""
    body = slack_text(text, SECTION_TEXT_MAX - len(lead))
    return {"type": "section", "text": {"type": "mrkdwn", "text": lead + body}}


def plain(text: str, limit: int = SECTION_TEXT_MAX) -> dict[str, Any]:
    return {"type": "plain_text", "text": fit(text, limit), "emoji": False}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": fit(text, SECTION_TEXT_MAX)}


def section(text: str, *, block_id: str | None = None, markdown: bool = False) -> Block:
    block: Block = {"type": "section", "text": mrkdwn(text) if markdown else plain(text)}
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, HEADER_MAX)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [plain(text, CONTEXT_TEXT_MAX)]}


def divider() -> Block:
    return {"type": "divider"}


def option(value: str, label: str) -> dict[str, Any]:
    return {"text": plain(label, OPTION_TEXT_MAX), "value": value}


def button(text: str, *, action_id: str, value: str, label: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "text": plain(text, BUTTON_TEXT_MAX),
        "action_id": action_id,
        "value": value,
        "style": "primary",
    }
    if label:
        element["accessibility_label"] = fit(label, BUTTON_TEXT_MAX)
    return element


def modal(title: str, blocks: list[Block], *, callback_id: str, close: str = "Close") -> Block:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": plain(title, TITLE_MAX),
        "close": plain(close, TITLE_MAX),
        "blocks": blocks,
    }
