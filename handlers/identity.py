"""Who is asking: a platform-neutral person and the roles configuration gives them."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    STAFF = "staff"
    NETWORK_CHAIR = "network_chair"
    EDI = "edi"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Person:
    """A person on a platform. Only ever used to derive keyed tokens, never stored raw."""

    platform: str  # "slack", "teams", "cli", "import"
    workspace: str  # Slack team id, Teams tenant id, or the host for the CLI
    user_id: str

    @property
    def actor(self) -> str:
        """How the audit log names someone: platform and id, no name or e-mail."""
        return f"{self.platform}:{self.workspace}:{self.user_id}"


@dataclass(frozen=True, slots=True)
class Requester:
    person: Person
    roles: frozenset[Role] = field(default_factory=frozenset)
    networks: frozenset[str] = field(default_factory=frozenset)

    def has(self, role: Role) -> bool:
        return role in self.roles or Role.ADMIN in self.roles


class NotAllowed(PermissionError):
    """A refused request, with the reason the person is shown."""
