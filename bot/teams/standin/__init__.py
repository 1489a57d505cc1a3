"""A local stand-in for Microsoft Teams, speaking the Bot Connector REST protocol.

`TeamsStandIn` is the fake Connector an Agents SDK app answers at (activities the stand-in
sends carry its `service_url`), plus a local token issuer; through `TeamsStandIn.caller`,
Teams posts activities to the app's /api/messages. `bot.teams.standin.sdk` (imported on
its own) wires an Agents SDK app to it.
"""

from bot.standin_bucket import TokenBucket
from bot.teams.standin import activities
from bot.teams.standin.caller import AppResponse, Auth, TeamsCaller
from bot.teams.standin.clock import ManualClock
from bot.teams.standin.connector import CLIENT_SECRET, TeamsStandIn
from bot.teams.standin.faults import BLOCK_MESSAGES, STATUS_ERRORS, Fault, Storm
from bot.teams.standin.rate_limits import (
    TEAMS_APP_PER_SECOND,
    TEAMS_THREAD_WINDOWS,
    RateLimits,
    SlidingWindows,
)
from bot.teams.standin.state import Call, Conversation, Posted, Team
from bot.teams.standin.tenant import APP_ID, TENANT_ID, Tenant, User
from bot.teams.standin.tokens import BOT_FRAMEWORK_ISSUER, CONNECTOR_AUDIENCE, LocalIssuer

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
