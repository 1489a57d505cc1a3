"""Slack wants an answer within 3 s: a submission meeting a busy database is either
recorded and the person thanked, or not written at all and the person told to press
Submit again. Real signed requests to the real server; the database made slow by a lock
held from another connection (SQLite: the write lock; PostgreSQL: the round's row, as a
close holds it)."""

from __future__ import annotations

import asyncio
import time

from handlers.messages import NotRecorded, Thanks
from tests.held_lock import HeldLock
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.test_protocol import _modal
from tests.slack.test_pulse_flow import text_of, values


async def test_a_write_held_past_the_deadline_is_refused_truly_and_writes_nothing(
    harness: Harness,
) -> None:
    h = harness
    round_id, modal = await _modal(h)
    async with HeldLock(h.store, round_id, 3.5 if h.store.db.is_postgres else 2.6):
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
    async with HeldLock(h.store, round_id, 0.5):
        sent_at = time.monotonic()
        sent = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
        took = time.monotonic() - sent_at
    print(f"answered {sent.status} after {took * 1000:.0f} ms")
    assert sent.status == 200 and took < 3.0
    assert Thanks().text in text_of(sent.json())
    assert h.store.submissions.count(round_id) == 1
    await eventually(lambda: bool(h.slack.calls("chat.update")))
