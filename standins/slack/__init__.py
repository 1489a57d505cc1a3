"""A local stand-in for Slack, speaking Slack's real HTTP protocols, for tests and the demo.

`SlackStandIn` is the fake Web API (point AsyncWebClient's base_url at it) and, through
`SlackStandIn.caller`, Slack calling the app with signed requests.
"""

from standins.clock import ManualClock
from standins.slack import payloads
from standins.slack.app_caller import AppResponse, StandInClient
from standins.slack.faults import Fault, Storm
from standins.slack.rate_limits import SLACK_TIERS, RateLimits
from standins.slack.signing import (
    SignedRequest,
    event_body,
    expired_timestamp,
    form_body,
    interactivity_body,
    sign,
    signed_request,
)
from standins.slack.state import (
    DELIVERY_EVENT_TYPE,
    Call,
    Ephemeral,
    Message,
    ResponseUrlPost,
    UploadedFile,
    View,
)
from standins.slack.web_api import SlackStandIn
from standins.slack.workspace import (
    APP_ID,
    BOT_USER_ID,
    SLACKBOT_ID,
    TEAM_ID,
    Channel,
    User,
    Workspace,
)
from standins.token_bucket import TokenBucket

__all__ = [
    "APP_ID",
    "BOT_USER_ID",
    "DELIVERY_EVENT_TYPE",
    "SLACKBOT_ID",
    "SLACK_TIERS",
    "TEAM_ID",
    "AppResponse",
    "Call",
    "Channel",
    "Ephemeral",
    "Fault",
    "ManualClock",
    "Message",
    "RateLimits",
    "ResponseUrlPost",
    "SignedRequest",
    "SlackStandIn",
    "StandInClient",
    "Storm",
    "TokenBucket",
    "UploadedFile",
    "User",
    "View",
    "Workspace",
    "event_body",
    "expired_timestamp",
    "form_body",
    "interactivity_body",
    "payloads",
    "sign",
    "signed_request",
]
