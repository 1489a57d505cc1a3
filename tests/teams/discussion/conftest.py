"""The Big Conversation on Teams: our server behind /api/messages with network chairs
configured, a team with channels on the Teams stand-in, and a clock we choose."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bot.settings import PrivacySettings, RoleSettings, Settings, TeamsSettings
from bot.teams.cards.discussion_ids import ConvCard, ConvKey
from bot.teams.connection import Identity
from bot.teams.wiring import build_teams_runtime
from handlers.discussion.post_due import PostingRun, post_due_prompts
from standins.teams import APP_ID, TENANT_ID, Posted, Team, TeamsStandIn
from standins.teams.sdk import connection_manager
from storage.audit_chain import AuditEntry
from storage.repositories.audit import list_entries
from storage.store import Store
from tests.teams.conftest import REGISTERED, Harness, card_of, serve

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # a Monday, 11:00 in London
K = 3
# The shared 1.5 subset plus the official definitions of the inputs, Image and ShowCard
# only these cards use (see its $comment).
SCHEMA = json.loads((Path(__file__).parent / "adaptive-card-1.5.schema.json").read_text())
BME, INTERNATIONAL = "BME", "International"


def actor(n: int) -> str:
    return f"teams:{TENANT_ID}:00000000-0000-0000-0000-0000aad0000{n}"


def conv_settings() -> Settings:
    roles = RoleSettings(
        edi=(actor(1),), network_chairs={BME: (actor(2),), INTERNATIONAL: (actor(3),)}
    )
    # K = 3 keeps these fixtures small: model_construct skips the floor of 5, which guards
    # configuration files, not settings a test builds by hand.
    privacy = PrivacySettings.model_construct(min_group_size=K)
    return Settings(roles=roles, privacy=privacy)


@dataclass
class Conv:
    """User 1 is in the EDI team, user 2 chairs the BME network, user 3 the International
    network; users 4 and 5 are staff. The app is in the team "Ward 7" (General, Nursing)."""

    h: Harness
    team: Team
    nursing: str
    now: datetime = NOW

    @property
    def general(self) -> str:
        return self.team.id

    def at(self, moment: datetime) -> None:
        self.now = moment
        self.h.runtime.deps.now = lambda: moment

    async def say(self, n: int, text: str) -> dict[str, Any]:
        """Type to the bot in user n's personal chat; the card it answered with."""
        before = len(self.h.teams.messages_to(self.h.user(n)))
        response = await self.h.teams.caller.send_message(self.h.url, self.h.user(n), text)
        assert response.status == 202
        sent = self.h.teams.messages_to(self.h.user(n))
        assert len(sent) == before + 1, "the bot answers once, in the personal chat"
        return checked(sent[-1])

    def last(self, n: int) -> Posted:
        return self.h.teams.messages_to(self.h.user(n))[-1]

    async def click(self, n: int, posted: Posted, data: dict[str, Any]) -> dict[str, Any]:
        """Submit a card in user n's personal chat: the card put in its place, or else the
        newest message."""
        versions = len(posted.history)
        response = await self.h.teams.caller.submit_card(
            self.h.url, self.h.user(n), data, card_activity_id=posted.id
        )
        assert response.status == 202
        if len(posted.history) > versions:
            return checked(posted)
        return checked(self.last(n))

    async def compose(self, n: int = 2, **values: str) -> dict[str, Any]:
        """Open the compose card as user n and submit it with `values` over the defaults;
        the card the bot answered with (a notice, or the form with its problems)."""
        form = await self.say(n, "bigconversation new")
        assert card_id(form) == ConvCard.COMPOSE
        data = {**submit_data(form, "Save and schedule"), **DEFAULTS, "channels": self.nursing}
        return await self.click(n, self.last(n), {**data, **values})

    async def dialog(
        self, n: int, name: str, data: dict[str, Any], *, root: str | None = None
    ) -> dict[str, Any]:
        """User n's "task/fetch" or "task/submit" (from the Nursing post `root`, or from
        their personal chat); the invoke response's body. A dialog sends nothing to any
        chat: the stand-in must have received no Connector call for it."""
        calls = len(self.h.teams.state.calls)
        channel = self.nursing if root else None
        response = await self.h.teams.caller.task(
            self.h.url, self.h.user(n), name, data, channel_id=channel, root=root
        )
        assert response.status == 200, response.text
        sent = [x.route for x in self.h.teams.state.calls[calls:] if x.route != "token"]
        assert sent == [], "a dialog is answered in the response, never sent to a chat"
        body: dict[str, Any] = response.json()
        return body

    def audit(self) -> list[AuditEntry]:
        with self.h.store.db.session() as session:
            return list_entries(session)

    def prompt_ids(self) -> list[str]:
        return [p.id for p in self.h.store.prompts.list_prompts()]

    async def post_due(self, moment: datetime) -> PostingRun:
        runtime = self.h.runtime
        assert runtime.channel_port is not None
        ports = {"teams": runtime.channel_port}
        return await post_due_prompts(self.h.store, ports, runtime.deps.backend.calls, moment)


DEFAULTS = {
    "network": BME,
    "title": "Where do you feel you belong at work?",
    "body": "Think of a shift where you felt fully part of the team.",
    "question_1": "What makes a new colleague feel welcome?",
    "question_2": "Who might feel like a guest here?",
    "image_url": "https://images.example.org/belonging.png",
    "image_alt": "Two nurses talking at a ward station",
    "when": "now",
    "reply_mode": "relay",
}


def prompt_id_of(card: dict[str, Any]) -> str:
    return str(submit_data(card, "Reply anonymously")[ConvKey.PROMPT])


def checked(posted: Posted) -> dict[str, Any]:
    card = card_of(posted)
    jsonschema.Draft6Validator(SCHEMA).validate(card)
    assert card["version"] == "1.5"
    return card


def dialog_card(body: dict[str, Any]) -> dict[str, Any]:
    """The card of a `continue` answer to a dialog invoke, checked against the schema."""
    task = body["task"]
    assert task["type"] == "continue", task
    attachment = task["value"]["card"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card: dict[str, Any] = attachment["content"]
    jsonschema.Draft6Validator(SCHEMA).validate(card)
    return card


def last_word(body: dict[str, Any]) -> str:
    """The text of a `message` answer: Teams shows it and closes the dialog."""
    task = body["task"]
    assert task["type"] == "message", task
    return str(task["value"])


def card_id(card: dict[str, Any]) -> str | None:
    return card["body"][0].get("id")


def submit_data(card: dict[str, Any], title: str) -> dict[str, Any]:
    """The data of the Action.Submit titled `title`, wherever it is in the card."""
    found: list[dict[str, Any]] = []

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            if item.get("type") == "Action.Submit" and item.get("title") == title:
                found.append(dict(item["data"]))
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(card)
    assert found, f"no {title!r} button"
    return found[0]


@pytest.fixture
async def conv(store: Store, teams: TeamsStandIn, trusted: None) -> AsyncIterator[Conv]:
    assert store.k == K
    identity = Identity(REGISTERED, connection_manager(REGISTERED, teams.token_url), APP_ID)
    runtime = build_teams_runtime(
        store, conv_settings(), TeamsSettings(enabled=True), identity=identity
    )
    runtime.deps.now = lambda: NOW
    runner, base = await serve(store, runtime)
    try:
        h = Harness(teams, store, runtime, f"{base}/api/messages", base)
        await h.install_all()
        team = teams.add_team("Ward 7")
        nursing = teams.state.add_channel(team, "Nursing").id
        response = await teams.caller.add_to_team(h.url, h.user(2), team)
        assert response.status == 202
        yield Conv(h, team, nursing)
    finally:
        await runner.cleanup()
        runtime.close()
