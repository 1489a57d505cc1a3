"""People submitting the pulse over signed Slack requests while the database restarts:
who was thanked, who was told to try again (and tried again), how fast each answer came,
and what the database holds afterwards. Shared by tests/scale/test_db_restart.py and
bench/db_restart.py."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bot.slack.ids import ActionId, CallbackId
from bot.slack.unavailable import TRY_AGAIN
from standins.slack import SlackStandIn, View
from tests.scale.fanout import env_for
from tests.scale.serve_procs import Replicas
from tests.slack.test_pulse_flow import values

THANKED, ALREADY, TRY_LATER, OTHER = "thanked", "already answered", "try again", "other"


@dataclass(frozen=True)
class Answer:
    """One request's fate: sent at (monotonic), took seconds, classified outcome."""

    user: str
    kind: str  # "submit" or "event"
    sent_at: float
    seconds: float
    outcome: str
    status: int


@dataclass
class Outcomes:
    answers: list[Answer] = field(default_factory=list)

    def between(self, start: float, end: float) -> list[Answer]:
        return [a for a in self.answers if start <= a.sent_at <= end]

    def acknowledged(self) -> set[str]:
        return {a.user for a in self.answers if a.outcome in (THANKED, ALREADY)}


def classify(status: int, body: Any) -> str:
    if status >= 500:
        return TRY_LATER
    if not isinstance(body, dict):
        return OTHER
    if body.get("response_action") == "errors" and TRY_AGAIN in body.get("errors", {}).values():
        return TRY_LATER
    if body.get("response_action") == "update":
        title = str(((body.get("view") or {}).get("title") or {}).get("text", ""))
        return THANKED if title == "Thank you" else ALREADY
    return OTHER


async def open_forms(
    slack: SlackStandIn, app_urls: list[str], users: list[str], round_id: str
) -> dict[str, View]:
    """Each person clicks Start (before the outage) and gets their pulse form."""
    for n, user in enumerate(users):
        url = app_urls[n % len(app_urls)]
        await slack.caller.click_button(
            url, user=user, action_id=ActionId.START_PULSE, value=round_id
        )

    def forms() -> dict[str, View]:
        found = {v.user: v for v in slack.state.views.values()}
        return {
            u: v for u, v in found.items() if v.view.get("callback_id") == CallbackId.PULSE_FORM
        }

    deadline = time.monotonic() + 60
    while len(forms()) < len(users):
        if time.monotonic() > deadline:
            raise AssertionError(f"only {len(forms())} of {len(users)} forms opened")
        await asyncio.sleep(0.05)
    return forms()


async def submit_until_acknowledged(
    slack: SlackStandIn,
    app_url: str,
    user: str,
    form: View,
    outcomes: Outcomes,
    *,
    retry_after: float = 1.0,
    deadline: float = 90.0,
) -> None:
    """Submit; when told to try again, wait a moment and submit again, as a person would."""
    give_up = time.monotonic() + deadline
    while time.monotonic() < give_up:
        sent = time.monotonic()
        try:
            response = await slack.caller.submit_view(
                app_url, user=user, view=form, values=values()
            )
            status, body = response.status, response.json()
        except Exception:  # the connection itself failed: as unhelpful as a hang
            status, body = 0, None
        outcome = classify(status, body)
        took = time.monotonic() - sent
        outcomes.answers.append(Answer(user, "submit", sent, took, outcome, status))
        if outcome in (THANKED, ALREADY):
            return
        await asyncio.sleep(retry_after)
    raise AssertionError(f"{user} was never acknowledged")


async def send_event(slack: SlackStandIn, app_url: str, user: str, outcomes: Outcomes) -> None:
    """An app_home_opened event: during an outage Slack must get a 5xx (so it retries)."""
    sent = time.monotonic()
    event = {"type": "app_home_opened", "user": user, "tab": "home", "channel": "D0"}
    response = await slack.caller.send_event(app_url, event)
    outcome = TRY_LATER if response.status >= 500 else ("ok" if response.status == 200 else OTHER)
    took = time.monotonic() - sent
    outcomes.answers.append(Answer(user, "event", sent, took, outcome, response.status))


def stored_answers(database_url: str, round_id: str) -> tuple[int, int]:
    """(people marked as having answered, answers held) for the round."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            args = {"r": round_id}
            marked = conn.execute(
                text("SELECT count(*) FROM participation WHERE round_id = :r"), args
            ).scalar_one()
            held = sum(
                int(
                    conn.execute(
                        text(f"SELECT count(*) FROM {t} WHERE round_id = :r"), args
                    ).scalar_one()
                )
                for t in ("response_buffer", "mixed_answers", "responses")
            )
            return int(marked), held
    finally:
        engine.dispose()


def two_replicas(tmp: Path, url: str, slack: SlackStandIn, budget: float) -> Replicas:
    """The two `bigconv serve` replicas an outage is played against (not yet started)."""
    return Replicas(
        tmp,
        url,
        slack.base_url,
        env_for(slack),
        count=2,
        extra_config=f"[delivery]\nslack_workspace_per_second = {budget}\n",
    )
