"""Submissions from the chat wings are written in groups: answers arriving together share
one transaction, each caller hears its own outcome, and one person still answers once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

from handlers.backend import Backend
from handlers.messages import AlreadyTookPart, NotRecorded, Thanks
from handlers.raw_answers import RawAnswers
from handlers.store_calls import StoreCalls
from handlers.submission import PulseAnswers, submit
from storage.answer_writer import Bounds, Entry, Outcome
from storage.store import Store
from tests.handlers.conftest import add_staff, open_june, person

ANSWERS = RawAnswers(ethnicity="11", staff_group="locum", answers={"q14a": 5, "q16a": 1})


def _counting(store: Store) -> list[int]:
    """Record the size of each transaction the writer runs."""
    sizes: list[int] = []
    write = store.answers.write

    def counted(
        entries: Sequence[Entry], *, lock_wait: float | None = None, bounds: Bounds = None
    ) -> list[Outcome]:
        sizes.append(len(entries))
        return write(entries, lock_wait=lock_wait, bounds=bounds)

    store.answers.write = counted  # type: ignore[method-assign]
    return sizes


async def test_fifty_concurrent_duplicates_record_one_answer(store: Store) -> None:
    add_staff(store, 1)
    round_ = open_june(store)
    calls = StoreCalls(store)
    backend = Backend(store, calls)
    sizes = _counting(store)
    try:
        answers = PulseAnswers(person(0), round_.id, ANSWERS, remember=True)
        replies = await asyncio.gather(*(submit(backend, answers) for _ in range(50)))
    finally:
        calls.close()
    assert sum(isinstance(r, Thanks) for r in replies) == 1
    assert sum(isinstance(r, AlreadyTookPart) for r in replies) == 49
    assert store.submissions.count(round_.id) == 1 and store.submissions.waiting(round_.id) == 1
    print(f"transactions: {sizes}")
    assert sum(sizes) == 50 and len(sizes) < 50


async def test_answers_arriving_together_share_transactions(store: Store) -> None:
    add_staff(store, 120)
    round_ = open_june(store)
    calls = StoreCalls(store, batch=32)
    backend = Backend(store, calls)
    sizes = _counting(store)
    try:
        replies = await asyncio.gather(
            *(
                submit(backend, PulseAnswers(person(n), round_.id, ANSWERS, False))
                for n in range(120)
            )
        )
    finally:
        calls.close()
    assert all(isinstance(r, Thanks) for r in replies)
    assert store.submissions.count(round_.id) == 120
    print(f"120 answers in {len(sizes)} transactions: {sizes}")
    assert max(sizes) <= 32 and len(sizes) <= 20


async def test_a_write_that_cannot_start_in_time_records_nothing(store: Store) -> None:
    add_staff(store, 2)
    round_ = open_june(store)
    calls = StoreCalls(store)
    backend = Backend(store, calls)
    try:
        # The store's queue is busy past the first answer's deadline.
        busy = asyncio.create_task(calls(time.sleep, 0.5))
        await asyncio.sleep(0.05)
        late = PulseAnswers(person(0), round_.id, ANSWERS, False)
        patient = PulseAnswers(person(1), round_.id, ANSWERS, False)
        replies = await asyncio.gather(
            submit(backend, late, start_by=time.monotonic() + 0.1), submit(backend, patient)
        )
        await busy
    finally:
        calls.close()
    if store.db.dialect_name == "sqlite":  # one store thread: the first waited behind it
        assert isinstance(replies[0], NotRecorded)
        assert store.submissions.count(round_.id) == 1
    else:  # a pool of connections: it began in time
        assert isinstance(replies[0], Thanks) and store.submissions.count(round_.id) == 2
    assert isinstance(replies[1], Thanks)
