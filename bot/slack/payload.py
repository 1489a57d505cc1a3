"""Reading who and where from Slack payloads, and refusing payloads of the wrong shape
before any listener sees them (answered 400)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from handlers.identity import Person

PLATFORM = "slack"
INTERACTIVE = frozenset({"block_actions", "view_submission", "view_closed"})


class Malformed(ValueError):
    """A signed payload that is not the shape Slack sends."""


def _id(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("id")
    return value if isinstance(value, str) and value else None


def _team(body: Mapping[str, Any]) -> str | None:
    user = body.get("user")
    user_team = user.get("team_id") if isinstance(user, Mapping) else None
    return _id(body.get("team")) or _id(body.get("team_id")) or _id(user_team)


def _check_interactive(body: Mapping[str, Any], kind: object) -> None:
    if _id(body.get("user")) is None or _team(body) is None:
        raise Malformed("no user or team")
    if kind == "block_actions" and not isinstance(body.get("actions"), list):
        raise Malformed("no actions")
    if kind == "view_submission" and not isinstance(body.get("view"), Mapping):
        raise Malformed("no view")


def check_shape(body: Mapping[str, Any]) -> None:
    """Raise Malformed unless `body` has what our listeners read."""
    if not isinstance(body, Mapping):
        raise Malformed("not an object")
    kind = body.get("type")
    if kind in INTERACTIVE:
        _check_interactive(body, kind)
    elif kind == "event_callback":
        if not isinstance(body.get("event"), Mapping) or _team(body) is None:
            raise Malformed("no event")
    elif "command" in body:
        if not all(isinstance(body.get(k), str) for k in ("user_id", "team_id", "command")):
            raise Malformed("bad command")
    elif kind == "url_verification":
        if not isinstance(body.get("challenge"), str):
            raise Malformed("no challenge")  # bolt would echo a missing one with a 500
    elif kind != "app_rate_limited" and "ssl_check" not in body:
        raise Malformed("unknown payload")


def person_of(body: Mapping[str, Any]) -> Person:
    """The person who clicked, submitted or typed: used for tokens, never stored raw."""
    user = _id(body.get("user")) or _id(body.get("user_id"))
    team = _team(body)
    if user is None or team is None:
        raise Malformed("no user or team")
    return Person(PLATFORM, team, user)


@dataclass(frozen=True, slots=True)
class Clicked:
    value: str
    channel: str | None  # set when the button was in a message (the invitation DM)
    message_ts: str | None


def clicked(body: Mapping[str, Any]) -> Clicked:
    action = (body.get("actions") or [{}])[0]
    container = body.get("container") or {}
    channel = container.get("channel_id") if container.get("type") == "message" else None
    ts = container.get("message_ts") if channel else None
    value = action.get("value") if isinstance(action, Mapping) else None
    return Clicked(str(value or ""), channel, ts)
