"""Blocking store work run off the event loop, in a pool sized for the database, and
the writes every request makes (a submission's answers, a signed request's replay-guard
record) done in groups: one transaction for all that arrived together.

SQLite takes one writer at a time (every transaction here begins IMMEDIATE) and makes
the others wait in its busy handler, which sleeps in growing steps of up to 100 ms; one
thread queueing the work in order is much faster than many threads sleeping. PostgreSQL
takes concurrent transactions, so it gets a wider pool.

Group commit: while one batch is being written, what arrives waits; the next batch takes
all of it (up to BATCH). At a trickle each item is written alone at once, no timer adds
delay; under load a commit carries many, so its fsync is paid once.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Generic, ParamSpec, TypeVar

from storage.answer_writer import AnswerWriter, Entry, Outcome, WriteNotStarted
from storage.replay_guard import ReplayGuard
from storage.store import Store
from storage.write_ticket import Ticket, claim_all, seconds_left

P = ParamSpec("P")
T = TypeVar("T")
In = TypeVar("In")
Out = TypeVar("Out")
POSTGRES_WORKERS = 16
BATCH = 64


class _Batches(Generic[In, Out]):
    """Items written by `write(list) -> list` on the pool, one batch in flight at once."""

    def __init__(
        self, pool: ThreadPoolExecutor, write: Callable[[list[In]], list[Out]], size: int
    ) -> None:
        self._pool, self._write, self._size = pool, write, size
        self._waiting: deque[tuple[In, asyncio.Future[Out]]] = deque()
        self._draining: asyncio.Task[None] | None = None

    async def put(self, item: In) -> Out:
        loop = asyncio.get_running_loop()
        done: asyncio.Future[Out] = loop.create_future()
        self._waiting.append((item, done))
        if self._draining is None or self._draining.done():
            self._draining = loop.create_task(self._drain())
        # Shielded: a caller that goes away does not stop a write already under way.
        return await asyncio.shield(done)

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiting:
            batch = [self._waiting.popleft() for _ in range(min(self._size, len(self._waiting)))]
            try:
                outs = await loop.run_in_executor(self._pool, self._write, [i for i, _ in batch])
            except Exception as exc:  # each caller hears it
                for _, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for (_, done), out in zip(batch, outs, strict=True):
                if not done.done():
                    done.set_result(out)


class StoreCalls:
    def __init__(self, store: Store, *, batch: int = BATCH) -> None:
        workers = 1 if store.db.dialect_name == "sqlite" else POSTGRES_WORKERS
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="store")
        write = functools.partial(write_in_time, store.answers)
        self._answers = _Batches(self._pool, write, batch)
        checks = functools.partial(sightings_in_time, store.replay_guard)
        self._sightings = _Batches(self._pool, checks, batch)

    async def __call__(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args, **kwargs))

    async def record_answer(self, entry: Entry, ticket: Ticket | None = None) -> Outcome:
        """Write `entry` with whatever else is waiting; returns once it is committed (or
        refused). WriteNotStarted, as a value, when the ticket's start_by passed before
        the write could begin, or the caller gave it up before its commit: then nothing
        of it was written. Other failures come back as values too, for the caller to
        raise."""
        return await self._answers.put((entry, ticket or Ticket()))

    async def first_sighting(
        self, key: str, ts: int, now: int, *, start_by: float | None = None
    ) -> bool | None:
        """storage.replay_guard's answer, batched with the requests arriving with it;
        None, with nothing written, if the check could not begin by `start_by`."""
        return await self._sightings.put((key, ts, now, start_by))

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def write_in_time(writer: AnswerWriter, jobs: Sequence[tuple[Entry, Ticket]]) -> list[Outcome]:
    """On the store's thread: write the jobs together, each refused (nothing written) if
    its start_by passes before the database lets the write begin, or its caller gives it
    up before the commit. The lock wait is bounded by the earliest start_by and each
    statement by the earliest answer_by; the others try again when one gives up."""
    outcomes: dict[int, Outcome] = {}
    left = list(range(len(jobs)))
    while left:
        now = time.monotonic()
        for n in [n for n in left if jobs[n][1].out_of_time(now)]:
            outcomes[n] = WriteNotStarted()
            left.remove(n)
        if not left:
            break
        tickets = [jobs[n][1] for n in left]
        lock_wait = seconds_left((t.start_by for t in tickets), now)
        statement_wait = seconds_left((t.answer_by for t in tickets), now)
        may_commit = functools.partial(claim_all, tickets)
        try:
            written = writer.write(
                [jobs[n][0] for n in left], lock_wait=lock_wait, bounds=(statement_wait, may_commit)
            )
        except WriteNotStarted:
            continue
        outcomes.update(zip(left, written, strict=True))
        left = []
    return [outcomes[n] for n in range(len(jobs))]


def sightings_in_time(
    guard: ReplayGuard, jobs: Sequence[tuple[str, int, int, float | None]]
) -> list[bool | None]:
    """On the store's thread: the replay checks that can still begin by their start_by,
    in one transaction whose lock wait is bounded by the earliest; None for the others
    (and for all, if the lock is not had in time): nothing of them was written."""
    now = time.monotonic()
    live = [n for n, job in enumerate(jobs) if job[3] is None or job[3] > now]
    answers: list[bool | None] = [None] * len(jobs)
    if not live:
        return answers
    lock_wait = seconds_left((jobs[n][3] for n in live), now)
    try:
        seen = guard.first_sightings([jobs[n][:3] for n in live], lock_wait=lock_wait)
    except WriteNotStarted:
        return answers
    for n, first in zip(live, seen, strict=True):
        answers[n] = first
    return answers
