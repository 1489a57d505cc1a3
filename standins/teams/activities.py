"""Activity JSON as Teams posts it to a bot's /api/messages: in a 1:1 chat with one user,
or in a team channel (conversationType "channel", the team and channel in channelData).

Teams delivers an Adaptive Card's Action.Submit as a `message` whose `value` holds the
card's data (no text) and whose `replyToId` is the card's activity; Action.Execute
(Universal Actions) arrives as an `invoke` named "adaptiveCard/action" that must be
answered in the HTTP response. A dialog (task module) is asked for with a "task/fetch"
invoke and its form posted with "task/submit", both answered in the HTTP response too;
Teams keeps neither, nor the dialog, in any chat. Installing the app sends
`installationUpdate` (action "add") and a `conversationUpdate` with `membersAdded`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from standins.teams.tenant import Tenant, User

LOCALE, TIMEZONE = "en-GB", "Europe/London"


@dataclass(frozen=True)
class Scene:
    """Who is acting where: one user in their 1:1 chat with the bot, or in a channel."""

    tenant: Tenant
    user: User
    conversation_id: str
    service_url: str
    team: tuple[str, str] | None = None  # (id, name) in a channel
    channel: str | None = None  # the channel's conversation id (no ";messageid=")


def _conversation(scene: Scene) -> dict[str, Any]:
    if scene.team is None:
        kind: dict[str, Any] = {"conversationType": "personal"}
    else:
        kind = {"conversationType": "channel", "isGroup": True}
    return {**kind, "tenantId": scene.tenant.id, "id": scene.conversation_id}


def _channel_data(scene: Scene) -> dict[str, Any]:
    data: dict[str, Any] = {"tenant": {"id": scene.tenant.id}}
    if scene.team is not None:
        data["team"] = {"id": scene.team[0], "name": scene.team[1]}
        data["channel"] = {"id": scene.channel}
    return data


def activity(scene: Scene, type_: str, activity_id: str, **fields: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    return {
        "type": type_,
        "id": activity_id,
        "timestamp": now.isoformat().replace("+00:00", "Z"),
        "localTimestamp": now.isoformat(),
        "channelId": "msteams",
        "serviceUrl": scene.service_url,
        "from": scene.user.channel_account(),
        "conversation": _conversation(scene),
        "recipient": scene.tenant.bot_account(),
        "entities": [
            {
                "type": "clientInfo",
                "locale": LOCALE,
                "country": "GB",
                "platform": "Web",
                "timezone": TIMEZONE,
            }
        ],
        "channelData": _channel_data(scene),
        "locale": LOCALE,
        "localTimezone": TIMEZONE,
        **fields,
    }


def message(scene: Scene, activity_id: str, text: str) -> dict[str, Any]:
    return activity(scene, "message", activity_id, text=text, textFormat="plain")


def card_submit(
    scene: Scene, activity_id: str, data: dict[str, Any], card_activity_id: str | None
) -> dict[str, Any]:
    """An Action.Submit click: a message with the card's data as `value`."""
    fields: dict[str, Any] = {"value": data}
    if card_activity_id is not None:
        fields["replyToId"] = card_activity_id
    submit = activity(scene, "message", activity_id, **fields)
    submit["channelData"]["postBack"] = True
    return submit


def card_execute(
    scene: Scene,
    activity_id: str,
    verb: str,
    data: dict[str, Any],
    card_activity_id: str | None,
) -> dict[str, Any]:
    """An Action.Execute click: an invoke the bot answers with an adaptiveCard/action response."""
    value = {
        "action": {"type": "Action.Execute", "id": str(uuid.uuid4()), "verb": verb, "data": data},
        "trigger": "manual",
    }
    fields: dict[str, Any] = {"name": "adaptiveCard/action", "value": value}
    if card_activity_id is not None:
        fields["replyToId"] = card_activity_id
    return activity(scene, "invoke", activity_id, **fields)


def task_invoke(scene: Scene, activity_id: str, name: str, data: dict[str, Any]) -> dict[str, Any]:
    """`name` "task/fetch" (a button whose data has msteams.type "task/fetch") or
    "task/submit" (an Action.Submit inside the dialog: its data merged with the inputs)."""
    value = {"data": data, "context": {"theme": "default"}}
    return activity(scene, "invoke", activity_id, name=name, value=value)


def members_added(scene: Scene, activity_id: str, *, with_bot: bool = True) -> dict[str, Any]:
    added = [scene.user.channel_account()]
    if with_bot:
        added.insert(0, {"id": scene.tenant.bot_id})
    return activity(scene, "conversationUpdate", activity_id, membersAdded=added)


def installation_update(scene: Scene, activity_id: str, action: str) -> dict[str, Any]:
    """`action` is "add" or "remove" (Teams also sends "add-upgrade"/"remove-upgrade")."""
    update = activity(scene, "installationUpdate", activity_id, action=action)
    update["channelData"]["source"] = {"name": "message"}
    return update


def team_update(scene: Scene, activity_id: str, event: str, **fields: Any) -> dict[str, Any]:
    """A conversationUpdate in a team: "teamMemberAdded"/"teamMemberRemoved" (with the bot
    in membersAdded/membersRemoved), "channelCreated", "channelRenamed", "channelDeleted"."""
    channel = fields.pop("channel", None)
    update = activity(scene, "conversationUpdate", activity_id, **fields)
    update["channelData"]["eventType"] = event
    if channel is not None:
        update["channelData"]["channel"] = channel
    return update
