"""A reply cannot be traced to its author: with every logger at DEBUG, a marked reply and
its author's user id appear in no log line, no database row and no Web API call the app
makes; only the author's own confirmation (the ack of their submission) carries the
withdrawal code. With the box ticked the address is sealed: not readable in the rows."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import MetaData, select

from bot.slack.ids import ActionId
from tests.slack.conftest import STAFF_USER, Harness, eventually
from tests.slack.discussion.conftest import (
    CHAIR,
    buttons,
    command,
    compose,
    only_prompt_id,
    opened,
    post_due,
    prompt_posts,
    reply,
    text_of,
    thread_replies,
)
from tests.slack.test_log_privacy import captured

MARKER = "ZQXREPLYMARK"
__all__ = ["captured"]  # the fixture: our log handler with its filter, loggers at DEBUG


def stored_text(h: Harness) -> str:
    """Every row of every table, as text."""
    meta = MetaData()
    meta.reflect(h.store.db.engine)
    out = []
    with h.store.db.engine.connect() as conn:
        for table in meta.sorted_tables:
            out += [repr(tuple(row)) for row in conn.execute(select(table))]
    return "\n".join(out)


def calls_text(h: Harness) -> str:
    return "\n".join(f"{c.method} {text_of(c.params)}" for c in h.slack.calls())


@pytest.mark.parametrize("allow", [False, True])
async def test_nothing_links_a_reply_to_its_author(
    harness: Harness, captured: io.StringIO, allow: bool
) -> None:
    h = harness
    await compose(h)
    await post_due(h, datetime.now(UTC))
    [post] = prompt_posts(h)
    _, answer = await reply(h, post, f"{MARKER} the rota is unfair", allow=allow)
    [withdraw] = buttons(answer["view"], ActionId.WITHDRAW)
    code = withdraw["value"]
    await command(h, CHAIR, f"queue {only_prompt_id(h)}")
    queue = await opened(h, 3)
    [approve] = buttons(queue.view, ActionId.APPROVE)
    await h.slack.caller.click_button(
        h.url, user=CHAIR, action_id=ActionId.APPROVE, value=approve["value"], view=queue
    )
    await eventually(lambda: bool(thread_replies(h, post)))

    logged, rows, calls = captured.getvalue(), stored_text(h), calls_text(h)
    assert "slack_bolt" in logged  # the libraries really logged at DEBUG
    for secret in (MARKER, STAFF_USER, code):
        assert secret not in logged
        assert secret not in rows
    assert STAFF_USER not in calls and code not in calls
    assert MARKER in calls  # the relayed text, and nothing about who wrote it
    [relayed] = thread_replies(h, post)
    assert STAFF_USER not in text_of(relayed.blocks) + relayed.text
