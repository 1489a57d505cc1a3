"""The /pulse replies (privacy, my-data, opt-out, opt-in, forget-me, help) as Block Kit."""

from __future__ import annotations

from bot.slack.blocks.elements import Block, context, header, section
from handlers.messages import MyData, PrivacyNotice, Reply


def _my_data(data: MyData) -> list[Block]:
    roster = "You are on the pulse roster." if data.on_roster else "You are not on the roster."
    pulses = "You have opted out of pulses." if data.opted_out else "You receive pulses."
    if data.remembered_background:
        kept = ", ".join(f"{k}: {v}" for k, v in sorted(data.remembered_background.items()))
        background = f"Remembered background answers: {kept}."
    else:
        background = "No background answers are remembered."
    rounds = ", ".join(data.rounds_taken_part) or "none"
    return [
        header("What is held about you"),
        section(f"{roster} {pulses}"),
        section(background),
        section(f"Pulses you took part in: {rounds}."),
        context(data.explanation),
    ]


def _privacy(notice: PrivacyNotice) -> list[Block]:
    return [header(notice.title), *(section(p) for p in notice.paragraphs)]


def reply_text(reply: Reply) -> str:
    """The plain text of a reply: the notification and screen-reader fallback."""
    if isinstance(reply, PrivacyNotice):
        return reply.title
    if isinstance(reply, MyData):
        return "What is held about you"
    text = getattr(reply, "text", None)
    return text if isinstance(text, str) else "Staff pulse"


def reply_blocks(reply: Reply) -> list[Block]:
    if isinstance(reply, PrivacyNotice):
        return _privacy(reply)
    if isinstance(reply, MyData):
        return _my_data(reply)
    return [section(reply_text(reply))]
