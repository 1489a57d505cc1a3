"""Rendering the Big Conversation's neutral outcomes on Slack: the compose modal, the
queue modal, private answers on the response_url and the export in the person's DM."""

from __future__ import annotations

import json

from slack_bolt.async_app import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.compose_form import compose_modal
from bot.slack.blocks.elements import Block, message_text
from bot.slack.blocks.moderation import queue_modal
from bot.slack.blocks.prompt_list import digest_text, help_blocks, list_blocks, starter_blocks
from bot.slack.blocks.reply_form import notice_modal
from bot.slack.deps import SlackDeps
from handlers.discussion import (
    CommandOutcome,
    CommandSettings,
    ComposeStart,
    DigestList,
    ExportReady,
    ModerationQueue,
    PromptList,
    ShowHelp,
    ShowStarters,
)

SENT = "The export was sent to you as a direct message."


def command_settings(deps: SlackDeps) -> CommandSettings:
    return CommandSettings(deps.networks, deps.report_policy.min_group_size)


async def open_compose(client: AsyncWebClient, start: ComposeStart, trigger_id: str) -> None:
    metadata = json.dumps({"edit": start.editing})
    view = compose_modal(
        start.draft, networks=start.networks, metadata=metadata, editing=start.editing is not None
    )
    await client.views_open(trigger_id=trigger_id, view=view)


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


async def show_outcome(
    outcome: CommandOutcome,
    *,
    client: AsyncWebClient,
    respond: AsyncRespond | None,
    trigger_id: str,
    user: str,
) -> None:
    """Modals open with the trigger; everything else is said privately (on the
    response_url, or in a notice modal when there is none: a button was clicked)."""
    if isinstance(outcome, ComposeStart):
        await open_compose(client, outcome, trigger_id)
        return
    if isinstance(outcome, ModerationQueue):
        await client.views_open(trigger_id=trigger_id, view=queue_modal(outcome))
        return
    if isinstance(outcome, ExportReady):
        await send_export(client, user, outcome)
    text, blocks = _message(outcome)
    if respond is None:
        await client.views_open(trigger_id=trigger_id, view=notice_modal(text))
    elif blocks is None:
        await respond(text=message_text(text), response_type="ephemeral")
    else:
        await respond(text=message_text(text), blocks=blocks, response_type="ephemeral")


def _message(outcome: CommandOutcome) -> tuple[str, list[Block] | None]:
    if isinstance(outcome, ShowHelp):
        return "Big Conversation", help_blocks()
    if isinstance(outcome, ShowStarters):
        return "Big Conversation", starter_blocks(outcome.starters)
    if isinstance(outcome, PromptList):
        return outcome.text, list_blocks(outcome)
    if isinstance(outcome, DigestList):
        return digest_text(outcome.digests), None
    if isinstance(outcome, ExportReady):
        return SENT, None
    assert not isinstance(outcome, ComposeStart | ModerationQueue)
    return outcome.text, None
