"""Issue 12: the replay check every signed request makes first has a deadline too. With
the database too slow to check in time, a submission keeps its form open with "try
again", an event gets a 503 for Slack to retry, and nothing is recorded: sent again
once the database is back, the very same signed request is accepted. Real signed
requests to the real server; the replay table locked from another connection
(SQLite: the write lock)."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

from sqlalchemy import text

from handlers.deadline import REPLAY_CHECK_WITHIN
from handlers.messages import NotRecorded, Thanks
from tests.slack.conftest import STAFF_USER, Harness
from tests.slack.test_protocol import _modal
from tests.slack.test_pulse_flow import text_of, values

HELD_SECONDS = 3.5


class HeldReplayTable:
    """Another connection holding what the replay check's insert needs."""

    def __init__(self, h: Harness) -> None:
        self._h = h
        self._taken = threading.Event()
        self._thread = threading.Thread(target=self._hold)

    def _hold(self) -> None:
        db = self._h.store.db
        if db.is_postgres:
            with db.engine.connect() as conn, conn.begin():
                conn.execute(text("LOCK TABLE seen_requests IN EXCLUSIVE MODE"))
                self._taken.set()
                time.sleep(HELD_SECONDS)
            return
        holder = sqlite3.connect(Path(str(db.engine.url.database)), isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        self._taken.set()
        time.sleep(HELD_SECONDS)
        holder.execute("ROLLBACK")
        holder.close()

    async def __aenter__(self) -> HeldReplayTable:
        self._thread.start()
        await asyncio.to_thread(self._taken.wait)
        return self

    async def __aexit__(self, *_: object) -> None:
        await asyncio.to_thread(self._thread.join)


def _seen(h: Harness) -> int:
    with h.store.db.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM seen_requests")).scalar_one())


async def test_requests_that_cannot_be_checked_in_time_get_try_again_and_leave_nothing(
    harness: Harness,
) -> None:
    h = harness
    round_id, modal = await _modal(h)
    seen_before = _seen(h)
    async with HeldReplayTable(h):
        sent_at = time.monotonic()
        submitted = await h.slack.caller.submit_view(
            h.url, user=STAFF_USER, view=modal, values=values()
        )
        took = time.monotonic() - sent_at
        event = {"type": "app_home_opened", "user": STAFF_USER, "tab": "home"}
        event_sent = await h.slack.caller.send_event(h.url, event)
    print(f"submission answered {submitted.status} after {took * 1000:.0f} ms")
    assert submitted.status == 200 and took < REPLAY_CHECK_WITHIN + 0.5
    answer = submitted.json()
    assert answer["response_action"] == "errors"  # the form stays open, answers in it
    assert NotRecorded().text in text_of(answer["errors"])
    assert event_sent.status == 503  # Slack retries the event
    assert h.store.submissions.count(round_id) == 0 and _seen(h) == seen_before
    # Nothing was recorded, so the identical signed requests are accepted now.
    again = await h.slack.caller.post(h.url, submitted.request)
    assert Thanks().text in text_of(again.json())
    assert (await h.slack.caller.post(h.url, event_sent.request)).status == 200
    assert h.store.submissions.count(round_id) == 1
