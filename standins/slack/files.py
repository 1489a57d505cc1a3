"""The three-step upload files_upload_v2 makes: get an upload URL, POST the bytes, complete.

The upload URL points back at the stand-in (Slack's points at files.slack.com) and, like
Slack's, needs no token: it is a capability in itself.
"""

from __future__ import annotations

from typing import Any

from standins.slack.methods import (
    Method,
    Params,
    SlackError,
    int_param,
    json_param,
    text_param,
)
from standins.slack.state import State, UploadedFile
from standins.slack.users import resolve_channel

UPLOAD_PATH = "/upload/v1/"


def get_upload_url(state: State, params: Params) -> dict[str, Any]:
    filename = text_param(params, "filename", required=True) or ""
    length = int_param(params, "length", 0)
    if length <= 0:
        raise SlackError("invalid_arguments")
    file = UploadedFile(state.next_id("F"), filename, length)
    state.files[file.id] = file
    return {"ok": True, "upload_url": f"{state.origin}{UPLOAD_PATH}{file.id}", "file_id": file.id}


def receive_upload(state: State, file_id: str, content: bytes) -> str | None:
    """Store the bytes POSTed to an upload URL; the error text if Slack would refuse them."""
    file = state.files.get(file_id)
    if file is None:
        return "invalid upload url"
    if len(content) != file.length:
        # Slack checks the declared length against what arrives.
        return f"expected {file.length} bytes, got {len(content)}"
    file.content = content
    return None


def complete_upload(state: State, params: Params) -> dict[str, Any]:
    entries = json_param(params, "files")
    if not isinstance(entries, list) or not entries:
        raise SlackError("invalid_arguments")
    channel_arg = text_param(params, "channel_id") or text_param(params, "channels")
    channel = resolve_channel(state, channel_arg) if channel_arg else None
    done: list[dict[str, Any]] = []
    for entry in entries:
        file = state.files.get(str(entry.get("id")))
        if file is None or file.content is None:
            raise SlackError("file_not_found")
        file.title = entry.get("title") or file.filename
        file.channel = channel
        file.initial_comment = text_param(params, "initial_comment")
        file.thread_ts = text_param(params, "thread_ts")
        file.shared = True
        done.append(
            {
                "id": file.id,
                "name": file.filename,
                "title": file.title,
                "size": file.length,
                "channels": [channel] if channel else [],
            }
        )
    return {"ok": True, "files": done}


METHODS: dict[str, Method] = {
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
}
