"""Which replica runs the scheduler and the delivery worker: exactly one at a time.

PostgreSQL: a session advisory lock taken on a connection of its own. SQLite runs in one
process: always leader. The lock is freed, and another replica takes over within 10 s
(docs/scale-out.md), however the leader stops:

- killed (SIGKILL, crash): its socket closes and PostgreSQL releases the lock at once;
- stopped (SIGSTOP, a hung host): the lock session has `idle_session_timeout`, and the
  leader pings it every PING_SECONDS while alive, so PostgreSQL ends a silent leader's
  session after IDLE_SESSION_TIMEOUT; TCP keepalives catch a host that vanished;
- its lock connection fails (database restart, network): the next ping fails, and the
  leader stops its duties at once, since it may no longer hold the lock.

Followers campaign every CAMPAIGN_SECONDS. Each new leader bumps the leader epoch
(storage.leader_epoch) and the delivery worker fences every outbox claim and mark with it,
so a leader that lost its lock without noticing (stopped, then resumed) cannot claim, mark
or send once another leads.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from handlers.metrics import IS_LEADER
from storage.db import Database, fail_fast_connect_args
from storage.leader_epoch import take_epoch

log = logging.getLogger("bigconv.leader")
LOCK_NAME = "bigconv:leader"
Duties = Callable[[asyncio.Event], Coroutine[Any, Any, None]]
IDLE_SESSION_TIMEOUT = 5.0  # seconds a silent leader keeps the lock
PING_SECONDS = 1.5  # well inside the timeout, so a live but busy leader keeps it
CAMPAIGN_SECONDS = 1.0
# The lock session's own settings: PostgreSQL ends it when the leader falls silent, and
# probes the leader's host so a vanished one is noticed too.
_LOCK_SESSION = (
    f"SET idle_session_timeout = '{int(IDLE_SESSION_TIMEOUT * 1000)}ms'",
    "SET tcp_keepalives_idle = 5",
    "SET tcp_keepalives_interval = 1",
    "SET tcp_keepalives_count = 3",
)


def _lock_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class Leadership:
    def __init__(self, db: Database, *, name: str = LOCK_NAME) -> None:
        self._db, self._key = db, _lock_key(name)
        self._lock_engine: Engine | None = None
        self._conn: Connection | None = None
        self._held = False
        self._epoch: int | None = None
        # Its own thread: a ping never queues behind request work in the shared pool,
        # where a few slow calls could delay it past the timeout.
        self._thread: ThreadPoolExecutor | None = None

    async def call(self, method: Callable[[], bool] | Callable[[], None]) -> Any:
        """Run one of this object's blocking methods on its own thread."""
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="leader")
        return await asyncio.get_running_loop().run_in_executor(self._thread, method)

    @property
    def held(self) -> bool:
        return self._held

    @property
    def epoch(self) -> int | None:
        """The leader epoch taken when this process last became leader (None before)."""
        return self._epoch

    def try_acquire(self) -> bool:
        """Take the lock if nobody holds it; True if this process is (now) the leader.
        Becoming leader bumps the epoch, which fences out any earlier leader. Raises the
        database's error when it cannot be reached (holding nothing then)."""
        if not self._held:
            try:
                self._held = not self._db.is_postgres or self._try_postgres()
                if self._held:
                    with self._db.session() as session:
                        self._epoch = take_epoch(session)
            except Exception:
                self.release()  # a leader without an epoch must not lead
                raise
        IS_LEADER.set(1.0 if self._held else 0.0)
        return self._held

    def _try_postgres(self) -> bool:
        if self._conn is None:
            self._conn = self._connect()
        got = self._conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": self._key})
        return bool(got.scalar_one())

    def _connect(self) -> Connection:
        if self._lock_engine is None:
            # Its own unpooled engine: the session settings below never reach a pooled
            # connection that a request would borrow.
            self._lock_engine = create_engine(
                self._db.engine.url,
                poolclass=NullPool,
                connect_args=fail_fast_connect_args(),
                hide_parameters=True,
            )
        # Autocommit: the lock belongs to the session, not to a transaction.
        conn = self._lock_engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            for setting in _LOCK_SESSION:
                conn.execute(text(setting))
        except Exception:
            conn.close()
            raise
        return conn

    def still_held(self) -> bool:
        """Ping the lock's session (which keeps it alive); False once it has gone (then
        another replica may lead)."""
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
        self._drop()
        IS_LEADER.set(0.0)

    def close(self) -> None:
        self.release()
        if self._lock_engine is not None:
            self._lock_engine.dispose()
        if self._thread is not None:
            self._thread.shutdown(wait=False)
            self._thread = None


async def _campaign(leadership: Leadership) -> bool:
    try:
        return bool(await leadership.call(leadership.try_acquire))
    except Exception as exc:  # the database is down or restarting: try again later
        log.warning("could not campaign for leadership (%s); trying again", type(exc).__name__)
        return False


async def _pause(stop_event: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop_event.wait(), seconds)


async def _ended(task: asyncio.Task[None]) -> None:
    try:
        await task
    except Exception as exc:  # e.g. the database went away under the worker
        log.warning("the leader's duties ended with %s; campaigning again", type(exc).__name__)


async def lead_when_elected(
    leadership: Leadership,
    stop_event: asyncio.Event,
    duties: Duties,
    *,
    every: float = CAMPAIGN_SECONDS,
    ping: float = PING_SECONDS,
) -> None:
    """Run `duties(lost)` while this replica leads; campaign again if leadership is lost
    or the duties fail. `duties` must return soon after its event is set (on stop or a
    lost lock)."""
    try:
        while not stop_event.is_set():
            if not await _campaign(leadership):
                await _pause(stop_event, every)
                continue
            log.info(
                "this replica is the leader (epoch %s): running the scheduler and delivery",
                leadership.epoch,
            )
            lost = asyncio.Event()
            task = asyncio.create_task(duties(lost))
            while not stop_event.is_set() and not task.done():
                stopping = asyncio.ensure_future(stop_event.wait())
                await asyncio.wait({task, stopping}, timeout=ping)
                stopping.cancel()
                if not await leadership.call(leadership.still_held):
                    log.warning("leadership lost: stopping the scheduler and delivery")
                    break
            lost.set()
            await _ended(task)
            if not stop_event.is_set():
                # Lost, or the duties ended by themselves (a newer epoch fenced them out,
                # or the database failed): give the lock up and campaign again; a new
                # term takes a new epoch.
                await leadership.call(leadership.release)
                await _pause(stop_event, every)
    finally:
        await leadership.call(leadership.release)
        leadership.close()
