"""The invitation DM (and reminder) with its Start button, and what it becomes afterwards."""

from __future__ import annotations

from bot.slack.blocks.elements import Block, button, context, section
from bot.slack.ids import ActionId, BlockId
from handlers.messages import PulseInvitation, Thanks


def invitation_text(message: PulseInvitation) -> str:
    """The notification text: what a screen reader and the push notification say."""
    prefix = "Reminder: " if message.reminder else ""
    return f"{prefix}{message.text}"


def invitation_blocks(message: PulseInvitation) -> list[Block]:
    blocks = [
        section(invitation_text(message), block_id=BlockId.INVITATION),
        context(message.anonymity),
    ]
    if message.closes_at is not None:
        blocks.append(context(f"Open until {message.closes_at:%A %-d %B %Y}."))
    start = button(
        message.start_label,
        action_id=ActionId.START_PULSE,
        value=message.round_id,
        label=f"{message.start_label} the staff pulse for {message.period}",
    )
    blocks.append({"type": "actions", "block_id": BlockId.INVITATION_ACTIONS, "elements": [start]})
    return blocks


def done_blocks(thanks: Thanks) -> list[Block]:
    """The invitation once answered: no button, and never any answer."""
    return [section(thanks.invitation_done, block_id=BlockId.INVITATION)]
