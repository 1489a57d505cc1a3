"""Activity JSON as Teams posts it to a bot's /api/messages, for a 1:1 chat with one user.

Teams delivers an Adaptive Card's Action.Submit as a `message` whose `value` holds the
card's data (no text) and whose `replyToId` is the card's activity; Action.Execute
(Universal Actions) arrives as an `invoke` named "adaptiveCard/action" that must be
answered in the HTTP response. Installing the app sends `installationUpdate` (action
"add") and a `conversationUpdate` with `membersAdded`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.teams.standin.tenant import Tenant, User

LOCALE, TIMEZONE = "en-GB", "Europe/London"


@dataclass(frozen=True)
class Scene:
    """Who is acting where: one user in their 1:1 chat with the bot."""

    tenant: Tenant
    user: User
    conversation_id: str
    service_url: str


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
        "conversation": {
            "conversationType": "personal",
            "tenantId": scene.tenant.id,
            "id": scene.conversation_id,
        },
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
        "channelData": {"tenant": {"id": scene.tenant.id}},
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
