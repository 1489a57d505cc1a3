"""What the Big Conversation listeners need beyond TeamsDeps: the networks an admin may
pick, the channel directory, and the ChannelPort that relays approved replies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.teams.team_channels import TeamChannels
from handlers.discussion.ports import ChannelPort


@dataclass
class DiscussionDeps:
    networks: tuple[str, ...] = ()  # configured with chairs: an admin may pick any of them
    channels: TeamChannels = field(default_factory=TeamChannels)
    port: ChannelPort | None = None  # set by the runtime once the adapter exists

    @property
    def ports(self) -> Mapping[str, ChannelPort]:
        """The ports the use cases choose from, by a channel's platform."""
        return {} if self.port is None else {self.port.platform: self.port}
