"""views.open, views.push, views.update and views.publish, with Slack's trigger_id rules.

A trigger_id is issued with each interaction, is good for 3 seconds and for one view;
an app that acknowledges late or reuses one gets the error real Slack gives.
"""

from __future__ import annotations

import secrets
from typing import Any

from standins.slack.methods import Method, Params, SlackError, json_param, text_param
from standins.slack.state import State, View
from standins.slack.workspace import APP_ID, BOT_ID, TEAM_ID

TRIGGER_TTL = 3.0


def _view_arg(params: Params) -> dict[str, Any]:
    view = json_param(params, "view")
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        raise SlackError("invalid_arguments")
    return view


def _take_trigger(state: State, params: Params, ttl: float) -> str:
    trigger_id = text_param(params, "trigger_id") or ""
    trigger = state.triggers.get(trigger_id)
    if trigger is None:
        raise SlackError("invalid_trigger_id")
    if state.clock() - trigger.issued_at >= ttl:
        raise SlackError("expired_trigger_id")
    if any(v.trigger_id == trigger_id for v in state.views_opened):
        raise SlackError("exchanged_trigger_id")
    return trigger_id


def as_slack_view(view: View) -> dict[str, Any]:
    """The view as Slack echoes it: the app's fields plus ids, hash and empty state."""
    return {
        **view.view,
        "id": view.id,
        "team_id": TEAM_ID,
        "app_id": APP_ID,
        "bot_id": BOT_ID,
        "hash": view.hash,
        "private_metadata": view.view.get("private_metadata", ""),
        "callback_id": view.view.get("callback_id", ""),
        "state": {"values": {}},
    }


def _new_hash(state: State) -> str:
    return f"{int(state.clock())}.{secrets.token_hex(4)}"


def open_view(state: State, params: Params, ttl: float = TRIGGER_TTL) -> dict[str, Any]:
    trigger_id = _take_trigger(state, params, ttl)
    view_json = _view_arg(params)
    trigger = state.triggers[trigger_id]
    view = View(state.next_id("V"), trigger.user, view_json, _new_hash(state), trigger_id)
    state.views[view.id] = view
    state.views_opened.append(view)
    return {"ok": True, "view": as_slack_view(view)}


def update_view(state: State, params: Params) -> dict[str, Any]:
    view_id = text_param(params, "view_id")
    external_id = text_param(params, "external_id")
    matches = [
        v
        for v in state.views.values()
        if v.id == view_id or (external_id and v.view.get("external_id") == external_id)
    ]
    if not matches:
        raise SlackError("not_found")
    view = matches[0]
    expected = text_param(params, "hash")
    if expected is not None and expected != view.hash:
        raise SlackError("hash_conflict")
    view.view, view.hash = _view_arg(params), _new_hash(state)
    return {"ok": True, "view": as_slack_view(view)}


def publish_view(state: State, params: Params) -> dict[str, Any]:
    user = text_param(params, "user_id", required=True) or ""
    if user not in state.workspace.users:
        raise SlackError("user_not_found")
    view_json = _view_arg(params)
    if view_json["type"] != "home":
        raise SlackError("invalid_arguments")
    state.home_views[user] = view_json
    view = View(state.next_id("V"), user, view_json, _new_hash(state))
    return {"ok": True, "view": as_slack_view(view)}


def methods(trigger_ttl: float) -> dict[str, Method]:
    def open_with_ttl(state: State, params: Params) -> dict[str, Any]:
        return open_view(state, params, trigger_ttl)

    return {
        "views.open": open_with_ttl,
        "views.push": open_with_ttl,  # same trigger rules; the stack itself is not modelled
        "views.update": update_view,
        "views.publish": publish_view,
    }
