"""The scheduler: APScheduler (AsyncIOScheduler) with its job store in our database.

Jobs are module-level coroutines (the job store pickles a reference to them), take no
arguments, and find the store through `configure()`. Each is safe to run twice: opening
a month twice gives the same round, reminders and invitations carry idempotency keys,
closing a closed round does nothing, and closing one left `closing` by a crash finishes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.background.retention import RetentionOutcome, backups_warning
from bot.background.retention import run_retention as retention_run
from bot.settings import KeySettings, ScheduleSettings
from handlers.discussion.release import ReplyRelease
from handlers.pulse_rounds import close_round, default_closes_at, open_round, queue_reminders
from storage.errors import StorageError
from storage.repositories.rounds import RoundInfo
from storage.store import Store
from surveys.periods import month_label
from surveys.questions import Recall

log = logging.getLogger("bigconv.scheduler")
JOB_TABLE = "apscheduler_jobs"
RosterSync = Callable[[], Awaitable[object]]
PromptPoster = Callable[[datetime], Awaitable[object]]
DigestSender = Callable[[], Awaitable[object]]


@dataclass
class JobContext:
    store: Store
    schedule: ScheduleSettings
    recall: Recall = Recall.TWELVE_MONTHS
    retention_months: int = 24
    # Where the master key comes from: a key file lets retention rotate it
    # (bot.background.retention).
    keys: KeySettings | None = None
    roster_syncs: list[RosterSync] = field(default_factory=list)
    prompt_posters: list[PromptPoster] = field(default_factory=list)
    digest_senders: list[DigestSender] = field(default_factory=list)
    # Held anonymous replies go to the chairs' queues from the minute job, in batches.
    reply_release: ReplyRelease | None = None


_context: JobContext | None = None


def configure(context: JobContext) -> None:
    """What the jobs work on; call before the scheduler starts."""
    global _context
    _context = context


def register_roster_sync(callback: RosterSync) -> None:
    """An adapter's roster sync (e.g. Slack users.list -> store.roster), run periodically."""
    _ctx().roster_syncs.append(callback)


def register_prompt_poster(callback: PromptPoster) -> None:
    """Posts the Big Conversation prompts that are due (handlers.discussion.post_due)."""
    _ctx().prompt_posters.append(callback)


def register_digest_sender(callback: DigestSender) -> None:
    """Sends each network chair the weekly digest of their prompts' replies."""
    _ctx().digest_senders.append(callback)


def _ctx() -> JobContext:
    if _context is None:
        raise RuntimeError("bot.background.scheduler.configure() was not called before a job ran")
    return _context


# -- the work, synchronous and testable with any `now` ------------------------------------


def open_current_round(context: JobContext, now: datetime) -> RoundInfo:
    local = now.astimezone(context.schedule.zone)
    return open_round(
        context.store,
        period=month_label(local.date()),
        recall=context.recall,
        opens_at=now,
        closes_at=default_closes_at(now, context.schedule.open_days),
        now=now,
    )


def _open_pulse_rounds(store: Store) -> list[RoundInfo]:
    return [r for r in store.rounds.list() if r.is_open and r.source == "pulse"]


def queue_due_reminders(context: JobContext, now: datetime) -> int:
    policy = context.schedule.reminder_policy()
    return sum(
        queue_reminders(context.store, round_id=r.id, now=now, policy=policy)
        for r in _open_pulse_rounds(context.store)
    )


def close_due_rounds(context: JobContext, now: datetime) -> list[str]:
    due = [r for r in _open_pulse_rounds(context.store) if r.closes_at and r.closes_at <= now]
    # A close that a crash (or a lost leader) stopped part-way is finished now.
    due += [r for r in context.store.rounds.list() if r.status == "closing"]
    closed = []
    for r in due:
        try:
            close_round(context.store, round_id=r.id)
        except StorageError as exc:  # a missing mixing key: it stays open, retried later
            log.warning("%s", exc)
            continue
        closed.append(r.period)
    return closed


def run_retention(context: JobContext, now: datetime) -> RetentionOutcome:
    context.store.report_links.prune(now=int(now.timestamp()))  # expired download links
    return retention_run(
        context.store, context.keys, today=now.date(), months=context.retention_months
    )


# -- the jobs ----------------------------------------------------------------------------


async def open_round_job() -> None:
    opened = await asyncio.to_thread(open_current_round, _ctx(), datetime.now(UTC))
    log.info("pulse round %s is %s", opened.period, opened.status)


async def remind_job() -> None:
    queued = await asyncio.to_thread(queue_due_reminders, _ctx(), datetime.now(UTC))
    if queued:
        log.info("%d reminders queued", queued)


async def close_rounds_job() -> None:
    for period in await asyncio.to_thread(close_due_rounds, _ctx(), datetime.now(UTC)):
        log.info("pulse round %s closed", period)


async def retention_job() -> None:
    outcome = await asyncio.to_thread(run_retention, _ctx(), datetime.now(UTC))
    for period in outcome.shredded:
        log.info("answers of %s crypto-shredded under the retention policy", period)
    if outcome.new_master_key_id is not None:
        log.warning(
            "the master key file now holds the new master key %s and the old key is "
            "destroyed, so earlier backups can no longer be read: copy the key file to the "
            "key vault in place of the old copy, then take a new backup",
            outcome.new_master_key_id,
        )
    if outcome.error is not None:
        log.error("%s", outcome.error)
    if outcome.backups_still_open and outcome.key_env is not None:
        log.error("%s", backups_warning(outcome.backups_still_open, outcome.key_env))


async def roster_sync_job() -> None:
    for sync in list(_ctx().roster_syncs):
        try:
            await sync()
        except Exception:
            log.exception("a roster sync failed; the roster keeps its previous state")


def release_replies(context: JobContext, now: datetime) -> int:
    if context.reply_release is None:
        return 0
    return sum(context.reply_release.run(context.store.prompts, now).values())


async def post_prompts_job() -> None:
    """Every minute: release the held replies that are due, then post the due prompts."""
    try:
        released = await asyncio.to_thread(release_replies, _ctx(), datetime.now(UTC))
    except Exception:
        log.exception("releasing held replies failed; they are tried again next minute")
    else:
        if released:
            log.info("%d anonymous replies released to the chairs' queues", released)
    for post in list(_ctx().prompt_posters):
        try:
            await post(datetime.now(UTC))
        except Exception:
            log.exception("posting due prompts failed; they are tried again next minute")


async def digests_job() -> None:
    for send in list(_ctx().digest_senders):
        try:
            await send()
        except Exception:
            log.exception("sending the weekly digests failed; they go out next week")


def build_scheduler(store: Store, schedule: ScheduleSettings) -> AsyncIOScheduler:
    """A scheduler (not started) holding our seven jobs, replacing any stored versions."""
    zone = schedule.zone
    scheduler = AsyncIOScheduler(
        timezone=zone,
        jobstores={"default": SQLAlchemyJobStore(engine=store.db.engine, tablename=JOB_TABLE)},
        # One run after downtime, not one per missed firing; a late open is still wanted.
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 6 * 3600},
    )
    jobs = (
        ("open-round", open_round_job, CronTrigger.from_crontab(schedule.cron, timezone=zone)),
        ("reminders", remind_job, CronTrigger(minute=5, timezone=zone)),
        ("close-rounds", close_rounds_job, CronTrigger(minute="*/15", timezone=zone)),
        ("post-prompts", post_prompts_job, IntervalTrigger(minutes=1, timezone=zone)),
        ("digests", digests_job, CronTrigger(day_of_week="mon", hour=9, timezone=zone)),
        ("retention", retention_job, CronTrigger(hour=3, minute=30, timezone=zone)),
        (
            "roster-sync",
            roster_sync_job,
            IntervalTrigger(minutes=schedule.roster_sync_minutes, timezone=zone),
        ),
    )
    for job_id, func, trigger in jobs:
        # A close that a crash or a lost leader stopped part-way is finished at once by
        # the next leader, not at the next quarter hour.
        first = {"next_run_time": datetime.now(UTC)} if job_id == "close-rounds" else {}
        scheduler.add_job(func, trigger, id=job_id, name=job_id, replace_existing=True, **first)
    return scheduler
