"""Plain replies as cards: notices and refusals, the privacy notice, "my data", help."""

from __future__ import annotations

from bot.teams.cards.elements import Card, card, facts, heading, text
from bot.teams.ids import CardId
from handlers.messages import MyData, PrivacyNotice, Reply

MY_DATA_TITLE = "What is held about you"
SORRY = "Sorry, something went wrong. Nothing you sent was shared; please try again later."
UNAVAILABLE = (
    "Big Conversation can't reach its database just now, so nothing was recorded. "
    "Please try again in a moment."
)
PERSONAL_ONLY = "I only work in a one-to-one chat. Open a chat with me to take the pulse."


def reply_text(reply: Reply) -> str:
    """The plain text of a reply: the notification and fallback."""
    if isinstance(reply, PrivacyNotice):
        return reply.title
    if isinstance(reply, MyData):
        return MY_DATA_TITLE
    said = getattr(reply, "text", None)
    return said if isinstance(said, str) else "Staff pulse"


def notice_card(message: str) -> Card:
    # Lines become paragraphs: a TextBlock renders a lone newline as nothing in Teams.
    return card(
        [text(message.replace("\n", "\n\n"), id=CardId.NOTICE)], fallback=message.split("\n")[0]
    )


def privacy_card(notice: PrivacyNotice) -> Card:
    body = [heading(notice.title, id=CardId.PRIVACY), *(text(p) for p in notice.paragraphs)]
    return card(body, fallback=notice.title)


def my_data_card(data: MyData) -> Card:
    background = ", ".join(f"{k}: {v}" for k, v in sorted(data.remembered_background.items()))
    rows = [
        ("Delivery list", "You are on it." if data.on_roster else "You are not on it."),
        ("Invitations", "You have opted out." if data.opted_out else "You receive them."),
        ("Remembered background", background or "Nothing is remembered."),
        ("Pulses you took part in", ", ".join(data.rounds_taken_part) or "None."),
    ]
    body = [heading(MY_DATA_TITLE, id=CardId.MY_DATA), facts(rows), text(data.explanation)]
    return card(body, fallback=MY_DATA_TITLE)


def reply_card(reply: Reply) -> Card:
    if isinstance(reply, PrivacyNotice):
        return privacy_card(reply)
    if isinstance(reply, MyData):
        return my_data_card(reply)
    return notice_card(reply_text(reply))
