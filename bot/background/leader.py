"""Which replica runs the scheduler and the delivery worker: exactly one at a time.

PostgreSQL: a session advisory lock taken on a connection of its own, held for the life of
the process. When the holder dies its connection closes, PostgreSQL releases the lock,
and the next replica that tries takes over. SQLite runs in one process: always leader.

Each new leader bumps the leader epoch in the database (storage.leader_epoch) and the
delivery worker fences every outbox claim and mark with it, so a leader that lost its lock
without noticing (stopped, then resumed) cannot claim, mark or send once another leads.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from handlers.metrics import IS_LEADER
from storage.db import Database
from storage.leader_epoch import take_epoch

log = logging.getLogger("bigconv.leader")
LOCK_NAME = "bigconv:leader"
Duties = Callable[[asyncio.Event], Coroutine[Any, Any, None]]


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Leadership:
    def __init__(self, db: Database, *, name: str = LOCK_NAME) -> None:
        self._db, self._key = db, _lock_key(name)
        self._conn: Connection | None = None
        self._held = False
        self._epoch: int | None = None

    @property
    def held(self) -> bool:
        return self._held

    @property
    def epoch(self) -> int | None:
        """The leader epoch taken when this process last became leader (None before)."""
        return self._epoch

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; True if this process is (now) the leader.
        Becoming leader bumps the epoch, which fences out any earlier leader."""
        if not self._held:
            self._held = not self._db.is_postgres or self._try_postgres()
            if self._held:
                try:
                    with self._db.session() as session:
                        self._epoch = take_epoch(session)
                except Exception:
                    self.release()  # a leader without an epoch must not lead
                    raise
        IS_LEADER.set(1.0 if self._held else 0.0)
        return self._held

    def _try_postgres(self) -> bool:
        if self._conn is None:
            # Autocommit: the lock belongs to the session, not to a transaction.
            self._conn = self._db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        got = self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key})
        return bool(got.scalar_one())

    def still_held(self) -> bool:
        """False once the lock's connection has gone (then another replica may lead)."""
        if not self._held or self._conn is None:
            return self._held
        try:
            self._conn.execute(text("SELECT 1"))
        except DBAPIError:
            self._drop()
        IS_LEADER.set(1.0 if self._held else 0.0)
        return self._held

    def _drop(self) -> None:
        self._held = False
        if self._conn is not None:
            with contextlib.suppress(DBAPIError):
                self._conn.invalidate()
                self._conn.close()
            self._conn = None

    def release(self) -> None:
        if self._conn is not None and self._held:
            with contextlib.suppress(DBAPIError):
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self._key})
        self._held = False
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        IS_LEADER.set(0.0)


async def lead_when_elected(
    leadership: Leadership, stop_event: asyncio.Event, duties: Duties, *, every: float = 5.0
) -> None:
    """Run `duties(lost)` while this replica leads; campaign again if leadership is lost.

    `duties` must return soon after its event is set (it is set on stop or lost lock).
    """
    try:
        while not stop_event.is_set():
            if not await asyncio.to_thread(leadership.try_acquire):
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_event.wait(), every)
                continue
            log.info(
                "this replica is the leader (epoch %s): running the scheduler and delivery",
                leadership.epoch,
            )
            lost = asyncio.Event()
            task = asyncio.create_task(duties(lost))
            while not stop_event.is_set() and not task.done():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_event.wait(), every)
                if not await asyncio.to_thread(leadership.still_held):
                    log.warning("leadership lost: stopping the scheduler and delivery")
                    break
            lost.set()
            await task
            if not stop_event.is_set():
                # Lost, or the duties ended by themselves (a newer epoch fenced them out):
                # give the lock up and campaign again; a new term takes a new epoch.
                await asyncio.to_thread(leadership.release)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop_event.wait(), every)
    finally:
        await asyncio.to_thread(leadership.release)
