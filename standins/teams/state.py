"""What the stand-in remembers: every call, and each conversation's activities with edits.

The bot marks each delivery with an idempotency key in the activity's channelData,
`{"bigconv": {"key": ...}}`; counting keys across sent activities finds duplicates.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from standins.clock import Clock
from standins.teams.tenant import Tenant, User

_FIRST_ACTIVITY_ID = 1_700_000_000_000  # Teams message ids look like epoch milliseconds


@dataclass
class Call:
    """One Connector request as received, and the status it was answered with."""

    method: str  # HTTP method
    path: str
    route: str  # "create", "send", "reply", "update", "delete", "members", "member", "token"
    conversation_id: str | None
    body: Any
    authorization: str | None
    at: float
    status: int = 0
    response: Any = None


@dataclass
class Posted:
    """An activity the bot sent, as it is now; `history` holds the versions it replaced."""

    id: str
    conversation_id: str
    activity: dict[str, Any]
    reply_to_id: str | None = None
    history: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    @property
    def type(self) -> str:
        return str(self.activity.get("type", ""))

    @property
    def text(self) -> str | None:
        text = self.activity.get("text")
        return None if text is None else str(text)

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return list(self.activity.get("attachments") or [])

    @property
    def delivery_key(self) -> str | None:
        return delivery_key(self.activity)


def delivery_key(activity: dict[str, Any]) -> str | None:
    data = activity.get("channelData")
    ours = data.get("bigconv") if isinstance(data, dict) else None
    key = ours.get("key") if isinstance(ours, dict) else None
    return None if key is None else str(key)


@dataclass
class Conversation:
    id: str
    tenant_id: str
    members: list[str]
    conversation_type: str = "personal"
    activities: list[Posted] = field(default_factory=list)
    blocked: tuple[str, str] | None = None  # (error code, message) once refused for good
    team_id: str | None = None  # channels only
    name: str | None = None  # channels only; Teams gives the General channel no name

    def thread(self, root_id: str) -> list[Posted]:
        """The replies in the thread under `root_id` (a channel post), oldest first."""
        return [p for p in self.activities if p.reply_to_id == root_id and not p.deleted]


@dataclass
class Team:
    id: str  # the General channel's conversation id, as in Teams
    name: str
    channels: list[str] = field(default_factory=list)  # conversation ids, General first
    bot_installed: bool = False


def split_thread(conversation_id: str) -> tuple[str, str | None]:
    """ "19:…@thread.tacv2;messageid=123" → ("19:…@thread.tacv2", "123")."""
    base, _, rest = conversation_id.partition(";messageid=")
    return base, (rest or None)


class State:
    def __init__(self, tenant: Tenant, clock: Clock) -> None:
        self.tenant = tenant
        self.clock = clock
        self.origin = ""
        self.calls: list[Call] = []
        self.conversations: dict[str, Conversation] = {}
        self.teams: dict[str, Team] = {}
        self._ids = itertools.count(_FIRST_ACTIVITY_ID)

    @property
    def service_url(self) -> str:
        """The serviceUrl activities carry, like https://smba.trafficmanager.net/teams/."""
        if not self.origin:
            raise RuntimeError("start the stand-in first")
        return f"{self.origin}/teams/"

    def personal_conversation(self, user: str | User) -> Conversation:
        """The bot's 1:1 chat with a user; Teams keeps one per user and bot, so it is stable."""
        person = self.tenant.user(user)
        digest = hashlib.sha256(f"{person.id}|{self.tenant.app_id}".encode()).hexdigest()
        conversation_id = f"a:1{digest[:40]}"
        if conversation_id not in self.conversations:
            self.conversations[conversation_id] = Conversation(
                conversation_id, self.tenant.id, [person.id]
            )
        return self.conversations[conversation_id]

    def add_channel(self, team: Team, name: str | None) -> Conversation:
        """A channel of `team`; the first one is General, whose id is the team's id."""
        if not team.channels:
            conversation_id = team.id
        else:
            digest = hashlib.sha256(f"{team.id}|{name}".encode()).hexdigest()
            conversation_id = f"19:{digest[:32]}@thread.tacv2"
        channel = Conversation(
            conversation_id,
            self.tenant.id,
            [u.id for u in self.tenant.users],
            "channel",
            team_id=team.id,
            name=name,
        )
        self.conversations[conversation_id] = channel
        team.channels.append(conversation_id)
        return channel

    def add_team(self, name: str) -> Team:
        digest = hashlib.sha256(f"team|{name}".encode()).hexdigest()
        team = Team(f"19:{digest[:32]}@thread.tacv2", name)
        self.teams[team.id] = team
        self.add_channel(team, None)
        return team

    def next_activity_id(self) -> str:
        return str(next(self._ids))

    def post(
        self, conversation: Conversation, activity: dict[str, Any], reply_to: str | None
    ) -> Posted:
        posted = Posted(self.next_activity_id(), conversation.id, dict(activity), reply_to)
        posted.activity["id"] = posted.id
        conversation.activities.append(posted)
        return posted

    def find(self, conversation_id: str, activity_id: str) -> Posted | None:
        conversation = self.conversations.get(conversation_id)
        if conversation is None:
            return None
        return next((p for p in conversation.activities if p.id == activity_id), None)

    def sent(self) -> list[Posted]:
        return [p for c in self.conversations.values() for p in c.activities]

    def delivered_keys(self) -> Counter[str]:
        return Counter(p.delivery_key for p in self.sent() if p.delivery_key is not None)

    def duplicate_messages(self) -> int:
        return sum(n - 1 for n in self.delivered_keys().values() if n > 1)
