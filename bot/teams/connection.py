"""Who the Teams side is to the Bot Framework: the Entra app (incoming tokens checked
against it, outgoing tokens obtained for it through MSAL), or nobody, in anonymous mode.

The SDK takes anonymous mode only when told (`anonymous_allowed`); even then a request
that carries a token has it checked (docs/teams-agents-sdk-notes.md §2).
"""

from __future__ import annotations

from dataclasses import dataclass

from microsoft_agents.authentication.msal import MsalConnectionManager
from microsoft_agents.hosting.core import (
    AgentAuthConfiguration,
    AuthenticationConstants,
    ClaimsIdentity,
    Connections,
)
from microsoft_agents.hosting.core.authorization import AuthTypes

from bot.settings import TeamsSettings

SERVICE_CONNECTION = "SERVICE_CONNECTION"


@dataclass(frozen=True)
class Identity:
    """The app's configuration for the SDK, and how its own calls are authorised."""

    configuration: AgentAuthConfiguration
    connections: Connections
    app_id: str

    @property
    def anonymous(self) -> bool:
        return bool(self.configuration.ANONYMOUS_ALLOWED)

    def proactive_claims(self) -> ClaimsIdentity:
        """Claims for a proactive turn: empty (no token) when anonymous, else the app's,
        so the SDK gets a token for the Connector (docs/teams-agents-sdk-notes.md §3)."""
        if self.anonymous:
            return ClaimsIdentity()
        return ClaimsIdentity(
            {
                AuthenticationConstants.AUDIENCE_CLAIM: self.app_id,
                AuthenticationConstants.APP_ID_CLAIM: self.app_id,
            }
        )


def configuration_of(teams: TeamsSettings) -> AgentAuthConfiguration:
    if teams.allow_anonymous:
        return AgentAuthConfiguration(anonymous_allowed=True)
    return AgentAuthConfiguration(
        AuthTypes.client_secret,
        client_id=teams.app_id,
        tenant_id=teams.tenant_id,
        client_secret=teams.app_secret,
        anonymous_allowed=False,
    )


def production_identity(teams: TeamsSettings) -> Identity:
    """From the environment: the Entra app, with MSAL for outgoing tokens."""
    configuration = configuration_of(teams)
    connections = MsalConnectionManager({SERVICE_CONNECTION: configuration})
    return Identity(configuration, connections, teams.app_id)
