"""The shape shared by every fake Web API method: params in, a JSON body or a Slack error out."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from standins.slack.state import State

Params = Mapping[str, Any]
Method = Callable[[State, Params], dict[str, Any]]


class SlackError(Exception):
    """Answered as HTTP 200 `{"ok": false, "error": code}`, which is how Slack reports errors."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def text_param(params: Params, name: str, *, required: bool = False) -> str | None:
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise SlackError("invalid_arguments")
        return None
    return str(value)


def json_param(params: Params, name: str) -> Any:
    """Structured arguments arrive as objects in JSON bodies but as strings in form bodies."""
    value = params.get(name)
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError as exc:
            raise SlackError(f"invalid_{name}") from exc
    return value


def int_param(params: Params, name: str, default: int) -> int:
    value = params.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise SlackError("invalid_arguments") from exc


def page(items: list[Any], params: Params, *, prefix: str) -> tuple[list[Any], str]:
    """One page of `items` and the next cursor ("" on the last page), as Slack pages them.

    Slack's cursors are opaque base64; the stand-in's are readable ("users:200") on purpose,
    and an unknown one is refused with invalid_cursor like Slack does.
    """
    limit = int_param(params, "limit", 0) or len(items) or 1
    cursor = text_param(params, "cursor")
    start = 0
    if cursor is not None:
        head, _, offset = cursor.partition(":")
        if head != prefix or not offset.isdigit() or int(offset) > len(items):
            raise SlackError("invalid_cursor")
        start = int(offset)
    end = start + limit
    return items[start:end], (f"{prefix}:{end}" if end < len(items) else "")
