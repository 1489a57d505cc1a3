"""Submit → read the modal, record through the one submission path, and only then
acknowledge (errors on their inputs, or a thank-you); afterwards the invitation DM is
updated to say it was answered — never what was answered.

Slack wants the acknowledgement within 3 s of the request (bolt answers 404 after that).
The write must have begun, and be committing, by the deadlines in handlers.deadline, or
nothing is written and the modal says so, keeping the answers for another press of
Submit: the person is never told "error" for an answer that was kept, nor "thank you"
for one lost. A commit that began in time but finished after Slack stopped listening is
recorded: the modal is then updated through views.update and the invitation DM too, so
the person still learns it was kept."""

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
from bot.slack.request_guard import RECEIVED_AT
from handlers import deadline, pulse_chat
from handlers.identity import Person
from handlers.messages import InvalidSubmission, NotRecorded, Thanks
from handlers.submission import PulseAnswers, submit

log = logging.getLogger(__name__)
EXPIRED = "This form has expired. Please start the pulse again from its message."


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


async def show_recorded_late(client: AsyncWebClient, view_id: str, thanks: Thanks) -> None:
    """The acknowledgement came too late for Slack to show: replace the open form."""
    if not view_id:
        return
    try:
        await client.views_update(
            view_id=view_id, view=notice_modal(thanks.text, title="Thank you")
        )
    except SlackApiError as exc:  # closed meanwhile: the invitation DM still says it
        log.warning("could not update a late form: %s", exc.response.get("error"))
    except Exception as exc:
        log.warning("could not update a late form: %s", type(exc).__name__)


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
        limits = deadline.slack(float(context.get(RECEIVED_AT, time.monotonic())))
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
        reply = await submit(deps.backend, answers, deadline=limits)
        if isinstance(reply, InvalidSubmission):
            await ack(response_action="errors", errors=errors_of(reply.problems, deps.form))
            return
        if isinstance(reply, NotRecorded):  # the form stays open with their answers in it
            await ack(response_action="errors", errors=errors_of({"form": reply.text}, deps.form))
            return
        title = "Thank you" if isinstance(reply, Thanks) else "Staff pulse"
        await ack(response_action="update", view=notice_modal(reply.text, title=title))
        if isinstance(reply, Thanks) and limits.missed():
            # Recorded, but Slack stopped listening: say so where the person will look.
            log.warning("a submission was recorded after Slack's 3 s; told through views.update")
            _update_later(show_recorded_late(client, str(view.get("id") or ""), reply))
        if isinstance(reply, Thanks):
            _update_later(mark_answered(deps, client, person, meta, reply))
