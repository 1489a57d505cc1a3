"""Issue 12: a submission held past Slack's 3 s by an injected stall is either recorded
and the person told so, or not written at all and the person told to try again, never
both refused and stored. Real signed requests to the real server; the stall injected in
the write's transaction (storage.faults), before its commit or during it."""

from __future__ import annotations

import asyncio
import logging
import time

import pytest

from handlers.messages import NotRecorded, Thanks
from storage.faults import STALL_ENV
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.test_protocol import _modal
from tests.slack.test_pulse_flow import text_of, values

CASES = [
    ("answers_before_commit", 0.4),
    ("answers_before_commit", 2.7),
    ("answers_before_commit", 3.4),
    ("answers_commit", 0.4),
    ("answers_commit", 2.7),
    ("answers_commit", 3.4),
]


def _told_recorded(h: Harness, answer: object) -> bool:
    """Thanked in the acknowledgement, or (it came too late) in the form and the DM."""
    late = [c for c in h.slack.calls("views.update") if Thanks().text in text_of(c.params)]
    return Thanks().text in text_of(answer) or bool(late and h.slack.calls("chat.update"))


@pytest.mark.parametrize(("step", "seconds"), CASES)
async def test_a_stalled_submission_is_stored_and_told_or_refused_and_absent(
    harness: Harness,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    step: str,
    seconds: float,
) -> None:
    h = harness
    round_id, modal = await _modal(h)
    monkeypatch.setenv(STALL_ENV, f"{step}={seconds}")
    caplog.set_level(logging.INFO)
    sent_at = time.monotonic()
    sent = await h.slack.caller.submit_view(h.url, user=STAFF_USER, view=modal, values=values())
    took = time.monotonic() - sent_at
    answer = sent.json() if sent.status == 200 else {"status": sent.status}
    await asyncio.sleep(max(0.0, seconds + 0.5 - took))  # the stalled thread has finished
    monkeypatch.delenv(STALL_ENV)
    stored = h.store.submissions.count(round_id)
    print(f"{step}={seconds}: HTTP {sent.status} after {took * 1000:.0f} ms, stored {stored}")
    if stored:
        await eventually(lambda: _told_recorded(h, answer))
    else:  # refused in time, with the form still open for another press of Submit
        assert sent.status == 200 and took < 3.0
        assert answer["response_action"] == "errors"
        assert NotRecorded().text in text_of(answer["errors"])
        assert not h.slack.calls("chat.update") and not h.slack.calls("views.update")
    if step == "answers_before_commit" and seconds > 2.5:
        assert not stored  # given up at its answer_by: rolled back, nothing kept
    if step == "answers_commit":
        assert stored  # its commit had begun: it is kept, and said so
    if stored and took >= 2.9:
        late = [r for r in caplog.records if "after Slack's 3 s" in r.getMessage()]
        assert late and all(r.levelno == logging.WARNING for r in late)
    # No answer, nor who gave it, in any log line.
    for record in caplog.records:
        line = record.getMessage()
        assert STAFF_USER not in line and "bank" not in line and round_id not in line
