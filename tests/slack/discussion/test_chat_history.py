"""Chat history links nothing (docs/privacy.md#the-chat-admin), over Slack's signed HTTP.

What each person's Slack keeps: the messages in their DM with the bot (with every edit)
and their App Home. Modals (the reply form, its confirmation with the withdrawal code,
the chair's queue) are not kept. Nothing either side keeps shares a token with the
other; held replies show in the chair's App Home only once released, in batches.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import MetaData, select

from bot.slack.ids import ActionId, BlockId, Event
from handlers.discussion import QueuePacing, ReplyRelease
from standins.slack import payloads
from tests.chat_history import crossing, tokens
from tests.slack.conftest import ADMIN_USER, EDI_USER, STAFF_USER, Harness, eventually
from tests.slack.discussion.conftest import (
    CHAIR,
    OTHER_CHAIR,
    buttons,
    command,
    compose,
    field,
    only_prompt_id,
    opened,
    post_due,
    prompt_posts,
    reply,
    text_of,
    thread_replies,
)

AUTHORS = (STAFF_USER, EDI_USER, ADMIN_USER, OTHER_CHAIR, STAFF_USER, EDI_USER)
SENT_AT = (0, 3, 30, 33, 70, 95)  # minutes


def kept_by(h: Harness, user: str) -> list[Any]:
    """Every version of every message in the user's DM with the bot, and their App Home."""
    found: list[Any] = []
    for message in h.slack.state.messages:
        if message.channel == f"D{user}":
            found += [*message.edits, {"text": message.text, "blocks": message.blocks}]
    found.append(h.slack.home_views.get(user, {}))
    return found


def public(h: Harness) -> list[Any]:
    return [
        {"text": m.text, "blocks": m.blocks}
        for m in h.slack.state.messages
        if not m.channel.startswith("D")
    ]


def stored(h: Harness) -> str:
    meta = MetaData()
    meta.reflect(h.store.db.engine)
    with h.store.db.engine.connect() as connection:
        return "\n".join(
            repr(tuple(row)) for t in meta.sorted_tables for row in connection.execute(select(t))
        )


async def home(h: Harness, user: str) -> dict[str, Any]:
    def published() -> int:
        return len([c for c in h.slack.calls() if c.method == "views.publish"])

    before = published()
    event = {"type": Event.APP_HOME_OPENED, "user": user, "tab": "home"}
    await h.slack.caller.send_event(h.url, event)
    await eventually(lambda: published() > before)
    return h.slack.home_views[user]


async def test_no_id_or_code_crosses_from_author_to_chair_and_timing_is_batched(
    harness: Harness,
) -> None:
    h = harness
    await compose(h)
    start = datetime.now(UTC)
    await post_due(h, start)
    [post] = prompt_posts(h)
    pid = only_prompt_id(h)
    release = ReplyRelease(QueuePacing(batch_size=2, delay_minutes=(10, 40)), random.Random(11))
    texts = [f"View {i}: the rota favours some of us over others." for i in range(6)]
    codes: list[str] = []
    arrived: dict[str, int] = {}
    for minute in range(200):
        for i in [i for i, at in enumerate(SENT_AT) if at == minute]:
            _, answer = await reply(h, post, texts[i], user=AUTHORS[i], allow=i == 1, release=False)
            [withdraw] = buttons(answer["view"], ActionId.WITHDRAW)
            codes.append(withdraw["value"])
            review = buttons(await home(h, CHAIR), ActionId.OPEN_QUEUE)
            assert bool(review) == bool(arrived), "held replies are not shown to the chair"
        release.run(h.store.prompts, start + timedelta(minutes=minute))
        for r in h.store.prompts.replies(pid, ("pending",)):
            arrived.setdefault(r.text, minute)
    moments = sorted(set(arrived.values()))
    assert sorted(arrived) == sorted(texts) and len(moments) < len(texts), "not one by one"
    for i, text in enumerate(texts):
        assert arrived[text] >= SENT_AT[i] + 10, "never sooner than the shortest delay"
    shown = await home(h, CHAIR)
    assert "6 waiting for you" in text_of(shown)

    # The chair works through the queue (a modal: not kept) and answers one colleague.
    before = len(h.slack.views_opened)
    await command(h, CHAIR, f"queue {pid}")
    queue = await opened(h, before + 1)
    order = [t for t in texts if t in text_of(queue.view)]
    assert len(order) == 6
    sections = [text_of(b) for b in queue.view["blocks"] if b.get("type") == "section"]
    shown_order = [next(t for t in texts if t in s) for s in sections if any(t in s for t in texts)]
    assert shown_order != texts, "not in the order they were sent"
    items = {b["value"] for b in buttons(queue.view, ActionId.APPROVE)}
    [approve] = list(buttons(queue.view, ActionId.APPROVE))[:1]
    await h.slack.caller.click_button(
        h.url, user=CHAIR, action_id=ActionId.APPROVE, value=approve["value"], view=queue
    )
    await eventually(lambda: bool(thread_replies(h, post)))
    [answer_button] = buttons(h.slack.state.views[queue.id].view, ActionId.ANSWER_COLLEAGUE)
    views = len(h.slack.views_opened)
    await h.slack.caller.click_button(
        h.url,
        user=CHAIR,
        action_id=ActionId.ANSWER_COLLEAGUE,
        value=answer_button["value"],
        view=h.slack.state.views[queue.id],
    )
    answer_modal = await opened(h, views + 1)
    values = {BlockId.ANSWER_TEXT: field(payloads.text_input("Thank you; see your manager."))}
    await h.slack.caller.submit_view(h.url, user=CHAIR, view=answer_modal, values=values)
    await eventually(lambda: "see your manager" in str(kept_by(h, EDI_USER)))
    await home(h, CHAIR)

    authors = [k for user in sorted(set(AUTHORS)) for k in kept_by(h, user)]
    chair = kept_by(h, CHAIR)
    assert crossing(authors, chair, public(h)) == set()
    assert items.isdisjoint(tokens(authors)), "queue ids are the chair's alone"
    everything = stored(h)
    for code in codes:
        assert code not in str(authors) + str(chair) + str(public(h))
        assert code not in everything
        assert code not in items
