"""Opening the pulse modal inside Slack's 3-second trigger window.

The form is asked for in a thread; if it is not ready within the budget, a small
"getting ready" modal is opened at once and updated when the form arrives.
"""

from __future__ import annotations

import asyncio

from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.blocks.elements import Block
from bot.slack.blocks.pulse_form import loading_modal, notice_modal, pulse_modal
from bot.slack.deps import SlackDeps, StartReply
from bot.slack.metadata import FormMetadata
from handlers.identity import Person
from handlers.messages import PulseFormReply


def render_start(reply: StartReply, *, channel: str | None, ts: str | None) -> Block:
    if isinstance(reply, PulseFormReply):
        metadata = FormMetadata(reply.round_id, channel, ts).encode()
        return pulse_modal(reply, metadata=metadata)
    return notice_modal(reply.text)


async def open_pulse(
    deps: SlackDeps,
    client: AsyncWebClient,
    *,
    person: Person,
    trigger_id: str,
    round_id: str | None,
    channel: str | None = None,
    ts: str | None = None,
) -> None:
    work = asyncio.ensure_future(deps.start(deps.backend, person, round_id))
    done, _ = await asyncio.wait({work}, timeout=deps.form_budget)
    if work in done:
        view = render_start(work.result(), channel=channel, ts=ts)
        await client.views_open(trigger_id=trigger_id, view=view)
        return
    opened = await client.views_open(trigger_id=trigger_id, view=loading_modal())
    view = render_start(await work, channel=channel, ts=ts)
    shown = opened["view"]
    await client.views_update(view_id=shown["id"], hash=shown["hash"], view=view)
