"""The pretend Microsoft 365 tenant: its staff as Teams sees them, and the bot's identity.

Teams gives each user a bot-specific id ("29:...") besides their Entra object id
(`aadObjectId`); the bot itself is "28:{app id}". Ids here are stable so tests can
name people directly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

APP_ID = "b0c0b0c0-0000-4000-8000-00000000b0c0"
TENANT_ID = "7e5a7e5a-0000-4000-8000-0000000000aa"
BOT_NAME = "Big Conversation"
_NAMES = ("Ada Okafor", "Ben Shah", "Chloe Mensah", "Dev Patel", "Erin Walsh", "Femi Adeyemi")


@dataclass(frozen=True)
class User:
    id: str  # the Teams user id the bot sees, "29:..."
    aad_object_id: str
    name: str
    email: str

    def channel_account(self) -> dict[str, Any]:
        """How the user appears in an activity's `from`."""
        return {"id": self.id, "name": self.name, "aadObjectId": self.aad_object_id}

    def member(self, tenant_id: str) -> dict[str, Any]:
        """How the user appears in GET .../members (a TeamsChannelAccount)."""
        return {
            **self.channel_account(),
            "givenName": self.name.split()[0],
            "surname": self.name.split()[-1],
            "email": self.email,
            "userPrincipalName": self.email,
            "tenantId": tenant_id,
            "userRole": "user",
        }


def sample_user(n: int) -> User:
    name = _NAMES[(n - 1) % len(_NAMES)] if n <= len(_NAMES) else f"Staff Member {n}"
    local = name.lower().replace(" ", ".")
    return User(
        id=f"29:1standin-user-{n:04d}",
        aad_object_id=str(uuid.UUID(int=0xAAD0_0000 + n)),
        name=name,
        email=f"{local}@trust.example.nhs.uk",
    )


@dataclass
class Tenant:
    """One organisation, with the bot installed for `users`."""

    id: str = TENANT_ID
    app_id: str = APP_ID
    bot_name: str = BOT_NAME
    users: list[User] = field(default_factory=list)

    @classmethod
    def sample(cls, people: int = 5) -> Tenant:
        return cls(users=[sample_user(n) for n in range(1, people + 1)])

    @property
    def bot_id(self) -> str:
        return f"28:{self.app_id}"

    def bot_account(self) -> dict[str, Any]:
        return {"id": self.bot_id, "name": self.bot_name}

    def user(self, ref: str | User) -> User:
        """A user by Teams id or Entra object id."""
        if isinstance(ref, User):
            return ref
        for user in self.users:
            if ref in (user.id, user.aad_object_id):
                return user
        raise KeyError(f"no such user in the stand-in tenant: {ref}")

    def add_user(self, n: int | None = None) -> User:
        user = sample_user(n if n is not None else len(self.users) + 1)
        self.users.append(user)
        return user
