"""Simulated staff for the demo and the load bench: they read their DMs on the Slack
stand-in, click Start, wait for the modal the app opened, answer and submit — every step
a signed HTTP request to the app, exactly as Slack would send it."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from typing import Any

from bot.demo.population import Colleague, answer_pulse
from bot.slack.ids import ActionId, BlockId, CallbackId
from standins.slack import Message, SlackStandIn, View, payloads
from surveys.form import ETHNICITY_FIELD, STAFF_GROUP_FIELD
from surveys.response import PulseAnswers

MODAL_WAIT = 3.0  # seconds: Slack's trigger window; a modal later than this never opens


def modal_values(answers: PulseAnswers) -> dict[str, Any]:
    """What Slack reports as state.values for these answers (skipped items left empty)."""
    values: dict[str, Any] = {}
    if answers.ethnicity:
        values[ETHNICITY_FIELD] = {ActionId.ANSWER: payloads.static_select(answers.ethnicity)}
    if answers.staff_group:
        values[STAFF_GROUP_FIELD] = {
            ActionId.ANSWER: payloads.static_select(answers.staff_group.value)
        }
    for qid, code in answers.answers.items():
        values[qid] = {ActionId.ANSWER: payloads.radio(str(code))}
    if answers.grounds:
        ticked = (str(g) for g in sorted(answers.grounds))
        values["q16c"] = {ActionId.ANSWER: payloads.checkboxes(*ticked)}
    return values


def _round_of(dm: Message) -> str:
    """The Start button's value: what a click sends back."""
    for block in dm.blocks:
        if block.get("block_id") == BlockId.INVITATION_ACTIONS:
            return str(block["elements"][0]["value"])
    return ""


async def _ready(view: View) -> bool:
    """A "getting ready" modal is updated in place to the form; wait for that."""
    deadline = time.monotonic() + MODAL_WAIT
    while view.view.get("callback_id") == CallbackId.LOADING:
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.01)
    return view.view.get("callback_id") == CallbackId.PULSE_FORM


class ViewInbox:
    """The modals the app opened, per person, read from the stand-in by one poller that
    wakes whoever is waiting (rather than every waiter polling on its own)."""

    def __init__(self, slack: SlackStandIn) -> None:
        self._slack, self._seen = slack, 0
        self._by_user: dict[str, list[View]] = {}
        self._waiting: dict[str, tuple[int, asyncio.Future[View]]] = {}
        self._poller: asyncio.Task[None] | None = None

    def count(self, user: str) -> int:
        self._refresh()
        return len(self._by_user.get(user, ()))

    async def next_view(self, user: str, after: int) -> View | None:
        waiter = asyncio.get_running_loop().create_future()
        self._waiting[user] = (after, waiter)
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll())
        try:
            return await asyncio.wait_for(waiter, MODAL_WAIT)
        except TimeoutError:
            return None
        finally:
            self._waiting.pop(user, None)

    async def _poll(self) -> None:
        while self._waiting:
            self._refresh()
            for user, (after, waiter) in list(self._waiting.items()):
                views = self._by_user.get(user, [])
                if len(views) > after and not waiter.done():
                    waiter.set_result(views[after])
            await asyncio.sleep(0.002)

    def _refresh(self) -> None:
        opened = self._slack.state.views_opened
        for view in opened[self._seen :]:
            self._by_user.setdefault(view.user, []).append(view)
        self._seen = len(opened)


class SimulatedStaff:
    def __init__(self, slack: SlackStandIn, app_url: str, *, concurrency: int = 64) -> None:
        self._slack, self._url = slack, app_url
        self._inbox = ViewInbox(slack)
        self._slots = asyncio.Semaphore(concurrency)

    def invitations(self, round_id: str) -> dict[str, Message]:
        """Each person's invitation DM for the round, by DM channel."""
        key = f"invite:{round_id}:"
        return {
            m.channel: m for m in self._slack.messages if (m.delivery_key or "").startswith(key)
        }

    async def take_part(self, colleague: Colleague, dm: Message, rng: random.Random) -> bool:
        """Click Start in the DM, answer the modal, submit. True if the app thanked them."""
        async with self._slots:
            user = colleague.user_id
            before = self._inbox.count(user)
            await self._slack.caller.click_button(
                self._url,
                user=user,
                action_id=ActionId.START_PULSE,
                value=_round_of(dm),
                block_id=BlockId.INVITATION_ACTIONS,
                message=dm,
            )
            view = await self._inbox.next_view(user, before)
            if view is None or not await _ready(view):
                return False
            values = modal_values(answer_pulse(colleague, rng))
            sent = await self._slack.caller.submit_view(
                self._url, user=user, view=view, values=values
            )
            return sent.status == 200 and "Thank you" in sent.text

    async def answer_round(
        self, round_id: str, trust: Sequence[Colleague], rng: random.Random
    ) -> int:
        """Everyone who feels like it (their response rate) answers; returns how many did."""
        dms = self.invitations(round_id)
        takers = [
            (c, dms[f"D{c.user_id}"])
            for c in trust
            if f"D{c.user_id}" in dms and rng.random() < c.response_rate
        ]
        seeds = [rng.random() for _ in takers]
        done = await asyncio.gather(
            *(
                self.take_part(c, dm, random.Random(seed))
                for (c, dm), seed in zip(takers, seeds, strict=True)
            )
        )
        return sum(done)
