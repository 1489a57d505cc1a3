"""Held replies reach the chair's queue after a random delay, in shuffled batches; never
one by one in the order they were sent."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from sqlalchemy import text

from handlers.discussion import (
    ModerationQueue,
    QueuePacing,
    ReplyAccepted,
    ReplyRelease,
    digests,
    queue,
    submit_reply,
    withdraw_reply,
)
from handlers.messages import Notice
from storage.db import Database
from storage.prompt_store import Prompts
from tests.discussion.conftest import NOW, chair, posted_prompt

PACING = QueuePacing(batch_size=2, delay_minutes=(10, 40))


def send(prompts: Prompts, prompt_id: str, said: str) -> ReplyAccepted:
    accepted = submit_reply(
        prompts, prompt_id=prompt_id, text=said, allow_chair_reply=False, author=None, now=NOW
    )
    assert isinstance(accepted, ReplyAccepted)
    return accepted


def shown(prompts: Prompts, prompt_id: str) -> list[str]:
    found = queue(prompts, requester=chair(), prompt_id=prompt_id)
    assert isinstance(found, ModerationQueue)
    return [r.text for r in found.replies]


def test_a_new_reply_is_held_from_the_queue_and_the_digest(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    send(prompts, prompt_id, "held back")
    assert shown(prompts, prompt_id) == []
    [digest] = digests(prompts, requester=chair())  # type: ignore[misc]
    assert digest.replies == 0 and digest.pending == 0
    assert prompts.held_counts() == {prompt_id: 1}


def test_release_waits_for_the_drawn_time_and_a_batch(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    release = ReplyRelease(PACING, random.Random(7))
    send(prompts, prompt_id, "first")
    assert release.run(prompts, NOW) == {}  # draws a time 10-40 minutes on
    due = release.due_at(prompt_id)
    assert due is not None and NOW + timedelta(minutes=10) <= due <= NOW + timedelta(minutes=40)
    assert release.run(prompts, due - timedelta(minutes=1)) == {}
    assert release.run(prompts, due) == {}, "one reply alone waits for company"
    send(prompts, prompt_id, "second")
    arrived = due + timedelta(minutes=1)
    assert release.run(prompts, arrived) == {}, "the newcomer waits a delay of its own"
    later = release.due_at(prompt_id)
    assert later is not None and later >= arrived + timedelta(minutes=10)
    assert release.run(prompts, later) == {prompt_id: 2}
    assert sorted(shown(prompts, prompt_id)) == ["first", "second"]


def test_a_lone_reply_goes_after_twice_the_longest_delay(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    release = ReplyRelease(PACING, random.Random(3))
    send(prompts, prompt_id, "alone")
    release.run(prompts, NOW)
    assert release.run(prompts, NOW + timedelta(minutes=79)) == {}
    assert release.run(prompts, NOW + timedelta(minutes=80)) == {prompt_id: 1}
    assert shown(prompts, prompt_id) == ["alone"]


def test_a_withdrawn_held_reply_never_reaches_the_chair(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    release = ReplyRelease(QueuePacing(batch_size=1, delay_minutes=(0, 0)))
    accepted = send(prompts, prompt_id, "changed my mind")
    assert isinstance(withdraw_reply(prompts, withdraw_code=accepted.withdraw_code), Notice)
    assert release.run(prompts, NOW) == {}
    assert shown(prompts, prompt_id) == [] and prompts.counts(prompt_id) == {"withdrawn": 1}


def test_six_replies_in_order_arrive_in_batches_shuffled(prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    release = ReplyRelease(QueuePacing(batch_size=3, delay_minutes=(5, 5)))
    sends = {0: 0, 1: 1, 2: 2, 12: 3, 13: 4, 14: 5}  # minute -> reply number
    seen = []
    for minute in range(25):  # the minute job's runs
        if minute in sends:
            send(prompts, prompt_id, f"reply {sends[minute]}")
        release.run(prompts, NOW + timedelta(minutes=minute))
        seen.append(len(shown(prompts, prompt_id)))
    assert seen == [0] * 7 + [3] * 12 + [6] * 6, "three at a time, 5 minutes after the last"
    assert sorted(shown(prompts, prompt_id)) == [f"reply {n}" for n in range(6)]
    shuffled = 0
    for _ in range(20):  # within a batch the queue's order is random, not arrival order
        again = ReplyRelease(QueuePacing(batch_size=6, delay_minutes=(0, 0)))
        other = posted_prompt(prompts)
        for n in range(6):
            send(prompts, other, f"reply {n}")
        again.run(prompts, NOW)
        shuffled += shown(prompts, other) != [f"reply {n}" for n in range(6)]
    assert shuffled >= 18


def test_pacing_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        QueuePacing(batch_size=0)
    with pytest.raises(ValueError):
        QueuePacing(delay_minutes=(30, 10))


def test_a_batch_shares_one_write_on_postgresql(database: Database, prompts: Prompts) -> None:
    prompt_id = posted_prompt(prompts)
    for n in range(4):
        send(prompts, prompt_id, f"reply {n}")
    assert prompts.release(prompt_id) == 4
    if database.is_postgres:
        with database.session() as session:
            xmins = set(session.execute(text("SELECT xmin::text FROM prompt_replies")).scalars())
        assert len(xmins) == 1
