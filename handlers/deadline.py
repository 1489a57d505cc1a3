"""A chat platform's deadline for one request, counted from its arrival: by when a write
must have begun, by when the person must have an answer (after which a write not yet
committing is given up and rolled back), and the platform's own window, after which
whatever the wing answers is lost.

Slack shows an error if a request is not answered within 3 s. The Bot Framework
Connector gives up on a bot's HTTP answer after 15 s, and Teams shows its own failure on
a card action well before that (about 5 s is reported, not documented); the Teams
budget below stays inside that shorter figure.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from storage.write_ticket import Ticket

# Headroom between the last moment we decide and the platform's window: the answer still
# has to be rendered and travel back.
_MARGIN = 0.1


@dataclass(frozen=True, slots=True)
class Deadline:
    received_at: float  # time.monotonic() when the request arrived
    start_within: float
    answer_within: float
    window: float

    @property
    def start_by(self) -> float:
        return self.received_at + self.start_within

    @property
    def answer_by(self) -> float:
        return self.received_at + self.answer_within

    def ticket(self) -> Ticket:
        return Ticket(self.start_by, self.answer_by)

    def missed(self) -> bool:
        """True once an answer would arrive too late for the platform to show it."""
        return time.monotonic() >= self.received_at + self.window - _MARGIN


def slack(received_at: float) -> Deadline:
    return Deadline(received_at, start_within=2.0, answer_within=2.5, window=3.0)


def teams(received_at: float) -> Deadline:
    return Deadline(received_at, start_within=3.0, answer_within=4.0, window=5.0)


# The replay check every signed request makes first: it must leave the request's own
# write its time.
REPLAY_CHECK_WITHIN = 1.0
