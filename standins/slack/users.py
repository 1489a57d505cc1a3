"""auth.test and the directory: users, user groups, and conversations (DMs, members, info)."""

from __future__ import annotations

from typing import Any

from standins.slack.methods import Method, Params, SlackError, page, text_param
from standins.slack.state import State
from standins.slack.workspace import (
    APP_ID,
    BOT_ID,
    BOT_USER_ID,
    TEAM_DOMAIN,
    TEAM_ID,
    Channel,
    User,
)


def dm_channel_id(user_id: str) -> str:
    """The DM with a person is stable for the life of the workspace, as in Slack."""
    return f"D{user_id}"


def find_user(state: State, user_id: str | None) -> User:
    user = state.workspace.users.get(user_id or "")
    if user is None:
        raise SlackError("user_not_found")
    return user


def resolve_channel(state: State, channel: str | None) -> str:
    """A channel id, DM id, or user id (Slack posts to the DM) → the conversation id."""
    channel = channel or ""
    if channel in state.workspace.channels:
        return channel
    user_id = channel[1:] if channel.startswith("D") else channel
    if user_id in state.workspace.users:
        user = state.workspace.users[user_id]
        if user.is_bot and user.id != BOT_USER_ID:
            raise SlackError("cannot_dm_bot")
        if user.deleted:
            raise SlackError("user_disabled")
        return dm_channel_id(user_id)
    raise SlackError("channel_not_found")


def conversation_key(state: State, channel: Any) -> str:
    """One name per conversation, so "U1" and its DM "DU1" share a rate limit and a history."""
    try:
        return resolve_channel(state, str(channel or ""))
    except SlackError:
        return str(channel or "")


def _members(state: State, channel_id: str) -> list[str]:
    channel = state.workspace.channels.get(channel_id)
    if channel is not None:
        return channel.members
    return [BOT_USER_ID, channel_id[1:]]  # a DM: the bot and the person


def auth_test(state: State, params: Params) -> dict[str, Any]:
    return {
        "ok": True,
        "url": f"https://{TEAM_DOMAIN}.slack.com/",
        "team": "Stand-in NHS Trust",
        "user": "bigconv",
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "app_id": APP_ID,
        "is_enterprise_install": False,
    }


def users_list(state: State, params: Params) -> dict[str, Any]:
    members = [u.to_slack() for u in state.workspace.users.values()]
    chunk, cursor = page(members, params, prefix="users")
    return {"ok": True, "members": chunk, "response_metadata": {"next_cursor": cursor}}


def users_info(state: State, params: Params) -> dict[str, Any]:
    return {"ok": True, "user": find_user(state, text_param(params, "user")).to_slack()}


def usergroups_users_list(state: State, params: Params) -> dict[str, Any]:
    group = state.workspace.usergroups.get(text_param(params, "usergroup") or "")
    if group is None:
        raise SlackError("no_such_subteam")
    return {"ok": True, "users": list(group)}


def conversations_open(state: State, params: Params) -> dict[str, Any]:
    users = [u for u in (text_param(params, "users") or "").split(",") if u]
    if not users:
        existing = text_param(params, "channel")
        if existing is None:
            raise SlackError("users_list_not_supplied")
        return {"ok": True, "channel": {"id": resolve_channel(state, existing)}}
    if len(users) > 1:
        raise SlackError("not_supported_by_standin")  # group DMs are not modelled
    find_user(state, users[0])
    channel_id = resolve_channel(state, users[0])
    return {"ok": True, "channel": {"id": channel_id}}


def conversations_members(state: State, params: Params) -> dict[str, Any]:
    channel_id = resolve_channel(state, text_param(params, "channel"))
    chunk, cursor = page(_members(state, channel_id), params, prefix="members")
    return {"ok": True, "members": chunk, "response_metadata": {"next_cursor": cursor}}


def conversations_info(state: State, params: Params) -> dict[str, Any]:
    channel_id = resolve_channel(state, text_param(params, "channel"))
    channel: Channel | None = state.workspace.channels.get(channel_id)
    if channel is not None:
        return {"ok": True, "channel": channel.to_slack()}
    info = {"id": channel_id, "is_im": True, "is_channel": False, "user": channel_id[1:]}
    return {"ok": True, "channel": info}


def users_conversations(state: State, params: Params) -> dict[str, Any]:
    """The channels a user (default: the calling bot) is a member of, DMs not modelled."""
    user = text_param(params, "user") or BOT_USER_ID
    kinds = set((text_param(params, "types") or "public_channel").split(","))
    wanted = [
        c.to_slack()
        for c in state.workspace.channels.values()
        if user in c.members and ("private_channel" if c.is_private else "public_channel") in kinds
    ]
    chunk, cursor = page(wanted, params, prefix="conversations")
    return {"ok": True, "channels": chunk, "response_metadata": {"next_cursor": cursor}}


METHODS: dict[str, Method] = {
    "auth.test": auth_test,
    "users.list": users_list,
    "users.info": users_info,
    "usergroups.users.list": usergroups_users_list,
    "conversations.open": conversations_open,
    "conversations.members": conversations_members,
    "conversations.info": conversations_info,
    "users.conversations": users_conversations,
}
