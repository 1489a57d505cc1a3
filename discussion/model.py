"""The Big Conversation's things: channels, prompts, their posts, and the states of a
prompt and of a reply. Storage maps its rows to and from these; nothing here knows a
database, a scheduler or a chat platform."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


class ReplyMode(StrEnum):
    RELAY = "relay"  # held for the chair; approved ones posted in the thread
    PRIVATE = "private"  # only for the chair and the EDI team
    OPEN = "open"  # no anonymous replies, just the thread


class PromptStatus(StrEnum):
    SCHEDULED = "scheduled"
    PAUSED = "paused"
    POSTED = "posted"  # a one-off that has been posted in every channel
    DELETED = "deleted"


class ReplyStatus(StrEnum):
    HELD = "held"  # not yet in the chair's queue (see handlers.discussion.release)
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"
    RELAYED = "relayed"


class WithdrawOutcome(StrEnum):
    WITHDRAWN = "withdrawn"
    UNKNOWN = "unknown"
    NOT_PENDING = "not_pending"


@dataclass(frozen=True, slots=True, order=True)
class ChannelRef:
    """A channel on some platform: Slack team + channel id, Teams tenant + conversation."""

    platform: str
    workspace: str
    channel: str

    def to_json(self) -> dict[str, str]:
        return {"platform": self.platform, "workspace": self.workspace, "channel": self.channel}

    @classmethod
    def from_json(cls, value: Mapping[str, str]) -> ChannelRef:
        return cls(str(value["platform"]), str(value["workspace"]), str(value["channel"]))


@dataclass(frozen=True, slots=True)
class PromptFields:
    """What a chair chose: the content, the channels, the schedule and the reply mode."""

    network: str
    title: str
    body: str
    questions: tuple[str, ...]
    image_url: str | None
    image_alt: str | None
    channels: tuple[ChannelRef, ...]
    schedule: str  # now | at | monthly
    at: datetime | None
    monthly_day: int | None
    monthly_time: str | None  # "HH:MM" in `timezone`
    timezone: str
    reply_mode: ReplyMode
    next_post_at: datetime | None


@dataclass(frozen=True, slots=True)
class PromptInfo:
    id: str
    status: PromptStatus
    fields: PromptFields
    created_by: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class PostInfo:
    """One post of a prompt in a channel; `reference` is where the platform put it."""

    channel: ChannelRef
    posted_month: str
    reference: dict[str, Any]


@dataclass(frozen=True, slots=True)
class RelayReference:
    """Where an approved reply was posted: one landing per thread, as each platform
    reported it (Slack: channel + ts; Teams: conversation + thread + activity)."""

    posts: tuple[Mapping[str, str], ...]

    def to_json(self) -> dict[str, Any]:
        return {"posts": [dict(p) for p in self.posts]}

    @classmethod
    def from_json(cls, value: Mapping[str, Any] | None) -> RelayReference:
        """Reads both shapes ever stored: {"posts": [...]} and, from Teams before the
        relay was written once, the single landing itself."""
        if not value:
            return cls(())
        posts = value.get("posts")
        if isinstance(posts, list):
            return cls(tuple({str(k): str(v) for k, v in p.items()} for p in posts))
        return cls(({str(k): str(v) for k, v in value.items()},))
