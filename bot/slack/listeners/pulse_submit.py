"""Submit → read the modal, record through the one submission path, and only then
acknowledge (errors on their inputs, or a thank-you); afterwards the invitation DM is
updated to say it was answered — never what was answered.

Slack wants the acknowledgement within 3 s of the request (bolt answers 404 after that).
The write must have begun WRITE_START_BY seconds after the request arrived, or nothing
is written and the modal says so, keeping the answers for another press of Submit: the
person is never told "error" for an answer that was kept, nor "thank you" for one lost."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltContext
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.elements import message_text
from bot.slack.blocks.invitation import done_blocks
from bot.slack.blocks.pulse_form import errors_of, notice_modal
from bot.slack.deps import SlackDeps
from bot.slack.form_state import FormProblems, read_form
from bot.slack.ids import CallbackId
from bot.slack.metadata import BadMetadata, FormMetadata
from bot.slack.payload import person_of
from handlers import pulse_chat
from handlers.identity import Person
from handlers.messages import InvalidSubmission, NotRecorded, Thanks
from handlers.submission import PulseAnswers, submit

log = logging.getLogger(__name__)
EXPIRED = "This form has expired. Please start the pulse again from its message."
# Seconds from the request's arrival: leaves a second for the commit and the answer.
WRITE_START_BY = 2.0
RECEIVED_AT = "bigconv_received_at"  # set by bot.slack.endpoint, time.monotonic()


async def _invitation_of(deps: SlackDeps, person: Person, meta: FormMetadata) -> tuple[str, str]:
    """The invitation message to update: from the modal, else from the outbox record."""
    if meta.channel and meta.message_ts:
        return meta.channel, meta.message_ts
    ref = await pulse_chat.invitation_of(deps.backend, person, meta.round_id)
    return str(ref.get("channel", "")), str(ref.get("ts", ""))


async def mark_answered(
    deps: SlackDeps, client: AsyncWebClient, person: Person, meta: FormMetadata, thanks: Thanks
) -> None:
    channel, ts = await _invitation_of(deps, person, meta)
    if not (channel and ts):
        return
    try:
        await client.chat_update(
            channel=channel,
            ts=ts,
            text=message_text(thanks.invitation_done),
            blocks=done_blocks(thanks),
        )
    except SlackApiError as exc:  # the message was deleted, say: the answer is safe anyway
        log.warning("could not update an invitation: %s", exc.response.get("error"))
    except Exception as exc:  # Slack unreachable: the answer is safe anyway
        log.warning("could not update an invitation: %s", type(exc).__name__)


_updating: set[asyncio.Task[None]] = set()


def _update_later(update: Coroutine[Any, Any, None]) -> None:
    """The DM update runs apart from the listener: bolt turns a listener's failure after
    its ack into a 500 for an answer that was recorded, and it would hold the request."""
    task = asyncio.create_task(update)
    _updating.add(task)  # held until done: the loop keeps only weak references
    task.add_done_callback(_updating.discard)


def register(app: AsyncApp, deps: SlackDeps) -> None:
    @app.view(CallbackId.PULSE_FORM)
    async def submitted(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, context: AsyncBoltContext
    ) -> None:
        start_by = float(context.get(RECEIVED_AT, time.monotonic())) + WRITE_START_BY
        person, view = person_of(body), body["view"]
        try:
            meta = FormMetadata.decode(view.get("private_metadata", ""))
            raw, remember = read_form((view.get("state") or {}).get("values") or {}, deps.form)
        except FormProblems as problems:
            await ack(response_action="errors", errors=problems.errors)
            return
        except BadMetadata:
            await ack(response_action="update", view=notice_modal(EXPIRED))
            return
        answers = PulseAnswers(person, meta.round_id, raw, remember)
        reply = await submit(deps.backend, answers, start_by=start_by)
        if isinstance(reply, InvalidSubmission):
            await ack(response_action="errors", errors=errors_of(reply.problems, deps.form))
            return
        if isinstance(reply, NotRecorded):  # the form stays open with their answers in it
            await ack(response_action="errors", errors=errors_of({"form": reply.text}, deps.form))
            return
        title = "Thank you" if isinstance(reply, Thanks) else "Staff pulse"
        await ack(response_action="update", view=notice_modal(reply.text, title=title))
        if isinstance(reply, Thanks):
            _update_later(mark_answered(deps, client, person, meta, reply))
