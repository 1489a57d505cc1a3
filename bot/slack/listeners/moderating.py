"""The chair's queue: open it (App Home), approve (relayed in the prompt's thread through
the channel ports), decline, and answer a colleague who asked (a DM sent by the bot; the
chair only sees that it was sent). The queue modal is refreshed after each action."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.moderation import answer_modal, queue_modal
from bot.slack.blocks.reply_form import notice_modal
from bot.slack.deps import SlackDeps
from bot.slack.ids import ActionId, BlockId, CallbackId
from bot.slack.payload import clicked, person_of
from discussion import RefusalReason
from handlers.discussion import (
    ModerationQueue,
    answer_colleague,
    approve_reply,
    decline_reply,
    open_queue,
)
from handlers.discussion.access import Refused
from handlers.identity import Requester
from handlers.messages import Refusal


def _meta(view: dict[str, Any]) -> dict[str, Any]:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _undelivered(refusal: Refusal) -> bool:
    """The answer was fine but did not reach the colleague: said instead of the form."""
    return isinstance(refusal, Refused) and refusal.reason is RefusalReason.NOT_DELIVERED


def _queue_view(shown: ModerationQueue | Refusal, note: str | None = None) -> dict[str, Any]:
    if isinstance(shown, ModerationQueue):
        return queue_modal(shown, note=note)
    return notice_modal(shown.text)


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def refresh(
        client: AsyncWebClient, requester: Requester, view: dict[str, Any], note: str
    ) -> None:
        prompt_id = str(_meta(view).get("prompt", ""))
        shown = await open_queue(deps.backend, requester=requester, prompt_id=prompt_id)
        await client.views_update(view_id=str(view.get("id", "")), view=_queue_view(shown, note))

    @app.action(ActionId.OPEN_QUEUE)
    async def opened(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        requester = await deps.roles.requester(person_of(body))
        shown = await open_queue(deps.backend, requester=requester, prompt_id=clicked(body).value)
        await client.views_open(trigger_id=str(body.get("trigger_id", "")), view=_queue_view(shown))

    @app.action(ActionId.APPROVE)
    async def approved(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        requester = await deps.roles.requester(person_of(body))
        outcome = await approve_reply(
            deps.backend, deps.channel_ports, requester=requester, queue_id=clicked(body).value
        )
        await refresh(client, requester, body.get("view") or {}, outcome.text)

    @app.action(ActionId.DECLINE)
    async def declined(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        requester = await deps.roles.requester(person_of(body))
        outcome = await decline_reply(
            deps.backend, requester=requester, queue_id=clicked(body).value
        )
        await refresh(client, requester, body.get("view") or {}, outcome.text)

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
        outcome = await answer_colleague(
            deps.backend,
            deps.channel_ports,
            requester=await deps.roles.requester(person_of(body)),
            queue_id=str(_meta(view).get("reply", "")),
            text=str(text),
        )
        if isinstance(outcome, Refusal) and not _undelivered(outcome):
            await ack(response_action="errors", errors={BlockId.ANSWER_TEXT: outcome.text})
            return
        await ack(response_action="update", view=notice_modal(outcome.text))
