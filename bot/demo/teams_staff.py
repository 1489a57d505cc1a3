"""Simulated staff on the Teams stand-in: each installs the app, then finds the invitation
card in their chat, clicks Start and submits the form card, every step an Activity posted
to our /api/messages exactly as Teams would post it (with a Bot Service token)."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Sequence
from typing import Any

from bot.demo.population import Colleague, answer_pulse
from bot.teams.ids import TOGGLE_OFF, DataKey, InputId, Verb
from standins.teams import Posted, TeamsStandIn, Tenant, User
from standins.teams.state import delivery_key
from surveys.form import ETHNICITY_FIELD, STAFF_GROUP_FIELD
from surveys.response import PulseAnswers

NAMESPACE = uuid.UUID("6f1d2c1e-8a4b-4f0e-9c55-2d6a9b0c7e11")


def teams_user(colleague: Colleague) -> User:
    aad = uuid.uuid5(NAMESPACE, colleague.user_id)
    local = colleague.display_name.lower().replace(" ", ".")
    return User(
        f"29:1{colleague.user_id}", str(aad), colleague.display_name, f"{local}@trust.nhs.uk"
    )


def tenant_of(trust: Sequence[Colleague]) -> Tenant:
    return Tenant(users=[teams_user(c) for c in trust])


def card_values(answers: PulseAnswers) -> dict[str, str]:
    """What Teams sends for a filled-in form card (skipped items left out)."""
    values: dict[str, str] = {InputId.REMEMBER: TOGGLE_OFF}
    if answers.ethnicity:
        values[ETHNICITY_FIELD] = answers.ethnicity
    if answers.staff_group:
        values[STAFF_GROUP_FIELD] = answers.staff_group.value
    values.update({qid: str(code) for qid, code in answers.answers.items()})
    if answers.grounds:
        values["q16c"] = ",".join(str(g) for g in sorted(answers.grounds))
    return values


def _card(posted: Posted) -> dict[str, Any]:
    content: dict[str, Any] = posted.attachments[0]["content"]
    return content


class SimulatedTeamsStaff:
    def __init__(self, teams: TeamsStandIn, app_url: str, *, concurrency: int = 8) -> None:
        self._teams, self._url = teams, app_url
        self._slots = asyncio.Semaphore(concurrency)

    async def install(self, trust: Sequence[Colleague]) -> None:
        """Everyone gets the app (as an org-wide install does): the roster fills up."""

        async def one(colleague: Colleague) -> None:
            async with self._slots:
                await self._teams.caller.install(self._url, teams_user(colleague).id)

        await asyncio.gather(*(one(c) for c in trust))

    def invitation(self, colleague: Colleague, round_id: str) -> Posted | None:
        key = f"invite:{round_id}:"
        for posted in self._teams.messages_to(teams_user(colleague).id):
            versions = [posted.activity, *posted.history]
            if any((delivery_key(v) or "").startswith(key) for v in versions):
                return posted
        return None

    async def take_part(self, colleague: Colleague, round_id: str, rng: random.Random) -> bool:
        """Start, answer, submit. True if the card became "recorded anonymously"."""
        card = self.invitation(colleague, round_id)
        if card is None:
            return False
        user = teams_user(colleague).id
        async with self._slots:
            start = _card(card)["actions"][0]["data"]
            await self._teams.caller.submit_card(self._url, user, start, card_activity_id=card.id)
            form = _card(card)["actions"][0]["data"]
            if form.get(DataKey.VERB) != Verb.SUBMIT_PULSE:
                return False
            values = {**form, **card_values(answer_pulse(colleague, rng))}
            await self._teams.caller.submit_card(self._url, user, values, card_activity_id=card.id)
        return "recorded anonymously" in str(_card(card))

    async def answer_round(
        self, round_id: str, trust: Sequence[Colleague], rng: random.Random
    ) -> int:
        takers = [c for c in trust if rng.random() < c.response_rate]
        seeds = [rng.random() for _ in takers]
        done = await asyncio.gather(
            *(
                self.take_part(c, round_id, random.Random(seed))
                for c, seed in zip(takers, seeds, strict=True)
            )
        )
        return sum(done)
