"""The leader's lock session on a real PostgreSQL: freed when its holder falls silent
(as under SIGSTOP), and the campaign loop outliving a database that fails under it."""

from __future__ import annotations

import asyncio
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from bot.background.leader import IDLE_SESSION_TIMEOUT, Leadership, lead_when_elected
from storage.db import Database

pytestmark = pytest.mark.postgres


def test_a_silent_leader_loses_the_lock_to_the_server(fresh_postgres_url: str) -> None:
    one, two = Database.connect(fresh_postgres_url), Database.connect(fresh_postgres_url)
    one.migrate()
    try:
        silent, follower = Leadership(one), Leadership(two)
        assert silent.try_acquire() and not follower.try_acquire()
        started = time.monotonic()
        # No pings from `silent`, as if stopped: the server ends its session.
        while not follower.try_acquire():
            assert time.monotonic() - started < IDLE_SESSION_TIMEOUT + 5, "never freed"
            time.sleep(0.2)
        took = time.monotonic() - started
        print(f"\nlock freed {took:.1f} s after the holder fell silent")
        assert took >= IDLE_SESSION_TIMEOUT - 1  # a live leader's pings keep it
        assert not silent.still_held()  # resumed: it finds its session gone
        assert (silent.epoch, follower.epoch) == (1, 2)
        follower.close()
        silent.close()
    finally:
        one.close()
        two.close()


def test_pings_keep_a_live_leader_past_the_timeout(fresh_postgres_url: str) -> None:
    db = Database.connect(fresh_postgres_url)
    db.migrate()
    try:
        live, follower = Leadership(db), Leadership(db)
        assert live.try_acquire()
        deadline = time.monotonic() + IDLE_SESSION_TIMEOUT + 2
        while time.monotonic() < deadline:
            assert live.still_held()
            assert not follower.try_acquire()
            time.sleep(1.0)
        with db.engine.connect() as probe:  # the request pool is untouched by the setting
            assert probe.execute(text("SHOW idle_session_timeout")).scalar_one() == "0"
        live.close()
        follower.close()
    finally:
        db.close()


async def test_the_campaign_outlives_a_failing_database(
    fresh_postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database.connect(fresh_postgres_url)
    db.migrate()
    real = Leadership.try_acquire
    failures = iter([True, True])  # the database is down for two campaigns

    def flaky(self: Leadership) -> bool:
        if next(failures, False):
            raise OperationalError("SELECT 1", {}, Exception("the database is starting up"))
        return real(self)

    monkeypatch.setattr(Leadership, "try_acquire", flaky)
    terms: list[int | None] = []
    leadership = Leadership(db)

    async def duties(lost: asyncio.Event) -> None:
        terms.append(leadership.epoch)
        if len(terms) == 1:
            raise OperationalError("UPDATE outbox", {}, Exception("connection lost"))
        await lost.wait()

    stop = asyncio.Event()
    task = asyncio.create_task(lead_when_elected(leadership, stop, duties, every=0.05, ping=0.05))
    try:
        async with asyncio.timeout(20):
            while len(terms) < 2:
                await asyncio.sleep(0.02)
    finally:
        stop.set()
        await task
        db.close()
    assert terms == [1, 2]  # failed duties: a new term, with a new epoch
