"""A local stand-in for Slack, speaking Slack's real HTTP protocols, for tests and the demo.

`SlackStandIn` is the fake Web API (point AsyncWebClient's base_url at it) and, through
`SlackStandIn.caller`, Slack calling the app with signed requests.
"""

from bot.slack.standin import payloads
from bot.slack.standin.app_caller import AppResponse, StandInClient
from bot.slack.standin.clock import ManualClock
from bot.slack.standin.faults import Fault, Storm
from bot.slack.standin.rate_limits import SLACK_TIERS, RateLimits
from bot.slack.standin.signing import (
    SignedRequest,
    event_body,
    expired_timestamp,
    form_body,
    interactivity_body,
    sign,
    signed_request,
)
from bot.slack.standin.state import (
    DELIVERY_EVENT_TYPE,
    Call,
    Ephemeral,
    Message,
    ResponseUrlPost,
    UploadedFile,
    View,
)
from bot.slack.standin.web_api import SlackStandIn
from bot.slack.standin.workspace import (
    APP_ID,
    BOT_USER_ID,
    SLACKBOT_ID,
    TEAM_ID,
    Channel,
    User,
    Workspace,
)
from bot.standin_bucket import TokenBucket

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
