"""Replying anonymously: "Reply anonymously" opens the form; submitting stores the reply
sealed and shows the author (and only the author) a confirmation with Withdraw.

The person's user id is read from the submission only when they ticked "let the chair
reply to me anonymously"; otherwise the handler never receives it.
"""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.reply_form import ALLOW_VALUE, accepted_modal, notice_modal, reply_modal
from bot.slack.deps import SlackDeps
from bot.slack.ids import ActionId, BlockId, CallbackId
from bot.slack.payload import clicked, person_of
from discussion import ABOUT_THE_PROMPT
from handlers.discussion import ReplyForm, open_reply_form, send_reply, withdraw
from handlers.discussion.access import Refused
from handlers.messages import Refusal

EXPIRED = "This form has expired. Please press Reply anonymously on the prompt again."


def _field(values: dict[str, Any], block: str) -> dict[str, Any]:
    found = (values.get(block) or {}).get(ActionId.FIELD)
    return found if isinstance(found, dict) else {}


def _read(values: dict[str, Any]) -> tuple[str, bool]:
    text = _field(values, BlockId.REPLY_TEXT).get("value")
    ticked = _field(values, BlockId.ALLOW_CHAIR_REPLY).get("selected_options") or []
    allow = any(isinstance(o, dict) and o.get("value") == ALLOW_VALUE for o in ticked)
    return (text if isinstance(text, str) else ""), allow


def _prompt_of(view: dict[str, Any]) -> str | None:
    try:
        meta = json.loads(view.get("private_metadata") or "")
    except json.JSONDecodeError:
        return None
    prompt = meta.get("prompt") if isinstance(meta, dict) else None
    return prompt if isinstance(prompt, str) else None


def register(app: AsyncApp, deps: SlackDeps) -> None:
    @app.action(ActionId.REPLY)
    async def reply_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        prompt_id = clicked(body).value
        form = await open_reply_form(deps.backend, prompt_id=prompt_id)
        view = (
            reply_modal(form, metadata=json.dumps({"prompt": prompt_id}))
            if isinstance(form, ReplyForm)
            else notice_modal(form.text)
        )
        await client.views_open(trigger_id=str(body.get("trigger_id", "")), view=view)

    @app.view(CallbackId.REPLY)
    async def reply_submitted(ack: AsyncAck, body: dict[str, Any]) -> None:
        view = body["view"]
        prompt_id = _prompt_of(view)
        if prompt_id is None:
            await ack(response_action="update", view=notice_modal(EXPIRED))
            return
        text, allow = _read((view.get("state") or {}).get("values") or {})
        reply = await send_reply(
            deps.backend,
            prompt_id=prompt_id,
            text=text,
            allow_chair_reply=allow,
            author=person_of(body) if allow else None,
            now=deps.now(),
        )
        if isinstance(reply, Refused) and reply.reason in ABOUT_THE_PROMPT:
            await ack(response_action="update", view=notice_modal(reply.text))
        elif isinstance(reply, Refusal):
            await ack(response_action="errors", errors={BlockId.REPLY_TEXT: reply.text})
        else:
            await ack(response_action="update", view=accepted_modal(reply))

    @app.action(ActionId.WITHDRAW)
    async def withdraw_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        outcome = await withdraw(deps.backend, code=clicked(body).value)
        view_id = str((body.get("view") or {}).get("id", ""))
        title = "Reply withdrawn" if not isinstance(outcome, Refusal) else "Big Conversation"
        await client.views_update(view_id=view_id, view=notice_modal(outcome.text, title=title))
