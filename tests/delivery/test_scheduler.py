"""The scheduler's jobs on real storage: each is safe to run twice; the settings parse."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.background.scheduler import (
    JobContext,
    build_scheduler,
    close_due_rounds,
    configure,
    open_current_round,
    queue_due_reminders,
    register_roster_sync,
    roster_sync_job,
    run_retention,
)
from bot.settings import (
    ScheduleSettings,
)
from storage.store import Store

OPENING = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)  # 09:00 London, the 1st


def _context(store: Store) -> JobContext:
    store.roster.sync(
        platform="slack", workspace="T1", members={f"U{n}": {"user": f"U{n}"} for n in range(3)}
    )
    return JobContext(store=store, schedule=ScheduleSettings())


def test_open_twice_is_one_round_and_close_twice_is_a_no_op(store: Store) -> None:
    context = _context(store)
    first = open_current_round(context, OPENING)
    again = open_current_round(context, OPENING + timedelta(minutes=3))
    assert first.id == again.id and first.period == "2026-06"
    assert store.outbox.stats(first.id).invited == 3
    assert first.closes_at == OPENING + timedelta(days=14)
    assert close_due_rounds(context, OPENING + timedelta(days=13)) == []
    assert close_due_rounds(context, OPENING + timedelta(days=14)) == ["2026-06"]
    assert close_due_rounds(context, OPENING + timedelta(days=14, minutes=15)) == []
    assert open_current_round(context, OPENING + timedelta(days=15)).id == first.id


def test_reminder_job_twice_queues_once(store: Store) -> None:
    context = _context(store)
    round_ = open_current_round(context, OPENING)
    due = OPENING + timedelta(days=7, hours=3)  # Monday 8 June, 12:00 London
    assert queue_due_reminders(context, due) == 3
    assert queue_due_reminders(context, due + timedelta(minutes=1)) == 0
    assert store.outbox.stats(round_.id).reminders == 3


def test_retention_job_twice_shreds_once(store: Store) -> None:
    context = _context(store)
    old = open_current_round(context, OPENING)
    close_due_rounds(context, OPENING + timedelta(days=30))
    later = OPENING + timedelta(days=800)
    assert run_retention(context, later).shredded == [old.period]
    assert run_retention(context, later).shredded == []


async def test_roster_sync_job_runs_registered_callbacks(store: Store) -> None:
    configure(_context(store))
    calls: list[str] = []

    async def sync() -> None:
        calls.append("synced")

    async def broken() -> None:
        raise RuntimeError("users.list said no")

    register_roster_sync(broken)
    register_roster_sync(sync)
    await roster_sync_job()
    assert calls == ["synced"]  # one failing sync does not stop the others


async def test_jobs_are_stored_in_our_database_and_replaced_not_duplicated(store: Store) -> None:
    for _ in range(2):
        scheduler = build_scheduler(store, ScheduleSettings())
        scheduler.start(paused=True)
        ids = sorted(job.id for job in scheduler.get_jobs())
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)
    assert ids == [
        "close-rounds",
        "digests",
        "open-round",
        "post-prompts",
        "reminders",
        "retention",
        "roster-sync",
    ]
    from sqlalchemy import text

    with store.db.session() as session:
        stored = session.execute(text("SELECT count(*) FROM apscheduler_jobs")).scalar_one()
    assert stored == len(ids)


class _StopAfter(list[float]):
    """The close's `timings`: the process stops after its third transaction."""

    def append(self, value: float) -> None:
        super().append(value)
        if len(self) == 3:
            raise KeyboardInterrupt


def test_the_close_job_finishes_a_close_a_crash_stopped(store: Store) -> None:
    context = _context(store)
    round_ = open_current_round(context, OPENING)
    for n in range(5):
        store.submissions.record(round_id=round_.id, token=bytes([n]) * 32, payload=b"p" * 16)
    with pytest.raises(KeyboardInterrupt):
        store.rounds.close(round_.id, batch_size=2, timings=_StopAfter())
    assert store.rounds.get(round_.id).status == "closing"
    # Long before the round was due to close: a close under way is finished at once.
    assert close_due_rounds(context, OPENING + timedelta(days=1)) == ["2026-06"]
    assert store.rounds.get(round_.id).status == "closed"
    assert len(store.responses.load_payloads([round_.id])[0]) == 5
    assert not store.mixing.exists(round_.id)


async def test_a_new_leader_runs_the_close_job_at_once(store: Store) -> None:
    scheduler = build_scheduler(store, ScheduleSettings())
    scheduler.start(paused=True)
    try:
        job = scheduler.get_job("close-rounds")
        assert job is not None and job.next_run_time is not None
        assert job.next_run_time <= datetime.now(UTC)  # not at the next quarter hour
    finally:
        scheduler.shutdown(wait=False)
        await asyncio.sleep(0)
