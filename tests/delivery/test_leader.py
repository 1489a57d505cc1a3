"""One leader at a time: PostgreSQL advisory lock, taken over when the holder dies."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import text

from bot.background.leader import Leadership, lead_when_elected
from storage.db import Database


def test_sqlite_is_always_leader(tmp_path: object) -> None:
    db = Database.connect(f"sqlite:///{tmp_path}/one.db")
    db.migrate()  # becoming leader takes a new leader epoch
    try:
        first, second = Leadership(db), Leadership(db)
        assert first.try_acquire() and second.try_acquire()
        assert (first.epoch, second.epoch) == (1, 2)
    finally:
        db.close()


def test_postgres_elects_one_and_hands_over_when_it_dies(fresh_postgres_url: str) -> None:
    one, two = Database.connect(fresh_postgres_url), Database.connect(fresh_postgres_url)
    one.migrate()
    try:
        first, second = Leadership(one), Leadership(two)
        assert first.try_acquire()
        assert not second.try_acquire()
        assert first.still_held()
        with one.engine.connect() as probe:
            # The holder's session: the one whose advisory lock is held.
            pid = probe.execute(
                text(
                    "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                    "database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                )
            ).scalar_one()
        with two.engine.connect() as admin:  # the holder dies: its session goes
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        deadline = time.monotonic() + 5
        while not second.try_acquire():
            assert time.monotonic() < deadline, "nobody took over"
            time.sleep(0.05)
        assert (first.epoch, second.epoch) == (1, 2)  # the new leader fences the old
        assert not first.still_held()
        assert not first.try_acquire()
        second.release()
        first.release()
    finally:
        one.close()
        two.close()


async def test_duties_run_only_while_leading(fresh_postgres_url: str) -> None:
    db = Database.connect(fresh_postgres_url)
    db.migrate()
    stop = asyncio.Event()
    ran: list[str] = []

    async def duties(lost: asyncio.Event) -> None:
        ran.append("started")
        await lost.wait()
        ran.append("stopped")

    try:
        task = asyncio.create_task(lead_when_elected(Leadership(db), stop, duties, every=0.05))
        await asyncio.sleep(0.2)
        stop.set()
        await task
    finally:
        db.close()
    assert ran == ["started", "stopped"]
