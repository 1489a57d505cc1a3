"""What the Big Conversation listeners need beyond TeamsDeps: the networks an admin may
pick, the channel directory, and the ChannelPort that relays approved replies."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.teams.team_channels import TeamChannels
from handlers.discussion.ports import ChannelPort


@dataclass
class DiscussionDeps:
    networks: tuple[str, ...] = ()  # configured with chairs: an admin may pick any of them
    channels: TeamChannels = field(default_factory=TeamChannels)
    port: ChannelPort | None = None  # set by the runtime once the adapter exists
