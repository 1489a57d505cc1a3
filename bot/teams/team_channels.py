"""The team channels the bot is in, where a chair can post a prompt.

Teams tells the bot about channels only through events in the team (the bot added to a
team, a channel created, renamed or deleted, the bot removed), and on request lists a
team's channels (GET v3/teams/{id}/conversations). So the directory is written through
to the database (the composition root hands over the store's bot channels, as a
SavedChannels) and read back from it: after a restart, and on every replica, the chair's
compose card lists every channel the bot is in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from discussion import ChannelRef

PLATFORM = "teams"
GENERAL = "General"  # Teams sends no name for a team's first channel


@dataclass(frozen=True, slots=True)
class TeamChannel:
    conversation: str  # "19:…@thread.tacv2": where a prompt card is posted
    name: str
    team: str
    team_name: str
    tenant: str
    service_url: str

    @property
    def ref(self) -> ChannelRef:
        return ChannelRef(PLATFORM, self.tenant, self.conversation)

    @property
    def label(self) -> str:
        return f"{self.team_name} › {self.name}"


class SavedChannel(Protocol):
    @property
    def details(self) -> Mapping[str, Any]: ...


class SavedChannels(Protocol):
    """Where the directory is kept across restarts (storage.bot_channels.BotChannels)."""

    def save(
        self, platform: str, channel: str, workspace: str, details: Mapping[str, Any]
    ) -> None: ...

    def remove(self, platform: str, channels: list[str]) -> None: ...

    def all(self, platform: str) -> Sequence[SavedChannel]: ...


class TeamChannels:
    """Written through to `saved` when given, and read back from it on every use: with
    several replicas, the bot may have been added to a team through another one. The
    reads and writes run on the event loop: team events and compose cards are rare, and
    each is one small query on a small table."""

    def __init__(self, saved: SavedChannels | None = None) -> None:
        self._saved = saved
        self._channels: dict[str, TeamChannel] = {}
        self._reload()

    def _reload(self) -> None:
        if self._saved is not None:
            rows = (TeamChannel(**row.details) for row in self._saved.all(PLATFORM))
            self._channels = {channel.conversation: channel for channel in rows}

    def learn(self, channels: Iterable[TeamChannel]) -> None:
        self._reload()
        for channel in channels:
            if self._channels.get(channel.conversation) == channel:
                continue
            self._channels[channel.conversation] = channel
            if self._saved is not None:
                self._saved.save(PLATFORM, channel.conversation, channel.tenant, asdict(channel))

    def forget(self, conversation: str) -> None:
        self._reload()
        if self._channels.pop(conversation, None) is not None and self._saved is not None:
            self._saved.remove(PLATFORM, [conversation])

    def forget_team(self, team: str) -> None:
        self._reload()
        gone = [k for k, c in self._channels.items() if c.team == team]
        for key in gone:
            del self._channels[key]
        if self._saved is not None:
            self._saved.remove(PLATFORM, gone)

    def find(self, ref: ChannelRef) -> TeamChannel | None:
        self._reload()
        found = self._channels.get(ref.channel)
        return found if found is not None and found.ref == ref else None

    def of_tenant(self, tenant: str) -> list[TeamChannel]:
        self._reload()
        return sorted(
            (c for c in self._channels.values() if c.tenant == tenant), key=lambda c: c.label
        )

    def refs(self, tenant: str) -> frozenset[ChannelRef]:
        return frozenset(c.ref for c in self.of_tenant(tenant))
