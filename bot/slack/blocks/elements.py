"""Block Kit building blocks with Slack's length limits applied, so no call is refused.

Built with slack_sdk's typed block models, so a misspelt field fails the type check and
slack_sdk checks Slack's limits again when the block is rendered; the renderers pass on
the rendered dicts (what the Web API and our tests read)."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

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
    return SectionBlock(text=MarkdownTextObject(text=lead + body)).to_dict()


def plain_text(text: str, limit: int = SECTION_TEXT_MAX) -> PlainTextObject:
    return PlainTextObject(text=fit(text, limit), emoji=False)


def plain(text: str, limit: int = SECTION_TEXT_MAX) -> dict[str, Any]:
    return plain_text(text, limit).to_dict()


def mrkdwn(text: str) -> dict[str, Any]:
    return MarkdownTextObject(text=fit(text, SECTION_TEXT_MAX)).to_dict()


def section(text: str, *, block_id: str | None = None, markdown: bool = False) -> Block:
    shown = MarkdownTextObject(text=fit(text, SECTION_TEXT_MAX)) if markdown else plain_text(text)
    return SectionBlock(text=shown, block_id=block_id).to_dict()


def header(text: str) -> Block:
    return HeaderBlock(text=plain_text(text, HEADER_MAX)).to_dict()


def context(text: str) -> Block:
    return ContextBlock(elements=[plain_text(text, CONTEXT_TEXT_MAX)]).to_dict()


def divider() -> Block:
    return DividerBlock().to_dict()


def option_of(value: str, label: str, description: str | None = None) -> Option:
    about = plain_text(description, OPTION_TEXT_MAX) if description else None
    return Option(value=value, text=plain_text(label, OPTION_TEXT_MAX), description=about)


def option(value: str, label: str) -> dict[str, Any]:
    return option_of(value, label).to_dict()


def button(text: str, *, action_id: str, value: str, label: str | None = None) -> Block:
    return ButtonElement(
        text=plain_text(text, BUTTON_TEXT_MAX),
        action_id=action_id,
        value=value,
        style="primary",
        accessibility_label=fit(label, BUTTON_TEXT_MAX) if label else None,
    ).to_dict()


def modal(title: str, blocks: list[Block], *, callback_id: str, close: str = "Close") -> Block:
    return View(
        type="modal",
        callback_id=callback_id,
        title=plain_text(title, TITLE_MAX),
        close=plain_text(close, TITLE_MAX),
        blocks=blocks,
    ).to_dict()
