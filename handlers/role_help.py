"""The lines `help` adds for someone's roles: the EDI team learns of the report command,
a network chair of the Big Conversation command. Staff see neither (they would only be
refused), and nobody's role is ever shown to anyone else."""

from __future__ import annotations

from handlers.commands import CommandWords
from handlers.identity import Requester, Role


def role_help(requester: Requester, words: CommandWords, conversation: str) -> str:
    """Extra help lines for `requester` ("" for staff); `conversation` is how the
    platform spells the Big Conversation command (`/bigconversation` or `bigconversation`)."""
    lines: list[str] = []
    if requester.has(Role.EDI):
        lines.append(
            f"• {words.wres} [period] [staff group]: the WRES 5-8 report (you are on the "
            f"EDI team), e.g. {words.wres} 2026-Q3 bank"
        )
    if requester.networks or requester.has(Role.ADMIN):
        networks = ", ".join(sorted(requester.networks)) or "any network (admin)"
        lines.append(
            f"• {conversation} help: write, schedule and moderate Big Conversation prompts "
            f"(you chair {networks})"
        )
    return "\n".join(lines)
