"""How a person types our commands on each platform, so replies name the right words.

Slack has slash commands (`/pulse my-data`); a Teams bot is sent plain words in its chat
(`my-data`). The text of every reply is written once in handlers.messages and spelt
with the person's platform's words, rather than Slack's everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CommandWords:
    pulse: str  # what takes the pulse: "/pulse" or "pulse"
    pulse_prefix: str  # before a /pulse sub-command: "/pulse " or nothing
    wres: str  # the report command: "/wres" or "wres"
    # How someone who asked to be forgotten gets back on the delivery list.
    rejoin: str

    def sub(self, word: str) -> str:
        """A /pulse sub-command as the person types it: "/pulse privacy" or "privacy"."""
        return f"{self.pulse_prefix}{word}"


SLASH_COMMANDS = CommandWords(
    pulse="/pulse",
    pulse_prefix="/pulse ",
    wres="/wres",
    rejoin=(
        "If you are still a member of this workspace you will be added back to the delivery "
        "list at the next roster update; to stop invitations for good, use /pulse opt-out "
        "instead."
    ),
)
TYPED_COMMANDS = CommandWords(
    pulse="pulse",
    pulse_prefix="",
    wres="wres",
    rejoin=(
        "You will not be invited again unless you type opt-in here or reinstall the app; "
        "to stop invitations but keep your place, use opt-out instead."
    ),
)
