"""The people, channels and user groups of a stand-in workspace, shaped like Slack's objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TEAM_ID = "T0STANDIN"
TEAM_DOMAIN = "standin-trust"
APP_ID = "A0BIGCONV"
BOT_USER_ID = "U0BIGCONV"
BOT_ID = "B0BIGCONV"
SLACKBOT_ID = "USLACKBOT"


@dataclass(frozen=True)
class User:
    id: str
    name: str
    real_name: str = ""
    email: str | None = None
    deleted: bool = False
    is_bot: bool = False
    is_app_user: bool = False
    is_restricted: bool = False  # multi-channel guest
    is_ultra_restricted: bool = False  # single-channel guest
    is_admin: bool = False
    tz: str = "Europe/London"

    def to_slack(self) -> dict[str, Any]:
        """The member object users.list and users.info return."""
        profile: dict[str, Any] = {
            "real_name": self.real_name or self.name,
            "display_name": self.name,
        }
        if self.email is not None:
            profile["email"] = self.email
        if self.is_bot:
            profile["bot_id"] = BOT_ID if self.id == BOT_USER_ID else f"B{self.id[1:]}"
        return {
            "id": self.id,
            "team_id": TEAM_ID,
            "name": self.name,
            "real_name": self.real_name or self.name,
            "deleted": self.deleted,
            "tz": self.tz,
            "is_admin": self.is_admin,
            "is_owner": False,
            "is_bot": self.is_bot,
            "is_app_user": self.is_app_user,
            "is_restricted": self.is_restricted,
            "is_ultra_restricted": self.is_ultra_restricted,
            "updated": 1_700_000_000,
            "profile": profile,
        }


@dataclass
class Channel:
    id: str
    name: str
    members: list[str] = field(default_factory=list)
    is_private: bool = False

    def to_slack(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_private": self.is_private,
            "is_archived": False,
            "is_member": BOT_USER_ID in self.members,
            "num_members": len(self.members),
        }


@dataclass
class Workspace:
    users: dict[str, User] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    usergroups: dict[str, list[str]] = field(default_factory=dict)

    def add_user(self, user: User) -> User:
        self.users[user.id] = user
        return user

    def add_channel(self, channel: Channel) -> Channel:
        self.channels[channel.id] = channel
        return channel

    @classmethod
    def sample(cls, staff: int = 12) -> Workspace:
        """`staff` active people plus the awkward members a real trust has.

        The awkward ones are what audience building must skip: the app's own bot, another
        bot, Slackbot (which Slack reports with is_bot false), a deactivated account and
        two kinds of guest.
        """
        ws = cls()
        ws.add_user(User(BOT_USER_ID, "bigconv", "Big Conversation", is_bot=True, is_app_user=True))
        humans = [f"U{n:07d}" for n in range(1, staff + 1)]
        for n, user_id in enumerate(humans, start=1):
            ws.add_user(User(user_id, f"staff{n}", f"Staff Member {n}", f"staff{n}@nhs.test"))
        ws.add_user(User(SLACKBOT_ID, "slackbot", "Slackbot"))
        ws.add_user(User("U0OTHERBOT", "rota-bot", "Rota Bot", is_bot=True))
        ws.add_user(User("U0LEAVER1", "leaver", "Former Staff", "leaver@nhs.test", deleted=True))
        ws.add_user(User("U0GUEST01", "agency", "Agency Nurse", is_restricted=True))
        ws.add_user(User("U0GUEST02", "auditor", "Visiting Auditor", is_ultra_restricted=True))
        ws.add_channel(Channel("C0GENERAL", "general", [BOT_USER_ID, *humans]))
        ws.add_channel(Channel("C0NETWORK", "race-equality-network", [BOT_USER_ID, *humans[:4]]))
        ws.add_channel(Channel("C0NOBOT00", "random", humans))
        ws.usergroups["S0NETWORK"] = humans[:4]
        return ws
