"""The anonymity proof over Teams: with the box unticked, nothing stored or logged links a
reply to the colleague who wrote it; ticked, their address is kept only sealed. The
channel never shows who opened the form or replied."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import Staff
from storage.prompt_models import PromptPost, PromptReply
from tests.teams.conftest import NOT_APP_KEY
from tests.teams.discussion.conftest import Conv, checked, submit_data
from tests.teams.discussion.test_prompt_flow import actions_for, reply

pytestmark = pytest.mark.filterwarnings(NOT_APP_KEY)


def marks_of(c: Conv, n: int) -> list[str]:
    """Everything that would name user n: ids, chat, name, e-mail."""
    user = c.h.user(n)
    chat = c.h.teams.conversation_id(user)
    return [user.id, user.aad_object_id, chat, user.name, user.email]


def stored(c: Conv) -> str:
    """Every reply row and post row, and the audit log, as text."""
    with c.h.store.db.session() as session:
        rows: list[Any] = [
            *session.scalars(select(PromptReply)),
            *session.scalars(select(PromptPost)),
        ]
        dumped = [
            repr({col.key: getattr(r, col.key) for col in type(r).__table__.columns}) for r in rows
        ]
    return "\n".join([*dumped, *(repr(e) for e in c.audit())])


def roster(c: Conv) -> list[tuple[object, ...]]:
    with c.h.store.db.session() as session:
        staff = session.scalars(select(Staff).order_by(Staff.id))
        return [(s.id, repr(s.delivery), s.active, s.opted_out) for s in staff]


async def test_nothing_links_an_unticked_reply_to_its_author(
    conv: Conv, caplog: pytest.LogCaptureFixture
) -> None:
    c = conv
    caplog.set_level(logging.DEBUG)
    await c.compose()
    await c.post_due(c.now)
    [root] = c.h.teams.channel_posts(c.nursing)
    channel_card = checked(root)
    before_roster, before_audit = roster(c), len(c.audit())
    secret = "My manager skipped me for the acting-up role again."
    await reply(c, 4, channel_card, secret)
    sealed_text = "Please can the chair tell me who to talk to?"
    await reply(c, 5, channel_card, sealed_text, ask=True)
    assert roster(c) == before_roster, "a reply never touches the roster"
    assert len(c.audit()) == before_audit, "replying is not audited: it would name the time"

    [pid] = c.prompt_ids()
    queue = await c.say(2, f"bigconversation queue {pid}")
    approve = submit_data(actions_for(queue, secret), "Approve and post in the thread")
    await c.click(2, c.last(2), approve)
    everything = stored(c)
    for mark in [*marks_of(c, 4), *marks_of(c, 5)]:
        assert mark not in everything, mark
    assert secret not in everything and sealed_text not in everything, "replies are sealed"
    with c.h.store.db.session() as session:
        handles = [r.handle_ciphertext for r in session.scalars(select(PromptReply))]
    assert sorted(h is None for h in handles) == [False, True]
    sealed = next(h for h in handles if h is not None)
    assert c.h.user(5).aad_object_id.encode() not in sealed

    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)
    for mark in [*marks_of(c, 4), *marks_of(c, 5)]:
        assert mark not in logged, mark
    assert secret not in logged and sealed_text not in logged
    # In the channel: the prompt, and the approved reply in its thread, said by the bot.
    assert [p.id for p in c.h.teams.channel_posts(c.nursing)] == [root.id]
    [relayed] = c.h.teams.thread(c.nursing, root.id)
    assert set(relayed.activity) == {"type", "textFormat", "text", "id"}, "no one's account"
    for mark in marks_of(c, 4):
        assert mark not in repr(relayed.activity)
