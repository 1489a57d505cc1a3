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
from bot.slack.discussion_flow import command_settings, show_outcome
from bot.slack.form_state import FormProblems
from bot.slack.ids import ActionId, CallbackId
from bot.slack.payload import clicked, person_of
from discussion import Command, Verb
from handlers.discussion import InvalidDraft, PromptSaved, run_command, save_draft

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
    async def compose_from(body: dict[str, Any], client: AsyncWebClient, theme: str) -> None:
        person = person_of(body)
        requester = await deps.roles.requester(person)
        command = Command(Verb.NEW, theme=theme.lower())
        outcome = await run_command(
            deps.backend, requester, command, settings=command_settings(deps), now=deps.now()
        )
        trigger = str(body.get("trigger_id", ""))
        await show_outcome(
            outcome, client=client, respond=None, trigger_id=trigger, user=person.user_id
        )

    @app.action(ActionId.COMPOSE)
    async def compose_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await compose_from(body, client, "")

    @app.action(ActionId.USE_STARTER)
    async def starter_clicked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await compose_from(body, client, " ".join(clicked(body).value.split()))

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
        reply = await save_draft(
            deps.backend,
            requester=await deps.roles.requester(person),
            draft=draft,
            editing=_editing(view),
            bot_channels=channels,
            now=deps.now(),
        )
        if isinstance(reply, InvalidDraft):
            found = [(PLACES.get(p.field, p.field), p.text) for p in reply.problems]
            await ack(response_action="errors", errors=errors_on(found, FIELDS))
            return
        title = "Prompt saved" if isinstance(reply, PromptSaved) else "Big Conversation"
        await ack(response_action="update", view=notice_modal(reply.text, title=title))
