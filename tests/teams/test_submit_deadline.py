"""Issue 12 for Teams: a card submission meeting a database too busy to record it within
Teams' deadline (handlers.deadline.teams) is not written, and a new message says so,
leaving the form with the answers for another press of Submit; a short wait is recorded
and the form becomes "recorded anonymously". Real Activity JSON to /api/messages; the
lock held from another connection (tests.held_lock)."""

from __future__ import annotations

import time

from handlers.deadline import teams
from handlers.messages import NotRecorded
from tests.held_lock import HeldLock
from tests.teams.conftest import Harness, card_of, first_id
from tests.teams.test_pulse_flow import ANSWERS, invited, start, submit

TEAMS = teams(0.0)


async def test_a_write_held_past_teams_deadline_is_refused_truly_and_writes_nothing(
    harness: Harness,
) -> None:
    h = harness
    round_id = await invited(h)
    form = await start(h, 1)
    held = TEAMS.start_within + (1.5 if h.store.db.is_postgres else 0.6)
    async with HeldLock(h.store, round_id, held):
        sent_at = time.monotonic()
        await submit(h, 1, round_id, ANSWERS)
        took = time.monotonic() - sent_at
    print(f"answered after {took * 1000:.0f} ms")
    assert took < TEAMS.window
    notices = [m for m in h.teams.messages_to(h.user(1)) if NotRecorded().text in str(m.activity)]
    assert len(notices) == 1  # a new message: the form is still there
    assert card_of(h.invitation(1)) == form
    assert h.store.submissions.count(round_id) == 0
    await submit(h, 1, round_id, ANSWERS)
    assert "recorded anonymously" in str(h.invitation(1).activity)
    assert h.store.submissions.count(round_id) == 1


async def test_a_short_wait_is_recorded(harness: Harness) -> None:
    h = harness
    round_id = await invited(h)
    await start(h, 1)
    async with HeldLock(h.store, round_id, 0.5):
        await submit(h, 1, round_id, ANSWERS)
    assert first_id(card_of(h.invitation(1))) is not None
    assert "recorded anonymously" in str(h.invitation(1).activity)
    assert h.store.submissions.count(round_id) == 1
