"""/pulse [sub] for everyone (and `admin ...` for admins), /wres [period] [staff group]
for the EDI team. Acknowledged at once; the answer follows on the response_url."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.elements import message_text
from bot.slack.blocks.replies import reply_blocks, reply_text
from bot.slack.blocks.report_summary import summary_blocks, summary_text
from bot.slack.deps import SlackDeps
from bot.slack.ids import Command
from bot.slack.listeners.admin import admin_reply
from bot.slack.listeners.opening import open_pulse
from bot.slack.payload import person_of
from handlers import pulse
from handlers.messages import ReportSummary
from handlers.report_chat import wres_command

MAX_COMMAND_TEXT = 200
TOO_LONG = "That command is longer than any /pulse or /wres command. Type /pulse help."
FILES_NOTE = "The full report (HTML and Excel) has been sent to you as a direct message."


async def _send_files(client: AsyncWebClient, user: str, summary: ReportSummary) -> None:
    """The HTML and XLSX reports go to the requester's DM, nowhere else."""
    channel = (await client.conversations_open(users=user))["channel"]["id"]
    uploads = [{"content": data, "filename": name, "title": name} for name, data in summary.files]
    await client.files_upload_v2(
        channel=channel,
        file_uploads=uploads,
        initial_comment=f"{summary_text(summary.report)}: the full report.",
    )


def register(app: AsyncApp, deps: SlackDeps) -> None:
    @app.command(Command.PULSE)
    async def pulse_command(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        person, text = person_of(body), str(body.get("text", "")).strip()
        if not text:  # take the current pulse now
            trigger = str(body.get("trigger_id", ""))
            await open_pulse(deps, client, person=person, trigger_id=trigger, round_id=None)
            return
        if len(text) > MAX_COMMAND_TEXT:
            await respond(text=TOO_LONG, response_type="ephemeral")
            return
        words = text.lower().split()
        if words[0] == "admin":
            requester = await deps.roles.requester(person)
            reply: Any = await deps.backend.calls(admin_reply, deps, requester, words[1:])
        else:
            reply = await deps.backend.calls(
                pulse.pulse_command,
                deps.backend.store,
                person=person,
                text=text,
                notice=deps.notice,
            )
        await respond(
            text=message_text(reply_text(reply)),
            blocks=reply_blocks(reply),
            response_type="ephemeral",
        )

    @app.command(Command.WRES)
    async def wres(
        ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        await ack()
        text = str(body.get("text", "")).strip()
        if len(text) > MAX_COMMAND_TEXT:
            await respond(text=TOO_LONG, response_type="ephemeral")
            return
        requester = await deps.roles.requester(person_of(body))
        reply = await asyncio.to_thread(
            wres_command,
            deps.backend.store,
            requester=requester,
            text=text,
            policy=deps.report_policy,
            today=deps.today(),
            now=deps.now(),
            trust=deps.trust_name,
        )
        if not isinstance(reply, ReportSummary):
            await respond(text=message_text(reply.text), response_type="ephemeral")
            return
        note = FILES_NOTE if reply.files else None
        blocks = summary_blocks(reply.report, files_note=note)
        await respond(
            text=message_text(summary_text(reply.report)), blocks=blocks, response_type="ephemeral"
        )
        if reply.files:
            await _send_files(client, requester.person.user_id, reply)
