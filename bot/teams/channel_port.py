"""TeamsChannelPort: the Big Conversation's ChannelPort over the Bot Connector.

A prompt card is a proactive message to the channel conversation; relayed replies go in
its thread, which the Connector addresses as "<channel id>;messageid=<root activity id>"
(what Teams itself puts in the conversation id of anything said in that thread, and what
Microsoft's proactive-messaging guidance uses to reply in a channel thread). The chair's
answer goes to the author's personal chat, found from the roster's conversation
reference at the moment it is sent and never written next to the reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from microsoft_agents.activity import Activity, ConversationReference
from microsoft_agents.hosting.aiohttp import CloudAdapter
from microsoft_agents.hosting.core import TurnContext
from microsoft_agents.hosting.core.connector import ConnectorClientBase

from bot.teams.cards.prompt_card import prompt_card, prompt_text
from bot.teams.chat import card_activity
from bot.teams.connection import Identity
from bot.teams.deps import TeamsDeps
from bot.teams.failures import failure_of
from bot.teams.people import PLATFORM, reference_of
from discussion import ChannelRef, PostInfo
from handlers.discussion import PromptCard
from handlers.discussion.reach import deliveries_in, delivery_of
from handlers.ports import DeliveryFailed, user_of

NO_CHANNEL = "the bot does not know how to reach this channel (is it still in the team?)"
NO_THREAD = "no thread to reply in"
NOT_REACHABLE = "no Teams chat with this person (the app is not installed for them)"


def thread_of(conversation: str, root: str) -> str:
    return f"{conversation};messageid={root}"


def text_activity(text: str) -> Activity:
    # Plain: a colleague's words are shown as written, never as markdown or a mention.
    return Activity.model_validate({"type": "message", "text": text, "textFormat": "plain"})


class TeamsChannelPort:
    platform = PLATFORM

    def __init__(self, adapter: CloudAdapter, identity: Identity, deps: TeamsDeps) -> None:
        self._adapter, self._identity, self._deps = adapter, identity, deps

    async def _service_url(self, tenant: str) -> str | None:
        """The tenant's Connector address: from the directory, else any roster reference."""
        for channel in self._deps.discussion.channels.of_tenant(tenant):
            return channel.service_url
        found = await deliveries_in(self._deps.backend, platform=PLATFORM, workspace=tenant)
        urls = (str(d.get("service_url") or "") for d in found)
        return next((u for u in urls if u), None)

    def _reference(self, conversation: str, tenant: str, service_url: str) -> ConversationReference:
        return ConversationReference.model_validate(
            {
                "channelId": "msteams",
                "serviceUrl": service_url,
                "agent": {"id": f"28:{self._identity.app_id}"},
                "conversation": {
                    "id": conversation,
                    "tenantId": tenant,
                    "conversationType": "channel",
                    "isGroup": True,
                },
            }
        )

    async def _send(
        self, reference: ConversationReference, conversation: str, activity: Activity
    ) -> str:
        """POST the activity to `conversation` in a proactive turn; its new activity id."""
        sent: list[str] = []

        async def post(context: TurnContext) -> None:
            connector = context.services.get(ConnectorClientBase)  # type: ignore[type-abstract]
            if connector is None:
                raise RuntimeError("no Connector client in the proactive turn")
            answer = await connector.conversations.send_to_conversation(conversation, activity)
            sent.append(str(answer.id or ""))

        try:
            await self._adapter.continue_conversation_with_claims(
                self._identity.proactive_claims(), reference.get_continuation_activity(), post
            )
        except Exception as exc:
            raise failure_of(exc) from None
        return sent[0] if sent else ""

    async def post_prompt(self, channel: ChannelRef, card: PromptCard) -> Mapping[str, Any]:
        known = self._deps.discussion.channels.find(channel)
        url = known.service_url if known else await self._service_url(channel.workspace)
        if url is None:
            raise DeliveryFailed(NO_CHANNEL, permanent=True)
        reference = self._reference(channel.channel, channel.workspace, url)
        activity = card_activity(prompt_card(card), summary=prompt_text(card))
        sent = await self._send(reference, channel.channel, activity)
        return {"conversation": channel.channel, "activity": sent, "service_url": url}

    async def post_in_thread(self, post: PostInfo, text: str) -> Mapping[str, Any]:
        conversation = str(post.reference.get("conversation") or "")
        root = str(post.reference.get("activity") or "")
        if not (conversation and root):
            raise DeliveryFailed(NO_THREAD, permanent=True)
        url = str(post.reference.get("service_url") or "")
        url = url or await self._service_url(post.channel.workspace) or ""
        if not url:
            raise DeliveryFailed(NO_CHANNEL, permanent=True)
        thread = thread_of(conversation, root)
        reference = self._reference(thread, post.channel.workspace, url)
        sent = await self._send(reference, thread, text_activity(text))
        return {"conversation": conversation, "thread": root, "activity": sent}

    async def send_direct(self, address: Mapping[str, str], text: str) -> None:
        user, tenant = user_of(address), str(address.get("workspace") or "")
        delivery = None
        if user and tenant:
            delivery = await delivery_of(
                self._deps.backend, platform=PLATFORM, workspace=tenant, user=user
            )
        reference = reference_of(delivery) if delivery is not None else None
        if reference is None or reference.conversation is None:
            raise DeliveryFailed(NOT_REACHABLE, permanent=True)
        await self._send(reference, reference.conversation.id, text_activity(text))
