"""TeamsPort: the ChatPort the delivery worker sends invitations through.

An invitation is a proactive message through the ConversationReference kept on the
roster when the app was installed. It is POSTed to the conversation directly (not as a
reply to a made-up activity id, which is what the SDK's send_activity would do after
continue_conversation) and marked with its idempotency key in channelData, so a resend
after a crash can be recognised. Retries belong to the worker: every failure becomes a
DeliveryFailed at once (bot.teams.failures).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from bot.teams.cards.invitation import invitation_card, invitation_text
from bot.teams.chat import card_activity
from bot.teams.connection import Identity
from bot.teams.failures import failure_of
from bot.teams.people import PLATFORM, reference_of
from handlers.delivery.fence import Unconfirmed, last_look
from handlers.messages import PulseInvitation
from handlers.ports import Delivered, DeliveryFailed, user_of

NOT_INSTALLED = "no Teams conversation to send to (the app is not installed for them)"


class TeamsPort:
    platform = PLATFORM

    def __init__(self, adapter: CloudAdapter, identity: Identity) -> None:
        self._adapter, self._identity = adapter, identity

    def conversation_of(self, address: Mapping[str, Any]) -> str:
        return str(address.get("conversation") or user_of(address) or "")

    async def send_invitation(
        self, address: Mapping[str, Any], message: PulseInvitation, *, idempotency_key: str
    ) -> Delivered:
        reference = reference_of(address)
        if reference is None or reference.conversation is None:
            raise DeliveryFailed(NOT_INSTALLED, permanent=True)
        conversation_id = reference.conversation.id
        activity = card_activity(
            invitation_card(message),
            summary=invitation_text(message),
            channelData={"bigconv": {"key": idempotency_key}},
        )
        activity.conversation = reference.conversation
        activity.from_property, activity.recipient = reference.agent, reference.user
        sent: list[str] = []
        unconfirmed: list[Unconfirmed] = []

        async def post(context: TurnContext) -> None:
            connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
            if connector is None:
                raise RuntimeError("no Connector client in the proactive turn")
            try:
                last_look()  # still leading? (handlers.delivery.fence: no I/O)
            except Unconfirmed as exc:  # kept apart from the SDK's own error handling
                unconfirmed.append(exc)
                return
            answer = await connector.conversations.send_to_conversation(conversation_id, activity)
            sent.append(str(answer.id or ""))

        try:
            await self._adapter.continue_conversation_with_claims(
                self._identity.proactive_claims(), reference.get_continuation_activity(), post
            )
        except Exception as exc:
            raise failure_of(exc) from None
        if unconfirmed:
            raise unconfirmed[0]
        return Delivered({"conversation": conversation_id, "activity": sent[0] if sent else ""})
