"""The invitation (and reminder) card with its Start button, and what a card becomes
once the person has answered: never anything they chose."""

from __future__ import annotations

from bot.teams.cards.elements import Card, card, submit, text
from bot.teams.ids import CardId, DataKey, Verb
from handlers.messages import PulseInvitation, Thanks


def invitation_text(message: PulseInvitation) -> str:
    """The notification and screen-reader text."""
    prefix = "Reminder: " if message.reminder else ""
    return f"{prefix}{message.text}"


def invitation_card(message: PulseInvitation) -> Card:
    body = [
        text(invitation_text(message), id=CardId.INVITATION),
        text(message.anonymity, subtle=True),
    ]
    if message.closes_at is not None:
        body.append(text(f"Open until {message.closes_at:%A %-d %B %Y}.", subtle=True))
    start = submit(
        message.start_label,
        {DataKey.VERB: Verb.START_PULSE, DataKey.ROUND: message.round_id},
        tooltip=f"{message.start_label} the staff pulse for {message.period}",
    )
    return card(body, fallback=invitation_text(message), actions=[start])


def done_card(thanks: Thanks) -> Card:
    """The form (or invitation) once answered: no inputs, no button, no answer."""
    return card([text(thanks.invitation_done, id=CardId.DONE)], fallback=thanks.invitation_done)
