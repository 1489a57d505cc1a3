"""Sends that finish together share one "sent" transaction, and each waits for its own."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import pytest

from handlers.delivery.marks import Mark, SentMarks


async def test_marks_finishing_together_are_written_in_few_transactions() -> None:
    batches: list[list[int]] = []

    def write(marks: Sequence[Mark]) -> None:
        time.sleep(0.02)  # a commit's worth of time, in the writer's thread
        batches.append([row for row, _ in marks])

    marks = SentMarks(write)
    await asyncio.gather(*(marks.mark(n, {"ts": str(n)}) for n in range(100)))
    assert sorted(row for batch in batches for row in batch) == list(range(100))
    assert len(batches) <= 3, batches  # the first alone, then everyone who queued meanwhile


async def test_a_failed_write_reaches_every_send_in_it_and_the_next_one_still_works() -> None:
    calls = 0

    def write(marks: Sequence[Mark]) -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise RuntimeError("database is locked")

    marks = SentMarks(write)
    with pytest.raises(RuntimeError, match="locked"):
        await marks.mark(1, {})
    await marks.mark(2, {})  # a new transaction, unaffected
    assert calls == 2
