"""Who an activity is from, and where to reach them later: the neutral Person and the
roster's delivery address, both from the activity Teams sent.

A person is their Entra object id (`aadObjectId`) in their tenant: stable across apps,
and what an admin finds in Entra to grant a role ("teams:<tenant>:<aad object id>").
The address holds a ConversationReference with only what a proactive message needs:
no display name, no e-mail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import Activity, ConversationReference

from handlers.identity import Person
from handlers.ports import ADDRESS_USER

PLATFORM = "teams"
REFERENCE = "reference"  # the stored ConversationReference, as JSON


class NotAPerson(ValueError):
    """An activity with no user or tenant we could name (or from a group conversation)."""


def tenant_of(activity: Activity) -> str:
    conversation = activity.conversation
    tenant = getattr(conversation, "tenant_id", None) if conversation else None
    if not tenant:
        data = activity.channel_data if isinstance(activity.channel_data, Mapping) else {}
        tenant = (data.get("tenant") or {}).get("id")
    if not tenant:
        raise NotAPerson("no tenant")
    return str(tenant)


def person_of(activity: Activity) -> Person:
    sender = activity.from_property
    if sender is None or not sender.id:
        raise NotAPerson("no sender")
    # Without an Entra id (some emulators) the app-specific Teams id is the best we have.
    user = sender.aad_object_id or sender.id
    return Person(PLATFORM, tenant_of(activity), str(user))


def is_personal(activity: Activity) -> bool:
    kind = getattr(activity.conversation, "conversation_type", None)
    return kind in (None, "personal")


def address_of(activity: Activity) -> dict[str, Any]:
    """The delivery address to keep on the roster for proactive messages to this person."""
    person = person_of(activity)
    sender, bot, conversation = activity.from_property, activity.recipient, activity.conversation
    if sender is None or bot is None or conversation is None:
        raise NotAPerson("incomplete activity")
    reference = {
        "channelId": activity.channel_id or "msteams",
        "serviceUrl": activity.service_url,
        "user": {"id": sender.id, "aadObjectId": sender.aad_object_id},
        "agent": {"id": bot.id, "name": bot.name},
        "conversation": {
            "id": conversation.id,
            "tenantId": person.workspace,
            "conversationType": "personal",
        },
    }
    return {
        ADDRESS_USER: person.user_id,
        "tenant": person.workspace,
        "conversation": conversation.id,
        "service_url": activity.service_url,
        REFERENCE: reference,
    }


def reference_of(address: Mapping[str, Any]) -> ConversationReference | None:
    stored = address.get(REFERENCE)
    if not isinstance(stored, Mapping) or not stored.get("serviceUrl"):
        return None
    return ConversationReference.model_validate(dict(stored))
