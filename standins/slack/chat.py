"""chat.postMessage, chat.update and chat.postEphemeral, with the checks Slack makes."""

from __future__ import annotations

from typing import Any

from standins.slack.methods import Method, Params, SlackError, json_param, text_param
from standins.slack.state import Ephemeral, Message, State
from standins.slack.users import resolve_channel
from standins.slack.workspace import BOT_ID, BOT_USER_ID

MAX_TEXT = 40_000  # Slack truncates past 40,000 characters; the stand-in refuses, to be noticed
MAX_BLOCKS = 50


def _content(params: Params) -> tuple[str, list[Any]]:
    text = text_param(params, "text") or ""
    blocks = json_param(params, "blocks") or []
    if not isinstance(blocks, list) or len(blocks) > MAX_BLOCKS:
        raise SlackError("invalid_blocks")
    if not text and not blocks and not json_param(params, "attachments"):
        raise SlackError("no_text")
    if len(text) > MAX_TEXT:
        raise SlackError("msg_too_long")
    return text, blocks


def _postable(state: State, channel: str | None) -> str:
    channel_id = resolve_channel(state, channel)
    room = state.workspace.channels.get(channel_id)
    if room is not None and BOT_USER_ID not in room.members:
        raise SlackError("not_in_channel")
    return channel_id


def _message_json(message: Message) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "message",
        "user": BOT_USER_ID,
        "bot_id": BOT_ID,
        "ts": message.ts,
        "text": message.text,
        "blocks": message.blocks,
    }
    if message.thread_ts:
        body["thread_ts"] = message.thread_ts
    if message.metadata:
        body["metadata"] = message.metadata
    return body


def post_message(state: State, params: Params) -> dict[str, Any]:
    channel_id = _postable(state, text_param(params, "channel", required=True))
    text, blocks = _content(params)
    metadata = json_param(params, "metadata")
    message = Message(
        channel=channel_id,
        ts=state.next_ts(),
        text=text,
        blocks=blocks,
        metadata=metadata if isinstance(metadata, dict) else None,
        thread_ts=text_param(params, "thread_ts"),
    )
    state.post(message)
    return {"ok": True, "channel": channel_id, "ts": message.ts, "message": _message_json(message)}


def update(state: State, params: Params) -> dict[str, Any]:
    channel_id = resolve_channel(state, text_param(params, "channel", required=True))
    ts = text_param(params, "ts", required=True)
    message = state.message_at(channel_id, ts or "")
    if message is None:
        raise SlackError("message_not_found")
    text, blocks = _content(params)
    message.edits.append({"text": message.text, "blocks": message.blocks})
    message.text, message.blocks = text, blocks
    metadata = json_param(params, "metadata")
    if isinstance(metadata, dict):
        message.metadata = metadata
    return {
        "ok": True,
        "channel": channel_id,
        "ts": message.ts,
        "text": text,
        "message": _message_json(message),
    }


def post_ephemeral(state: State, params: Params) -> dict[str, Any]:
    channel_id = _postable(state, text_param(params, "channel", required=True))
    user = text_param(params, "user", required=True) or ""
    room = state.workspace.channels.get(channel_id)
    if room is not None and user not in room.members:
        raise SlackError("user_not_in_channel")
    text, blocks = _content(params)
    ephemeral = Ephemeral(channel_id, user, text, blocks, state.next_ts())
    state.ephemerals.append(ephemeral)
    return {"ok": True, "message_ts": ephemeral.message_ts}


METHODS: dict[str, Method] = {
    "chat.postMessage": post_message,
    "chat.update": update,
    "chat.postEphemeral": post_ephemeral,
}
