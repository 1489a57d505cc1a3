"""/bigconversation [sub] for network chairs, admins and the EDI team (and `withdraw` for
anyone holding a withdrawal code). Acknowledged at once; modals open with the command's
trigger_id, everything else is answered privately on the response_url."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.elements import message_text
from bot.slack.blocks.moderation import queue_modal
from bot.slack.blocks.prompt_list import digest_text, help_blocks, list_blocks, starter_blocks
from bot.slack.deps import SlackDeps
from bot.slack.discussion_flow import open_compose
from bot.slack.ids import Command
from bot.slack.listeners.discussion_commands import (
    COMMANDS,
    ComposeRequest,
    ExportReady,
    subcommand,
)
from bot.slack.payload import person_of
from handlers.discussion import ModerationQueue, PromptList, library

MAX_TEXT = 500
TOO_LONG = "That command is too long. Type /bigconversation help."
UNKNOWN = "I do not know that one. Type /bigconversation help for what I can do."
SENT = "The export was sent to you as a direct message."


async def send_export(client: AsyncWebClient, user: str, export: ExportReady) -> None:
    """The file goes to the requester's own DM, nowhere else (as /wres does)."""
    channel = (await client.conversations_open(users=user))["channel"]["id"]
    await client.files_upload_v2(
        channel=channel,
        file_uploads=[
            {"content": export.content, "filename": export.filename, "title": export.filename}
        ],
        initial_comment="The anonymous replies you asked for. Months only; keep the file safe.",
    )


def register(app: AsyncApp, deps: SlackDeps) -> None:
    @app.command(Command.BIG_CONVERSATION)
    async def big_conversation(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        text = str(body.get("text", "")).strip()
        words = text.split()
        sub = words[0].lower() if words else "help"
        if len(text) > MAX_TEXT or sub not in COMMANDS:
            said = TOO_LONG if len(text) > MAX_TEXT else UNKNOWN
            await respond(text=said, response_type="ephemeral")
            return
        if sub in ("help", "starters"):
            blocks = help_blocks() if sub == "help" else starter_blocks(library())
            await respond(text="Big Conversation", blocks=blocks, response_type="ephemeral")
            return
        person = person_of(body)
        requester = await deps.roles.requester(person)
        outcome = await deps.backend.calls(subcommand, deps, requester, sub, words[1:], deps.now())
        trigger = str(body.get("trigger_id", ""))
        if isinstance(outcome, ComposeRequest):
            await open_compose(
                deps,
                client,
                requester=requester,
                trigger_id=trigger,
                draft=outcome.draft,
                editing=outcome.editing,
            )
        elif isinstance(outcome, ModerationQueue):
            await client.views_open(trigger_id=trigger, view=queue_modal(outcome))
        elif isinstance(outcome, PromptList):
            blocks = list_blocks(outcome)
            await respond(text=message_text(outcome.text), blocks=blocks, response_type="ephemeral")
        elif isinstance(outcome, ExportReady):
            await send_export(client, person.user_id, outcome)
            await respond(text=SENT, response_type="ephemeral")
        elif isinstance(outcome, tuple):
            await respond(text=message_text(digest_text(outcome)), response_type="ephemeral")
        else:
            await respond(text=message_text(outcome), response_type="ephemeral")
