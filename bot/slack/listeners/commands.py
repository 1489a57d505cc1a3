"""/pulse [sub] for everyone (and `admin ...` for admins), /wres [period] [staff group]
for the EDI team. Acknowledged at once; the answer follows on the response_url."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.elements import message_text
from bot.slack.blocks.replies import reply_blocks, reply_text
from bot.slack.blocks.report_summary import summary_blocks, summary_text
from bot.slack.deps import SlackDeps
from bot.slack.ids import Command
from bot.slack.listeners.opening import open_pulse
from bot.slack.payload import person_of
from handlers import pulse_chat, report_pulls
from handlers.identity import Person
from handlers.messages import Notice, Refusal, Reply, ReportSummary
from handlers.round_admin import AdminRefused
from handlers.round_commands import ADMIN_WORD, AdminRequest, admin_command

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


async def _admin(deps: SlackDeps, person: Person, words: tuple[str, ...]) -> Reply:
    """`/pulse admin open|close|status`, through the same use case as `bigconv rounds`."""
    requester = await deps.roles.requester(person)
    request = AdminRequest(requester, words, deps.calendar, deps.recall, deps.now())
    reply = await admin_command(deps.backend, request)
    return Refusal(reply.text) if isinstance(reply, AdminRefused) else Notice(reply.text)


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
        if words[0] == ADMIN_WORD:
            reply = await _admin(deps, person, tuple(words[1:]))
        else:
            reply = await pulse_chat.pulse_words(deps.backend, person, text, notice=deps.notice)
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
        reply = await report_pulls.wres(deps.backend, deps.report_ask(requester), text)
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
