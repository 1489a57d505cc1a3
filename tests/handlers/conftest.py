"""A Store over each database kind, and a small roster to invite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from handlers.identity import Person
from handlers.pulse_rounds import open_round
from storage.db import Database
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from storage.vault import Vault
from surveys.questions import Recall

WORKSPACE = "T0TEST"
# A Monday in term time, 11:00 in London (10:00 UTC in summer time).
MONDAY_11 = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


@pytest.fixture
def store(database: Database, vault: Vault) -> Iterator[Store]:
    yield Store(database, vault, k=11)


def person(n: int) -> Person:
    return Person("slack", WORKSPACE, f"U{n:04d}")


def add_staff(store: Store, count: int) -> list[str]:
    """Put `count` people on the roster with Slack-style addresses; their staff ids."""
    return [
        store.roster.upsert(
            platform="slack",
            workspace=WORKSPACE,
            user_id=f"U{n:04d}",
            delivery={"user": f"U{n:04d}", "team": WORKSPACE},
        ).id
        for n in range(count)
    ]


def open_june(store: Store, *, now: datetime = MONDAY_11, days: int = 14) -> RoundInfo:
    return open_round(
        store,
        period="2026-06",
        recall=Recall.TWELVE_MONTHS,
        opens_at=now,
        closes_at=now + timedelta(days=days),
        now=now,
    )
