"""Chat history links nothing (docs/privacy.md#the-chat-admin), over Teams' protocol.

Everything the stand-in holds in each person's chats (every version of every message,
deleted ones too, as eDiscovery would) is split into what the authors keep and what the
chair keeps. The reply form and its confirmation live in dialogs, answered in the HTTP
response and kept nowhere; the chair's queue names replies by ids the authors never see;
and replies reach the queue in delayed, shuffled batches rather than one by one.
"""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import MetaData, select

from bot.teams.cards.discussion_ids import ConvCard, ConvKey
from handlers.discussion import ModerationQueue, QueuePacing, ReplyRelease, queue
from handlers.identity import Requester, Role
from tests.chat_history import crossing, tokens
from tests.teams.conftest import NOT_APP_KEY
from tests.teams.discussion.conftest import (
    BME,
    Conv,
    actor,
    card_id,
    checked,
    prompt_id_of,
    submit_data,
)
from tests.teams.discussion.test_prompt_flow import actions_for, reply, str_actions

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)
CHAIR, AUTHORS = 2, (4, 5, 1, 3, 4, 5)
SENT_AT = (0, 3, 30, 33, 70, 95)  # minutes after the prompt was posted


def kept_by(c: Conv, n: int) -> list[dict[str, Any]]:
    """What user n's client shows or keeps: every version of every message in their chat."""
    chat = c.h.teams.conversation_id(c.h.user(n))
    found = []
    for posted in c.h.teams.activities(chat):
        for version in [*posted.history, posted.activity]:
            found.append({k: version.get(k) for k in ("text", "summary", "attachments")})
    return found


def public(c: Conv) -> list[dict[str, Any]]:
    """The channel: everyone sees it, so what it shows links nobody."""
    return [{k: p.activity.get(k) for k in ("text", "attachments")} for p in c.h.teams.activities()]


def stored(c: Conv) -> str:
    meta = MetaData()
    meta.reflect(c.h.store.db.engine)
    with c.h.store.db.engine.connect() as connection:
        return "\n".join(
            repr(tuple(row)) for t in meta.sorted_tables for row in connection.execute(select(t))
        )


def chair_view(c: Conv, pid: str) -> list[str]:
    chair = Requester(c.h.person(CHAIR), frozenset({Role.NETWORK_CHAIR}), frozenset({BME}))
    assert actor(CHAIR) == chair.person.actor
    shown = queue(c.h.store.prompts, requester=chair, prompt_id=pid)
    assert isinstance(shown, ModerationQueue)
    return [r.text for r in shown.replies]


async def test_no_id_or_code_crosses_from_author_to_chair_and_timing_is_batched(
    conv: Conv,
) -> None:
    c = conv
    await c.compose()
    await c.post_due(c.now)
    channel_card = checked(c.h.teams.channel_posts(c.nursing)[0])
    pid = prompt_id_of(channel_card)
    release = ReplyRelease(QueuePacing(batch_size=2, delay_minutes=(10, 40)), random.Random(5))
    texts = [f"View {i}: the rota favours some of us over others." for i in range(6)]
    codes: list[str] = []
    arrived: dict[str, int] = {}  # text -> the minute the chair could first see it
    for minute in range(200):
        c.at(c.now.replace(hour=10, minute=0) + timedelta(minutes=minute))
        for i in [i for i, at in enumerate(SENT_AT) if at == minute]:
            done = await reply(c, AUTHORS[i], channel_card, texts[i], ask=i == 1, release=False)
            codes.append(str(submit_data(done, "Withdraw my reply")[ConvKey.CODE]))
        release.run(c.h.store.prompts, c.now)
        for text in chair_view(c, pid):
            arrived.setdefault(text, minute)
    assert sorted(arrived) == sorted(texts)
    moments = sorted(set(arrived.values()))
    batches = [[t for t in texts if arrived[t] == m] for m in moments]
    assert len(batches) < len(texts), "not one by one"
    for batch in batches:  # a reply alone waited out the window a second time
        i = texts.index(batch[0])
        assert len(batch) >= 2 or arrived[batch[0]] >= SENT_AT[i] + 10 + 40, batches
    for i, text in enumerate(texts):
        assert arrived[text] >= SENT_AT[i] + 10, "never sooner than the shortest delay"

    # The chair's client: the queue card, an approval, a decline and a private answer.
    shown = await c.say(CHAIR, f"bigconversation queue {pid}")
    assert card_id(shown) == ConvCard.QUEUE
    order = [e["text"] for e in shown["body"] if e.get("text") in texts]
    assert sorted(order) == sorted(texts) and order != texts, "not in the order they were sent"
    items = {str(a["data"][ConvKey.ITEM]) for a in str_actions(shown) if "data" in a}
    assert len(items) == 6
    approve = submit_data(actions_for(shown, texts[0]), "Approve and post in the thread")
    await c.click(CHAIR, c.last(CHAIR), approve)
    queue_now = checked(c.last(CHAIR))
    decline = submit_data(actions_for(queue_now, texts[2]), "Decline")
    queue_now = await c.click(CHAIR, c.last(CHAIR), decline)
    [show] = [a for a in str_actions(queue_now) if a.get("type") == "Action.ShowCard"]
    [box] = show["card"]["body"]
    answer = {**show["card"]["actions"][0]["data"], box["id"]: "Thank you; see your manager."}
    await c.click(CHAIR, c.last(CHAIR), answer)
    # An author withdraws a pending reply later, through the dialog.
    asked = await c.say(5, "bigconversation withdraw")
    await c.dialog(5, "task/fetch", submit_data(asked, "Withdraw an anonymous reply"))
    withdraw = {ConvKey.VERB: "bc_withdraw", ConvKey.CODE: codes[5]}
    await c.dialog(5, "task/submit", withdraw)

    authors = [m for n in sorted(set(AUTHORS)) for m in kept_by(c, n)]
    chair = kept_by(c, CHAIR)
    assert "Thank you; see your manager." in str(authors), "the answer reached its author"
    assert crossing(authors, chair, public(c)) == set()
    assert items.isdisjoint(tokens(authors)), "queue ids are the chair's alone"
    everything = stored(c)
    for code in codes:
        assert code not in str(authors) + str(chair) + str(public(c)), "codes live in dialogs"
        assert code not in everything
    # The check itself sees a shared id (it is not vacuous).
    some_id = next(iter(items))
    assert crossing([{"text": some_id}], [{"text": some_id}], []) == {some_id}
