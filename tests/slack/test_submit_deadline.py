"""Slack wants an answer within 3 s: a submission meeting a busy database is either
recorded and the person thanked, or not written at all and the person told to press
Submit again. Real signed requests to the real server; the database made slow by a lock
held from another connection (SQLite: the write lock; PostgreSQL: the round's row, as a
close holds it)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import text

from handlers.messages import NotRecorded, Thanks
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.test_protocol import _modal
from tests.slack.test_pulse_flow import text_of, values


class HeldLock:
    """Another connection holding the lock the submission needs, for `seconds`."""

    def __init__(self, h: Harness, round_id: str, seconds: float) -> None:
        self._h, self._round_id, self._seconds = h, round_id, seconds
        self._taken = threading.Event()
        self._thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        if self._h.store.db.is_postgres:
            with self._h.store.db.engine.connect() as conn, conn.begin():
                query = text("SELECT id FROM rounds WHERE id = :id FOR UPDATE")
                conn.execute(query, {"id": self._round_id})
                self._taken.set()
                time.sleep(self._seconds)
            return
        path = Path(str(self._h.store.db.engine.url.database))
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        self._taken.set()
        time.sleep(self._seconds)
        holder.execute("ROLLBACK")
        holder.close()

    async def __aenter__(self) -> HeldLock:
        self._thread.start()
        await asyncio.to_thread(self._taken.wait)
        return self

    async def __aexit__(self, *_: object) -> None:
        await asyncio.to_thread(self._thread.join)


async def test_a_write_held_past_the_deadline_is_refused_truly_and_writes_nothing(
    harness: Harness,
) -> None:
    h = harness
    round_id, modal = await _modal(h)
    async with HeldLock(h, round_id, 3.5 if h.store.db.is_postgres else 2.6):
        sent_at = time.monotonic()
        sent = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
        took = time.monotonic() - sent_at
    print(f"answered {sent.status} after {took * 1000:.0f} ms")
    assert sent.status == 200 and took < 3.0
    answer = sent.json()
    assert answer["response_action"] == "errors"  # the form stays open, answers in it
    assert NotRecorded().text in text_of(answer["errors"])
    await asyncio.sleep(0.2)
    assert h.store.submissions.count(round_id) == 0 and not h.slack.calls("chat.update")
    again = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
    assert Thanks().text in text_of(again.json())
    assert h.store.submissions.count(round_id) == 1


async def test_a_short_wait_is_recorded_and_thanked(harness: Harness) -> None:
    h = harness
    round_id, modal = await _modal(h)
    async with HeldLock(h, round_id, 0.5):
        sent_at = time.monotonic()
        sent = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
        took = time.monotonic() - sent_at
    print(f"answered {sent.status} after {took * 1000:.0f} ms")
    assert sent.status == 200 and took < 3.0
    assert Thanks().text in text_of(sent.json())
    assert h.store.submissions.count(round_id) == 1
    await eventually(lambda: bool(h.slack.calls("chat.update")))
