"""Composing a prompt: the App Home button and a starter's button open the modal; its
submission is checked and saved only when everything is right (errors go back on the
inputs they are about, as response_action "errors"; nothing is posted)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.compose_form import FIELDS
from bot.slack.blocks.inputs import errors_on
from bot.slack.blocks.reply_form import notice_modal
from bot.slack.bot_channels import bot_channels
from bot.slack.compose_state import read_compose
from bot.slack.deps import SlackDeps
from bot.slack.discussion_flow import open_compose
from bot.slack.form_state import FormProblems
from bot.slack.ids import ActionId, CallbackId
from bot.slack.listeners.discussion_commands import ComposeRequest, subcommand
from bot.slack.payload import clicked, person_of
from handlers.discussion import InvalidDraft, PromptSaved, compose_prompt, edit_prompt

# A problem with the list of questions as a whole is shown under the last question box.
PLACES = {"questions": "question_5"}
NO_CHANNEL_LIST = "Slack did not tell us which channels the bot is in. Please try again."


def _editing(view: dict[str, Any]) -> str | None:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except json.JSONDecodeError:
        return None
    edit = meta.get("edit") if isinstance(meta, dict) else None
    return edit if isinstance(edit, str) else None


def register(app: AsyncApp, deps: SlackDeps) -> None:
    async def compose_from(body: dict[str, Any], client: AsyncWebClient, args: list[str]) -> None:
        requester = await deps.roles.requester(person_of(body))
        outcome = await deps.backend.calls(subcommand, deps, requester, "new", args, deps.now())
        trigger = str(body.get("trigger_id", ""))
        if isinstance(outcome, ComposeRequest):
            await open_compose(
                deps, client, requester=requester, trigger_id=trigger, draft=outcome.draft
            )
        else:
            await client.views_open(trigger_id=trigger, view=notice_modal(str(outcome)))

    @app.action(ActionId.COMPOSE)
    async def compose_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await compose_from(body, client, [])

    @app.action(ActionId.USE_STARTER)
    async def starter_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await compose_from(body, client, clicked(body).value.split())

    @app.view(CallbackId.COMPOSE)
    async def submitted(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        person, view = person_of(body), body["view"]
        try:
            draft = read_compose(
                (view.get("state") or {}).get("values") or {}, team=person.workspace
            )
        except FormProblems as problems:
            await ack(response_action="errors", errors=problems.errors)
            return
        try:
            channels = await bot_channels(client, team=person.workspace)
        except SlackApiError:
            await ack(response_action="errors", errors={"channels": NO_CHANNEL_LIST})
            return
        requester = await deps.roles.requester(person)
        editing = _editing(view)
        if editing is None:
            reply: Any = await deps.backend.calls(
                compose_prompt,
                deps.backend.store.prompts,
                requester=requester,
                draft=draft,
                now=deps.now(),
                bot_channels=channels,
            )
        else:
            reply = await deps.backend.calls(
                edit_prompt,
                deps.backend.store.prompts,
                requester=requester,
                prompt_id=editing,
                draft=draft,
                now=deps.now(),
                bot_channels=channels,
            )
        if isinstance(reply, InvalidDraft):
            found = [(PLACES.get(p.field, p.field), p.text) for p in reply.problems]
            await ack(response_action="errors", errors=errors_on(found, FIELDS))
            return
        title = "Prompt saved" if isinstance(reply, PromptSaved) else "Big Conversation"
        await ack(response_action="update", view=notice_modal(reply.text, title=title))
