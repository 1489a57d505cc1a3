"""The chair's queue: open it (App Home), approve (relayed in the prompt's thread through
the channel port), decline, and answer a colleague who asked (a DM sent by the bot; the
chair only sees that it was sent). The queue modal is refreshed after each action."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.moderation import answer_modal, queue_modal
from bot.slack.blocks.reply_form import notice_modal
from bot.slack.deps import SlackDeps
from bot.slack.discussion_flow import relay
from bot.slack.ids import ActionId, BlockId, CallbackId
from bot.slack.payload import clicked, person_of
from handlers.discussion import (
    DirectInstruction,
    ModerationQueue,
    RelayInstruction,
    approve,
    chair_reply,
    decline,
    queue,
)
from handlers.identity import Requester
from handlers.messages import Refusal
from handlers.ports import DeliveryFailed

NOT_SENT = "Your answer could not be delivered just now. Please try again in a few minutes."


def _meta(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        return {}
    return meta if isinstance(meta, dict) else {}


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def show_queue(
        client: AsyncWebClient, requester: Requester, prompt_id: str, view_id: str, note: str
    ) -> None:
        shown = await deps.backend.calls(
            queue, deps.backend.store.prompts, requester=requester, prompt_id=prompt_id
        )
        view = (
            queue_modal(shown, note=note)
            if isinstance(shown, ModerationQueue)
            else notice_modal(shown.text)
        )
        await client.views_update(view_id=view_id, view=view)

    @app.action(ActionId.OPEN_QUEUE)
    async def open_queue(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        requester = await deps.roles.requester(person_of(body))
        shown = await deps.backend.calls(
            queue, deps.backend.store.prompts, requester=requester, prompt_id=clicked(body).value
        )
        view = (
            queue_modal(shown) if isinstance(shown, ModerationQueue) else notice_modal(shown.text)
        )
        await client.views_open(trigger_id=str(body.get("trigger_id", "")), view=view)

    @app.action(ActionId.APPROVE)
    async def approved(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        requester = await deps.roles.requester(person_of(body))
        outcome = await deps.backend.calls(
            approve, deps.backend.store.prompts, requester=requester, queue_id=clicked(body).value
        )
        note = await relay(deps, outcome) if isinstance(outcome, RelayInstruction) else outcome.text
        view = body.get("view") or {}
        await show_queue(
            client, requester, str(_meta(view).get("prompt", "")), str(view.get("id", "")), note
        )

    @app.action(ActionId.DECLINE)
    async def declined(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        requester = await deps.roles.requester(person_of(body))
        outcome = await deps.backend.calls(
            decline, deps.backend.store.prompts, requester=requester, queue_id=clicked(body).value
        )
        view = body.get("view") or {}
        await show_queue(
            client,
            requester,
            str(_meta(view).get("prompt", "")),
            str(view.get("id", "")),
            outcome.text,
        )

    @app.action(ActionId.ANSWER_COLLEAGUE)
    async def answer_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        queue_view = str((body.get("view") or {}).get("id", "")) or None
        view = answer_modal(clicked(body).value, queue_view=queue_view)
        await client.views_push(trigger_id=str(body.get("trigger_id", "")), view=view)

    @app.view(CallbackId.ANSWER)
    async def answer_submitted(ack: AsyncAck, body: dict[str, Any]) -> None:
        view = body["view"]
        state = ((view.get("state") or {}).get("values") or {}).get(BlockId.ANSWER_TEXT) or {}
        text = (state.get(ActionId.FIELD) or {}).get("value") or ""
        requester = await deps.roles.requester(person_of(body))
        outcome = await deps.backend.calls(
            chair_reply,
            deps.backend.store.prompts,
            requester=requester,
            queue_id=str(_meta(view).get("reply", "")),
            text=str(text),
        )
        if isinstance(outcome, Refusal):
            await ack(response_action="errors", errors={BlockId.ANSWER_TEXT: outcome.text})
            return
        await ack(response_action="update", view=notice_modal(await _deliver(deps, outcome)))


async def _deliver(deps: SlackDeps, instruction: DirectInstruction) -> str:
    port = deps.channel_ports.get(str(instruction.address.get("platform", "slack")))
    if port is None:
        return NOT_SENT
    try:
        await port.send_direct(instruction.address, instruction.text)
    except DeliveryFailed:
        return NOT_SENT
    return instruction.confirmation
