"""A round's fan-out for the failover tests and benches: keys, schema, roster and an
open round seeded before the replicas start, and what the stand-in received after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from bot.settings import SlackSettings
from bot.settings.loading import load_settings
from bot.slack.roster_sync import sync_roster
from bot.slack.wiring import build_slack_runtime
from bot.store_opening import open_store
from handlers.pulse_rounds import open_round
from standins.slack import TEAM_ID, SlackStandIn
from surveys.questions import Recall


async def seed_round(config: Path, slack: SlackStandIn) -> str:
    """Make the keys and schema, sync the roster and open a round: the outbox then holds
    one invitation per person. Returns the round's id."""
    settings = load_settings(config)
    store = open_store(settings)
    try:
        setup = build_slack_runtime(
            store,
            settings,
            SlackSettings(api_base_url=slack.base_url),
            token=slack.token,
            signing_secret=slack.signing_secret,
        )
        await sync_roster(setup.deps.backend, setup.client, team_id=TEAM_ID)
        await setup.close()
        now = datetime.now(UTC).replace(microsecond=0)
        return open_round(
            store,
            period="2026-05",
            recall=Recall.TWELVE_MONTHS,
            opens_at=now,
            closes_at=now + timedelta(days=14),
            now=now,
        ).id
    finally:
        store.close()


def in_flight(database_url: str) -> int:
    """Outbox rows claimed and not yet marked: the most a fault can duplicate."""
    engine = create_engine(database_url, connect_args={"connect_timeout": 2})
    try:
        with engine.connect() as conn:
            found = conn.execute(text("SELECT count(*) FROM outbox WHERE status = 'sending'"))
            return int(found.scalar_one())
    finally:
        engine.dispose()


@dataclass(frozen=True)
class Delivered:
    people: int
    unique: int
    duplicated: int

    @property
    def lost(self) -> int:
        return self.people - self.unique


def delivered(slack: SlackStandIn, people: int) -> Delivered:
    keys = slack.delivered_keys()
    return Delivered(people, len(keys), sum(n - 1 for n in keys.values()))


def env_for(slack: SlackStandIn) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": slack.token, "SLACK_SIGNING_SECRET": slack.signing_secret}
