"""Neutral messages of the Big Conversation, written once and rendered by each adapter.

Plain English; nothing here is shaped like Block Kit or an Adaptive Card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from discussion.model import ChannelRef, PostInfo
from discussion.model import ReplyMode as ReplyMode  # re-exported: part of the cards

REPLY_WARNING = (
    "Anything you write can identify you — names, places, dates or a way of writing. "
    "Leave those out if you want to stay anonymous."
)
REPLY_LABEL = "Reply anonymously"
ALLOW_CHAIR_REPLY_LABEL = "Let the chair reply to me anonymously"
ALLOW_CHAIR_REPLY_HINT = (
    "Optional. If you tick this, the bot keeps a sealed note of where to send the chair's "
    "answer. The chair is never told who you are."
)
MAX_REPLY_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a draft; `field` names the form input it belongs to."""

    field: str
    text: str


@dataclass(frozen=True, slots=True)
class InvalidDraft:
    problems: tuple[Problem, ...]
    text: str = "The prompt was not saved. Please fix the points below."


@dataclass(frozen=True, slots=True)
class PromptSaved:
    prompt_id: str
    next_post_at: datetime | None
    text: str


@dataclass(frozen=True, slots=True)
class PromptSummary:
    prompt_id: str
    network: str
    title: str
    status: str
    schedule: str  # "now", "at", "monthly"
    next_post_at: datetime | None
    reply_mode: ReplyMode


@dataclass(frozen=True, slots=True)
class PromptList:
    prompts: tuple[PromptSummary, ...]
    text: str = "Big Conversation prompts"


@dataclass(frozen=True, slots=True)
class PromptCard:
    """The posted prompt. `reply_label` is None in open mode: no anonymous replies."""

    prompt_id: str
    network: str
    title: str
    body: str
    questions: tuple[str, ...]
    image_url: str | None
    image_alt: str | None
    reply_mode: ReplyMode
    reply_label: str | None = REPLY_LABEL
    warning: str = REPLY_WARNING


ACRONYMS = frozenset({"bme", "bame", "lgbt", "lgbtq", "lgbtq+", "lgbtqia+", "edi", "nhs", "wres"})


def friendly_network(key: str) -> str:
    """A network's key as staff read it: "bme" → "BME", "lgbtq+" → "LGBTQ+",
    "armed-forces" → "Armed Forces" (keys are written for configuration, not people)."""
    words = key.replace("-", " ").replace("_", " ").split()
    return " ".join(w.upper() if w.lower() in ACRONYMS else w.capitalize() for w in words)


@dataclass(frozen=True, slots=True)
class DuePost:
    """A prompt to post now, in the channels that do not have it yet."""

    card: PromptCard
    channels: tuple[ChannelRef, ...]


@dataclass(frozen=True, slots=True)
class ReplyForm:
    prompt_id: str
    title: str
    warning: str = REPLY_WARNING
    allow_chair_reply_label: str = ALLOW_CHAIR_REPLY_LABEL
    allow_chair_reply_hint: str = ALLOW_CHAIR_REPLY_HINT
    max_chars: int = MAX_REPLY_CHARS


@dataclass(frozen=True, slots=True)
class ReplyAccepted:
    """Shown only to the author, in a modal or dialog that chat history does not keep.
    The withdrawal code is the only handle on the reply they get: it shares nothing with
    the id the chair sees."""

    withdraw_code: str = field(repr=False)
    text: str = (
        "Thank you — your reply was recorded anonymously. It reaches the chair's queue "
        "after a delay, together with other replies, so its timing does not point to you. "
        "You can withdraw it until the chair has dealt with it."
    )


@dataclass(frozen=True, slots=True)
class QueuedReply:
    queue_id: str  # the chair's id for the reply; the author never sees it
    month: str  # "YYYY-MM": never a finer time
    text: str
    asked_for_reply: bool


@dataclass(frozen=True, slots=True)
class ModerationQueue:
    prompt_id: str
    title: str
    reply_mode: ReplyMode
    replies: tuple[QueuedReply, ...]


@dataclass(frozen=True, slots=True)
class RelayInstruction:
    """Post `text` in each thread: the latest post of the prompt in each channel."""

    prompt_id: str
    queue_id: str
    threads: tuple[PostInfo, ...]
    text: str


@dataclass(frozen=True, slots=True)
class DirectInstruction:
    """For the adapter only: send `text` to `address` as a DM. Never shown to the chair,
    who sees `confirmation`; repr hides the address so a log line cannot leak it."""

    address: Mapping[str, str] = field(repr=False)
    text: str = field(repr=False)
    confirmation: str = (
        "Your answer was sent to the colleague privately. You were not told who they are."
    )


@dataclass(frozen=True, slots=True)
class Digest:
    prompt_id: str
    network: str
    title: str
    replies: int
    approved: int
    pending: int
    declined: int

    @property
    def text(self) -> str:
        return (
            f"“{self.title}”: {self.replies} anonymous "
            f"{'reply' if self.replies == 1 else 'replies'} so far; {self.approved} approved, "
            f"{self.pending} waiting for you, {self.declined} declined."
        )
