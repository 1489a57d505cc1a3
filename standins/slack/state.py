"""What the stand-in remembers: every call, message, view, trigger and file, for assertions."""

from __future__ import annotations

import itertools
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from standins.clock import Clock
from standins.slack.workspace import Workspace

DELIVERY_EVENT_TYPE = "bigconv_delivery"


@dataclass
class Call:
    """One Web API request as received, and the status it was answered with."""

    method: str
    params: dict[str, Any]
    at: float
    status: int = 200
    response: dict[str, Any] | None = None


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[Any]
    metadata: dict[str, Any] | None
    thread_ts: str | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)

    @property
    def delivery_key(self) -> str | None:
        """The sender's idempotency key, carried in Slack message metadata."""
        if not self.metadata or self.metadata.get("event_type") != DELIVERY_EVENT_TYPE:
            return None
        key = (self.metadata.get("event_payload") or {}).get("key")
        return None if key is None else str(key)


@dataclass(frozen=True)
class Ephemeral:
    channel: str
    user: str
    text: str
    blocks: list[Any]
    message_ts: str


@dataclass(frozen=True)
class Trigger:
    id: str
    user: str
    issued_at: float


@dataclass
class View:
    id: str
    user: str
    view: dict[str, Any]
    hash: str
    trigger_id: str | None = None


@dataclass
class UploadedFile:
    id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str | None = None
    channel: str | None = None
    initial_comment: str | None = None
    thread_ts: str | None = None
    shared: bool = False  # files.completeUploadExternal has run


@dataclass(frozen=True)
class ResponseUrlPost:
    """A body the app posted to a response_url the stand-in handed out."""

    url: str
    body: dict[str, Any]


@dataclass
class State:
    workspace: Workspace
    clock: Clock
    calls: list[Call] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    ephemerals: list[Ephemeral] = field(default_factory=list)
    triggers: dict[str, Trigger] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    views_opened: list[View] = field(default_factory=list)
    home_views: dict[str, dict[str, Any]] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)
    responses: list[ResponseUrlPost] = field(default_factory=list)
    origin: str = ""
    _last_ts_us: int = 0
    _by_ts: dict[tuple[str, str], Message] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_ts(self) -> str:
        """A message ts: wall-clock seconds with six digits, unique and increasing like Slack's."""
        self._last_ts_us = max(self._last_ts_us + 1, int(time.time() * 1_000_000))
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def next_id(self, prefix: str) -> str:
        return f"{prefix}0{next(self._ids):08X}"

    def issue_trigger(self, user: str) -> str:
        """A trigger_id as Slack would put in an interaction payload; views.open checks it."""
        n = next(self._ids)
        trigger_id = f"{1_700_000_000 + n}.{n:09d}.{secrets.token_hex(16)}"
        self.triggers[trigger_id] = Trigger(trigger_id, user, self.clock())
        return trigger_id

    def post(self, message: Message) -> None:
        self.messages.append(message)
        self._by_ts[message.channel, message.ts] = message

    def message_at(self, channel: str, ts: str) -> Message | None:
        """By (channel, ts), as chat.update finds it: a scan grew with every message, about
        half a millisecond per update at 10,000, in the process the benches measure."""
        return self._by_ts.get((channel, ts))

    def messages_to(self, channel: str) -> list[Message]:
        return [m for m in self.messages if m.channel == channel]

    def delivered_keys(self) -> Counter[str]:
        return Counter(k for m in self.messages if (k := m.delivery_key) is not None)

    def duplicate_messages(self) -> int:
        """Messages that repeat an earlier one in the same channel (by delivery key, else text)."""
        seen = Counter((m.channel, m.delivery_key or m.text) for m in self.messages)
        return sum(n - 1 for n in seen.values())
