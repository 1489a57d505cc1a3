"""Payloads Slack sends to an app, in Slack's field names and shapes.

Shapes follow Slack's interactivity, slash command and Events API references (and the
fixtures in bolt-python's own tests), so a listener that reads them reads real Slack.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from standins.slack.workspace import APP_ID, BOT_USER_ID, TEAM_DOMAIN, TEAM_ID

VERIFICATION_TOKEN = "standin-verification-token"  # deprecated by Slack; still sent
StateValues = Mapping[str, Mapping[str, Mapping[str, Any]]]


def _now_ts() -> str:
    return f"{time.time():.6f}"


def _team() -> dict[str, Any]:
    return {"id": TEAM_ID, "domain": TEAM_DOMAIN}


def _user(user_id: str) -> dict[str, Any]:
    return {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": TEAM_ID}


def block_actions(
    *,
    user: str,
    action_id: str,
    value: str,
    trigger_id: str,
    response_url: str,
    block_id: str = "actions",
    channel: str | None = None,
    message: Mapping[str, Any] | None = None,
    view: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A button click, on a message (give `channel` and `message`) or in a view."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "team": _team(),
        "user": _user(user),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "value": value,
                "type": "button",
                "text": {"type": "plain_text", "text": value, "emoji": True},
                "action_ts": _now_ts(),
            }
        ],
    }
    if view is not None:
        payload["container"] = {"type": "view", "view_id": view.get("id")}
        payload["view"] = dict(view)
    else:
        ts = str((message or {}).get("ts", _now_ts()))
        payload["container"] = {"type": "message", "message_ts": ts, "channel_id": channel}
        payload["channel"] = {"id": channel, "name": "directmessage"}
        payload["message"] = {"type": "message", "ts": ts, **(message or {})}
        payload["response_url"] = response_url
    return payload


def view_submission(
    *, user: str, view: Mapping[str, Any], values: StateValues, trigger_id: str
) -> dict[str, Any]:
    """Submitting a modal: Slack sends the view it holds, with `state.values` filled in."""
    submitted = {
        **view,
        "type": "modal",
        "private_metadata": view.get("private_metadata", ""),
        "callback_id": view.get("callback_id", ""),
        "state": {"values": {b: dict(a) for b, a in values.items()}},
        "hash": view.get("hash", ""),
    }
    return {
        "type": "view_submission",
        "team": _team(),
        "user": _user(user),
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "trigger_id": trigger_id,
        "view": submitted,
        "response_urls": [],
        "is_enterprise_install": False,
    }


def slash_command(
    *, user: str, command: str, text: str, channel: str, trigger_id: str, response_url: str
) -> dict[str, str]:
    """The form fields of a slash command."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM_ID,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel,
        "channel_name": "directmessage" if channel.startswith("D") else channel.lower(),
        "user_id": user,
        "user_name": user.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def event_callback(event: Mapping[str, Any], *, event_id: str, event_time: int) -> dict[str, Any]:
    """The Events API envelope around one event."""
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": TEAM_ID,
        "api_app_id": APP_ID,
        "event": dict(event),
        "type": "event_callback",
        "event_id": event_id,
        "event_time": event_time,
        "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}],
        "is_ext_shared_channel": False,
    }


def url_verification(challenge: str) -> dict[str, Any]:
    return {"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}


# The state Slack reports for each input element, by element type.


def radio(value: str) -> dict[str, Any]:
    return {"type": "radio_buttons", "selected_option": {"value": value}}


def static_select(value: str) -> dict[str, Any]:
    return {"type": "static_select", "selected_option": {"value": value}}


def checkboxes(*values: str) -> dict[str, Any]:
    return {"type": "checkboxes", "selected_options": [{"value": v} for v in values]}


def text_input(value: str | None) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}
