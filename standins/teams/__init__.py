"""A local stand-in for Microsoft Teams, speaking the Bot Connector REST protocol.

`TeamsStandIn` is the fake Connector an Agents SDK app answers at (activities the stand-in
sends carry its `service_url`), plus a local token issuer; through `TeamsStandIn.caller`,
Teams posts activities to the app's /api/messages. `standins.teams.sdk` (imported on
its own) wires an Agents SDK app to it.
"""

from standins.clock import ManualClock
from standins.teams import activities
from standins.teams.caller import AppResponse, Auth, TeamsCaller
from standins.teams.connector import CLIENT_SECRET, TeamsStandIn
from standins.teams.faults import BLOCK_MESSAGES, STATUS_ERRORS, Fault, Storm
from standins.teams.rate_limits import (
    TEAMS_APP_PER_SECOND,
    TEAMS_THREAD_WINDOWS,
    RateLimits,
    SlidingWindows,
)
from standins.teams.state import Call, Conversation, Posted, Team
from standins.teams.tenant import APP_ID, TENANT_ID, Tenant, User
from standins.teams.tokens import BOT_FRAMEWORK_ISSUER, CONNECTOR_AUDIENCE, LocalIssuer
from standins.token_bucket import TokenBucket

__all__ = [
    "APP_ID",
    "BLOCK_MESSAGES",
    "BOT_FRAMEWORK_ISSUER",
    "CLIENT_SECRET",
    "CONNECTOR_AUDIENCE",
    "STATUS_ERRORS",
    "TEAMS_APP_PER_SECOND",
    "TEAMS_THREAD_WINDOWS",
    "TENANT_ID",
    "AppResponse",
    "Auth",
    "Call",
    "Conversation",
    "Fault",
    "LocalIssuer",
    "ManualClock",
    "Posted",
    "RateLimits",
    "SlidingWindows",
    "Storm",
    "Team",
    "TeamsCaller",
    "TeamsStandIn",
    "Tenant",
    "TokenBucket",
    "User",
    "activities",
]
